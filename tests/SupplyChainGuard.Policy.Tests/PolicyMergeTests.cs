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
    }
}
