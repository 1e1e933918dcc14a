using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Json.Schema;
using Xunit;

namespace SupplyChainGuard.Cli.Tests.Support
{
    /// <summary>The SARIF 2.1.0 and CycloneDX 1.6/1.7 schemas kept under Schemas/ (see its README for where each came from).</summary>
    internal static class Schemas
    {
        private static readonly Lazy<BuildOptions> Options = new Lazy<BuildOptions>(() =>
        {
            var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
            // The CycloneDX schemas reference these by $id; register them first.
            foreach (var dependency in new[] { "spdx.schema.json", "jsf-0.82.schema.json", "cryptography-defs.schema.json" })
            {
                options.SchemaRegistry.Register(JsonSchema.FromText(Text(dependency), options));
            }

            return options;
        });

        private static readonly Lazy<JsonSchema> SarifSchema = new Lazy<JsonSchema>(() => JsonSchema.FromText(Text("sarif-2.1.0.schema.json"), Options.Value));
        private static readonly Lazy<JsonSchema> Bom17 = new Lazy<JsonSchema>(() => JsonSchema.FromText(Text("bom-1.7.schema.json"), Options.Value));
        private static readonly Lazy<JsonSchema> Bom16 = new Lazy<JsonSchema>(() => JsonSchema.FromText(Text("bom-1.6.schema.json"), Options.Value));

        public static JsonSchema Sarif => SarifSchema.Value;

        public static JsonSchema CycloneDx(string version) => version == "1.6" ? Bom16.Value : Bom17.Value;

        public static void AssertValid(JsonSchema schema, string json)
        {
            using var document = JsonDocument.Parse(json);
            var result = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
            if (!result.IsValid)
            {
                var errors = (result.Details ?? new System.Collections.Generic.List<EvaluationResults>())
                    .Where(d => d.Errors is { Count: > 0 })
                    .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Key}: {e.Value}"))
                    .Take(20);
                Assert.Fail("the document is not valid against its schema:\n" + string.Join("\n", errors));
            }
        }

        public static void AssertInvalid(JsonSchema schema, string json)
        {
            using var document = JsonDocument.Parse(json);
            Assert.False(schema.Evaluate(document.RootElement, new EvaluationOptions { RequireFormatValidation = true }).IsValid, "the schema accepted a document it must reject");
        }

        private static string Text(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Schemas", name));
    }
}
