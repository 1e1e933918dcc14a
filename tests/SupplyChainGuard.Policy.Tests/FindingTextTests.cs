using System;
using System.Linq;
using SupplyChainGuard.Diagnostics;
using Xunit;

namespace SupplyChainGuard.Policy.Tests
{
    /// <summary>
    /// <see cref="FindingText"/>: the phrases the build task, the analyzer and the CLI share, so a finding reads the
    /// same wherever it is reported. Each expectation is the sentence a user reads, written out.
    /// </summary>
    public sealed class FindingTextTests
    {
        private static VendorPolicy Vendor(string json) => Assert.Single(PolicyAssert.Valid("{ \"vendors\": [ " + json + " ] }").Vendors);

        private static VendorAttribution Attribute(string vendor, PublisherEvidence evidence) =>
            Assert.Single(new VendorMatcher(PolicyAssert.Valid("{ \"vendors\": [ " + vendor + " ] }")).Match(evidence));

        [Fact]
        public void A_vendor_is_its_name_its_id_and_its_jurisdiction()
        {
            Assert.Equal("'Baidu, Inc.' (vendor 'baidu', CN)", FindingText.Vendor(Vendor("""{ "id": "baidu", "name": "Baidu, Inc.", "jurisdiction": "CN" }""")));
        }

        [Fact]
        public void A_vendor_without_a_name_or_jurisdiction_is_its_id_alone()
        {
            Assert.Equal("'acme' (vendor 'acme')", FindingText.Vendor(Vendor("""{ "id": "acme" }""")));
        }

        [Fact]
        public void Reason_and_alternatives_are_each_said_once_with_one_full_stop()
        {
            var vendor = Vendor("""
                { "id": "baidu", "reason": "Company policy SEC-12.", "alternatives": [
                  { "package": "AWSSDK.Textract", "note": "OCR" }, { "package": "Azure.AI.DocumentIntelligence" } ] }
                """);

            Assert.Equal(" Reason: Company policy SEC-12. Alternatives: AWSSDK.Textract (OCR), Azure.AI.DocumentIntelligence.", FindingText.ReasonAndAlternatives(vendor));
        }

        [Fact]
        public void Without_a_reason_or_alternatives_nothing_is_added()
        {
            Assert.Equal(string.Empty, FindingText.ReasonAndAlternatives(Vendor("""{ "id": "baidu", "reason": "   " }""")));
            Assert.Equal(" Alternatives: AWSSDK.Textract.", FindingText.ReasonAndAlternatives(Vendor("""{ "id": "baidu", "alternatives": [ { "package": "AWSSDK.Textract" } ] }""")));
            Assert.Equal(" Reason: SEC-12.", FindingText.ReasonAndAlternatives(Vendor("""{ "id": "baidu", "reason": "SEC-12" }""")));
        }

        [Fact]
        public void Evidence_names_every_signal_strongest_first_separated_by_semicolons()
        {
            var attribution = Attribute("""{ "id": "baidu", "match": { "owners": ["Baidu-AI"], "packages": ["Baidu.*"], "authors": ["Baidu"] } }""",
                new PublisherEvidence { PackageId = "Baidu.AI", Owners = new[] { "Baidu-AI" }, Authors = new[] { "Baidu" } });

            Assert.Equal("owner 'Baidu-AI' in the repository signature; package id 'Baidu.AI' (matches 'Baidu.*'); author 'Baidu' in the nuspec", FindingText.Evidence(attribution));
            Assert.Null(FindingText.WeakNote(attribution));
        }

        [Fact]
        public void Evidence_resting_only_on_nuspec_free_text_says_it_is_weak()
        {
            var attribution = Attribute("""{ "id": "baidu", "match": { "authors": ["Baidu*"] } }""", new PublisherEvidence { Authors = new[] { "Baidu Cloud" } });

            Assert.Equal(FindingText.WeakNuspecEvidence, FindingText.WeakNote(attribution));
            Assert.Equal("author 'Baidu Cloud' in the nuspec (matches 'Baidu*') (weak: free text in the nuspec, not verified by a signature)", FindingText.Evidence(attribution));
        }

        [Fact]
        public void Evidence_resting_only_on_an_assembly_company_says_it_is_weak_free_text_in_the_assembly()
        {
            var attribution = Attribute("""{ "id": "baidu", "match": { "authors": ["Baidu"] } }""", new PublisherEvidence { AssemblyCompany = "Baidu" });

            Assert.Equal("AssemblyCompany 'Baidu' (weak: free text in the assembly, not verified by a signature)", FindingText.Evidence(attribution));
        }

        [Fact]
        public void Free_text_in_both_the_nuspec_and_the_assembly_is_called_free_text_in_the_nuspec()
        {
            var attribution = Attribute("""{ "id": "baidu", "match": { "authors": ["Baidu"] } }""",
                new PublisherEvidence { Authors = new[] { "Baidu" }, AssemblyCompany = "Baidu" });

            Assert.Equal(FindingText.WeakNuspecEvidence, FindingText.WeakNote(attribution));
        }

        [Fact]
        public void A_claim_set_aside_names_the_vendor_claimed_and_the_free_text_that_claimed_it()
        {
            var attribution = Attribute("""{ "id": "microsoft", "name": "Microsoft Corporation", "match": { "owners": ["Microsoft"], "authors": ["Microsoft"] } }""",
                new PublisherEvidence { Owners = new[] { "someone" }, Authors = new[] { "Microsoft" } });

            Assert.Equal(
                "Its nuspec claims 'Microsoft Corporation' (vendor 'microsoft') with author 'Microsoft' in the nuspec, but its signature names someone else, so the claim is set aside.",
                FindingText.SetAside(attribution));
        }

        [Theory]
        [InlineData("unknown key 'x'", "unknown key 'x'.")]
        [InlineData("did you mean 'owners'?", "did you mean 'owners'?")]
        public void A_policy_problem_ends_with_one_full_stop_unless_it_asks_a_question(string message, string expected)
        {
            Assert.Equal(expected, FindingText.PolicyProblem(new PolicyDiagnostic(new SourceLocation(TestPaths.Policy, 1, 1), message)));
        }

        [Fact]
        public void An_expired_waiver_says_when_it_expired_why_it_was_given_and_what_to_do()
        {
            var waiver = Assert.Single(PolicyAssert.Valid("""
                { "vendors": [ { "id": "baidu" } ],
                  "waivers": [ { "vendor": "baidu", "package": "Baidu.AI", "reason": "legacy OCR, ticket SEC-481.", "expires": "2024-03-31" } ] }
                """).Waivers);

            Assert.Equal(
                "The waiver for vendor 'baidu' and package 'Baidu.AI' expired on 2024-03-31 and no longer silences findings (reason given: legacy OCR, ticket SEC-481). Renew it with a new 'expires' date or remove it.",
                FindingText.WaiverExpired(waiver));
        }

        [Fact]
        public void A_waiver_for_a_whole_vendor_is_named_by_the_vendor_alone()
        {
            var waiver = Assert.Single(PolicyAssert.Valid("""
                { "vendors": [ { "id": "baidu" } ], "waivers": [ { "vendor": "baidu", "reason": "r", "expires": "2024-03-31" } ] }
                """).Waivers);

            Assert.Equal("The waiver for vendor 'baidu'", FindingText.WaiverSubject(waiver));
        }
    }
}
