using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using SupplyChainGuard.Diagnostics;
using Xunit;

namespace SupplyChainGuard.Analyzers.Tests
{
    /// <summary>The rule id ties descriptor, help link, rule page and release tracking together.</summary>
    public sealed class DescriptorTests
    {
        private static readonly string Root = FindRoot();

        public static IEnumerable<object[]> AllDescriptors() =>
            typeof(RestrictedApiAnalyzer).Assembly.GetTypes()
                .Where(t => typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && !t.IsAbstract)
                .SelectMany(t => ((DiagnosticAnalyzer)Activator.CreateInstance(t)!).SupportedDiagnostics)
                .GroupBy(d => d.Id)
                .Select(g => new object[] { g.Key, g.First() });

        [Theory]
        [MemberData(nameof(AllDescriptors))]
        public void Help_link_points_to_the_rule_page_and_the_page_exists(string id, DiagnosticDescriptor descriptor)
        {
            Assert.Equal($"https://github.com/supplychainguard/supplychainguard/blob/main/docs/rules/{id}.md", descriptor.HelpLinkUri);
            Assert.True(File.Exists(Path.Combine(Root, "docs", "rules", id + ".md")), $"docs/rules/{id}.md is missing");
            Assert.Equal("SupplyChain", descriptor.Category);
        }

        [Theory]
        [MemberData(nameof(AllDescriptors))]
        public void Every_rule_is_tracked_in_the_release_files(string id, DiagnosticDescriptor descriptor)
        {
            var tracking = File.ReadAllText(Path.Combine(Root, "src", "SupplyChainGuard.Analyzers", "AnalyzerReleases.Unshipped.md"))
                + File.ReadAllText(Path.Combine(Root, "src", "SupplyChainGuard.Analyzers", "AnalyzerReleases.Shipped.md"));
            Assert.Contains($"{id} | SupplyChain | {descriptor.DefaultSeverity}", tracking);
        }

        [Fact]
        public void Every_analyzer_rule_id_is_a_known_rule_identifier()
        {
            var known = typeof(RuleIdentifiers).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToHashSet();
            var ids = AllDescriptors().Select(d => (string)d[0]).ToList();
            Assert.Contains("SCG0101", ids);
            Assert.Contains("SCG0001", ids);
            Assert.All(ids, id => Assert.Contains(id, known));
        }

        private static string FindRoot()
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "SupplyChainGuard.sln")))
                {
                    return directory.FullName;
                }
            }

            throw new InvalidOperationException("repository root not found");
        }
    }
}
