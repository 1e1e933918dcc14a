using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using VerifyApi = SupplyChainGuard.Analyzers.Tests.Verify<SupplyChainGuard.Analyzers.RestrictedApiAnalyzer>;

namespace SupplyChainGuard.Analyzers.Tests
{
    /// <summary>SDK usages found through a package the task restricted on free text only are named as weak and capped like it.</summary>
    public sealed class WeakEvidenceAnalyzerTests
    {
        private const string Source = "using Baidu.Aip.Ocr;\nclass App { object Make() => new Ocr(\"key\", \"secret\"); }";

        private static string Policy(string weakSignals) => $$"""
            {
              {{weakSignals}}
              "restrictedJurisdictions": ["CN"],
              "vendors": [ { "id": "baidu", "name": "Baidu, Inc.", "jurisdiction": "CN", "severity": "error", "match": { "owners": ["Baidu-AI"], "authors": ["Baidu"] } } ]
            }
            """;

        private static readonly string WeakHandover = Policies.BaiduHandover(weak: true, "author 'Baidu' in the nuspec");

        [Fact]
        public Task A_weak_package_makes_its_SDK_usage_a_warning_named_as_weak_though_the_vendor_says_error()
        {
            var test = VerifyApi.Create(Source, Policy(string.Empty), WeakHandover);
            test.ExpectedDiagnostics.Add(new DiagnosticResult("SCG0101", DiagnosticSeverity.Warning)
                .WithSpan(2, 34, 2, 37)
                .WithMessage("'Baidu.Aip.Ocr.Ocr' is published by 'Baidu, Inc.' (vendor 'baidu', CN), which the policy restricts: "
                    + "it comes from package 'Baidu.AI' 4.15.10 (author 'Baidu' in the nuspec; weak: free text in the nuspec, not verified by a signature)."));
            return test.RunAsync();
        }

        [Fact]
        public Task Ignore_drops_the_SDK_usage_of_a_weak_package()
        {
            return VerifyApi.Create(Source, Policy("\"weakSignals\": \"ignore\","), WeakHandover).RunAsync();
        }

        [Fact]
        public Task A_package_restricted_by_its_owner_keeps_the_vendors_severity()
        {
            var test = VerifyApi.Create(Source, Policy("\"weakSignals\": \"ignore\","), Policies.Handover);
            test.ExpectedDiagnostics.Add(new DiagnosticResult("SCG0101", DiagnosticSeverity.Error).WithSpan(2, 34, 2, 37));
            return test.RunAsync();
        }
    }
}
