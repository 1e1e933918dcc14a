using System.Linq;
using SupplyChainGuard.Diagnostics;
using SupplyChainGuard.Policy;
using Xunit;

namespace SupplyChainGuard.Packages.Tests.Identity
{
    /// <summary>Findings resting only on free text say so, and the policy's <c>weakSignals</c> decides what they do.</summary>
    public sealed class WeakSignalTests
    {
        private static SupplyChainPolicy Policy(string weakSignals = "", string severity = "\"severity\": \"error\",") => Policies.Load($$"""
            {
              {{weakSignals}}
              "restrictedJurisdictions": ["CN"],
              "vendors": [
                { "id": "baidu", "name": "Baidu, Inc.", "jurisdiction": "CN", {{severity}}
                  "match": { "owners": ["Baidu-AI"], "authors": ["Baidu"], "repositories": ["github.com/Baidu-AIP/*"] } },
                { "id": "tencent", "name": "Tencent", "jurisdiction": "CN", "match": { "owners": ["tencentcloudapi"] } },
                { "id": "microsoft", "name": "Microsoft Corporation", "restricted": false, "match": { "owners": ["Microsoft"], "authors": ["Microsoft"] } }
              ]
            }
            """);

        /// <summary>An unsigned package whose only link to Baidu is its nuspec's authors.</summary>
        private static IdentityScenario AuthorsOnly() => new IdentityScenario().Direct("Ocr.Helper").Package("Ocr.Helper", authors: "Baidu");

        [Fact]
        public void A_finding_resting_only_on_authors_says_it_is_weak_and_is_at_most_a_warning_by_default()
        {
            var finding = Assert.Single(AuthorsOnly().Check(Policy()).Findings);

            Assert.Equal((RuleIdentifiers.DirectPackage, PolicySeverity.Warning, SignalStrength.Weak), (finding.RuleId, finding.Severity, finding.Evidence));
            Assert.Equal(
                "Package 'Ocr.Helper' 1.0.0 is published by 'Baidu, Inc.' (vendor 'baidu', CN), which the policy restricts: "
                + "author 'Baidu' in the nuspec (weak: free text in the nuspec, not verified by a signature). "
                + "Resting on free text only, it is a warning, not an error (\"weakSignals\": \"report\").",
                finding.Message);
        }

        [Fact]
        public void Warn_makes_a_weak_finding_a_warning_even_for_a_vendor_at_info()
        {
            var finding = Assert.Single(AuthorsOnly().Check(Policy("\"weakSignals\": \"warn\",", "\"severity\": \"info\",")).Findings);

            Assert.Equal(PolicySeverity.Warning, finding.Severity);
            Assert.Contains("(weak: free text in the nuspec, not verified by a signature)", finding.Message);
        }

        [Fact]
        public void Only_a_weak_finding_of_a_vendor_at_error_says_it_was_capped()
        {
            var weakAtWarning = Assert.Single(AuthorsOnly().Check(Policy(severity: string.Empty)).Findings);
            var strongAtError = Assert.Single(new IdentityScenario().Direct("Baidu.AI").Package("Baidu.AI", "4.15.10", owners: new[] { "Baidu-AI" }).Check(Policy()).Findings);

            Assert.Equal(
                "Package 'Ocr.Helper' 1.0.0 is published by 'Baidu, Inc.' (vendor 'baidu', CN), which the policy restricts: "
                + "author 'Baidu' in the nuspec (weak: free text in the nuspec, not verified by a signature).",
                weakAtWarning.Message);
            Assert.Equal(
                "Package 'Baidu.AI' 4.15.10 is published by 'Baidu, Inc.' (vendor 'baidu', CN), which the policy restricts: owner 'Baidu-AI' in the repository signature.",
                strongAtError.Message);
            Assert.Equal(PolicySeverity.Error, strongAtError.Severity);
        }

        [Fact]
        public void Report_keeps_a_lower_vendor_severity()
        {
            var finding = Assert.Single(AuthorsOnly().Check(Policy("\"weakSignals\": \"report\",", "\"severity\": \"info\",")).Findings);

            Assert.Equal(PolicySeverity.Info, finding.Severity);
        }

        [Fact]
        public void Ignore_drops_a_weak_finding_but_the_verdict_still_records_it()
        {
            var result = AuthorsOnly().Check(Policy("\"weakSignals\": \"ignore\","));

            Assert.Empty(result.Findings);
            var verdict = Assert.Single(result.Verdicts);
            Assert.True(verdict.IsRestricted);
            Assert.True(verdict.RestrictingVendor!.IsWeak);
        }

        [Fact]
        public void Strong_and_weak_evidence_for_one_vendor_names_the_strong_first_and_keeps_the_vendors_severity()
        {
            var result = new IdentityScenario().Direct("Baidu.AI")
                .Package("Baidu.AI", "4.15.10", owners: new[] { "Baidu-AI", "chenxiaoyu3" }, authors: "Baidu")
                .Check(Policy("\"weakSignals\": \"ignore\","));

            var finding = Assert.Single(result.Findings);
            Assert.Equal((PolicySeverity.Error, SignalStrength.Strong), (finding.Severity, finding.Evidence));
            Assert.Contains("restricts: owner 'Baidu-AI' in the repository signature; author 'Baidu' in the nuspec.", finding.Message);
            Assert.DoesNotContain("weak:", finding.Message);
        }

        [Fact]
        public void A_nuspec_claiming_Microsoft_whose_owners_are_a_restricted_vendors_is_that_vendors_by_owner_and_says_the_claim_was_set_aside()
        {
            var result = new IdentityScenario().Direct("Fabrikam.Telemetry")
                .Package("Fabrikam.Telemetry", "3.1.0", owners: new[] { "tencentcloudapi" }, authors: "Microsoft")
                .Check(Policy());

            var finding = Assert.Single(result.Findings);
            Assert.Equal("tencent", finding.Verdict.RestrictingVendor!.Vendor.Id);
            Assert.Equal(
                "Package 'Fabrikam.Telemetry' 3.1.0 is published by 'Tencent' (vendor 'tencent', CN), which the policy restricts: owner 'tencentcloudapi' in the repository signature. "
                + "Its nuspec claims 'Microsoft Corporation' (vendor 'microsoft') with author 'Microsoft' in the nuspec, but its signature names someone else, so the claim is set aside.",
                finding.Message);
            Assert.Empty(result.Notes); // the finding says it already
        }

        [Fact]
        public void Authors_claiming_a_restricted_vendor_of_a_package_signed_by_others_are_overruled_and_the_log_says_so()
        {
            var result = new IdentityScenario().Direct("Contoso.Ocr")
                .Package("Contoso.Ocr", owners: new[] { "contoso" }, authors: "Baidu")
                .Check(Policy());

            Assert.Empty(result.Findings);
            var baidu = Assert.Single(Assert.Single(result.Verdicts).Attributions);
            Assert.Empty(baidu.Signals);
            Assert.Equal(SignalKind.Author, Assert.Single(baidu.Overruled).Kind);
            Assert.Equal(
                "SupplyChainGuard: 'Contoso.Ocr' 1.0.0: Its nuspec claims 'Baidu, Inc.' (vendor 'baidu', CN) with author 'Baidu' in the nuspec, but its signature names someone else, so the claim is set aside.",
                Assert.Single(result.Notes));
        }

        [Fact]
        public void The_hand_over_carries_the_weak_flag_only_where_it_is_set_and_reads_without_it()
        {
            var handover = new PackageHandover();
            handover.Packages.Add(new PackageHandover.RestrictedPackage { Id = "Ocr.Helper", Version = "1.0.0", Vendor = "baidu", Weak = true });
            handover.Packages.Add(new PackageHandover.RestrictedPackage { Id = "Baidu.AI", Version = "4.15.10", Vendor = "baidu" });

            var json = handover.ToJson();
            var read = PackageHandover.FromJson(json)!;

            Assert.Equal(new[] { true, false }, read.Packages.Select(p => p.Weak));
            Assert.Equal(1, json.Split('\n').Count(l => l.Contains("\"weak\"")));
            var without = PackageHandover.FromJson(json.Replace(",\n      \"weak\": true", string.Empty))!;
            Assert.All(without.Packages, p => Assert.False(p.Weak));
            Assert.Equal(2, without.Packages.Count);
        }
    }
}
