using System.Linq;
using Xunit;

namespace SupplyChainGuard.Policy.Tests
{
    /// <summary>
    /// "confidence": a match entry, a jurisdiction or a vendor marked unverified still attributes and restricts,
    /// but what rests only on unverified facts is capped at a warning.
    /// </summary>
    public sealed class PolicyConfidenceTests
    {
        private static SupplyChainPolicy Dahua(string nativeLibraries, string extra = "") => PolicyAssert.Valid($$"""
            {
              "vendors": [
                { "id": "dahua", "restricted": true, "severity": "error"{{extra}},
                  "match": { "nativeLibraries": {{nativeLibraries}}, "packages": ["Dahua.Fixture"] } }
              ]
            }
            """);

        [Fact]
        public void A_match_entry_may_be_an_object_with_a_pattern_and_a_confidence()
        {
            var policy = Dahua("""[ { "pattern": "dhnetsdk", "confidence": "unverified" }, "dhplay", { "pattern": "dhconfigsdk" } ]""");

            var libraries = policy.Vendors[0].Match.NativeLibraries;
            Assert.Equal(new[] { "dhnetsdk", "dhplay", "dhconfigsdk" }, libraries.Select(p => p.Pattern));
            Assert.Equal(new[] { true, false, false }, libraries.Select(p => p.IsUnverified));
        }

        [Fact]
        public void A_match_on_an_unverified_signal_alone_is_capped_at_a_warning()
        {
            var matcher = new VendorMatcher(Dahua("""[ { "pattern": "dhnetsdk", "confidence": "unverified" } ]"""));

            var attribution = Assert.Single(matcher.MatchNativeLibrary("dhnetsdk.dll"));
            Assert.True(attribution.IsRestricted);
            Assert.True(attribution.IsUnverified);
            Assert.Equal(PolicySeverity.Warning, attribution.CapSeverity(PolicySeverity.Error));
            Assert.Equal(PolicySeverity.Info, attribution.CapSeverity(PolicySeverity.Info));
            Assert.Equal("native library 'dhnetsdk' (a signal the policy marks unverified)", attribution.StrongestSignal.Describe());
        }

        [Fact]
        public void A_verified_signal_beside_an_unverified_one_keeps_the_vendors_severity()
        {
            var policy = PolicyAssert.Valid("""
                { "vendors": [ { "id": "alibaba", "restricted": true,
                    "match": { "packages": [ { "pattern": "Aliyun.OSS.SDK*", "confidence": "unverified" } ], "owners": ["aliyun"] } } ] }
                """);

            var both = new VendorMatcher(policy).Match(new PublisherEvidence { PackageId = "Aliyun.OSS.SDK.NetCore", Owners = new[] { "aliyun" } });
            var idOnly = new VendorMatcher(policy).Match(new PublisherEvidence { PackageId = "Aliyun.OSS.SDK.NetCore" });

            Assert.False(Assert.Single(both).IsUnverified);
            Assert.Equal(PolicySeverity.Error, Assert.Single(both).CapSeverity(PolicySeverity.Error));
            Assert.True(Assert.Single(idOnly).IsUnverified);
        }

        [Fact]
        public void An_unverified_vendor_is_capped_whatever_matched()
        {
            var policy = Dahua("""["dhnetsdk"]""", ", \"confidence\": \"unverified\"");

            var attribution = Assert.Single(new VendorMatcher(policy).MatchNativeLibrary("dhnetsdk"));
            Assert.True(attribution.IsUnverified);
            Assert.Equal(PolicyConfidence.Unverified, policy.Vendors[0].Confidence);
        }

        [Fact]
        public void A_restriction_that_rests_on_an_unverified_jurisdiction_is_capped()
        {
            var policy = PolicyAssert.Valid("""
                {
                  "restrictedJurisdictions": ["CN", { "code": "mo", "confidence": "unverified" }],
                  "vendors": [
                    { "id": "macau-vendor", "jurisdiction": "MO", "match": { "packages": ["Macau.Fixture"] } },
                    { "id": "cn-vendor", "jurisdiction": "CN", "match": { "packages": ["China.Fixture"] } },
                    { "id": "listed", "jurisdiction": "MO", "restricted": true, "match": { "packages": ["Listed.Fixture"] } }
                  ]
                }
                """);

            Assert.Equal(new[] { "CN", "MO" }, policy.RestrictedJurisdictions);
            Assert.Equal(new[] { "MO" }, policy.UnverifiedJurisdictions);
            var matcher = new VendorMatcher(policy);
            var macau = Assert.Single(matcher.Match(new PublisherEvidence { PackageId = "Macau.Fixture" }));
            Assert.True(macau.IsRestricted);
            Assert.True(macau.IsUnverified);
            Assert.False(Assert.Single(matcher.Match(new PublisherEvidence { PackageId = "China.Fixture" })).IsUnverified);

            // An explicit "restricted": true does not rest on the jurisdiction.
            Assert.False(Assert.Single(matcher.Match(new PublisherEvidence { PackageId = "Listed.Fixture" })).IsUnverified);
        }

        [Fact]
        public void A_later_layer_that_lists_an_unverified_jurisdiction_plainly_verifies_it()
        {
            var policy = PolicyAssert.Valid("""{ "extends": ["preset:us-foreign-adversaries"], "restrictedJurisdictions": ["VE"] }""");

            Assert.Equal(new[] { "MO" }, policy.UnverifiedJurisdictions);
        }

        [Theory]
        [InlineData("""{ "vendors": [ { "id": "x", "match": { "packages": [ { "pattern": "A", "confidence": "maybe" } ] } } ] }""", "\"maybe\"",
            "'confidence' must be \"verified\" or \"unverified\", not \"maybe\"")]
        [InlineData("""{ "vendors": [ { "id": "x", "match": { "packages": [ { "confidence": "unverified" } ] } } ] }""", "{ \"confidence",
            "an object in 'packages' needs a 'pattern'")]
        [InlineData("""{ "vendors": [ { "id": "x", "match": { "packages": [ { "pattern": "A", "note": "n" } ] } } ] }""", "\"note",
            "unknown key 'note' in an entry of 'packages'; expected one of: pattern, confidence")]
        [InlineData("""{ "vendors": [ { "id": "x", "match": { "packages": [ 7 ] } } ] }""", "7",
            "entries of 'packages' must be strings or { \"pattern\": …, \"confidence\": … } objects, not a number")]
        [InlineData("""{ "vendors": [ { "id": "x", "match": { "packages": [ { "pattern": "A**" } ] } } ] }""", "\"A**",
            "'A**' in 'packages' is not a valid glob: '**' has no meaning in a name, use '*'")]
        [InlineData("""{ "restrictedJurisdictions": [ { "code": "XX" } ] }""", "\"XX", "'XX' is not an ISO 3166-1 alpha-2 country code")]
        [InlineData("""{ "vendors": [ { "id": "x", "confidence": "low" } ] }""", "\"low", "'confidence' must be \"verified\" or \"unverified\", not \"low\"")]
        public void A_malformed_confidence_entry_is_an_error_at_its_position(string policy, string at, string message)
        {
            PolicyAssert.SingleError(PolicyAssert.Load(policy), 1, policy.IndexOf(at, System.StringComparison.Ordinal) + 1, message);
        }

        [Theory]
        [InlineData("""{ "reviewed": "2026-02-30" }""", "\"2026", "'reviewed' must be a date written yyyy-MM-dd, not \"2026-02-30\"")]
        [InlineData("""{ "sources": [ { "url": "https://example.test" } ] }""", "{ \"url", "a source needs a 'citation'")]
        [InlineData("""{ "sources": [ { "citation": "x", "url": "example.test/page" } ] }""", "\"example", "a source's 'url' must be an absolute http or https address, not \"example.test/page\"")]
        [InlineData("""{ "vendors": [ { "id": "x", "entities": [""] } ] }""", "\"\"", "an entry of 'entities' must not be empty")]
        [InlineData("""{ "vendors": [ { "id": "x", "reviewed": "yesterday" } ] }""", "\"yesterday", "'reviewed' must be a date written yyyy-MM-dd, not \"yesterday\"")]
        public void Documentation_keys_are_validated_like_every_other_key(string policy, string at, string message)
        {
            PolicyAssert.SingleError(PolicyAssert.Load(policy), 1, policy.IndexOf(at, System.StringComparison.Ordinal) + 1, message);
        }
    }
}
