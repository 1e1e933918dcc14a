using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Json.Schema;
using SupplyChainGuard.Policy.Loading;
using Xunit;

namespace SupplyChainGuard.Policy.Tests
{
    /// <summary>Presets are policies: they validate against the same JSON Schema users' editors use.</summary>
    public sealed class PresetSchemaTests
    {
        private static readonly string Root = FindRoot();

        private static readonly Lazy<JsonSchema> Schema = new Lazy<JsonSchema>(() =>
            JsonSchema.FromText(File.ReadAllText(Path.Combine(Root, "docs", "supplychainguard.schema.json"))));

        private static EvaluationResults Evaluate(string json) =>
            Schema.Value.Evaluate(JsonDocument.Parse(json).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });

        private static string Errors(EvaluationResults results) =>
            string.Join("\n", (results.Details ?? new System.Collections.Generic.List<EvaluationResults>()).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}")));

        [Theory]
        [MemberData(nameof(PresetCatalogTests.Presets), MemberType = typeof(PresetCatalogTests))]
        public void Every_preset_is_valid_against_the_policy_schema(string id)
        {
            var results = Evaluate(PresetCatalog.Read(id)!);

            Assert.True(results.IsValid, Errors(results));
        }

        [Theory]
        [InlineData("""{ "vendors": [ { "id": "x", "match": { "nativeLibraries": [ { "pattern": "dhnetsdk", "confidence": "unverified" } ] } } ] }""", true)]
        [InlineData("""{ "vendors": [ { "id": "x", "match": { "nativeLibraries": [ { "pattern": "dhnetsdk", "confidence": "maybe" } ] } } ] }""", false)]
        [InlineData("""{ "vendors": [ { "id": "x", "match": { "packages": [ { "pattern": "A**" } ] } } ] }""", false)]
        [InlineData("""{ "vendors": [ { "id": "x", "match": { "packages": [ { "confidence": "unverified" } ] } } ] }""", false)]
        [InlineData("""{ "restrictedJurisdictions": ["CN", { "code": "MO", "confidence": "unverified" }] }""", true)]
        [InlineData("""{ "restrictedJurisdictions": [ { "code": "China" } ] }""", false)]
        [InlineData("""{ "reviewed": "2026-12-01", "sources": [ { "citation": "47 CFR 1.50002", "url": "https://www.ecfr.gov/" } ] }""", true)]
        [InlineData("""{ "sources": [ { "url": "https://www.ecfr.gov/" } ] }""", false)]
        [InlineData("""{ "vendors": [ { "id": "x", "entities": ["Huawei Technologies Company"], "reviewed": "2026-12-01", "confidence": "unverified" } ] }""", true)]
        public void The_schema_accepts_and_rejects_what_the_loader_does(string policy, bool valid)
        {
            Assert.Equal(valid, Evaluate(policy).IsValid);
            Assert.Equal(valid, PolicyAssert.Load(policy).Succeeded);
        }

        [Theory]
        [InlineData("source", nameof(PolicyKeys.Source))]
        [InlineData("jurisdictionEntry", nameof(PolicyKeys.JurisdictionEntry))]
        public void The_schema_allows_exactly_the_keys_the_loader_accepts_in_sources_and_jurisdiction_entries(string definition, string keysField)
        {
            using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "docs", "supplychainguard.schema.json")));
            var node = schema.RootElement.GetProperty("$defs").GetProperty(definition);
            var keys = (string[])typeof(PolicyKeys).GetField(keysField)!.GetValue(null)!;

            Assert.Equal(keys.OrderBy(k => k, StringComparer.Ordinal), node.GetProperty("properties").EnumerateObject().Select(p => p.Name).OrderBy(k => k, StringComparer.Ordinal));
            Assert.False(node.GetProperty("additionalProperties").GetBoolean());
        }

        [Fact]
        public void Every_match_list_accepts_entry_objects_with_exactly_the_loaders_keys_and_confidences()
        {
            using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "docs", "supplychainguard.schema.json")));
            var defs = schema.RootElement.GetProperty("$defs");
            foreach (var list in defs.GetProperty("match").GetProperty("properties").EnumerateObject())
            {
                var entry = list.Value.GetProperty("items").GetProperty("anyOf")[1];
                Assert.Equal(PolicyKeys.MatchEntry.OrderBy(k => k, StringComparer.Ordinal), entry.GetProperty("properties").EnumerateObject().Select(p => p.Name).OrderBy(k => k, StringComparer.Ordinal));
                Assert.False(entry.GetProperty("additionalProperties").GetBoolean());
            }

            Assert.Equal(PolicyKeys.Confidences, defs.GetProperty("confidence").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
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
