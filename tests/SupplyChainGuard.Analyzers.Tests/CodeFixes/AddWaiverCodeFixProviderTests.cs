using System;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using SupplyChainGuard.CodeFixes;
using Xunit;
using Fix = SupplyChainGuard.Analyzers.Tests.FixVerify<SupplyChainGuard.Analyzers.RestrictedApiAnalyzer, SupplyChainGuard.CodeFixes.AddWaiverCodeFixProvider>;

namespace SupplyChainGuard.Analyzers.Tests
{
    /// <summary>"Add a waiver": the policy additional document gains a waiver; everything else in it stays as written.</summary>
    public sealed class AddWaiverCodeFixProviderTests
    {
        private const string Policy = """
            {
              // Restricted by company policy SEC-12.
              "vendors": [
                { "id": "baidu", "restricted": true, "match": { "namespaces": ["Baidu.Aip"] } },
              ],
            }
            """;

        public AddWaiverCodeFixProviderTests()
        {
            AddWaiverCodeFixProvider.Clock = () => new DateTime(2026, 11, 25);
        }

        [Fact]
        public Task A_waiver_for_the_type_is_appended_with_a_reason_to_fill_in_and_an_expiry_90_days_out()
        {
            const string source = """
                class App
                {
                    object Make() => new Baidu.Aip.Ocr.{|SCG0101:Ocr|}("key", "secret");
                    object Again() => new Baidu.Aip.Ocr.{|SCG0101:Ocr|}("key", "secret");
                }
                """;
            var test = Fix.Create(source, source.Replace("{|SCG0101:Ocr|}", "Ocr"), Policy);
            test.FixedState.AdditionalFiles.Clear();
            test.FixedState.AdditionalFiles.Add((Verify<RestrictedApiAnalyzer>.PolicyPath, """
                {
                  // Restricted by company policy SEC-12.
                  "vendors": [
                    { "id": "baidu", "restricted": true, "match": { "namespaces": ["Baidu.Aip"] } },
                  ],
                  "waivers": [
                    { "vendor": "baidu", "types": ["Baidu.Aip.Ocr.Ocr"], "reason": "Why this use is accepted, and the ticket that tracks its removal", "expires": "2027-02-23" }
                  ]
                }
                """));
            test.CodeFixTestBehaviors = CodeFixTestBehaviors.SkipFixAllInProjectCheck | CodeFixTestBehaviors.SkipFixAllInSolutionCheck;
            test.NumberOfIncrementalIterations = 1;
            return test.RunAsync();
        }

        [Fact]
        public void An_existing_waivers_array_gets_the_new_waiver_after_its_last_entry()
        {
            const string text = "{\n  \"vendors\": [],\n  \"waivers\": [\n    { \"vendor\": \"x\", \"reason\": \"r\", \"expires\": \"2027-01-01\" } // keep me\n  ]\n}\n";
            var updated = SupplyChainGuard.Policy.PolicyTextEditor.AddWaivers(text, new[]
            {
                new SupplyChainGuard.Policy.WaiverDraft("baidu", "why", new DateTime(2027, 2, 23)) { Namespaces = new[] { "Baidu.Aip" } },
            });

            Assert.Equal(
                "{\n  \"vendors\": [],\n  \"waivers\": [\n    { \"vendor\": \"x\", \"reason\": \"r\", \"expires\": \"2027-01-01\" },\n    { \"vendor\": \"baidu\", \"namespaces\": [\"Baidu.Aip\"], \"reason\": \"why\", \"expires\": \"2027-02-23\" } // keep me\n  ]\n}\n",
                updated);
        }

        [Fact]
        public void A_waiver_already_present_is_not_added_twice()
        {
            const string text = "{ \"waivers\": [ { \"vendor\": \"baidu\", \"types\": [\"Baidu.Aip.Ocr.Ocr\"], \"reason\": \"r\", \"expires\": \"2027-01-01\" } ] }";
            var draft = new SupplyChainGuard.Policy.WaiverDraft("baidu", "why", new DateTime(2027, 2, 23)) { Types = new[] { "Baidu.Aip.Ocr.Ocr" } };

            Assert.Equal(text, SupplyChainGuard.Policy.PolicyTextEditor.AddWaivers(text, new[] { draft }));
        }

        [Fact]
        public void An_expired_waiver_for_the_same_type_does_not_stop_a_new_one()
        {
            const string text = "{ \"waivers\": [ { \"vendor\": \"baidu\", \"types\": [\"Baidu.Aip.Ocr.Ocr\"], \"reason\": \"r\", \"expires\": \"2026-01-01\" } ] }";
            var draft = new SupplyChainGuard.Policy.WaiverDraft("baidu", "why", new DateTime(2027, 2, 23)) { Types = new[] { "Baidu.Aip.Ocr.Ocr" } };

            var updated = SupplyChainGuard.Policy.PolicyTextEditor.AddWaivers(text, new[] { draft }, new DateTime(2026, 11, 25));

            Assert.Contains("\"expires\": \"2027-02-23\"", updated);
        }

        [Fact]
        public void Text_that_is_not_a_policy_object_is_left_alone()
        {
            var draft = new SupplyChainGuard.Policy.WaiverDraft("baidu", "why", new DateTime(2027, 2, 23)) { Types = new[] { "T" } };
            Assert.Null(SupplyChainGuard.Policy.PolicyTextEditor.AddWaivers("[", new[] { draft }));
            Assert.Null(SupplyChainGuard.Policy.PolicyTextEditor.AddWaivers("{ \"waivers\": 3 }", new[] { draft }));
        }
    }
}
