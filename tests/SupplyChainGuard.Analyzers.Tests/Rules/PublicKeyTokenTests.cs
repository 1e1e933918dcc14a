using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using VerifyApi = SupplyChainGuard.Analyzers.Tests.Verify<SupplyChainGuard.Analyzers.RestrictedApiAnalyzer>;

namespace SupplyChainGuard.Analyzers.Tests
{
    /// <summary>
    /// <c>publicKeyTokens</c>: the analyzer attributes a referenced assembly by the token of its strong name, read
    /// from the reference, whatever the case the policy writes it in. Newtonsoft.Json 13.0.3 (a reference of these
    /// tests) is strong-named with token 30ad4fe6b2a6aeed; AipSdk is not strong-named at all.
    /// </summary>
    public sealed class PublicKeyTokenTests
    {
        private const string Source = """
            using Newtonsoft.Json.Linq;
            class App
            {
                object Parse() => JObject.Parse("{}");
                object Make() => new Baidu.Aip.Ocr.Ocr("key", "secret");
            }
            """;

        private static string Policy(string token) =>
            $$"""{ "vendors": [ { "id": "newtonsoft", "name": "Newtonsoft", "restricted": true, "match": { "publicKeyTokens": ["{{token}}"] } } ] }""";

        [Theory]
        [InlineData("30ad4fe6b2a6aeed")]
        [InlineData("30AD4FE6B2A6AEED")]
        public Task A_restricted_token_attributes_every_type_of_the_strong_named_assembly_and_says_so(string token) =>
            VerifyApi.AnalyzeAsync(Source, Policy(token), null, null,
                new DiagnosticResult("SCG0101", DiagnosticSeverity.Warning).WithSpan(4, 23, 4, 30).WithMessage(
                    "'Newtonsoft.Json.Linq.JObject' is published by 'Newtonsoft' (vendor 'newtonsoft'), which the policy restricts: "
                    + "its public key token '30ad4fe6b2a6aeed' is the vendor's."),
                new DiagnosticResult("SCG0101", DiagnosticSeverity.Warning).WithSpan(4, 31, 4, 36).WithMessage(
                    "'Newtonsoft.Json.Linq.JObject.Parse' is published by 'Newtonsoft' (vendor 'newtonsoft'), which the policy restricts: "
                    + "its public key token '30ad4fe6b2a6aeed' is the vendor's."));

        [Fact]
        public Task Another_token_attributes_nothing() => VerifyApi.AnalyzeAsync(Source, Policy("30ad4fe6b2a6aeee"));
    }
}
