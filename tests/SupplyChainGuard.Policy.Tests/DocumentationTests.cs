using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using SupplyChainGuard.Diagnostics;
using SupplyChainGuard.Policy;
using SupplyChainGuard.Policy.Loading;
using Xunit;

namespace SupplyChainGuard.Policy.Tests
{
    /// <summary>The docs are part of the product: every rule has a page, and the schema says what the loader accepts.</summary>
    public sealed class DocumentationTests
    {
        private static readonly string Root = FindRoot();

        public static IEnumerable<object[]> RuleIds() =>
            typeof(RuleIdentifiers).GetFields()
                .Where(f => f.IsLiteral && f.FieldType == typeof(string) && ((string)f.GetRawConstantValue()!).StartsWith("SCG", StringComparison.Ordinal))
                .Select(f => new object[] { (string)f.GetRawConstantValue()! });

        [Theory]
        [MemberData(nameof(RuleIds))]
        public void Every_rule_has_a_page_that_its_help_link_points_to(string id)
        {
            Assert.Equal($"https://github.com/supplychainguard/supplychainguard/blob/main/docs/rules/{id}.md", RuleIdentifiers.HelpLink(id));
            var page = Path.Combine(Root, "docs", "rules", id + ".md");
            Assert.True(File.Exists(page), $"{id} has no page at {page}");
            Assert.StartsWith($"# {id}: ", File.ReadAllText(page));
        }

        [Fact]
        public void Every_rule_page_belongs_to_a_known_rule_id()
        {
            var known = RuleIds().Select(r => (string)r[0]).ToHashSet();
            var pages = Directory.GetFiles(Path.Combine(Root, "docs", "rules"), "SCG*.md").Select(Path.GetFileNameWithoutExtension);
            Assert.All(pages, page => Assert.Contains(page!, known));
        }

        [Fact]
        public void The_rules_index_lists_every_rule()
        {
            var index = File.ReadAllText(Path.Combine(Root, "docs", "rules", "README.md"));
            Assert.All(RuleIds().Select(r => (string)r[0]), id => Assert.Contains(id, index));
        }

        [Theory]
        [InlineData("", nameof(PolicyKeys.Root))]
        [InlineData("vendor", nameof(PolicyKeys.Vendor))]
        [InlineData("match", nameof(PolicyKeys.Match))]
        [InlineData("alternative", nameof(PolicyKeys.Alternative))]
        [InlineData("waiver", nameof(PolicyKeys.Waiver))]
        public void The_json_schema_allows_exactly_the_keys_the_loader_accepts(string definition, string keysField)
        {
            using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "docs", "supplychainguard.schema.json")));
            var node = definition.Length == 0 ? schema.RootElement : schema.RootElement.GetProperty("$defs").GetProperty(definition);
            var schemaKeys = node.GetProperty("properties").EnumerateObject().Select(p => p.Name).OrderBy(k => k, StringComparer.Ordinal);
            var loaderKeys = ((string[])typeof(PolicyKeys).GetField(keysField)!.GetValue(null)!).OrderBy(k => k, StringComparer.Ordinal);

            Assert.Equal(loaderKeys, schemaKeys);
            Assert.False(node.GetProperty("additionalProperties").GetBoolean());
        }

        [Fact]
        public void The_json_schema_enumerates_the_modes_and_severities_the_loader_accepts()
        {
            var text = File.ReadAllText(Path.Combine(Root, "docs", "supplychainguard.schema.json"));
            Assert.All(PolicyKeys.Modes.Concat(PolicyKeys.Severities), value => Assert.Contains($"\"{value}\"", text));
        }

        [Fact]
        public void The_json_schema_enumerates_exactly_the_modes_weak_signal_modes_and_confidences_the_loader_accepts()
        {
            using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "docs", "supplychainguard.schema.json")));
            static string[] Enum(JsonElement node) => node.GetProperty("enum").EnumerateArray().Select(e => e.GetString()!).ToArray();
            var properties = schema.RootElement.GetProperty("properties");

            Assert.Equal(PolicyKeys.Modes, Enum(properties.GetProperty("mode")));
            Assert.Equal(PolicyKeys.WeakSignalsModes, Enum(properties.GetProperty("weakSignals")));
            Assert.Equal(PolicyKeys.Confidences, Enum(schema.RootElement.GetProperty("$defs").GetProperty("confidence")));
        }

        [Fact]
        public void The_sample_policy_and_the_policy_reference_examples_load_without_errors()
        {
            var sample = Path.Combine(Root, "samples", "BaiduOcrApp", "supplychainguard.json");
            var result = PolicyLoader.LoadFile(sample);
            Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
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
