using System.IO;
using System.Linq;
using Xunit;

namespace SupplyChainGuard.Policy.Tests
{
    /// <summary>
    /// "extends": each entry in the order written (itself already merged), then the file's own content.
    /// Later layers win for mode and for a vendor id; jurisdictions and waivers accumulate.
    /// </summary>
    public class PolicyMergeTests
    {
        private static readonly string OrgPolicy = TestPaths.At("org", "supplychainguard.json");
        private static readonly string SharedBase = TestPaths.At("org", "shared", "base.json");

        [Fact]
        public void Relative_extends_paths_resolve_against_the_directory_of_the_file_that_names_them()
        {
            var files = new InMemoryPolicyFiles()
                .Add(OrgPolicy, """{ "extends": ["shared/base.json"], "vendors": [ { "id": "org" } ] }""")
                .Add(SharedBase, """{ "vendors": [ { "id": "base" } ] }""");

            var policy = PolicyAssert.Valid("""{ "extends": ["../org/supplychainguard.json"] }""", files);

            Assert.Equal(new[] { TestPaths.Policy, OrgPolicy, SharedBase }, files.Reads);
            Assert.Equal(new[] { "base", "org" }, policy.Vendors.Select(v => v.Id));
        }

        [Fact]
        public void SourceFiles_lists_the_root_first_then_what_it_extends_depth_first_in_order()
        {
            var first = TestPaths.At("a", "first.json");
            var second = TestPaths.At("a", "second.json");
            var files = new InMemoryPolicyFiles()
                .Add(first, """{ "extends": ["../org/supplychainguard.json"] }""")
                .Add(OrgPolicy, "{}")
                .Add(second, "{}");

            var policy = PolicyAssert.Valid("""{ "extends": ["first.json", "second.json"] }""", files);

            Assert.Equal(new[] { TestPaths.Policy, first, OrgPolicy, second }, policy.SourceFiles);
        }

        [Theory]
        [InlineData("allowlist", "deny", null, PolicyMode.Deny)]
        [InlineData("deny", "allowlist", null, PolicyMode.Allowlist)]
        [InlineData("allowlist", null, null, PolicyMode.Allowlist)]
        [InlineData(null, null, "allowlist", PolicyMode.Allowlist)]
        [InlineData("allowlist", "allowlist", "deny", PolicyMode.Deny)]
        [InlineData(null, null, null, PolicyMode.Deny)]
        public void Later_mode_wins_and_a_layer_without_mode_keeps_the_earlier_one(string? firstMode, string? secondMode, string? ownMode, PolicyMode expected)
        {
            static string Mode(string? mode) => mode is null ? "{}" : $$"""{ "mode": "{{mode}}" }""";
            var files = new InMemoryPolicyFiles()
                .Add(TestPaths.At("a", "first.json"), Mode(firstMode))
                .Add(TestPaths.At("a", "second.json"), Mode(secondMode));
            var own = ownMode is null ? "" : $$""", "mode": "{{ownMode}}" """;

            var policy = PolicyAssert.Valid($$"""{ "extends": ["first.json", "second.json"]{{own}} }""", files);

            Assert.Equal(expected, policy.Mode);
        }

        [Fact]
        public void Vendor_with_the_same_id_is_overridden_key_by_key_and_its_match_lists_accumulate()
        {
            var files = new InMemoryPolicyFiles().Add(OrgPolicy, """
                {
                  "vendors": [
                    { "id": "Baidu", "name": "Baidu, Inc.", "jurisdiction": "CN", "restricted": true,
                      "match": { "owners": ["Baidu-AI"] }, "alternatives": [ { "package": "AWSSDK.Textract" } ] },
                    { "id": "tencent", "match": { "packages": ["TencentCloudSDK*"] } }
                  ]
                }
                """);

            var policy = PolicyAssert.Valid("""
                {
                  "extends": ["../org/supplychainguard.json"],
                  "vendors": [
                    { "id": "baidu", "severity": "error", "match": { "packages": ["Baidu.AI"] } }
                  ]
                }
                """, files);

            // The id keeps the spelling of its first definition; each key the override leaves out is inherited.
            Assert.Equal(new[] { "Baidu", "tencent" }, policy.Vendors.Select(v => v.Id));
            var baidu = policy.FindVendor("baidu")!;
            Assert.Equal("Baidu, Inc.", baidu.Name);
            Assert.Equal("CN", baidu.Jurisdiction);
            Assert.True(baidu.Restricted);
            Assert.Equal(PolicySeverity.Error, baidu.Severity);
            Assert.Equal("Baidu-AI", Assert.Single(baidu.Match.Owners).Pattern);
            Assert.Equal("Baidu.AI", Assert.Single(baidu.Match.Packages).Pattern);
            Assert.Equal("AWSSDK.Textract", Assert.Single(baidu.Alternatives).Package);
            Assert.Equal(new SourceLocation(TestPaths.Policy, 4, 5), baidu.Location);
            Assert.Equal(new[] { OrgPolicy, TestPaths.Policy }, baidu.Origins.Select(o => o.Location.FilePath));
        }

        [Fact]
        public void Later_extends_entry_replaces_a_vendor_of_an_earlier_one()
        {
            var files = new InMemoryPolicyFiles()
                .Add(TestPaths.At("a", "first.json"), """{ "vendors": [ { "id": "baidu", "name": "first" } ] }""")
                .Add(TestPaths.At("a", "second.json"), """{ "vendors": [ { "id": "baidu", "name": "second" } ] }""");

            var policy = PolicyAssert.Valid("""{ "extends": ["first.json", "second.json"] }""", files);

            Assert.Equal("second", Assert.Single(policy.Vendors).Name);
        }

        [Fact]
        public void Restricted_jurisdictions_accumulate_without_duplicates()
        {
            var files = new InMemoryPolicyFiles().Add(OrgPolicy, """{ "restrictedJurisdictions": ["CN", "RU"] }""");

            var policy = PolicyAssert.Valid("""
                { "extends": ["../org/supplychainguard.json"], "restrictedJurisdictions": ["ru", "KP"] }
                """, files);

            Assert.Equal(new[] { "CN", "RU", "KP" }, policy.RestrictedJurisdictions);
        }

        [Fact]
        public void Waivers_accumulate_base_first_and_keep_their_own_directory()
        {
            var files = new InMemoryPolicyFiles().Add(OrgPolicy, """
                {
                  "vendors": [ { "id": "baidu" } ],
                  "waivers": [ { "vendor": "baidu", "reason": "org-wide", "expires": "2026-12-31" } ]
                }
                """);

            var policy = PolicyAssert.Valid("""
                {
                  "extends": ["../org/supplychainguard.json"],
                  "waivers": [ { "vendor": "baidu", "reason": "team", "expires": "2027-03-31", "projects": ["src/Legacy/**"] } ]
                }
                """, files);

            Assert.Equal(new[] { "org-wide", "team" }, policy.Waivers.Select(w => w.Reason));
            Assert.Equal(Path.GetDirectoryName(OrgPolicy), policy.Waivers[0].BaseDirectory);
            Assert.Equal(Path.GetDirectoryName(TestPaths.Policy), policy.Waivers[1].BaseDirectory);
            Assert.Equal(OrgPolicy, policy.Waivers[0].Location.FilePath);
        }

        [Fact]
        public void Waiver_may_name_a_vendor_that_only_a_later_layer_defines()
        {
            var files = new InMemoryPolicyFiles().Add(OrgPolicy, """
                { "waivers": [ { "vendor": "baidu", "reason": "org-wide", "expires": "2026-12-31" } ] }
                """);

            var policy = PolicyAssert.Valid("""
                { "extends": ["../org/supplychainguard.json"], "vendors": [ { "id": "baidu" } ] }
                """, files);

            Assert.Single(policy.Waivers);
        }

        [Fact]
        public void Waiver_for_a_vendor_no_layer_defines_is_reported_in_the_file_of_the_waiver()
        {
            var files = new InMemoryPolicyFiles().Add(OrgPolicy, """
                { "waivers": [ { "vendor": "tencent", "reason": "org-wide", "expires": "2026-12-31" } ] }
                """);

            var result = PolicyAssert.Load("""
                { "extends": ["../org/supplychainguard.json"], "vendors": [ { "id": "baidu" } ] }
                """, files);

            PolicyAssert.SingleError(result, OrgPolicy, 1, 28, "waiver names unknown vendor 'tencent' (known vendors: baidu)");
        }

        [Fact]
        public void File_extended_twice_through_a_diamond_is_listed_and_applied_once()
        {
            var left = TestPaths.At("a", "left.json");
            var right = TestPaths.At("a", "right.json");
            var files = new InMemoryPolicyFiles()
                .Add(left, """{ "extends": ["../org/supplychainguard.json"] }""")
                .Add(right, """{ "extends": ["../org/supplychainguard.json"] }""")
                .Add(OrgPolicy, """
                    {
                      "vendors": [ { "id": "baidu" } ],
                      "waivers": [ { "vendor": "baidu", "reason": "org-wide", "expires": "2026-12-31" } ]
                    }
                    """);

            var policy = PolicyAssert.Valid("""{ "extends": ["left.json", "right.json"] }""", files);

            Assert.Equal(new[] { TestPaths.Policy, left, OrgPolicy, right }, policy.SourceFiles);
            Assert.Single(policy.Waivers);
            Assert.Single(policy.Vendors);
        }

        [Fact]
        public void Problem_in_a_file_extended_twice_is_reported_once()
        {
            var left = TestPaths.At("a", "left.json");
            var right = TestPaths.At("a", "right.json");
            var files = new InMemoryPolicyFiles()
                .Add(left, """{ "extends": ["../org/supplychainguard.json"] }""")
                .Add(right, """{ "extends": ["../org/supplychainguard.json"] }""")
                .Add(OrgPolicy, """{ "mode": "strict" }""");

            var result = PolicyAssert.Load("""{ "extends": ["left.json", "right.json"] }""", files);

            PolicyAssert.SingleError(result, OrgPolicy, 1, 11, "'mode' must be \"deny\" or \"allowlist\", not \"strict\"");
        }

        [Fact]
        public void Every_key_a_later_vendor_sets_wins_and_every_key_it_leaves_out_is_inherited()
        {
            var files = new InMemoryPolicyFiles()
                .Add(TestPaths.At("a", "first.json"), """
                    { "vendors": [
                      { "id": "both", "jurisdiction": "CN", "severity": "warning", "reviewed": "2024-01-01", "confidence": "unverified" },
                      { "id": "earlier", "jurisdiction": "CN", "severity": "warning", "reviewed": "2024-01-01", "confidence": "unverified" },
                      { "id": "later" }
                    ] }
                    """)
                .Add(TestPaths.At("a", "second.json"), """
                    { "vendors": [
                      { "id": "both", "jurisdiction": "RU", "severity": "error", "reviewed": "2025-06-30", "confidence": "verified" },
                      { "id": "earlier" },
                      { "id": "later", "jurisdiction": "RU", "severity": "error", "reviewed": "2025-06-30", "confidence": "unverified" }
                    ] }
                    """);

            var policy = PolicyAssert.Valid("""{ "extends": ["first.json", "second.json"] }""", files);

            static (string?, PolicySeverity?, System.DateTime?, PolicyConfidence) Keys(VendorPolicy v) => (v.Jurisdiction, v.Severity, v.Reviewed, v.Confidence);
            Assert.Equal(("RU", PolicySeverity.Error, new System.DateTime(2025, 6, 30), PolicyConfidence.Verified), Keys(policy.FindVendor("both")!));
            Assert.Equal(("CN", PolicySeverity.Warning, new System.DateTime(2024, 1, 1), PolicyConfidence.Unverified), Keys(policy.FindVendor("earlier")!));
            Assert.Equal(("RU", PolicySeverity.Error, new System.DateTime(2025, 6, 30), PolicyConfidence.Unverified), Keys(policy.FindVendor("later")!));
        }

        [Fact]
        public void Alternatives_declared_anywhere_in_a_later_extends_chain_replace_the_earlier_ones()
        {
            var files = new InMemoryPolicyFiles()
                .Add(TestPaths.At("a", "first.json"), """{ "vendors": [ { "id": "baidu", "alternatives": [ { "package": "AWSSDK.Textract" } ] } ] }""")
                .Add(TestPaths.At("a", "second.json"), """{ "extends": ["second-base.json"], "vendors": [ { "id": "baidu", "name": "Baidu" } ] }""")
                .Add(TestPaths.At("a", "second-base.json"), """{ "vendors": [ { "id": "baidu", "alternatives": [ { "package": "Azure.AI.Vision.ImageAnalysis" } ] } ] }""");

            var policy = PolicyAssert.Valid("""{ "extends": ["first.json", "second.json"] }""", files);

            var baidu = Assert.Single(policy.Vendors);
            Assert.Equal("Baidu", baidu.Name);
            Assert.Equal("Azure.AI.Vision.ImageAnalysis", Assert.Single(baidu.Alternatives).Package);
        }

        [Fact]
        public void A_file_extended_again_by_a_later_file_neither_hides_that_files_override_nor_repeats_an_origin()
        {
            var a = TestPaths.At("a", "a.json");
            var b = TestPaths.At("a", "b.json");
            var c = TestPaths.At("a", "c.json");
            var files = new InMemoryPolicyFiles()
                .Add(a, """{ "vendors": [ { "id": "baidu", "name": "A" } ] }""")
                .Add(b, """{ "vendors": [ { "id": "baidu", "severity": "warning" } ] }""")
                .Add(c, """{ "extends": ["b.json"], "vendors": [ { "id": "baidu", "name": "C" } ] }""");

            var policy = PolicyAssert.Valid("""{ "extends": ["a.json", "b.json", "c.json"] }""", files);

            var baidu = Assert.Single(policy.Vendors);
            Assert.Equal(("C", PolicySeverity.Warning), (baidu.Name, baidu.Severity));
            Assert.Equal(new[] { a, b, c }, baidu.Origins.Select(o => o.Location.FilePath));
        }

        [Fact]
        public void Explain_says_what_each_layer_set_and_that_a_bare_definition_only_defines_the_vendor()
        {
            var files = new InMemoryPolicyFiles().Add(OrgPolicy, """{ "vendors": [ { "id": "baidu" } ] }""");

            var policy = PolicyAssert.Valid("""
                { "extends": ["../org/supplychainguard.json"],
                  "vendors": [ { "id": "baidu", "severity": "warning", "confidence": "unverified" } ] }
                """, files);

            Assert.Equal(new[]
            {
                $"{OrgPolicy}(1,16): defines the vendor",
                $"{TestPaths.Policy}(2,16): \"severity\": \"warning\", \"confidence\": \"unverified\"",
            }, policy.FindVendor("baidu")!.DescribeOrigins());
        }

        [Fact]
        public void A_vendor_declared_unrestricted_in_one_place_is_not_switched_off_by_anyone()
        {
            var policy = PolicyAssert.Valid("""{ "vendors": [ { "id": "contoso", "restricted": false } ] }""");

            Assert.Null(policy.FindVendor("contoso")!.SwitchedOffBy);
        }

        [Fact]
        public void A_vendor_switched_off_without_a_reason_deep_in_the_extends_chain_stops_the_load()
        {
            var team = TestPaths.At("a", "team.json");
            var files = new InMemoryPolicyFiles()
                .Add(team, """{ "extends": ["../org/supplychainguard.json"], "vendors": [ { "id": "baidu", "restricted": false } ] }""")
                .Add(OrgPolicy, """{ "vendors": [ { "id": "baidu", "restricted": true } ] }""");

            var result = PolicyAssert.Load("""{ "extends": ["team.json"] }""", files);

            PolicyAssert.SingleError(result, team, 1, 61,
                $"vendor 'baidu' sets \"restricted\": false over the definition in {OrgPolicy}; give the 'reason' it is switched off, so that explain can report it");
        }

        [Theory]
        [InlineData("warn", "ignore", WeakSignalsMode.Ignore)]
        [InlineData("warn", null, WeakSignalsMode.Warn)]
        [InlineData(null, "ignore", WeakSignalsMode.Ignore)]
        public void A_later_extends_entry_that_sets_weak_signals_wins_and_one_that_does_not_keeps_the_earlier(string? first, string? second, WeakSignalsMode expected)
        {
            static string Layer(string? mode) => mode is null ? "{}" : $$"""{ "weakSignals": "{{mode}}" }""";
            var files = new InMemoryPolicyFiles()
                .Add(TestPaths.At("a", "first.json"), Layer(first))
                .Add(TestPaths.At("a", "second.json"), Layer(second));

            var policy = PolicyAssert.Valid("""{ "extends": ["first.json", "second.json"] }""", files);

            Assert.Equal(expected, policy.WeakSignals);
        }
    }
}
