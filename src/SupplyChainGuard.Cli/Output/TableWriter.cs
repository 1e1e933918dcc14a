using System.Globalization;
using System.IO;
using System.Linq;
using SupplyChainGuard.Cli.Checking;
using SupplyChainGuard.Packages;

namespace SupplyChainGuard.Cli.Output
{
    /// <summary>ANSI colours, or none: only on a terminal and never with NO_COLOR (decided by <see cref="CliConsole.UseColour"/>).</summary>
    internal sealed class Paint
    {
        private readonly bool _enabled;

        public Paint(bool enabled)
        {
            _enabled = enabled;
        }

        public string Bold(string text) => Wrap("1", text);
        public string Dim(string text) => Wrap("2", text);
        public string Red(string text) => Wrap("31", text);
        public string Yellow(string text) => Wrap("33", text);
        public string Green(string text) => Wrap("32", text);
        public string Cyan(string text) => Wrap("36", text);

        public string Level(ReportLevel level, string text) => level switch
        {
            ReportLevel.Error => Red(text),
            ReportLevel.Warning => Yellow(text),
            _ => Cyan(text),
        };

        private string Wrap(string code, string text) => _enabled ? $"\u001b[{code}m{text}\u001b[0m" : text;
    }

    /// <summary>
    /// <c>scg check --format table</c>, for people: one block per project with its status, then each diagnostic with
    /// where it is, its text, the evidence and the path that brings the package in; a summary line last.
    /// </summary>
    internal static class TableWriter
    {
        public static void Write(TextWriter output, RepositoryReport report, Paint paint)
        {
            foreach (var project in report.Projects)
            {
                var frameworks = project.Frameworks.Select(f => f.TargetFramework).Where(f => f.Length > 0).ToList();
                var header = paint.Bold(report.Relative(project.ProjectPath)) + (frameworks.Count > 0 ? " " + paint.Dim("(" + string.Join(", ", frameworks) + ")") : string.Empty);
                var visible = project.Visible.ToList();
                switch (project.Status)
                {
                    case ProjectStatus.Checked when visible.Count == 0:
                        output.WriteLine(header + "  " + paint.Green("no findings"));
                        break;
                    case ProjectStatus.Checked:
                    case ProjectStatus.Incomplete:
                        output.WriteLine(header + (project.Status == ProjectStatus.Incomplete ? "  " + paint.Red("check incomplete") : string.Empty));
                        break;
                    default:
                        output.WriteLine(header + "  " + paint.Yellow("not checked") + ": " + CheckJsonWriter.Relativize(report, project.StatusDetail ?? string.Empty));
                        break;
                }

                foreach (var reported in visible)
                {
                    var d = reported.Diagnostic;
                    var where = report.Relative(d.File) + (d.Line > 0 ? string.Format(CultureInfo.InvariantCulture, "({0},{1})", d.Line, d.Column) : string.Empty);
                    output.WriteLine($"  {paint.Level(d.Level, Levels.Name(d.Level).PadRight(7))} {paint.Bold(d.Code)}  {where}");
                    output.WriteLine("      " + d.Message);
                    if (reported.Finding?.Verdict.RestrictingVendor is { } vendor)
                    {
                        output.WriteLine("      " + paint.Dim("evidence: ") + string.Join("; ", vendor.Signals.Select(s => s.Describe())));
                    }

                    if (reported.Finding is { } finding)
                    {
                        output.WriteLine("      " + paint.Dim("path:     ") + finding.PathText);
                    }

                    if (frameworks.Count > 1 && reported.TargetFrameworks.Count > 0)
                    {
                        output.WriteLine("      " + paint.Dim("for:      ") + string.Join(", ", reported.TargetFrameworks));
                    }
                }

                foreach (var waived in project.Waived.GroupBy(w => (w.RuleId, w.PackageId, w.Version)).Select(g => g.First()))
                {
                    output.WriteLine($"  {paint.Dim("waived ")} {waived.RuleId}  '{waived.PackageId}' {waived.Version} until {waived.Waiver!.Expires:yyyy-MM-dd}: {CheckDiagnostic.SingleLine(waived.Waiver.Reason)}");
                }

                foreach (var note in project.Notes)
                {
                    output.WriteLine("  " + paint.Dim("note: " + CheckJsonWriter.Relativize(report, note)));
                }
            }

            var notChecked = report.Projects.Count - report.CheckedCount;
            output.WriteLine();
            output.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "{0} {1}, {2} checked{3}; {4} {5}, {6} {7}, {8} {9}.",
                report.Projects.Count, Plural(report.Projects.Count, "project"), report.CheckedCount,
                notChecked > 0 ? paint.Yellow($", {notChecked} not checked") : string.Empty,
                report.Count(ReportLevel.Error), Plural(report.Count(ReportLevel.Error), "error"),
                report.Count(ReportLevel.Warning), Plural(report.Count(ReportLevel.Warning), "warning"),
                report.Count(ReportLevel.Message), Plural(report.Count(ReportLevel.Message), "message")));
        }

        internal static string Plural(int count, string noun) => count == 1 ? noun : noun + "s";
    }
}
