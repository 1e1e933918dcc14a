using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace SupplyChainGuard.Analyzers.Tests
{
    /// <summary>Code-fix tests over the real Baidu.AI SDK, with a stand-in for the alternative SDK so the
    /// fixed code compiles: the map is type-correct.</summary>
    internal static class FixVerify<TAnalyzer, TCodeFix>
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TCodeFix : CodeFixProvider, new()
    {
        /// <summary>The alternative the policy maps to, as a project would have it once it references that SDK.</summary>
        public const string Alternative = """
            namespace Contoso.Ocr
            {
                public sealed class OcrClient
                {
                    public OcrClient(string key, string secret) { }
                    public Newtonsoft.Json.Linq.JObject DetectText(byte[] image, System.Collections.Generic.Dictionary<string, object>? options) => new Newtonsoft.Json.Linq.JObject();
                }
            }
            """;

        public const string MappedPolicy = """
            {
              "restrictedJurisdictions": ["CN"],
              "vendors": [
                {
                  "id": "baidu", "name": "Baidu, Inc.", "jurisdiction": "CN",
                  "match": { "namespaces": ["Baidu.Aip"] },
                  "alternatives": [ { "package": "Contoso.Ocr", "note": "OCR",
                    "namespaces": { "Baidu.Aip.Ocr": "Contoso.Ocr" },
                    "types": { "Baidu.Aip.Ocr.Ocr": "Contoso.Ocr.OcrClient", "Baidu.Aip.Ocr.Ocr.GeneralBasic": "Contoso.Ocr.OcrClient.DetectText" } } ]
                }
              ]
            }
            """;

        public static CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier> Create(string source, string fixedSource, string policy = MappedPolicy)
        {
            var test = new CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
            {
                TestCode = source,
                FixedCode = fixedSource,
                ReferenceAssemblies = Verify<TAnalyzer>.WithBaiduSdk,
            };

            foreach (var state in new[] { test.TestState, test.FixedState })
            {
                state.Sources.Add(("/0/Alternative.cs", Alternative));
                state.AdditionalFiles.Add((Verify<TAnalyzer>.PolicyPath, policy));
                state.AnalyzerConfigFiles.Add(("/.globalconfig", $"is_global = true\nbuild_property.SupplyChainGuardPolicyFile = {Verify<TAnalyzer>.PolicyPath}\n"));
            }

            return test;
        }

        public static Task RunAsync(string source, string fixedSource, string policy = MappedPolicy) => Create(source, fixedSource, policy).RunAsync();
    }
}
