using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using SupplyChainGuard.Policy.Loading;
using Xunit;

namespace SupplyChainGuard.Policy.Tests
{
    /// <summary>The presets that ship in the Policy assembly: each loads, documents its list, and cites its facts.</summary>
    public sealed class PresetCatalogTests
    {
        public static readonly string[] ShippedPresets =
        {
            "us-fcc-covered-list", "us-foreign-adversaries", "us-kaspersky", "us-ndaa-889", "us-pafaca",
        };

        public static IEnumerable<object[]> Presets() => ShippedPresets.Select(p => new object[] { p });

        [Fact]
        public void The_catalog_lists_exactly_the_five_presets_in_id_order()
        {
            Assert.Equal(ShippedPresets, PresetCatalog.Names());
            Assert.Equal(ShippedPresets, PresetCatalog.All.Select(p => p.Id));
        }

        [Theory]
        [MemberData(nameof(Presets))]
        public void A_policy_that_only_extends_the_preset_loads_with_its_vendors(string id)
        {
            var policy = PolicyAssert.Valid($$"""{ "extends": ["preset:{{id}}"] }""");

            Assert.NotEmpty(policy.Vendors);
            Assert.Equal(new[] { TestPaths.Policy, "preset:" + id }, policy.SourceFiles);
            var use = Assert.Single(policy.Presets);
            Assert.Equal(id, use.Id);
            Assert.Equal(new SourceLocation(TestPaths.Policy, 1, 15), use.Location);
        }

        [Theory]
        [MemberData(nameof(Presets))]
        public void The_preset_describes_its_list_basis_scope_sources_and_review_date(string id)
        {
            var preset = PresetCatalog.Find(id)!;

            Assert.Empty(preset.Problems);
            Assert.Equal("preset:" + id, preset.Reference);
            Assert.False(string.IsNullOrWhiteSpace(preset.Title));
            Assert.False(string.IsNullOrWhiteSpace(preset.Basis));
            Assert.Contains("A match means", preset.Scope);
            Assert.Contains("does not mean", preset.Scope);
            Assert.Equal(new DateTime(2026, 12, 1), preset.Reviewed);
            Assert.NotEmpty(preset.Sources);
            Assert.All(preset.Sources, s => Assert.StartsWith("http", s.Url));
            Assert.DoesNotContain("\"extends\"", preset.Text);
        }

        [Theory]
        [MemberData(nameof(Presets))]
        public void Every_vendor_names_its_entities_jurisdiction_listing_sources_and_review_date(string id)
        {
            foreach (var vendor in PresetCatalog.Find(id)!.Vendors)
            {
                Assert.NotEmpty(vendor.Entities);
                Assert.NotNull(vendor.Jurisdiction);
                Assert.NotEmpty(vendor.Sources);
                Assert.Equal(new DateTime(2026, 12, 1), vendor.Reviewed);
                Assert.False(string.IsNullOrWhiteSpace(vendor.Name));

                // Scope honesty: the reason says which list names the publisher, and never calls its use unlawful.
                Assert.Matches("^(Listed on|Named in|Covered by|Headquartered in) ", vendor.Reason);
                Assert.DoesNotContain("illegal", vendor.Reason!, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("banned", vendor.Reason!, StringComparison.OrdinalIgnoreCase);
            }
        }

        [Theory]
        [InlineData("us-fcc-covered-list", "Listed on the FCC Covered List (47 CFR 1.50002; Secure and Trusted Communications Networks Act of 2019)")]
        [InlineData("us-ndaa-889", "Named in section 889 of the FY2019 NDAA (Pub. L. 115-232")]
        [InlineData("us-kaspersky", "Covered by the Commerce Final Determination on Kaspersky (ICTS-2021-002, 89 FR 52434)")]
        [InlineData("us-pafaca", "Named in the Protecting Americans from Foreign Adversary Controlled Applications Act (Pub. L. 118-50, div. H)")]
        [InlineData("us-foreign-adversaries", "a foreign adversary under 15 CFR 791.4")]
        public void Every_reason_cites_the_list_and_its_basis(string id, string citation)
        {
            Assert.All(PresetCatalog.Find(id)!.Vendors, v => Assert.Contains(citation, v.Reason));
        }

        [Fact]
        public void The_covered_list_preset_says_what_the_list_covers_huawei_for()
        {
            var fcc = PresetCatalog.Find("us-fcc-covered-list")!;
            Assert.Contains("Huawei and ZTE for telecommunications equipment and services", fcc.Scope);
            Assert.Contains("telecommunications equipment and services", fcc.Vendors.Single(v => v.Id == "huawei").Reason);
        }

        [Theory]
        [MemberData(nameof(Presets))]
        public void Every_glob_compiles_and_matches_a_name_of_its_own_shape(string id)
        {
            foreach (var vendor in PresetCatalog.Find(id)!.Vendors)
            {
                var m = vendor.Match;
                foreach (var pattern in m.Packages.Concat(m.Owners).Concat(m.Authors).Concat(m.Assemblies).Concat(m.NativeLibraries).Concat(m.Endpoints).Concat(m.Repositories))
                {
                    var example = pattern.Pattern.Replace("*", "Example").Replace("?", "x");
                    Assert.True(pattern.IsMatch(example), $"{id}/{vendor.Id}: '{pattern}' does not match '{example}'");
                    Assert.False(pattern.IsMatch("Unrelated." + example + ".Tail"), $"{id}/{vendor.Id}: '{pattern}' is not anchored");
                }

                foreach (var ns in m.Namespaces)
                {
                    Assert.True(ns.IsMatch(ns.Prefix + ".Child"));
                }
            }
        }

        [Fact]
        public void A_vendor_listed_by_several_presets_carries_the_same_signals_in_each()
        {
            var matches = new Dictionary<string, (string Preset, string Match)>();
            foreach (var preset in PresetCatalog.All)
            {
                using var document = JsonDocument.Parse(preset.Text);
                foreach (var vendor in document.RootElement.GetProperty("vendors").EnumerateArray())
                {
                    var vendorId = vendor.GetProperty("id").GetString()!;
                    var match = vendor.TryGetProperty("match", out var m) ? m.GetRawText().Replace(" ", string.Empty).Replace("\n", string.Empty) : "{}";
                    if (matches.TryGetValue(vendorId, out var first))
                    {
                        Assert.True(first.Match == match, $"vendor '{vendorId}' has different signals in {first.Preset} and {preset.Id}");
                    }
                    else
                    {
                        matches[vendorId] = (preset.Id, match);
                    }
                }
            }

            Assert.Contains("huawei", matches.Keys);
        }

        [Fact]
        public void What_could_not_be_verified_is_marked_unverified()
        {
            var fcc = PresetCatalog.Find("us-fcc-covered-list")!;
            Assert.True(Assert.Single(fcc.Vendors.Single(v => v.Id == "dahua").Match.NativeLibraries).IsUnverified);
            Assert.False(Assert.Single(fcc.Vendors.Single(v => v.Id == "hikvision").Match.NativeLibraries).IsUnverified);

            var adversaries = PresetCatalog.Find("us-foreign-adversaries")!;
            Assert.Equal(new[] { "CN", "HK", "MO", "CU", "IR", "KP", "RU", "VE" }, adversaries.RestrictedJurisdictions);
            Assert.Equal(new[] { "MO", "VE" }, adversaries.UnverifiedJurisdictions.OrderBy(c => c, StringComparer.Ordinal));
        }

        [Fact]
        public void The_foreign_adversaries_preset_restricts_by_jurisdiction_the_others_by_listing()
        {
            Assert.All(PresetCatalog.Find("us-foreign-adversaries")!.Vendors, v => Assert.Null(v.Restricted));
            Assert.All(PresetCatalog.All.Where(p => p.Id != "us-foreign-adversaries").SelectMany(p => p.Vendors), v => Assert.True(v.Restricted));
        }

        [Fact]
        public void An_unknown_preset_names_the_ones_that_ship()
        {
            var result = PolicyAssert.Load("""{ "extends": ["preset:us-fcc"] }""");

            var diagnostic = Assert.Single(result.Diagnostics);
            Assert.Equal("unknown preset 'us-fcc' (known presets: " + string.Join(", ", ShippedPresets) + ")", diagnostic.Message);
        }

        [Fact]
        public void Stale_is_more_than_a_year_after_the_review()
        {
            var preset = PresetCatalog.Find("us-kaspersky")!;
            Assert.False(preset.IsStale(new DateTime(2027, 12, 1)));
            Assert.True(preset.IsStale(new DateTime(2027, 12, 2)));
        }

        [Theory]
        [InlineData("no-such-preset")]
        [InlineData("US-FCC-COVERED-LIST")]   // preset ids are compared as written
        [InlineData("")]
        public void Find_gives_null_for_an_id_no_preset_has(string id)
        {
            Assert.Null(PresetCatalog.Find(id));
        }
    }
}
