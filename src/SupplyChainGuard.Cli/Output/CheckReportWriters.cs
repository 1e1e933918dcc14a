using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using SupplyChainGuard.Cli.Checking;
using SupplyChainGuard.Diagnostics;
using SupplyChainGuard.Packages;

namespace SupplyChainGuard.Cli.Output
{
    internal static class Levels
    {
        public static string Name(ReportLevel level) => level switch
        {
            ReportLevel.Error => "error",
            ReportLevel.Warning => "warning",
            ReportLevel.Message => "message",
            _ => "suppressed",
        };

        public static string Sarif(ReportLevel level) => level switch
        {
            ReportLevel.Error => "error",
            ReportLevel.Warning => "warning",
            _ => "note",
        };

        public static string Status(ProjectStatus status) => status switch
        {
            ProjectStatus.Checked => "checked",
            ProjectStatus.NotRestored => "not-restored",
            ProjectStatus.NoPolicy => "no-policy",
            ProjectStatus.Disabled => "disabled",
            ProjectStatus.Incomplete => "incomplete",
            _ => "unreadable",
        };
    }

    /// <summary>Output that goes into files and pipes: indented, UTF-8, '\n' line ends, nothing escaped that need not be.</summary>
    internal static class Json
    {
        public static readonly JsonWriterOptions Options = new JsonWriterOptions
        {
            Indented = true,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
#if NET9_0_OR_GREATER
            NewLine = "\n",
#endif
        };

        public static string Write(Action<Utf8JsonWriter> write)
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, Options))
            {
                write(writer);
            }

            // .NET 8's writer uses the OS newline; reports are byte-identical on every OS.
            return Encoding.UTF8.GetString(buffer.ToArray()).Replace("\r\n", "\n") + "\n";
        }

        public static void StringArray(Utf8JsonWriter writer, string? name, IEnumerable<string> values)
        {
            if (name is null)
            {
                writer.WriteStartArray();
            }
            else
            {
                writer.WriteStartArray(name);
            }

            foreach (var value in values)
            {
                writer.WriteStringValue(value);
            }

            writer.WriteEndArray();
        }
    }

    /// <summary><c>scg check --format json</c>: every project, its status, and each diagnostic with what it is about.</summary>
    internal static class CheckJsonWriter
    {
        public static string Write(RepositoryReport report) => Json.Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteNumber("version", 1);
            writer.WriteString("tool", "scg " + ToolInfo.Version);
            writer.WriteStartArray("projects");
            foreach (var project in report.Projects)
            {
                writer.WriteStartObject();
                writer.WriteString("path", report.Relative(project.ProjectPath));
                writer.WriteString("status", Levels.Status(project.Status));
                if (project.StatusDetail is not null)
                {
                    writer.WriteString("detail", Relativize(report, project.StatusDetail));
                }

                Json.StringArray(writer, "targetFrameworks", project.Frameworks.Select(f => f.TargetFramework).Where(f => f.Length > 0));
                if (project.PolicyFile is not null)
                {
                    writer.WriteString("policy", report.Relative(project.PolicyFile));
                }

                writer.WriteStartArray("diagnostics");
                foreach (var diagnostic in project.Visible)
                {
                    WriteDiagnostic(writer, report, diagnostic);
                }

                writer.WriteEndArray();
                writer.WriteStartArray("waived");
                foreach (var waived in project.Waived.GroupBy(w => (w.RuleId, w.PackageId, w.Version)).Select(g => g.First()))
                {
                    writer.WriteStartObject();
                    writer.WriteString("code", waived.RuleId);
                    writer.WriteString("package", waived.PackageId);
                    writer.WriteString("version", waived.Version);
                    writer.WriteString("vendor", waived.Waiver!.Vendor);
                    writer.WriteString("expires", waived.Waiver.Expires.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
                    writer.WriteString("reason", waived.Waiver.Reason);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                Json.StringArray(writer, "notes", project.Notes.Select(n => Relativize(report, n)));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteStartObject("summary");
            writer.WriteNumber("projects", report.Projects.Count);
            writer.WriteNumber("checked", report.CheckedCount);
            writer.WriteNumber("errors", report.Count(ReportLevel.Error));
            writer.WriteNumber("warnings", report.Count(ReportLevel.Warning));
            writer.WriteNumber("messages", report.Count(ReportLevel.Message));
            writer.WriteEndObject();
            writer.WriteEndObject();
        });

        private static void WriteDiagnostic(Utf8JsonWriter writer, RepositoryReport report, ReportedDiagnostic reported)
        {
            var d = reported.Diagnostic;
            writer.WriteStartObject();
            writer.WriteString("level", Levels.Name(d.Level));
            writer.WriteString("code", d.Code);
            writer.WriteString("file", report.Relative(d.File));
            writer.WriteNumber("line", d.Line);
            writer.WriteNumber("column", d.Column);
            writer.WriteString("message", d.Message);
            writer.WriteString("helpUri", RuleIdentifiers.HelpLink(d.Code));
            Json.StringArray(writer, "targetFrameworks", reported.TargetFrameworks);
            if (reported.Finding is { } finding)
            {
                writer.WriteString("package", finding.PackageId);
                writer.WriteString("packageVersion", finding.Version);
                writer.WriteString("through", finding.DirectPackageId);
                Json.StringArray(writer, "path", finding.Path);
                if (finding.Verdict.RestrictingVendor is { } vendor)
                {
                    writer.WriteString("vendor", vendor.Vendor.Id);
                    Json.StringArray(writer, "signals", vendor.Signals.Select(s => s.Describe()));
                }
            }

            if (reported.WaiverFinding is { } waiver)
            {
                writer.WriteString("vendor", waiver.Waiver.Vendor);
                if (waiver.Waiver.Package is not null)
                {
                    writer.WriteString("package", waiver.Waiver.Package.ToString());
                }
            }

            writer.WriteEndObject();
        }

        /// <summary>Notes name files in full; reports name them from the root.</summary>
        internal static string Relativize(RepositoryReport report, string note) =>
            note.Replace(report.Root + Path.DirectorySeparatorChar, string.Empty, StringComparison.Ordinal);
    }

    /// <summary>
    /// <c>scg check --format sarif</c>: SARIF 2.1.0 for code scanning. Locations are relative to the repository
    /// root (<c>%SRCROOT%</c>), and each result's fingerprint is built from what identifies the finding (rule,
    /// package, project), never from line numbers or absolute paths, so a finding keeps its identity across runs
    /// and machines and code scanning can track it.
    /// </summary>
    internal static class SarifWriter
    {
        public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";
        private const string SourceRoot = "%SRCROOT%";

        public static string Write(RepositoryReport report) => Json.Write(writer =>
        {
            var diagnostics = report.Projects.SelectMany(p => p.Visible.Select(d => (Project: p, Diagnostic: d))).ToList();
            var rules = RuleCatalog.All.Where(r => RuleIdentifiers.PackageCheckerRules.Contains(r.Id) || diagnostics.Any(d => d.Diagnostic.Diagnostic.Code == r.Id)).ToList();
            writer.WriteStartObject();
            writer.WriteString("$schema", SchemaUri);
            writer.WriteString("version", "2.1.0");
            writer.WriteStartArray("runs");
            writer.WriteStartObject();
            writer.WriteStartObject("tool");
            writer.WriteStartObject("driver");
            writer.WriteString("name", "SupplyChainGuard");
            writer.WriteString("version", ToolInfo.Version);
            writer.WriteString("semanticVersion", ToolInfo.Version);
            writer.WriteString("informationUri", ToolInfo.InformationUri);
            writer.WriteStartArray("rules");
            foreach (var rule in rules)
            {
                writer.WriteStartObject();
                writer.WriteString("id", rule.Id);
                writer.WriteString("name", rule.Name);
                writer.WriteStartObject("shortDescription");
                writer.WriteString("text", rule.Title);
                writer.WriteEndObject();
                writer.WriteString("helpUri", rule.HelpUri);
                writer.WriteStartObject("help");
                writer.WriteString("text", $"{rule.Title}. See {rule.HelpUri}");
                writer.WriteEndObject();
                writer.WriteStartObject("defaultConfiguration");
                writer.WriteString("level", rule.DefaultLevel);
                writer.WriteEndObject();
                writer.WriteStartObject("properties");
                Json.StringArray(writer, "tags", new[] { "security", "supply-chain" });
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndObject();

            WriteInvocation(writer, report);
            writer.WriteString("columnKind", "utf16CodeUnits");
            writer.WriteStartArray("results");
            foreach (var (project, reported) in diagnostics)
            {
                WriteResult(writer, report, project, reported, rules.FindIndex(r => r.Id == reported.Diagnostic.Code));
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
        });

        /// <summary>Projects that were not checked are said as notifications, so a CI log shows them.</summary>
        private static void WriteInvocation(Utf8JsonWriter writer, RepositoryReport report)
        {
            writer.WriteStartArray("invocations");
            writer.WriteStartObject();
            writer.WriteBoolean("executionSuccessful", report.CheckedCount > 0);
            writer.WriteStartArray("toolExecutionNotifications");
            foreach (var project in report.Projects.Where(p => p.Status != ProjectStatus.Checked && p.StatusDetail is not null))
            {
                writer.WriteStartObject();
                writer.WriteString("level", project.Status == ProjectStatus.Disabled ? "note" : "warning");
                writer.WriteStartObject("message");
                writer.WriteString("text", $"{report.Relative(project.ProjectPath)} was not checked: {CheckJsonWriter.Relativize(report, project.StatusDetail!)}.");
                writer.WriteEndObject();
                writer.WriteStartArray("locations");
                writer.WriteStartObject();
                WritePhysicalLocation(writer, report, project.ProjectPath, 0, 0);
                writer.WriteEndObject();
                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndArray();
        }

        private static void WriteResult(Utf8JsonWriter writer, RepositoryReport report, ProjectReport project, ReportedDiagnostic reported, int ruleIndex)
        {
            var d = reported.Diagnostic;
            writer.WriteStartObject();
            writer.WriteString("ruleId", d.Code);
            if (ruleIndex >= 0)
            {
                writer.WriteNumber("ruleIndex", ruleIndex);
            }

            writer.WriteString("level", Levels.Sarif(d.Level));
            writer.WriteStartObject("message");
            writer.WriteString("text", d.Message);
            writer.WriteEndObject();
            writer.WriteStartArray("locations");
            writer.WriteStartObject();
            WritePhysicalLocation(writer, report, d.File, d.Line, d.Column);
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteStartObject("partialFingerprints");
            writer.WriteString("supplyChainGuard/v1", Fingerprint(report, project, reported));
            writer.WriteEndObject();
            writer.WriteStartObject("properties");
            writer.WriteString("project", report.Relative(project.ProjectPath));
            Json.StringArray(writer, "targetFrameworks", reported.TargetFrameworks);
            if (reported.Finding is { } finding)
            {
                writer.WriteString("package", finding.PackageId);
                writer.WriteString("packageVersion", finding.Version);
                writer.WriteString("through", finding.DirectPackageId);
                writer.WriteString("path", finding.PathText);
                if (finding.Verdict.RestrictingVendor is { } vendor)
                {
                    writer.WriteString("vendor", vendor.Vendor.Id);
                    Json.StringArray(writer, "evidence", vendor.Signals.Select(s => s.Describe()));
                }
            }

            if (reported.WaiverFinding is { } waiver)
            {
                writer.WriteString("vendor", waiver.Waiver.Vendor);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        private static void WritePhysicalLocation(Utf8JsonWriter writer, RepositoryReport report, string file, int line, int column)
        {
            writer.WriteStartObject("physicalLocation");
            writer.WriteStartObject("artifactLocation");
            if (Projects.PathText.IsUnder(report.Root, file))
            {
                writer.WriteString("uri", Uri.EscapeDataString(report.Relative(file)).Replace("%2F", "/"));
                writer.WriteString("uriBaseId", SourceRoot);
            }
            else
            {
                writer.WriteString("uri", new Uri(file).AbsoluteUri);
            }

            writer.WriteEndObject();
            if (line > 0)
            {
                writer.WriteStartObject("region");
                writer.WriteNumber("startLine", line);
                writer.WriteNumber("startColumn", Math.Max(1, column));
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        /// <summary>SHA-256 of what identifies a finding whatever moves around it: the rule, what it is about (package,
        /// waiver or message), and the project's path from the root.</summary>
        internal static string Fingerprint(RepositoryReport report, ProjectReport project, ReportedDiagnostic reported)
        {
            var d = reported.Diagnostic;
            string subject;
            if (reported.Finding is { } finding)
            {
                subject = "package:" + finding.PackageId.ToLowerInvariant();
            }
            else if (reported.WaiverFinding is { } waiver)
            {
                subject = $"waiver:{waiver.Waiver.Vendor.ToLowerInvariant()}:{waiver.Waiver.Package?.ToString().ToLowerInvariant()}:{report.Relative(waiver.Waiver.Location.FilePath)}";
            }
            else
            {
                subject = "file:" + report.Relative(d.File) + ":" + d.Message;
            }

            var text = $"{d.Code}|{subject}|{report.Relative(project.ProjectPath)}";
            using var sha = SHA256.Create();
            var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(text));
            return string.Concat(hash.Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
        }
    }
}
