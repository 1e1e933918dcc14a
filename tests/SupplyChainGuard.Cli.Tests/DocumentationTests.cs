using System;
using System.CommandLine;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SupplyChainGuard.Cli.Checking;
using SupplyChainGuard.Cli.Output;
using SupplyChainGuard.Cli.Projects;
using SupplyChainGuard.Diagnostics;
using SupplyChainGuard.Packages;
using Xunit;

namespace SupplyChainGuard.Cli.Tests
{
    /// <summary>What keeps the CLI's docs and rule metadata in step with the code.</summary>
    public sealed class DocumentationTests
    {
        private static readonly string RepositoryRoot = FindRepositoryRoot();

        [Fact]
        public void Every_verb_and_option_is_in_docs_cli_md()
        {
            var docs = File.ReadAllText(Path.Combine(RepositoryRoot, "docs", "cli.md"));
            var root = ScgApp.Build(new CliConsole(TextWriter.Null, TextWriter.Null, RepositoryRoot, new Dictionary<string, string>(), false, false));
            var missing = new List<string>();
            void Walk(Command command, string path)
            {
                foreach (var sub in command.Subcommands)
                {
                    var name = (path + " " + sub.Name).Trim();
                    if (!docs.Contains("scg " + name, StringComparison.Ordinal))
                    {
                        missing.Add("verb 'scg " + name + "'");
                    }

                    foreach (var option in sub.Options.Where(o => !o.Name.StartsWith("-?", StringComparison.Ordinal) && o.Name != "--help" && o.Name != "-h"))
                    {
                        if (!docs.Contains("`" + option.Name, StringComparison.Ordinal))
                        {
                            missing.Add($"option '{option.Name}' of 'scg {name}'");
                        }
                    }

                    Walk(sub, name);
                }
            }

            Walk(root, string.Empty);
            Assert.Empty(missing);
        }

        [Fact]
        public void Every_rule_the_package_checker_reports_is_in_the_catalog_with_its_docs_title_and_help_link()
        {
            foreach (var id in RuleIdentifiers.PackageCheckerRules.Concat(new[] { RuleIdentifiers.RestrictedApi, RuleIdentifiers.RestrictedNamespaceImport, RuleIdentifiers.RestrictedNativeLibrary, RuleIdentifiers.RestrictedReflectionLoad, RuleIdentifiers.RestrictedEndpoint }))
            {
                var rule = RuleCatalog.Find(id);
                Assert.True(rule is not null, $"{id} is not in the CLI's rule catalog");
                var page = File.ReadAllLines(Path.Combine(RepositoryRoot, "docs", "rules", id + ".md"));
                Assert.Equal($"# {id}: {rule!.Title}", page[0]);
                Assert.Equal("https://github.com/supplychainguard/supplychainguard/blob/main/docs/rules/" + id + ".md", rule.HelpUri);
            }
        }

        [Fact]
        public void A_sarif_fingerprint_does_not_move_with_the_line_or_the_machine()
        {
            string Fingerprint(string root, int line)
            {
                var input = new RepositoryInput(Path.Combine(root, "App.sln"), root, new[] { Path.Combine(root, "src", "App", "App.csproj") }, null);
                var project = new ProjectReport(Path.Combine(root, "src", "App", "App.csproj"));
                var diagnostic = new ReportedDiagnostic(new CheckDiagnostic(ReportLevel.Warning, "SCG0202", Path.Combine(root, "supplychainguard.json"), line, 5, "The waiver matches nothing."));
                var report = new RepositoryReport(input, new[] { project });
                return SarifWriter.Fingerprint(report, project, diagnostic);
            }

            var here = Fingerprint(Path.Combine(Path.GetTempPath(), "a"), 10);
            Assert.Equal(here, Fingerprint(Path.Combine(Path.GetTempPath(), "a"), 42));
            Assert.Equal(here, Fingerprint(Path.Combine(Path.GetTempPath(), "elsewhere", "b"), 10));
        }

        private static string FindRepositoryRoot()
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "SupplyChainGuard.sln")))
                {
                    return directory.FullName;
                }
            }

            throw new InvalidOperationException("SupplyChainGuard.sln not found");
        }
    }
}
