using System.Linq;
using SupplyChainGuard.Diagnostics;
using SupplyChainGuard.Policy;
using Xunit;

namespace SupplyChainGuard.Packages.Tests.Identity
{
    /// <summary>SCG0004: a package id that imitates a policy vendor's id, which that vendor's signature does not back.</summary>
    public sealed class LookalikePackageTests
    {
        private const string CyrillicBaidu = "B\u0430idu.AI";

        private static SupplyChainPolicy Baidu(string severity = "", string mode = "deny", string extraVendors = "") => Policies.Load($$"""
            {
              "mode": "{{mode}}",
              "restrictedJurisdictions": ["CN"],
              "vendors": [
                {
                  "id": "baidu", "name": "Baidu, Inc.", "jurisdiction": "CN", {{severity}}
                  "match": { "owners": ["Baidu-AI"], "packages": ["Baidu.AI", "Baidu-AI*"] }
                }{{extraVendors}}
              ]
            }
            """);

        [Fact]
        public void A_Cyrillic_a_in_Baidu_AI_signed_by_someone_else_is_SCG0004_naming_the_imitated_id_and_the_code_point()
        {
            var result = new IdentityScenario()
                .Direct(CyrillicBaidu)
                .Package(CyrillicBaidu, "4.15.10", owners: new[] { "mallory" })
                .Check(Baidu());

            var finding = Assert.Single(result.Findings);
            Assert.Equal((RuleIdentifiers.LookalikePackage, PolicySeverity.Warning, CyrillicBaidu), (finding.RuleId, finding.Severity, finding.DirectPackageId));
            Assert.Equal(
                $"Package '{CyrillicBaidu}' 4.15.10 has an id that looks like 'Baidu.AI' of 'Baidu, Inc.' (vendor 'baidu', CN), but that vendor's owners or certificate do not sign it: "
                + "'\u0430' (U+0430 CYRILLIC SMALL LETTER A) in place of 'a' (U+0061), a Unicode confusable (UTS #39). The id mixes scripts: Latin, Cyrillic. "
                + "It is signed with owner 'mallory' in the repository signature.",
                finding.Message);
            Assert.Equal("baidu", finding.Verdict.Lookalike!.Vendor.Id);
        }

        [Fact]
        public void Lower_case_L_for_capital_I_is_SCG0004_and_says_it_is_an_ascii_lookalike()
        {
            var result = new IdentityScenario().Direct("Baidu.Al").Package("Baidu.Al", owners: new[] { "mallory" }).Check(Baidu());

            var finding = Assert.Single(result.Findings);
            Assert.Equal(RuleIdentifiers.LookalikePackage, finding.RuleId);
            Assert.Contains("looks like 'Baidu.AI'", finding.Message);
            Assert.Contains("'l' (U+006C) in place of 'I' (U+0049), an ASCII look-alike", finding.Message);
        }

        [Fact]
        public void An_ascii_lookalike_message_names_the_difference_and_says_an_unsigned_package_is_not_signed()
        {
            var finding = Assert.Single(new IdentityScenario().Direct("Baidu.Al").Package("Baidu.Al").Check(Baidu()).Findings);

            Assert.Equal(
                "Package 'Baidu.Al' 1.0.0 has an id that looks like 'Baidu.AI' of 'Baidu, Inc.' (vendor 'baidu', CN), but that vendor's owners or certificate do not sign it: "
                + "'l' (U+006C) in place of 'I' (U+0049), an ASCII look-alike. It is not signed.",
                finding.Message);
        }

        [Fact]
        public void The_lookalike_message_names_the_certificate_of_an_author_signed_package()
        {
            var finding = Assert.Single(new IdentityScenario().Direct("Baidu.Al")
                .Package("Baidu.Al", signature: "Author", certificateSubject: "CN=Mallory Ltd", fingerprint: "AB12")
                .Check(Baidu()).Findings);

            Assert.EndsWith("an ASCII look-alike. It is author-signed by 'CN=Mallory Ltd'.", finding.Message);
        }

        [Fact]
        public void The_lookalike_message_names_every_owner_and_the_signature_that_names_them()
        {
            var several = Assert.Single(new IdentityScenario().Direct("Baidu.Al")
                .Package("Baidu.Al", owners: new[] { "mallory", "eve" }).Check(Baidu()).Findings);
            var countersigned = Assert.Single(new IdentityScenario().Direct("Baidu.Al")
                .Package("Baidu.Al", owners: new[] { "mallory" }, signature: "Author", certificateSubject: "CN=Mallory Ltd").Check(Baidu()).Findings);
            var unnamed = new IdentityScenario().Direct("Baidu.Al").Package("Baidu.Al", owners: new[] { "mallory" });
            unnamed.IdentityOf("Baidu.Al").OwnersSource = null;

            Assert.EndsWith("It is signed with owners 'mallory', 'eve' in the repository signature.", several.Message);
            Assert.EndsWith("It is signed with owner 'mallory' in the repository countersignature.", countersigned.Message);
            Assert.EndsWith("It is signed with owner 'mallory' in the repository signature.", Assert.Single(unnamed.Check(Baidu()).Findings).Message);
        }

        [Fact]
        public void A_non_ascii_id_a_vendors_glob_matches_as_written_is_still_a_lookalike()
        {
            // "Baidu.*" matches the id as written, but its Cyrillic capital A passes it off as Baidu.AI.
            var policy = Policies.Load("""
                { "restrictedJurisdictions": ["CN"],
                  "vendors": [ { "id": "baidu", "name": "Baidu, Inc.", "jurisdiction": "CN", "match": { "owners": ["Baidu-AI"], "packages": ["Baidu.*"] } } ] }
                """);

            var result = new IdentityScenario().Direct("Baidu.\u0410I").Package("Baidu.\u0410I", owners: new[] { "mallory" }).Check(policy);

            // Restricted by its id, and a look-alike of the vendor's own Baidu.AI.
            Assert.Equal(new[] { RuleIdentifiers.DirectPackage, RuleIdentifiers.LookalikePackage }, result.Findings.Select(f => f.RuleId));
            Assert.Equal("Baidu.AI", result.Findings[1].Verdict.Lookalike!.Lookalike.ImitatedId);
        }

        [Fact]
        public void An_id_equal_once_folded_wins_over_one_an_edit_away_whatever_the_order_of_the_patterns()
        {
            var policy = Policies.Load("""
                { "restrictedJurisdictions": ["CN"],
                  "vendors": [ { "id": "baidu", "name": "Baidu, Inc.", "jurisdiction": "CN", "match": { "owners": ["Baidu-AI"], "packages": ["Baidu.AIP", "Baidu.AI"] } } ] }
                """);

            var finding = Assert.Single(new IdentityScenario().Direct(CyrillicBaidu).Package(CyrillicBaidu, owners: new[] { "mallory" }).Check(policy).Findings);

            Assert.Equal("Baidu.AI", finding.Verdict.Lookalike!.Lookalike.ImitatedId);
        }

        [Fact]
        public void A_later_vendors_id_is_imitated_when_an_earlier_vendors_is_not_and_an_exact_imitation_beats_a_near_one()
        {
            var policy = Policies.Load("""
                { "restrictedJurisdictions": ["CN"],
                  "vendors": [
                    { "id": "acme", "name": "Acme", "jurisdiction": "US", "match": { "owners": ["acme"], "packages": ["Baidu.AIX"] } },
                    { "id": "baidu", "name": "Baidu, Inc.", "jurisdiction": "CN", "match": { "owners": ["Baidu-AI"], "packages": ["Baidu.AI"] } } ] }
                """);
            var onlyBaidu = Policies.Load("""
                { "vendors": [
                    { "id": "tencent", "name": "Tencent", "match": { "owners": ["tencentcloudapi"], "packages": ["Tencent.Cos"] } },
                    { "id": "baidu", "name": "Baidu, Inc.", "match": { "owners": ["Baidu-AI"], "packages": ["Baidu.AI"] } } ] }
                """);

            var exact = Assert.Single(new IdentityScenario().Direct(CyrillicBaidu).Package(CyrillicBaidu, owners: new[] { "mallory" }).Check(policy).Findings);
            var later = Assert.Single(new IdentityScenario().Direct("Baidu.Al").Package("Baidu.Al").Check(onlyBaidu).Findings);

            Assert.Equal(("baidu", "Baidu.AI"), (exact.Verdict.Lookalike!.Vendor.Id, exact.Verdict.Lookalike.Lookalike.ImitatedId));
            Assert.Equal(("baidu", "Baidu.AI"), (later.Verdict.Lookalike!.Vendor.Id, later.Verdict.Lookalike.Lookalike.ImitatedId));
        }

        [Fact]
        public void Every_difference_is_named_in_the_message()
        {
            const string twice = "B\u0430idu.\u0410I";

            var finding = Assert.Single(new IdentityScenario().Direct(twice).Package(twice, owners: new[] { "mallory" }).Check(Baidu()).Findings);

            Assert.Contains("do not sign it: '\u0430' (U+0430 CYRILLIC SMALL LETTER A) in place of 'a' (U+0061), a Unicode confusable (UTS #39); '\u0410' (U+0410 CYRILLIC CAPITAL LETTER A) in place of 'A' (U+0041)", finding.Message);
        }

        [Fact]
        public void The_vendors_own_owners_establish_the_package_so_a_near_id_of_theirs_is_not_a_lookalike()
        {
            var result = new IdentityScenario().Direct("Baidu.AIP").Package("Baidu.AIP", owners: new[] { "Baidu-AI" }).Check(Baidu());

            Assert.DoesNotContain(result.Findings, f => f.RuleId == RuleIdentifiers.LookalikePackage);
            Assert.Equal(RuleIdentifiers.DirectPackage, Assert.Single(result.Findings).RuleId); // and restricted, by owner
        }

        [Fact]
        public void The_vendors_own_id_signed_by_someone_else_is_restricted_by_id_not_a_lookalike()
        {
            var result = new IdentityScenario().Direct("Baidu.AI").Package("Baidu.AI", owners: new[] { "mallory" }).Check(Baidu());

            var finding = Assert.Single(result.Findings);
            Assert.Equal(RuleIdentifiers.DirectPackage, finding.RuleId);
            Assert.Contains("package id 'Baidu.AI'", finding.Message);
        }

        [Fact]
        public void A_vendor_severity_below_warning_does_not_lower_SCG0004_and_error_raises_it()
        {
            var info = new IdentityScenario().Direct("Baidu.Al").Package("Baidu.Al").Check(Baidu("\"severity\": \"none\","));
            Assert.Equal(PolicySeverity.Warning, Assert.Single(info.Findings, f => f.RuleId == RuleIdentifiers.LookalikePackage).Severity);

            var error = new IdentityScenario().Direct("Baidu.Al").Package("Baidu.Al").Check(Baidu("\"severity\": \"error\","));
            Assert.Equal(PolicySeverity.Error, Assert.Single(error.Findings, f => f.RuleId == RuleIdentifiers.LookalikePackage).Severity);
        }

        [Fact]
        public void An_imitated_id_the_policy_marks_unverified_keeps_SCG0004_a_warning_under_a_vendor_error()
        {
            var policy = Policies.Load("""
                {
                  "restrictedJurisdictions": ["CN"],
                  "vendors": [ { "id": "baidu", "jurisdiction": "CN", "severity": "error",
                    "match": { "packages": [ { "pattern": "Baidu.AI", "confidence": "unverified" } ] } } ]
                }
                """);

            var finding = Assert.Single(new IdentityScenario().Direct("Baidu.Al").Package("Baidu.Al").Check(policy).Findings);

            Assert.Equal((RuleIdentifiers.LookalikePackage, PolicySeverity.Warning), (finding.RuleId, finding.Severity));
        }

        [Fact]
        public void In_allowlist_mode_a_lookalike_of_an_allowed_vendors_id_is_SCG0003_and_SCG0004()
        {
            var policy = Policies.Load("""
                {
                  "mode": "allowlist",
                  "vendors": [
                    { "id": "newtonsoft", "name": "Newtonsoft", "restricted": false,
                      "match": { "owners": ["newtonsoft", "jamesnk"], "packages": ["Newtonsoft.Json"], "authors": ["James Newton-King"] } }
                  ]
                }
                """);
            const string lookalike = "Newtonsoft.Js\u03BFn";

            var result = new IdentityScenario().Direct(lookalike).Package(lookalike, "13.0.1", owners: new[] { "mallory" }, authors: "James Newton-King").Check(policy);

            Assert.Equal(new[] { RuleIdentifiers.PackageNotAllowed, RuleIdentifiers.LookalikePackage }, result.Findings.Select(f => f.RuleId));
            Assert.Contains("looks like 'Newtonsoft.Json' of 'Newtonsoft' (vendor 'newtonsoft')", result.Findings[1].Message);
            Assert.Contains("GREEK SMALL LETTER OMICRON", result.Findings[1].Message);
            // The nuspec's author claim was overruled by the signature, and the allowlist finding says so.
            Assert.Contains("Its nuspec claims 'Newtonsoft' (vendor 'newtonsoft') with author 'James Newton-King' in the nuspec, but its signature names someone else", result.Findings[0].Message);
        }

        [Fact]
        public void A_transitive_lookalike_is_reported_on_the_reference_that_brings_it_in_with_the_path()
        {
            var result = new IdentityScenario()
                .Direct("Acme.Ocr")
                .Package("Acme.Ocr", owners: new[] { "acme" }, dependencies: new[] { "Baidu-Al.Ocr" })
                .Package("Baidu-Al.Ocr", owners: new[] { "mallory" })
                .Check(Baidu());

            var finding = Assert.Single(result.Findings);
            Assert.Equal((RuleIdentifiers.LookalikePackage, "Acme.Ocr"), (finding.RuleId, finding.DirectPackageId));
            Assert.Contains("looks like 'Baidu-AI.Ocr'", finding.Message);
            Assert.EndsWith("It comes in through 'Acme.Ocr': App -> Acme.Ocr 1.0.0 -> Baidu-Al.Ocr 1.0.0.", finding.Message);
        }

        [Fact]
        public void A_waiver_for_the_vendor_never_silences_a_lookalike_of_it_but_NoWarn_on_the_reference_does()
        {
            var policy = Policies.Load("""
                {
                  "restrictedJurisdictions": ["CN"],
                  "vendors": [ { "id": "baidu", "jurisdiction": "CN", "match": { "owners": ["Baidu-AI"], "packages": ["Baidu.AI"] } } ],
                  "waivers": [ { "vendor": "baidu", "reason": "legacy OCR", "expires": "2099-01-01" } ]
                }
                """);
            var scenario = new IdentityScenario().Direct("Baidu.Al").Package("Baidu.Al");

            Assert.Equal(RuleIdentifiers.LookalikePackage, Assert.Single(scenario.Check(policy).Findings).RuleId);
            var silenced = scenario.Check(policy, r => r.IsSuppressedOnReference = (id, code) => id == "Baidu.Al" && code == RuleIdentifiers.LookalikePackage);
            Assert.Empty(silenced.Findings);
        }

        [Fact]
        public void An_unreadable_lookalike_is_still_SCG0004_because_its_id_comes_from_the_graph()
        {
            var scenario = new IdentityScenario().Direct("Baidu.Al").Package("Baidu.Al");
            scenario.IdentityOf("Baidu.Al").Problem = "the .nupkg is not a valid zip archive";

            var result = scenario.Check(Baidu());

            Assert.Equal(new[] { RuleIdentifiers.LookalikePackage, RuleIdentifiers.UnreadablePackage }, result.Findings.Select(f => f.RuleId));
            Assert.Contains("Its signature could not be read.", result.Findings[0].Message);
        }

        [Fact]
        public void A_lookalike_of_one_vendor_published_by_a_restricted_other_is_both_SCG0001_and_SCG0004()
        {
            var policy = Baidu(extraVendors: """
                , { "id": "tencent", "name": "Tencent", "jurisdiction": "CN", "match": { "owners": ["tencentcloudapi"] } }
                """);

            var result = new IdentityScenario().Direct(CyrillicBaidu).Package(CyrillicBaidu, owners: new[] { "tencentcloudapi" }).Check(policy);

            Assert.Equal(new[] { RuleIdentifiers.DirectPackage, RuleIdentifiers.LookalikePackage }, result.Findings.Select(f => f.RuleId));
            Assert.Equal("tencent", result.Findings[0].Verdict.RestrictingVendor!.Vendor.Id);
        }
    }
}
