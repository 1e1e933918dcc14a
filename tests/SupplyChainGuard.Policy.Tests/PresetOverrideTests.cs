using System.Linq;
using Xunit;

namespace SupplyChainGuard.Policy.Tests
{
    /// <summary>
    /// A project policy that extends a preset and overrides one of its vendors: a later vendor with the same id
    /// overrides key by key, match lists accumulate, and switching a vendor off needs a reason that explain shows.
    /// </summary>
    public sealed class PresetOverrideTests
    {
        private const string Fcc = "preset:us-fcc-covered-list";

        [Fact]
        public void Switching_a_preset_vendor_off_with_a_reason_lifts_the_restriction_and_records_who_did_it()
        {
            var policy = PolicyAssert.Valid("""
                {
                  "extends": ["preset:us-fcc-covered-list"],
                  "vendors": [
                    { "id": "huawei", "restricted": false, "reason": "Cleared by legal for the CN region only, LEGAL-77" }
                  ]
                }
                """);

            var huawei = policy.FindVendor("huawei")!;
            Assert.False(policy.IsRestricted(huawei));
            Assert.Equal("Cleared by legal for the CN region only, LEGAL-77", huawei.Reason);
            Assert.Equal(new SourceLocation(TestPaths.Policy, 4, 5), huawei.SwitchedOffBy!.Location);

            // explain: the listing first, then the override with its reason.
            var origins = huawei.DescribeOrigins();
            Assert.Equal(2, origins.Count);
            Assert.StartsWith(Fcc + "(", origins[0]);
            Assert.Contains("\"restricted\": true; reason: Listed on the FCC Covered List", origins[0]);
            Assert.Equal($"{TestPaths.Policy}(4,5): \"restricted\": false; reason: Cleared by legal for the CN region only, LEGAL-77", origins[1]);

            // The preset's signals still attribute the package; only the verdict changes.
            Assert.Contains(huawei.Match.Packages, p => p.Pattern == "HuaweiCloud.SDK.*");
            Assert.True(policy.IsRestricted(policy.FindVendor("zte")!));
        }

        [Theory]
        [InlineData("\"restricted\": false", "\"restricted\": false")]
        [InlineData("\"severity\": \"none\"", "\"severity\": \"none\"")]
        public void Switching_a_preset_vendor_off_without_a_reason_is_an_error(string key, string said)
        {
            var result = PolicyAssert.Load($$"""
                {
                  "extends": ["preset:us-fcc-covered-list"],
                  "vendors": [ { "id": "hikvision", {{key}} } ]
                }
                """);

            PolicyAssert.SingleError(result, 3, 16,
                $"vendor 'hikvision' sets {said} over the definition in {Fcc}; give the 'reason' it is switched off, so that explain can report it");
        }

        [Fact]
        public void Raising_the_severity_keeps_the_listing_reason_and_signals()
        {
            var policy = PolicyAssert.Valid("""
                { "extends": ["preset:us-fcc-covered-list"], "vendors": [ { "id": "Huawei", "severity": "error" } ] }
                """);

            var huawei = policy.FindVendor("huawei")!;
            Assert.Equal("huawei", huawei.Id);
            Assert.Equal(PolicySeverity.Error, huawei.Severity);
            Assert.True(huawei.Restricted);
            Assert.StartsWith("Listed on the FCC Covered List", huawei.Reason);
            Assert.Equal("Huawei Technologies Company", huawei.Name);
            Assert.NotEmpty(huawei.Sources);
            Assert.NotEmpty(huawei.Alternatives);
        }

        [Fact]
        public void Lowering_the_severity_to_info_needs_no_reason()
        {
            var policy = PolicyAssert.Valid("""
                { "extends": ["preset:us-fcc-covered-list"], "vendors": [ { "id": "dji", "severity": "info" } ] }
                """);

            Assert.Equal(PolicySeverity.Info, policy.FindVendor("dji")!.Severity);
        }

        [Fact]
        public void Added_signals_accumulate_with_the_presets_own()
        {
            var policy = PolicyAssert.Valid("""
                {
                  "extends": ["preset:us-fcc-covered-list"],
                  "vendors": [
                    { "id": "hikvision", "match": { "nativeLibraries": ["PlayCtrl"], "packages": ["Contoso.Hikvision.Bridge"] } }
                  ]
                }
                """);

            var match = policy.FindVendor("hikvision")!.Match;
            Assert.Equal(new[] { "HCNetSDK", "PlayCtrl" }, match.NativeLibraries.Select(p => p.Pattern));
            Assert.Equal(new[] { "Contoso.Hikvision.Bridge" }, match.Packages.Select(p => p.Pattern));
        }

        [Fact]
        public void Writing_an_unverified_pattern_again_as_a_plain_string_verifies_it()
        {
            var policy = PolicyAssert.Valid("""
                { "extends": ["preset:us-fcc-covered-list"], "vendors": [ { "id": "dahua", "match": { "nativeLibraries": ["dhnetsdk"] } } ] }
                """);

            Assert.False(Assert.Single(policy.FindVendor("dahua")!.Match.NativeLibraries).IsUnverified);
        }

        [Fact]
        public void Alternatives_are_replaced_when_the_override_gives_them_and_kept_when_it_does_not()
        {
            var replaced = PolicyAssert.Valid("""
                { "extends": ["preset:us-fcc-covered-list"], "vendors": [ { "id": "huawei", "alternatives": [ { "package": "Contoso.Storage" } ] } ] }
                """);
            var kept = PolicyAssert.Valid("""
                { "extends": ["preset:us-fcc-covered-list"], "vendors": [ { "id": "huawei", "severity": "error" } ] }
                """);

            Assert.Equal("Contoso.Storage", Assert.Single(replaced.FindVendor("huawei")!.Alternatives).Package);
            Assert.Equal(new[] { "AWSSDK.S3", "Azure.Storage.Blobs", "Google.Cloud.Storage.V1" }, kept.FindVendor("huawei")!.Alternatives.Select(a => a.Package));
        }

        [Fact]
        public void Two_presets_listing_the_same_vendor_merge_in_extends_order()
        {
            var policy = PolicyAssert.Valid("""{ "extends": ["preset:us-fcc-covered-list", "preset:us-ndaa-889"] }""");

            var huawei = policy.FindVendor("huawei")!;
            Assert.StartsWith("Named in section 889", huawei.Reason); // the later layer's reason
            Assert.Equal(new[] { "preset:us-fcc-covered-list", "preset:us-ndaa-889" }, huawei.Origins.Select(o => o.Location.FilePath));
            Assert.Contains(huawei.Sources, s => s.Citation.StartsWith("47 CFR 1.50002"));
            Assert.Contains(huawei.Sources, s => s.Citation.StartsWith("Section 889"));
            Assert.Equal(1, policy.Vendors.Count(v => v.Id == "huawei"));
            Assert.Equal(new[] { "us-fcc-covered-list", "us-ndaa-889" }, policy.Presets.Select(p => p.Id));
        }

        [Fact]
        public void The_same_preset_reached_twice_is_one_definition_not_an_override()
        {
            var org = TestPaths.At("org", "supplychainguard.json");
            var files = new InMemoryPolicyFiles().Add(org, """{ "extends": ["preset:us-kaspersky"] }""");

            var policy = PolicyAssert.Valid("""{ "extends": ["../org/supplychainguard.json", "preset:us-kaspersky"] }""", files);

            var kaspersky = Assert.Single(policy.Vendors);
            Assert.Single(kaspersky.Origins);
            Assert.Null(kaspersky.SwitchedOffBy);
        }

        [Fact]
        public void An_override_in_an_org_policy_is_itself_overridden_by_the_project()
        {
            var org = TestPaths.At("org", "supplychainguard.json");
            var files = new InMemoryPolicyFiles().Add(org, """
                { "extends": ["preset:us-pafaca"], "vendors": [ { "id": "bytedance", "restricted": false, "reason": "org: CDN contract ORG-5" } ] }
                """);

            var policy = PolicyAssert.Valid("""
                { "extends": ["../org/supplychainguard.json"], "vendors": [ { "id": "bytedance", "restricted": true, "reason": "project: no exception here" } ] }
                """, files);

            var bytedance = policy.FindVendor("bytedance")!;
            Assert.True(policy.IsRestricted(bytedance));
            Assert.Equal("project: no exception here", bytedance.Reason);
            Assert.Equal(3, bytedance.Origins.Count);
            Assert.Null(bytedance.SwitchedOffBy);
        }

        [Fact]
        public void A_jurisdiction_vendor_of_the_adversaries_preset_is_switched_off_the_same_way()
        {
            var policy = PolicyAssert.Valid("""
                { "extends": ["preset:us-foreign-adversaries"], "vendors": [ { "id": "qiniu", "restricted": false, "reason": "EU-hosted tenant, SEC-90" } ] }
                """);

            Assert.False(policy.IsRestricted(policy.FindVendor("qiniu")!));
            Assert.True(policy.IsRestricted(policy.FindVendor("baidu")!));
        }
    }
}
