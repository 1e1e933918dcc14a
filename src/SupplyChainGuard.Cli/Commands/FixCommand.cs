using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using DiffPlex.Renderer;
using SupplyChainGuard.Cli.Checking;
using SupplyChainGuard.Cli.Fixing;
using SupplyChainGuard.Cli.Projects;
using SupplyChainGuard.Diagnostics;
using SupplyChainGuard.Packages;

namespace SupplyChainGuard.Cli.Commands
{
    /// <summary>
    /// <c>scg fix [path] [--dry-run]</c>: replaces each restricted <c>PackageReference</c> (or, under central package
    /// management, <c>PackageVersion</c> and the references that use it) with the policy's alternative, at the
    /// newest version the configured feeds serve. Only the edited attribute values change; a file that does not
    /// parse, before or after, is never written.
    /// </summary>
    internal static class FixCommand
    {
        public static Command Create(CliConsole console)
        {
            var path = CommonOptions.Path("A solution, project or folder (default: the current folder).");
            var dryRun = new Option<bool>("--dry-run") { Description = "Print the changes as a unified diff and write nothing." };
            var pick = new Option<string?>("--pick") { Description = "Use this alternative package (one the policy lists for the vendor) instead of the first." };
            var prerelease = new Option<bool>("--prerelease") { Description = "Allow a prerelease version of the alternative." };
            var root = CommonOptions.Root();
            var properties = CommonOptions.Properties();
            var restore = CommonOptions.Restore();
            var cacheFile = CommonOptions.CacheFile();
            var noCache = CommonOptions.NoCache();
            var command = new Command("fix", "Replace restricted package references with the policy's alternative.")
            {
                path, dryRun, pick, prerelease, root, properties, restore, cacheFile, noCache,
            };
            command.SetAction(parse =>
            {
                var input = ProjectDiscovery.Find(parse.GetValue(path), console.CurrentDirectory, parse.GetValue(root));
                var options = CheckCommand.Options(console, input, CommonOptions.ParseProperties(parse.GetValue(properties)), parse.GetValue(cacheFile), parse.GetValue(noCache));
                var report = CheckCommand.Run(console, input, options, parse.GetValue(restore), includeCode: false);
                if (report.CheckedCount == 0)
                {
                    foreach (var project in report.Projects.Where(p => p.StatusDetail is not null))
                    {
                        console.Error.WriteLine($"scg: {report.Relative(project.ProjectPath)} was not checked: {project.StatusDetail}.");
                    }

                    return ExitCodes.UsageOrInput;
                }

                return new Fixer(console, report, new FeedVersions(), parse.GetValue(pick), parse.GetValue(prerelease)).Run(parse.GetValue(dryRun));
            });
            return command;
        }

        /// <summary>One restricted direct reference and what replaces it.</summary>
        internal sealed class PlannedFix
        {
            public PlannedFix(ProjectReport project, ReportedDiagnostic diagnostic, PackageFinding finding)
            {
                Project = project;
                Diagnostic = diagnostic;
                Finding = finding;
            }

            public ProjectReport Project { get; }
            public ReportedDiagnostic Diagnostic { get; }
            public PackageFinding Finding { get; }
            public string? Alternative { get; set; }
            public string? Version { get; set; }
            public string? Problem { get; set; }
            public string? Done { get; set; }
        }

        internal sealed class Fixer
        {
            private readonly CliConsole _console;
            private readonly RepositoryReport _report;
            private readonly FeedVersions _feeds;
            private readonly string? _pick;
            private readonly bool _prerelease;
            private readonly Dictionary<string, XmlTextEditor?> _editors = new Dictionary<string, XmlTextEditor?>(PathText.Comparer);
            private readonly Dictionary<string, string> _unreadable = new Dictionary<string, string>(PathText.Comparer);
            private readonly HashSet<(string, int)> _editedVersions = new HashSet<(string, int)>();

            public Fixer(CliConsole console, RepositoryReport report, FeedVersions feeds, string? pick, bool prerelease)
            {
                _console = console;
                _report = report;
                _feeds = feeds;
                _pick = pick;
                _prerelease = prerelease;
            }

            public int Run(bool dryRun)
            {
                var fixes = Plan();
                foreach (var fix in fixes.Where(f => f.Problem is null))
                {
                    try
                    {
                        Apply(fix, fixes);
                    }
                    catch (FixException e)
                    {
                        fix.Problem = e.Message;
                    }
                }

                var results = new List<(XmlTextEditor Editor, string Text)>();
                foreach (var editor in _editors.Values.Where(e => e is { HasEdits: true }).OrderBy(e => _report.Relative(e!.Path), StringComparer.Ordinal))
                {
                    try
                    {
                        results.Add((editor!, editor!.Result()));
                    }
                    catch (FixException e)
                    {
                        foreach (var fix in fixes.Where(f => f.Done is not null && f.Diagnostic.Diagnostic.File == editor!.Path))
                        {
                            fix.Done = null;
                            fix.Problem = e.Message;
                        }
                    }
                }

                foreach (var (editor, text) in results)
                {
                    if (dryRun)
                    {
                        var name = _report.Relative(editor.Path);
                        var diff = UnidiffRenderer.GenerateUnidiff(editor.Text, text, "a/" + name, "b/" + name, ignoreWhitespace: false, ignoreCase: false, contextLines: 3).Replace("\r\n", "\n");
                        _console.Output.Write(diff.EndsWith("\n", StringComparison.Ordinal) ? diff : diff + "\n");
                    }
                    else
                    {
                        editor.Save(text);
                    }
                }

                foreach (var fix in fixes)
                {
                    var d = fix.Diagnostic.Diagnostic;
                    var where = $"{_report.Relative(d.File)}({d.Line},{d.Column})";
                    if (fix.Done is not null)
                    {
                        _console.Error.WriteLine($"scg: {(dryRun ? "would replace" : "replaced")} '{fix.Finding.PackageId}' {fix.Finding.Version} with '{fix.Alternative}' {fix.Version} at {where}{fix.Done}.");
                    }
                    else
                    {
                        _console.Error.WriteLine($"scg: could not replace '{fix.Finding.PackageId}' at {where}: {fix.Problem}.");
                    }
                }

                foreach (var transitive in _report.Projects.SelectMany(p => p.Visible).Where(d => d.Diagnostic.Code == RuleIdentifiers.TransitivePackage && d.Finding is not null))
                {
                    _console.Error.WriteLine($"scg: '{transitive.Finding!.PackageId}' comes in through '{transitive.Finding.DirectPackageId}' ({_report.Relative(transitive.Diagnostic.File)}({transitive.Diagnostic.Line},{transitive.Diagnostic.Column})); replace or update that reference by hand.");
                }

                if (fixes.Count == 0)
                {
                    _console.Error.WriteLine("scg: no restricted direct package reference to replace.");
                }
                else if (!dryRun && results.Count > 0)
                {
                    _console.Error.WriteLine("scg: run 'dotnet restore' (or 'scg check --restore') to confirm, and move the code to the alternative's API: 'dotnet format analyzers --diagnostics SCG0101 SCG0102' applies the policy's type maps.");
                }

                return fixes.Any(f => f.Done is null) ? ExitCodes.Findings : ExitCodes.Clean;
            }

            private List<PlannedFix> Plan()
            {
                var fixes = new List<PlannedFix>();
                foreach (var project in _report.Projects)
                {
                    foreach (var diagnostic in project.Visible.Where(d => d.Diagnostic.Code == RuleIdentifiers.DirectPackage && d.Finding is not null))
                    {
                        var fix = new PlannedFix(project, diagnostic, diagnostic.Finding!);
                        fixes.Add(fix);
                        var vendor = fix.Finding.Verdict.RestrictingVendor!.Vendor;
                        var candidates = vendor.Alternatives.Where(a => !string.IsNullOrWhiteSpace(a.Package)).Select(a => a.Package!).ToList();
                        if (candidates.Count == 0)
                        {
                            fix.Problem = $"the policy names no alternative package for vendor '{vendor.Id}'";
                            continue;
                        }

                        fix.Alternative = _pick is null ? candidates[0] : candidates.FirstOrDefault(c => string.Equals(c, _pick, StringComparison.OrdinalIgnoreCase));
                        if (fix.Alternative is null)
                        {
                            fix.Problem = $"'{_pick}' is not one of vendor '{vendor.Id}''s alternatives ({string.Join(", ", candidates)})";
                            continue;
                        }

                        if (diagnostic.Diagnostic.Line == 0)
                        {
                            fix.Problem = "the reference is not declared on a line scg can edit (its id comes from a property or a target)";
                            continue;
                        }

                        var (version, problem) = _feeds.Newest(fix.Alternative, Path.GetDirectoryName(project.ProjectPath)!, _prerelease);
                        fix.Version = version?.ToNormalizedString();
                        fix.Problem = problem is null ? null : $"no version of '{fix.Alternative}' was found: {problem}";
                    }
                }

                return fixes;
            }

            private void Apply(PlannedFix fix, List<PlannedFix> all)
            {
                var d = fix.Diagnostic.Diagnostic;
                var editor = Editor(d.File);
                var element = editor.ElementAt("PackageReference", d.Line) ?? editor.ElementAt("PackageVersion", d.Line)
                    ?? throw new FixException($"no PackageReference or PackageVersion starts on line {d.Line} of '{d.File}'");
                if (element.Name.LocalName == "PackageReference")
                {
                    if (_editedVersions.Add((d.File, d.Line)))
                    {
                        SetInclude(editor, element, fix.Alternative!);
                        SetVersion(editor, element, fix.Version!, "VersionOverride");
                        SetVersion(editor, element, fix.Version!, "Version");
                    }

                    fix.Done = string.Empty;
                    return;
                }

                // Central package management: the version is here, the references are in the projects.
                var oldId = fix.Finding.PackageId;
                var users = _report.Projects.Where(p => p.Evaluation?.ItemsOf("PackageReference").Any(i => string.Equals(i.Id, oldId, StringComparison.OrdinalIgnoreCase)) == true).ToList();
                var fixedHere = all.Where(f => f.Problem is null && f.Diagnostic.Diagnostic.File == d.File && f.Diagnostic.Diagnostic.Line == d.Line).Select(f => f.Project).ToList();
                var everyUserFixed = users.All(fixedHere.Contains);
                foreach (var item in fix.Project.Evaluation!.ItemsOf("PackageReference").Where(i => string.Equals(i.Id, oldId, StringComparison.OrdinalIgnoreCase) && i.DefiningFile is not null))
                {
                    var referenceEditor = Editor(item.DefiningFile!);
                    foreach (var reference in referenceEditor.Elements("PackageReference").Where(e => string.Equals(((string?)e.Attribute("Include"))?.Trim(), oldId, StringComparison.OrdinalIgnoreCase)))
                    {
                        var line = ((System.Xml.IXmlLineInfo)reference).LineNumber;
                        if (_editedVersions.Add((item.DefiningFile!, line)))
                        {
                            SetInclude(referenceEditor, reference, fix.Alternative!);
                            SetVersion(referenceEditor, reference, fix.Version!, "VersionOverride");
                        }
                    }
                }

                if (_editedVersions.Add((d.File, d.Line)))
                {
                    var existing = editor.Elements("PackageVersion").FirstOrDefault(e => string.Equals(((string?)e.Attribute("Include"))?.Trim(), fix.Alternative, StringComparison.OrdinalIgnoreCase));
                    if (existing is not null)
                    {
                        fix.Done = $" (its PackageVersion is already there{(everyUserFixed ? string.Empty : $"; '{oldId}' stays for the projects still using it")})";
                        return;
                    }

                    if (everyUserFixed)
                    {
                        SetInclude(editor, element, fix.Alternative!);
                        SetVersion(editor, element, fix.Version!, "Version");
                    }
                    else
                    {
                        var oldVersion = (string?)element.Attribute("Version");
                        editor.InsertLineAfter(element, line => ReplaceAttributeValue(ReplaceAttributeValue(line, "Include", fix.Alternative!), "Version", fix.Version!));
                        fix.Done = $" (a new PackageVersion beside '{oldId}' {oldVersion}, which other projects still use)";
                        return;
                    }
                }

                fix.Done ??= string.Empty;
            }

            private static void SetInclude(XmlTextEditor editor, XElement element, string id)
            {
                var include = element.Attribute("Include") ?? element.Attribute("Update")
                    ?? throw new FixException($"the element on line {((System.Xml.IXmlLineInfo)element).LineNumber} of '{editor.Path}' has no Include");
                if (include.Value.Contains(';', StringComparison.Ordinal) || include.Value.Contains("$(", StringComparison.Ordinal))
                {
                    throw new FixException($"its Include '{include.Value}' names more than the package; edit it by hand");
                }

                editor.SetAttribute(include, id);
            }

            private static void SetVersion(XmlTextEditor editor, XElement element, string version, string name)
            {
                if (element.Attribute(name) is { } attribute)
                {
                    editor.SetAttribute(attribute, version);
                }
                else if (element.Elements().FirstOrDefault(e => e.Name.LocalName == name) is { } child)
                {
                    editor.SetElementText(child, version);
                }
            }

            private static string ReplaceAttributeValue(string line, string attribute, string value)
            {
                var match = System.Text.RegularExpressions.Regex.Match(line, attribute + @"\s*=\s*(['""])(.*?)\1");
                return match.Success ? line.Substring(0, match.Groups[2].Index) + value + line.Substring(match.Groups[2].Index + match.Groups[2].Length) : line;
            }

            private XmlTextEditor Editor(string file)
            {
                if (!_editors.TryGetValue(file, out var editor))
                {
                    try
                    {
                        editor = XmlTextEditor.Open(file);
                    }
                    catch (FixException e)
                    {
                        _unreadable[file] = e.Message;
                        editor = null;
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                    {
                        _unreadable[file] = $"'{file}' could not be read: {e.Message}";
                        editor = null;
                    }

                    _editors[file] = editor;
                }

                return editor ?? throw new FixException(_unreadable[file]);
            }
        }
    }
}
