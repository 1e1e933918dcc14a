using System.Threading.Tasks;
using Xunit;
using VerifyApi = SupplyChainGuard.Analyzers.Tests.Verify<SupplyChainGuard.Analyzers.RestrictedApiAnalyzer>;

namespace SupplyChainGuard.Analyzers.Tests
{
    /// <summary>
    /// SCG0101 on the constructs the Baidu SDK has no example of — attributes, extension methods, events,
    /// interfaces, generic methods — using Newtonsoft.Json as the "restricted" SDK for the occasion.
    /// </summary>
    public sealed class RestrictedApiConstructTests
    {
        private const string NewtonsoftRestricted = """
            { "vendors": [ { "id": "newtonsoft", "restricted": true, "match": { "namespaces": ["Newtonsoft.Json"] } } ] }
            """;

        [Fact]
        public Task Attributes_are_reported_on_their_name() => VerifyApi.AnalyzeAsync("""
            [Newtonsoft.Json.{|SCG0101:JsonObject|}]
            class Dto
            {
                [Newtonsoft.Json.{|SCG0101:JsonProperty|}("name")]
                public string? Name { get; set; }
            }
            """, NewtonsoftRestricted);

        [Fact]
        public Task Assembly_level_attributes_are_reported() => VerifyApi.AnalyzeAsync("""
            [assembly: System.Reflection.{|SCG0101:AssemblyCompany|}("Contoso")]
            """, """
            { "vendors": [ { "id": "reflection", "restricted": true, "match": { "namespaces": ["System.Reflection"] } } ] }
            """);

        [Fact]
        public Task Extension_methods_events_interfaces_and_generic_methods_are_reported() => VerifyApi.AnalyzeAsync("""
            using System.Collections.Generic;
            using Newtonsoft.Json;
            using Newtonsoft.Json.Linq;

            class App
            {
                string? Read({|SCG0101:JToken|} token) => token.{|SCG0101:Value|}<string>("name");

                void Watch({|SCG0101:JObject|} json) => json.{|SCG0101:PropertyChanged|} += (sender, e) => { };

                T? Parse<T>(string text) => {|SCG0101:JsonConvert|}.{|SCG0101:DeserializeObject|}<T>(text);
            }

            interface ITokens : {|SCG0101:IJEnumerable|}<{|SCG0101:JToken|}>
            {
            }
            """, NewtonsoftRestricted);
    }
}
