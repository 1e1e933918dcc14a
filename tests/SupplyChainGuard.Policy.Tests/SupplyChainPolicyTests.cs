using System;
using Xunit;

namespace SupplyChainGuard.Policy.Tests
{
    /// <summary>The merged policy: is a vendor restricted, and finding vendors by id.</summary>
    public class SupplyChainPolicyTests
    {
        private static VendorPolicy Vendor(string id, string? jurisdiction = null, bool? restricted = null) =>
            new VendorPolicy(id, null, jurisdiction, restricted, null, null, VendorMatchPolicy.Empty,
                Array.Empty<AlternativePolicy>(), new SourceLocation(TestPaths.Policy, 1, 1));

        private static SupplyChainPolicy Policy(string[] restrictedJurisdictions, params VendorPolicy[] vendors) =>
            new SupplyChainPolicy(PolicyMode.Deny, restrictedJurisdictions, vendors, Array.Empty<WaiverPolicy>(), new[] { TestPaths.Policy });

        [Fact]
        public void Vendor_in_a_restricted_jurisdiction_is_restricted()
        {
            var baidu = Vendor("baidu", jurisdiction: "CN");

            Assert.True(Policy(new[] { "CN", "RU" }, baidu).IsRestricted(baidu));
        }

        [Fact]
        public void Vendor_elsewhere_is_not_restricted()
        {
            var contoso = Vendor("contoso", jurisdiction: "US");

            Assert.False(Policy(new[] { "CN", "RU" }, contoso).IsRestricted(contoso));
        }

        [Fact]
        public void Vendor_without_a_jurisdiction_or_flag_is_not_restricted()
        {
            var unknown = Vendor("unknown");

            Assert.False(Policy(new[] { "CN" }, unknown).IsRestricted(unknown));
        }

        [Fact]
        public void Jurisdiction_comparison_ignores_case()
        {
            var baidu = Vendor("baidu", jurisdiction: "cn");

            Assert.True(Policy(new[] { "CN" }, baidu).IsRestricted(baidu));
        }

        [Fact]
        public void Explicit_restricted_false_wins_over_a_restricted_jurisdiction()
        {
            var exempt = Vendor("exempt", jurisdiction: "CN", restricted: false);

            Assert.False(Policy(new[] { "CN" }, exempt).IsRestricted(exempt));
        }

        [Fact]
        public void Explicit_restricted_true_wins_over_an_unrestricted_jurisdiction()
        {
            var kaspersky = Vendor("kaspersky", jurisdiction: "GB", restricted: true);

            Assert.True(Policy(Array.Empty<string>(), kaspersky).IsRestricted(kaspersky));
        }

        [Fact]
        public void FindVendor_looks_up_ids_ignoring_case()
        {
            var baidu = Vendor("baidu");
            var policy = Policy(Array.Empty<string>(), baidu, Vendor("tencent"));

            Assert.Same(baidu, policy.FindVendor("Baidu"));
            Assert.Null(policy.FindVendor("alibaba"));
        }

        [Fact]
        public void Empty_policy_denies_nothing_and_has_no_sources()
        {
            var empty = SupplyChainPolicy.Empty;

            Assert.Equal(PolicyMode.Deny, empty.Mode);
            Assert.Empty(empty.Vendors);
            Assert.Empty(empty.Waivers);
            Assert.Empty(empty.RestrictedJurisdictions);
            Assert.Empty(empty.SourceFiles);
        }

        [Fact]
        public void Restriction_follows_the_loaded_policy_file()
        {
            var policy = PolicyAssert.Valid("""
                {
                  "restrictedJurisdictions": ["CN"],
                  "vendors": [
                    { "id": "baidu", "jurisdiction": "CN" },
                    { "id": "exempt", "jurisdiction": "CN", "restricted": false },
                    { "id": "contoso", "jurisdiction": "US" }
                  ]
                }
                """);

            Assert.True(policy.IsRestricted(policy.FindVendor("baidu")!));
            Assert.False(policy.IsRestricted(policy.FindVendor("exempt")!));
            Assert.False(policy.IsRestricted(policy.FindVendor("contoso")!));
        }

        [Theory]
        [InlineData("AWSSDK.Textract", null, "AWSSDK.Textract")]
        [InlineData("AWSSDK.Textract", "", "AWSSDK.Textract")]
        [InlineData("AWSSDK.Textract", "OCR", "AWSSDK.Textract (OCR)")]
        [InlineData(null, null, "Amazon.Textract, Amazon.Textract.AmazonTextractClient")]
        [InlineData(null, "OCR", "Amazon.Textract, Amazon.Textract.AmazonTextractClient (OCR)")]
        public void An_alternative_reads_as_its_package_or_its_replacements_and_its_note(string? package, string? note, string text)
        {
            var alternative = new AlternativePolicy(package, note,
                new System.Collections.Generic.Dictionary<string, string> { ["Baidu.Aip.Ocr"] = "Amazon.Textract" },
                new System.Collections.Generic.Dictionary<string, string> { ["Baidu.Aip.Ocr.Ocr"] = "Amazon.Textract.AmazonTextractClient" });

            Assert.Equal(text, alternative.ToString());
        }

        [Theory]
        [InlineData(null, "47 CFR 1.50002")]
        [InlineData("https://www.ecfr.gov/current/title-47/section-1.50002", "47 CFR 1.50002 <https://www.ecfr.gov/current/title-47/section-1.50002>")]
        public void A_source_reads_as_its_citation_and_its_address_when_it_has_one(string? url, string text)
        {
            Assert.Equal(text, new PolicySource("47 CFR 1.50002", url).ToString());
        }
    }
}
