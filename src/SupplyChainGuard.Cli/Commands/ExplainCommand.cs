using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using SupplyChainGuard.Cli.Checking;
using SupplyChainGuard.Cli.Output;
using SupplyChainGuard.Cli.Projects;
using SupplyChainGuard.Packages;
using SupplyChainGuard.Policy;

namespace SupplyChainGuard.Cli.Commands
{
    /// <summary>
    /// <c>scg explain &lt;packageId&gt; [path]</c>: everything behind a package's verdict, in every project that
    /// uses it — each path from the project to it, every identity signal read and where it sat, which vendor
    /// entry matched on which signal, the waivers that could apply, and the alternatives.
    /// </summary>
    internal static class ExplainCommand
    {
        /// <summary>Routes past this many are counted, not listed: a diamond-shaped graph has exponentially many.</summary>
        private const int MaxPaths = 50;

        public static Command Create(CliConsole console)
        {
            var package = new Argument<string>("packageId") { Description = "The package to explain (case-insensitive)." };
            var path = CommonOptions.Path("A solution, project or folder (default: the current folder).");
            var format = new Option<string>("--format", "-f") { Description = "table (default) or json.", DefaultValueFactory = _ => "table" };
            format.AcceptOnlyFromAmong("table", "json");
            var root = CommonOptions.Root();
            var properties = CommonOptions.Properties();
            var restore = CommonOptions.Restore();
            var cacheFile = CommonOptions.CacheFile();
            var noCache = CommonOptions.NoCache();
            var online = CommonOptions.Online();
            var command = new Command("explain", "Show every path to a package and every signal and policy entry behind its verdict.")
            {
                package, path, format, root, properties, restore, cacheFile, noCache, online,
            };
            command.SetAction(parse =>
            {
                var input = ProjectDiscovery.Find(parse.GetValue(path), console.CurrentDirectory, parse.GetValue(root));
                var options = CheckCommand.Options(console, input, CommonOptions.ParseProperties(parse.GetValue(properties)), parse.GetValue(cacheFile), parse.GetValue(noCache), parse.GetValue(online));
                var report = CheckCommand.Run(console, input, options, parse.GetValue(restore), includeCode: false);
                var explanations = Explain(report, parse.GetValue(package)!);
                if (parse.GetValue(format) == "json")
                {
                    console.Output.Write(WriteJson(report, parse.GetValue(package)!, explanations));
                }
                else
                {
                    WriteText(console.Output, report, parse.GetValue(package)!, explanations, new Paint(console.UseColour));
                }

                if (explanations.Count == 0)
                {
                    console.Error.WriteLine($"scg: no checked project uses a package '{parse.GetValue(package)}'.");
                    return ExitCodes.UsageOrInput;
                }

                return ExitCodes.Clean;
            });
            return command;
        }

        /// <summary>One package version in one project and target framework.</summary>
        internal sealed class Explanation
        {
            public Explanation(ProjectReport project, FrameworkCheck framework, PackageNode package, PackageIdentity identity, PackageVerdict verdict)
            {
                Project = project;
                Framework = framework;
                Package = package;
                Identity = identity;
                Verdict = verdict;
            }

            public ProjectReport Project { get; }
            public FrameworkCheck Framework { get; }
            public PackageNode Package { get; }
            public PackageIdentity Identity { get; }
            public PackageVerdict Verdict { get; }
            public List<IReadOnlyList<string>> Paths { get; } = new List<IReadOnlyList<string>>();
            public int MorePaths { get; set; }
            public List<ReportedDiagnostic> Findings { get; } = new List<ReportedDiagnostic>();
            public List<(WaiverPolicy Waiver, string State)> Waivers { get; } = new List<(WaiverPolicy, string)>();
            public SupplyChainPolicy Policy => Framework.Result.Policy!;
        }

        internal static List<Explanation> Explain(RepositoryReport report, string packageId)
        {
            var explanations = new List<Explanation>();
            foreach (var project in report.Projects)
            {
                foreach (var framework in project.Frameworks)
                {
                    var result = framework.Result;
                    if (result.Graph?.Find(packageId) is not { } node || result.Policy is null || result.Identities is null)
                    {
                        continue;
                    }

                    var identity = result.Identities.TryGetValue(node.Id, out var known)
                        ? known
                        : new PackageIdentity { Id = node.Id, Version = node.Version, Problem = "no identity was read for it" };
                    // The engine judged every package reachable from the project's own references; one that only a
                    // ProjectReference brings in is judged here by the same function.
                    var verdict = result.Check?.Verdicts.FirstOrDefault(v => string.Equals(v.Package.Id, node.Id, StringComparison.OrdinalIgnoreCase))
                        ?? PackageChecker.Judge(new VendorMatcher(result.Policy), node, identity);
                    var explanation = new Explanation(project, framework, node, identity, verdict);
                    FindPaths(result.Graph, node.Id, explanation);
                    explanation.Findings.AddRange(project.Visible.Where(d => d.Finding is { } f && string.Equals(f.PackageId, node.Id, StringComparison.OrdinalIgnoreCase)
                        && (d.TargetFrameworks.Count == 0 || d.TargetFrameworks.Contains(framework.TargetFramework))));
                    foreach (var waiver in result.Policy.Waivers)
                    {
                        var vendor = verdict.RestrictingVendor?.Vendor.Id;
                        if (vendor is null || !string.Equals(waiver.Vendor, vendor, StringComparison.OrdinalIgnoreCase) || (waiver.Package is not null && !waiver.Package.IsMatch(node.Id)))
                        {
                            continue;
                        }

                        var state = !waiver.IsScopedTo(project.ProjectPath) ? "out of scope for this project ('projects')"
                            : waiver.IsForSymbolsOnly ? "applies to SDK usages only (namespaces or types)"
                            : waiver.IsExpired(DateTime.UtcNow.Date) ? $"expired on {waiver.Expires:yyyy-MM-dd}"
                            : $"silences the finding until {waiver.Expires:yyyy-MM-dd}";
                        explanation.Waivers.Add((waiver, state));
                    }

                    explanations.Add(explanation);
                }
            }

            return explanations;
        }

        /// <summary>Every simple path from a direct reference (a package, or a referenced project) down to the package,
        /// shortest first, in id order.</summary>
        private static void FindPaths(PackageGraph graph, string target, Explanation explanation)
        {
            var found = new List<List<string>>();
            var total = 0;
            var roots = graph.Direct.Select(d => graph.Find(d.Id)?.Key)
                .Concat(graph.DirectProjects.Select(p => graph.FindProject(p)?.Name))
                .OfType<string>()
                .OrderBy(k => k, StringComparer.OrdinalIgnoreCase);
            foreach (var root in roots)
            {
                var stack = new List<string> { root };
                Walk(graph, target, stack, found, ref total);
            }

            foreach (var path in found.OrderBy(p => p.Count).ThenBy(p => string.Join(" ", p), StringComparer.OrdinalIgnoreCase))
            {
                explanation.Paths.Add(new[] { graph.ProjectName }.Concat(path).ToArray());
            }

            explanation.MorePaths = total - found.Count;
        }

        /// <summary>Walks package and project nodes by their keys; a route names them as the findings do
        /// (<c>Baidu.AI 4.15.10</c>, <c>Lib (project)</c>).</summary>
        private static void Walk(PackageGraph graph, string target, List<string> stack, List<List<string>> found, ref int total)
        {
            var key = stack[stack.Count - 1];
            var package = graph.Find(key);
            if (package is not null && string.Equals(package.Id, target, StringComparison.OrdinalIgnoreCase))
            {
                total++;
                if (found.Count < MaxPaths)
                {
                    found.Add(stack.Select(k => graph.Find(k)?.ToString() ?? graph.FindProject(k)?.ToString() ?? k).ToList());
                }

                return;
            }

            if (total > 100_000)
            {
                return;
            }

            var dependencies = package?.Dependencies ?? graph.FindProject(key)?.Dependencies ?? Array.Empty<string>();
            foreach (var dependency in dependencies.OrderBy(d => d, StringComparer.OrdinalIgnoreCase))
            {
                if ((graph.Find(dependency)?.Key ?? graph.FindProject(dependency)?.Name) is { } next && !stack.Contains(next, StringComparer.OrdinalIgnoreCase))
                {
                    stack.Add(next);
                    Walk(graph, target, stack, found, ref total);
                    stack.RemoveAt(stack.Count - 1);
                }
            }
        }

        private static void WriteText(TextWriter output, RepositoryReport report, string packageId, List<Explanation> explanations, Paint paint)
        {
            if (explanations.Count == 0)
            {
                output.WriteLine($"No checked project uses '{packageId}'.");
                return;
            }

            foreach (var group in explanations.GroupBy(e => (e.Package.Id, e.Package.Version, e.Identity.ContentHash)))
            {
                var first = group.First();
                var identity = first.Identity;
                output.WriteLine(paint.Bold($"{first.Package.Id} {first.Package.Version}"));
                output.WriteLine("  identity");
                Line(output, "owners", identity.Owners.Count == 0 ? "none" : string.Join(", ", identity.Owners) + " (" + (identity.OwnersSource ?? "repository signature") + ")");
                if (identity.FeedOwnersSource is not null)
                {
                    // --online (or SupplyChainGuardOnline): what the feed said, for a package whose signature names no owners.
                    Line(output, "feed owners", (identity.FeedOwners.Count == 0 ? "none" : string.Join(", ", identity.FeedOwners)) + $" (on the feed {identity.FeedOwnersSource}"
                        + (identity.PrefixReserved == true ? ", id prefix reserved" : string.Empty) + (identity.FeedIsAuthoritative ? ", the registry's own record" : string.Empty) + ")");
                }

                Line(output, "signature", identity.SignatureType ?? "unsigned");
                if (identity.CertificateSubject is not null)
                {
                    Line(output, "certificate", identity.CertificateSubject);
                    Line(output, "fingerprint", "SHA256:" + identity.CertificateFingerprint);
                }

                Line(output, "authors", identity.Authors.Count == 0 ? "none" : string.Join(", ", identity.Authors) + " (nuspec)");
                Line(output, "repository", identity.RepositoryUrl ?? "none");
                if (identity.ProjectUrl is not null && !string.Equals(identity.ProjectUrl, identity.RepositoryUrl, StringComparison.OrdinalIgnoreCase))
                {
                    Line(output, "project url", identity.ProjectUrl);
                }

                Line(output, "feed", identity.Source ?? "unknown");
                Line(output, "assemblies", first.Package.Assemblies.Count == 0 ? "none" : string.Join(", ", first.Package.Assemblies));
                if (first.Package.Sha512 is not null)
                {
                    Line(output, "sha512", first.Package.Sha512);
                }

                if (identity.Problem is not null)
                {
                    Line(output, "problem", paint.Red(identity.Problem));
                }

                var verdict = first.Verdict;
                output.WriteLine("  verdict");
                Line(output, "result", Verdict(verdict, first.Policy, paint));
                foreach (var attribution in verdict.Attributions)
                {
                    var restricted = attribution.IsRestricted ? "restricted" : attribution.Vendor.Restricted == false ? "allowed" : "not restricted";
                    Line(output, "vendor", $"{FindingText(attribution.Vendor)}, {restricted}, at {report.Relative(attribution.Vendor.Location.FilePath)}({attribution.Vendor.Location.Line},{attribution.Vendor.Location.Column})");
                    foreach (var signal in attribution.Signals)
                    {
                        Line(output, "  matched", $"{signal.Describe()} [{signal.Strength.ToString().ToLowerInvariant()}]");
                    }

                    foreach (var signal in attribution.Overruled)
                    {
                        Line(output, "  set aside", $"{signal.Describe()} [weak: the signature names someone else]");
                    }

                    if (attribution.Vendor.Reason is not null)
                    {
                        Line(output, "  reason", attribution.Vendor.Reason);
                    }

                    foreach (var alternative in attribution.Vendor.Alternatives)
                    {
                        Line(output, "  instead", alternative.ToString());
                    }
                }

                if (verdict.Attributions.Count == 0)
                {
                    Line(output, "vendor", "no vendor of the policy matches any of its signals");
                }

                foreach (var explanation in group)
                {
                    var framework = explanation.Framework.TargetFramework;
                    output.WriteLine($"  in {paint.Bold(report.Relative(explanation.Project.ProjectPath))}{(framework.Length > 0 ? " (" + framework + ")" : string.Empty)}, policy {report.Relative(explanation.Project.PolicyFile ?? string.Empty)}");
                    foreach (var path in explanation.Paths)
                    {
                        Line(output, "path", string.Join(" -> ", path));
                    }

                    if (explanation.Paths.Count == 0)
                    {
                        Line(output, "path", "none from this project's own references");
                    }

                    if (explanation.MorePaths > 0)
                    {
                        Line(output, "path", $"… and {explanation.MorePaths} more");
                    }

                    foreach (var finding in explanation.Findings)
                    {
                        var d = finding.Diagnostic;
                        Line(output, "finding", $"{paint.Level(d.Level, Levels.Name(d.Level))} {d.Code} at {report.Relative(d.File)}({d.Line},{d.Column})");
                    }

                    foreach (var (waiver, state) in explanation.Waivers)
                    {
                        Line(output, "waiver", $"{report.Relative(waiver.Location.FilePath)}({waiver.Location.Line},{waiver.Location.Column}): {state}; reason: {waiver.Reason}");
                    }
                }

                output.WriteLine();
            }
        }

        private static string Verdict(PackageVerdict verdict, SupplyChainPolicy policy, Paint paint)
        {
            if (verdict.RestrictingVendor is { } vendor)
            {
                return paint.Red("restricted") + $": published by {FindingText(vendor.Vendor)} on {vendor.Signals[0].Describe()}" + (vendor.IsWeak ? " (free text only: weak)" : string.Empty);
            }

            if (verdict.Identity.Problem is not null)
            {
                return paint.Yellow("unknown") + ": the package could not be read (SCG0902)";
            }

            if (policy.Mode == PolicyMode.Allowlist)
            {
                return verdict.AllowingVendor is { } allowing
                    ? paint.Green("allowed") + $": established as {FindingText(allowing.Vendor)}'s on {allowing.Signals[0].Describe()}"
                    : paint.Yellow("not allowed") + ": allowlist mode, and no allowed vendor is established for it (SCG0003)";
            }

            return paint.Green("not restricted");
        }

        private static string FindingText(VendorPolicy vendor) => SupplyChainGuard.Diagnostics.FindingText.Vendor(vendor);

        private static void Line(TextWriter output, string label, string text) =>
            output.WriteLine("    " + (label + ":").PadRight(14) + text);

        private static string WriteJson(RepositoryReport report, string packageId, List<Explanation> explanations) => Json.Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("package", packageId);
            writer.WriteStartArray("uses");
            foreach (var e in explanations)
            {
                writer.WriteStartObject();
                writer.WriteString("project", report.Relative(e.Project.ProjectPath));
                writer.WriteString("targetFramework", e.Framework.TargetFramework);
                writer.WriteString("id", e.Package.Id);
                writer.WriteString("version", e.Package.Version);
                writer.WriteStartObject("identity");
                Json.StringArray(writer, "owners", e.Identity.Owners);
                writer.WriteString("ownersSource", e.Identity.Owners.Count > 0 ? e.Identity.OwnersSource ?? "repository signature" : null);
                Json.StringArray(writer, "feedOwners", e.Identity.FeedOwners);
                writer.WriteString("feedOwnersSource", e.Identity.FeedOwnersSource);
                if (e.Identity.PrefixReserved is { } reserved)
                {
                    writer.WriteBoolean("prefixReserved", reserved);
                }
                writer.WriteString("signatureType", e.Identity.SignatureType);
                writer.WriteString("certificateSubject", e.Identity.CertificateSubject);
                writer.WriteString("certificateFingerprint", e.Identity.CertificateFingerprint);
                Json.StringArray(writer, "authors", e.Identity.Authors);
                writer.WriteString("repositoryUrl", e.Identity.RepositoryUrl);
                writer.WriteString("projectUrl", e.Identity.ProjectUrl);
                writer.WriteString("feed", e.Identity.Source);
                writer.WriteString("sha512", e.Package.Sha512);
                Json.StringArray(writer, "assemblies", e.Package.Assemblies);
                writer.WriteString("problem", e.Identity.Problem);
                writer.WriteEndObject();
                writer.WriteString("verdict", e.Verdict.IsRestricted ? "restricted" : e.Identity.Problem is not null ? "unknown" : e.Policy.Mode == PolicyMode.Allowlist ? (e.Verdict.AllowingVendor is null ? "not-allowed" : "allowed") : "not-restricted");
                writer.WriteStartArray("vendors");
                foreach (var attribution in e.Verdict.Attributions)
                {
                    writer.WriteStartObject();
                    writer.WriteString("id", attribution.Vendor.Id);
                    writer.WriteString("name", attribution.Vendor.DisplayName);
                    writer.WriteString("jurisdiction", attribution.Vendor.Jurisdiction);
                    writer.WriteBoolean("restricted", attribution.IsRestricted);
                    writer.WriteString("definedAt", $"{report.Relative(attribution.Vendor.Location.FilePath)}({attribution.Vendor.Location.Line},{attribution.Vendor.Location.Column})");
                    writer.WriteStartArray("signals");
                    foreach (var signal in attribution.Signals)
                    {
                        writer.WriteStartObject();
                        writer.WriteString("kind", signal.Kind.ToString());
                        writer.WriteString("value", signal.Value);
                        writer.WriteString("pattern", signal.Pattern);
                        writer.WriteString("strength", signal.Strength.ToString().ToLowerInvariant());
                        writer.WriteString("text", signal.Describe());
                        writer.WriteEndObject();
                    }

                    writer.WriteEndArray();
                    Json.StringArray(writer, "setAside", attribution.Overruled.Select(s => s.Describe()));
                    Json.StringArray(writer, "alternatives", attribution.Vendor.Alternatives.Select(a => a.ToString()));
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteStartArray("paths");
                foreach (var path in e.Paths)
                {
                    Json.StringArray(writer, null, path);
                }

                writer.WriteEndArray();
                writer.WriteNumber("morePaths", e.MorePaths);
                writer.WriteStartArray("findings");
                foreach (var finding in e.Findings)
                {
                    writer.WriteStartObject();
                    writer.WriteString("code", finding.Diagnostic.Code);
                    writer.WriteString("level", Levels.Name(finding.Diagnostic.Level));
                    writer.WriteString("file", report.Relative(finding.Diagnostic.File));
                    writer.WriteNumber("line", finding.Diagnostic.Line);
                    writer.WriteNumber("column", finding.Diagnostic.Column);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteStartArray("waivers");
                foreach (var (waiver, state) in e.Waivers)
                {
                    writer.WriteStartObject();
                    writer.WriteString("at", $"{report.Relative(waiver.Location.FilePath)}({waiver.Location.Line},{waiver.Location.Column})");
                    writer.WriteString("expires", waiver.Expires.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                    writer.WriteString("reason", waiver.Reason);
                    writer.WriteString("state", state);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }
}
