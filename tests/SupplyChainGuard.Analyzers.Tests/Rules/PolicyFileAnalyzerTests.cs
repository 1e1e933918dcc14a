using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using VerifyPolicy = SupplyChainGuard.Analyzers.Tests.Verify<SupplyChainGuard.Analyzers.PolicyFileAnalyzer>;

namespace SupplyChainGuard.Analyzers.Tests
{
    /// <summary>The policy file in the editor: SCG0901 where the problem is, SCG0201 when no build task says it.</summary>
    public sealed class PolicyFileAnalyzerTests
    {
        [Fact]
        public Task A_broken_policy_is_SCG0901_at_the_line_and_column_with_the_task_s_wording()
        {
            const string policy = "{\n  \"vendors\": [\n    { \"id\": \"baidu\", \"match\": { \"ownres\": [\"Baidu-AI\"] } }\n  ]\n}\n";
            var expected = new DiagnosticResult("SCG0901", DiagnosticSeverity.Error)
                .WithSpan(Verify<PolicyFileAnalyzer>.PolicyPath, 3, 33, 3, 33)
                .WithArguments("unknown key 'ownres' in 'match'; expected one of: packages, owners, authors, certificates, repositories, assemblies, publicKeyTokens, namespaces, nativeLibraries, endpoints.");
            return VerifyPolicy.AnalyzeAsync("class App { }", policy, null, null, expected);
        }

        [Fact]
        public Task Invalid_json_is_SCG0901_at_the_syntax_error()
        {
            const string policy = "{\n  \"mode\": \"deny\"\n  \"vendors\": []\n}\n";
            var test = VerifyPolicy.Create("class App { }", policy);
            test.ExpectedDiagnostics.Add(new DiagnosticResult("SCG0901", DiagnosticSeverity.Error)
                .WithSpan(Verify<PolicyFileAnalyzer>.PolicyPath, 3, 3, 3, 3)
                .WithMessage(null!));
            return test.RunAsync();
        }

        [Fact]
        public Task An_expired_waiver_is_SCG0201_when_no_build_task_hands_over()
        {
            const string policy = "{\n  \"vendors\": [ { \"id\": \"baidu\", \"match\": { \"namespaces\": [\"Baidu.Aip\"] } } ],\n  \"waivers\": [\n    { \"vendor\": \"baidu\", \"reason\": \"legacy\", \"expires\": \"2020-01-31\" }\n  ]\n}\n";
            var expected = new DiagnosticResult("SCG0201", DiagnosticSeverity.Warning)
                .WithSpan(Verify<PolicyFileAnalyzer>.PolicyPath, 4, 5, 4, 5)
                .WithArguments("The waiver for vendor 'baidu' expired on 2020-01-31 and no longer silences findings (reason given: legacy). Renew it with a new 'expires' date or remove it.");
            return VerifyPolicy.AnalyzeAsync("class App { }", policy, null, null, expected);
        }

        [Fact]
        public Task With_the_build_task_s_hand_over_the_task_alone_reports_expired_waivers()
        {
            const string policy = "{\n  \"vendors\": [ { \"id\": \"baidu\", \"match\": { \"owners\": [\"Baidu-AI\"] } } ],\n  \"waivers\": [ { \"vendor\": \"baidu\", \"reason\": \"legacy\", \"expires\": \"2020-01-31\" } ]\n}\n";
            return VerifyPolicy.AnalyzeAsync("class App { }", policy, Policies.Handover);
        }

        [Fact]
        public Task A_valid_policy_reports_nothing() => VerifyPolicy.AnalyzeAsync("class App { }", Policies.BaiduByNamespace);
    }
}
