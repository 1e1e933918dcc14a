using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SupplyChainGuard.Diagnostics;
using SupplyChainGuard.Policy;
using Xunit;

namespace SupplyChainGuard.Packages.Tests
{
    /// <summary>The verdict engine on synthetic graphs and identities: no disk, no NuGet.</summary>
    public sealed class PackageCheckerTests
    {
        private static readonly string AppProject = Path.Combine(Policies.Directory, "src", "App", "App.csproj");

        // ---- building blocks ----------------------------------------------------------------------

        private sealed class Scenario
        {
            private readonly List<DirectDependency> _direct = new List<DirectDependency>();
            private readonly List<PackageNode> _nodes = new List<PackageNode>();
            private readonly Dictionary<string, PackageIdentity> _identities = new Dictionary<string, PackageIdentity>(StringComparer.OrdinalIgnoreCase);

            public Scenario Direct(params string[] ids)
            {
                _direct.AddRange(ids.Select(id => new DirectDependency(id, false)));
                return this;
            }

            /// <summary>A package with its nuget.org owners (empty: unsigned) and dependencies.</summary>
            public Scenario Package(string id, string version, string[] owners, params string[] dependencies) =>
                Package(id, version, new PackageIdentity { Id = id, Version = version, Owners = owners.ToList(), OwnersSource = owners.Length > 0 ? "repository signature" : null }, dependencies);

            public Scenario Package(string id, string version, PackageIdentity? identity, params string[] dependencies)
            {
                _nodes.Add(new PackageNode(id, version, "sha-" + id, id.ToLowerInvariant() + "/" + version, dependencies, Array.Empty<string>()));
                if (identity is not null)
                {
                    _identities[id] = identity;
                }

                return this;
            }

            public PackageCheckRequest Request(SupplyChainPolicy policy) =>
                new PackageCheckRequest(new PackageGraph("App", "net10.0", _direct.ToArray(), _nodes, new[] { "/packages" }), policy, _identities)
                {
                    ProjectPath = AppProject,
                    Today = new DateTime(2026, 6, 1),
                };

            public PackageCheckResult Check(SupplyChainPolicy policy, Func<string, string, bool>? suppressed = null)
            {
                var request = Request(policy);
                if (suppressed is not null)
                {
                    request.IsSuppressedOnReference = suppressed;
                }

                return PackageChecker.Check(request);
            }
        }

        private static readonly string[] BaiduOwners = { "Baidu-AI", "chenxiaoyu3" };
        private static readonly string[] TencentOwners = { "tencentcloudapi" };
        private static readonly string[] NewtonsoftOwners = { "jamesnk", "newtonsoft" };
        private static readonly string[] Nobody = Array.Empty<string>();

        /// <summary>App → Baidu.AI 4.15.10 → Newtonsoft.Json 12.0.1, as the Baidu OCR sample has it.</summary>
        private static Scenario BaiduApp() => new Scenario()
            .Direct("Baidu.AI")
            .Package("Baidu.AI", "4.15.10", BaiduOwners, "Newtonsoft.Json")
            .Package("Newtonsoft.Json", "12.0.1", NewtonsoftOwners);

        /// <summary>App → Acme.Wrapper 1.0.0 → Tencent.Fixture.Cos 2.0.0.</summary>
        private static Scenario TencentThroughWrapper() => new Scenario()
            .Direct("Acme.Wrapper")
            .Package("Acme.Wrapper", "1.0.0", new[] { "acme" }, "Tencent.Fixture.Cos")
            .Package("Tencent.Fixture.Cos", "2.0.0", TencentOwners);

        // ---- SCG0001 / SCG0002 ----------------------------------------------------------------------

        [Fact]
        public void Direct_reference_to_a_restricted_vendors_package_is_SCG0001()
        {
            var result = BaiduApp().Check(Policies.BaiduAndTencent());

            var finding = Assert.Single(result.Findings);
            Assert.Equal(RuleIdentifiers.DirectPackage, finding.RuleId);
            Assert.Equal("Baidu.AI", finding.PackageId);
            Assert.Equal("4.15.10", finding.Version);
            Assert.True(finding.IsDirect);
            Assert.Equal("Baidu.AI", finding.DirectPackageId);
            Assert.Equal("App -> Baidu.AI 4.15.10", finding.PathText);
            Assert.Equal(PolicySeverity.Warning, finding.Severity);
            Assert.Equal("baidu", finding.Verdict.RestrictingVendor!.Vendor.Id);
        }

        [Fact]
        public void Transitive_package_of_a_restricted_vendor_is_SCG0002_with_the_path_from_the_project()
        {
            var result = TencentThroughWrapper().Check(Policies.BaiduAndTencent());

            var finding = Assert.Single(result.Findings);
            Assert.Equal(RuleIdentifiers.TransitivePackage, finding.RuleId);
            Assert.Equal("Tencent.Fixture.Cos", finding.PackageId);
            Assert.False(finding.IsDirect);
            Assert.Equal("Acme.Wrapper", finding.DirectPackageId);
            Assert.Equal("App -> Acme.Wrapper 1.0.0 -> Tencent.Fixture.Cos 2.0.0", finding.PathText);
            Assert.Equal(new[] { "App", "Acme.Wrapper 1.0.0", "Tencent.Fixture.Cos 2.0.0" }, finding.Path);
        }

        [Fact]
        public void A_restriction_does_not_spread_to_the_restricted_packages_own_dependencies()
        {
            var result = BaiduApp().Check(Policies.BaiduAndTencent());

            Assert.Equal(new[] { "Baidu.AI" }, result.Findings.Select(f => f.PackageId));
            var newtonsoft = Assert.Single(result.Verdicts, v => v.Package.Id == "Newtonsoft.Json");
            Assert.False(newtonsoft.IsRestricted);
            Assert.Empty(newtonsoft.Attributions);
        }

        [Fact]
        public void Every_reachable_package_gets_a_verdict_ordered_by_id()
        {
            var result = BaiduApp().Check(Policies.BaiduAndTencent());

            Assert.Equal(new[] { "Baidu.AI", "Newtonsoft.Json" }, result.Verdicts.Select(v => v.Package.Id));
        }

        [Fact]
        public void A_package_in_the_graph_that_no_reference_reaches_is_still_judged_and_reported()
        {
            // Restore lists it in a target, but nothing the checker knows of leads to it: fail closed, check it anyway.
            var result = new Scenario()
                .Direct("Acme.Wrapper")
                .Package("Acme.Wrapper", "1.0.0", Nobody)
                .Package("Baidu.AI", "4.15.10", BaiduOwners)
                .Check(Policies.BaiduAndTencent());

            var finding = Assert.Single(result.Findings);
            Assert.Equal(("Baidu.AI", RuleIdentifiers.DirectPackage, "Baidu.AI"), (finding.PackageId, finding.RuleId, finding.DirectPackageId));
            Assert.Equal(new[] { "Acme.Wrapper", "Baidu.AI" }, result.Verdicts.Select(v => v.Package.Id));
        }

        [Fact]
        public void A_restricted_package_reached_both_directly_and_transitively_is_reported_once_as_SCG0001()
        {
            var result = new Scenario()
                .Direct("Acme.Wrapper", "Baidu.AI")
                .Package("Acme.Wrapper", "1.0.0", Nobody, "Baidu.AI")
                .Package("Baidu.AI", "4.15.10", BaiduOwners)
                .Check(Policies.BaiduAndTencent());

            var finding = Assert.Single(result.Findings);
            Assert.Equal(RuleIdentifiers.DirectPackage, finding.RuleId);
            Assert.Equal("App -> Baidu.AI 4.15.10", finding.PathText);
        }

        [Fact]
        public void The_shortest_route_is_chosen()
        {
            // Acme.Wrapper → Acme.Middle → Tencent.Fixture.Cos is longer than Zeta.Wrapper → Tencent.Fixture.Cos.
            var result = new Scenario()
                .Direct("Acme.Wrapper", "Zeta.Wrapper")
                .Package("Acme.Wrapper", "1.0.0", Nobody, "Acme.Middle")
                .Package("Acme.Middle", "1.0.0", Nobody, "Tencent.Fixture.Cos")
                .Package("Zeta.Wrapper", "1.0.0", Nobody, "Tencent.Fixture.Cos")
                .Package("Tencent.Fixture.Cos", "2.0.0", TencentOwners)
                .Check(Policies.BaiduAndTencent());

            var finding = Assert.Single(result.Findings);
            Assert.Equal("App -> Zeta.Wrapper 1.0.0 -> Tencent.Fixture.Cos 2.0.0", finding.PathText);
            Assert.Equal("Zeta.Wrapper", finding.DirectPackageId);
        }

        [Fact]
        public void Routes_of_equal_length_from_different_direct_references_are_decided_by_the_order_of_the_references()
        {
            var result = new Scenario()
                .Direct("Acme.Wrapper", "Zeta.Wrapper")
                .Package("Acme.Wrapper", "1.0.0", Nobody, "Tencent.Fixture.Cos")
                .Package("Zeta.Wrapper", "1.0.0", Nobody, "Tencent.Fixture.Cos")
                .Package("Tencent.Fixture.Cos", "2.0.0", TencentOwners)
                .Check(Policies.BaiduAndTencent());

            Assert.Equal("App -> Acme.Wrapper 1.0.0 -> Tencent.Fixture.Cos 2.0.0", Assert.Single(result.Findings).PathText);
        }

        [Fact]
        public void Routes_of_equal_length_within_one_reference_follow_dependencies_in_id_order()
        {
            // Declared as (Zed.Middle, Ann.Middle): the route still goes through Ann.Middle, whatever the nuspec order.
            var result = new Scenario()
                .Direct("Acme.Wrapper")
                .Package("Acme.Wrapper", "1.0.0", Nobody, "Zed.Middle", "Ann.Middle")
                .Package("Zed.Middle", "1.0.0", Nobody, "Tencent.Fixture.Cos")
                .Package("Ann.Middle", "1.0.0", Nobody, "Tencent.Fixture.Cos")
                .Package("Tencent.Fixture.Cos", "2.0.0", TencentOwners)
                .Check(Policies.BaiduAndTencent());

            Assert.Equal("App -> Acme.Wrapper 1.0.0 -> Ann.Middle 1.0.0 -> Tencent.Fixture.Cos 2.0.0", Assert.Single(result.Findings).PathText);
        }

        [Fact]
        public void Dependency_cycles_do_not_hang_the_route_search()
        {
            var result = new Scenario()
                .Direct("Acme.A")
                .Package("Acme.A", "1.0.0", Nobody, "Acme.B")
                .Package("Acme.B", "1.0.0", Nobody, "Acme.A", "Tencent.Fixture.Cos")
                .Package("Tencent.Fixture.Cos", "2.0.0", TencentOwners, "Acme.A")
                .Check(Policies.BaiduAndTencent());

            Assert.Equal("App -> Acme.A 1.0.0 -> Acme.B 1.0.0 -> Tencent.Fixture.Cos 2.0.0", Assert.Single(result.Findings).PathText);
        }

        // ---- NoWarn on the PackageReference ---------------------------------------------------------

        [Fact]
        public void NoWarn_on_the_only_reference_that_brings_a_package_in_drops_SCG0002()
        {
            var asked = new List<(string, string)>();
            var result = TencentThroughWrapper().Check(Policies.BaiduAndTencent(), (direct, rule) =>
            {
                asked.Add((direct, rule));
                return direct == "Acme.Wrapper" && rule == RuleIdentifiers.TransitivePackage;
            });

            Assert.Empty(result.Findings);
            Assert.Contains(("Acme.Wrapper", RuleIdentifiers.TransitivePackage), asked);
        }

        [Fact]
        public void NoWarn_for_another_rule_on_the_reference_does_not_drop_SCG0002()
        {
            var result = TencentThroughWrapper().Check(Policies.BaiduAndTencent(),
                (direct, rule) => direct == "Acme.Wrapper" && rule == RuleIdentifiers.DirectPackage);

            Assert.Equal(RuleIdentifiers.TransitivePackage, Assert.Single(result.Findings).RuleId);
        }

        [Fact]
        public void NoWarn_on_one_of_two_references_keeps_SCG0002_through_the_other_route()
        {
            var result = new Scenario()
                .Direct("Acme.Wrapper", "Other.Wrapper")
                .Package("Acme.Wrapper", "1.0.0", Nobody, "Tencent.Fixture.Cos")
                .Package("Other.Wrapper", "3.0.0", Nobody, "Tencent.Fixture.Cos")
                .Package("Tencent.Fixture.Cos", "2.0.0", TencentOwners)
                .Check(Policies.BaiduAndTencent(), (direct, rule) => direct == "Acme.Wrapper" && rule == RuleIdentifiers.TransitivePackage);

            var finding = Assert.Single(result.Findings);
            Assert.Equal(RuleIdentifiers.TransitivePackage, finding.RuleId);
            Assert.Equal("Other.Wrapper", finding.DirectPackageId);
            Assert.Equal("App -> Other.Wrapper 3.0.0 -> Tencent.Fixture.Cos 2.0.0", finding.PathText);
        }

        [Fact]
        public void NoWarn_on_the_shorter_route_falls_back_to_the_longer_unsuppressed_one()
        {
            var result = new Scenario()
                .Direct("Acme.Wrapper", "Zeta.Wrapper")
                .Package("Acme.Wrapper", "1.0.0", Nobody, "Acme.Middle")
                .Package("Acme.Middle", "1.0.0", Nobody, "Tencent.Fixture.Cos")
                .Package("Zeta.Wrapper", "1.0.0", Nobody, "Tencent.Fixture.Cos")
                .Package("Tencent.Fixture.Cos", "2.0.0", TencentOwners)
                .Check(Policies.BaiduAndTencent(), (direct, rule) => direct == "Zeta.Wrapper");

            Assert.Equal("App -> Acme.Wrapper 1.0.0 -> Acme.Middle 1.0.0 -> Tencent.Fixture.Cos 2.0.0", Assert.Single(result.Findings).PathText);
        }

        [Fact]
        public void NoWarn_SCG0001_on_a_direct_reference_drops_its_finding()
        {
            var result = BaiduApp().Check(Policies.BaiduAndTencent(),
                (direct, rule) => direct == "Baidu.AI" && rule == RuleIdentifiers.DirectPackage);

            Assert.Empty(result.Findings);
            Assert.True(Assert.Single(result.Verdicts, v => v.Package.Id == "Baidu.AI").IsRestricted);
        }

        [Fact]
        public void NoWarn_SCG0001_on_a_direct_reference_also_covers_the_same_package_reached_transitively()
        {
            var result = new Scenario()
                .Direct("Acme.Wrapper", "Baidu.AI")
                .Package("Acme.Wrapper", "1.0.0", Nobody, "Baidu.AI")
                .Package("Baidu.AI", "4.15.10", BaiduOwners)
                .Check(Policies.BaiduAndTencent(), (direct, rule) => direct == "Baidu.AI" && rule == RuleIdentifiers.DirectPackage);

            Assert.Empty(result.Findings);
        }

        // ---- messages -------------------------------------------------------------------------------

        [Fact]
        public void SCG0001_message_names_vendor_jurisdiction_signal_reason_and_alternatives()
        {
            var finding = Assert.Single(BaiduApp().Check(Policies.BaiduAndTencent()).Findings);

            Assert.Equal(
                "Package 'Baidu.AI' 4.15.10 is published by 'Baidu, Inc.' (vendor 'baidu', CN), which the policy restricts: "
                + "owner 'Baidu-AI' in the repository signature. "
                + "Reason: Company policy SEC-12: no CN-jurisdiction AI services. "
                + "Alternatives: AWSSDK.Textract (OCR), Azure.AI.DocumentIntelligence (OCR).",
                finding.Message);
        }

        [Fact]
        public void SCG0002_message_names_the_reference_it_comes_through_and_the_whole_path()
        {
            var finding = Assert.Single(TencentThroughWrapper().Check(Policies.BaiduAndTencent()).Findings);

            Assert.StartsWith("Transitive package 'Tencent.Fixture.Cos' 2.0.0 is published by 'Tencent Holdings' (vendor 'tencent', CN), which the policy restricts: ", finding.Message);
            Assert.Contains("owner 'tencentcloudapi' in the repository signature.", finding.Message);
            Assert.Contains(" It comes in through 'Acme.Wrapper': App -> Acme.Wrapper 1.0.0 -> Tencent.Fixture.Cos 2.0.0.", finding.Message);
            Assert.Contains(" Reason: Company policy SEC-12.", finding.Message);
            Assert.EndsWith(" Alternatives: AWSSDK.S3 (object storage).", finding.Message);
        }

        [Fact]
        public void Owners_from_a_repository_countersignature_are_named_as_such_in_the_message()
        {
            var policy = Policies.Load(@"{ ""vendors"": [ { ""id"": ""jnk"", ""name"": ""Newtonsoft"", ""jurisdiction"": ""US"", ""restricted"": true,
                ""match"": { ""owners"": [""jamesnk""] } } ] }");
            var identity = new PackageIdentity
            {
                Id = "Newtonsoft.Json", Version = "12.0.1", Owners = NewtonsoftOwners.ToList(), OwnersSource = "repository countersignature", SignatureType = "Author",
            };

            var result = new Scenario().Direct("Newtonsoft.Json").Package("Newtonsoft.Json", "12.0.1", identity).Check(policy);

            var finding = Assert.Single(result.Findings);
            Assert.Contains("owner 'jamesnk' in the repository countersignature", finding.Message);
            Assert.DoesNotContain("Reason:", finding.Message);
            Assert.DoesNotContain("Alternatives:", finding.Message);
        }

        // ---- severity -------------------------------------------------------------------------------

        [Fact]
        public void Vendor_severity_none_drops_the_finding_but_keeps_the_verdict()
        {
            var policy = Policies.Load(@"{ ""restrictedJurisdictions"": [""CN""], ""vendors"": [ { ""id"": ""baidu"", ""jurisdiction"": ""CN"", ""severity"": ""none"",
                ""match"": { ""owners"": [""Baidu-AI""] } } ] }");

            var result = BaiduApp().Check(policy);

            Assert.Empty(result.Findings);
            Assert.True(Assert.Single(result.Verdicts, v => v.Package.Id == "Baidu.AI").IsRestricted);
        }

        [Fact]
        public void Vendor_severity_error_is_kept_on_the_finding()
        {
            var policy = Policies.Load(@"{ ""restrictedJurisdictions"": [""CN""], ""vendors"": [ { ""id"": ""tencent"", ""jurisdiction"": ""CN"", ""severity"": ""error"",
                ""match"": { ""owners"": [""tencentcloudapi""] } } ] }");

            var finding = Assert.Single(TencentThroughWrapper().Check(policy).Findings);

            Assert.Equal(PolicySeverity.Error, finding.Severity);
            Assert.Equal(RuleIdentifiers.TransitivePackage, finding.RuleId);
        }

        [Fact]
        public void NoWarn_on_a_reference_does_not_silence_a_vendor_whose_severity_is_error()
        {
            var policy = Policies.Load(@"{ ""restrictedJurisdictions"": [""CN""], ""vendors"": [ { ""id"": ""tencent"", ""jurisdiction"": ""CN"", ""severity"": ""error"",
                ""match"": { ""owners"": [""tencentcloudapi""] } } ] }");

            var result = TencentThroughWrapper().Check(policy, (direct, rule) => true);

            Assert.Equal(PolicySeverity.Error, Assert.Single(result.Findings).Severity);
        }

        [Fact]
        public void A_vendor_outside_the_restricted_jurisdictions_is_not_a_finding_in_deny_mode()
        {
            var policy = Policies.Load(@"{ ""restrictedJurisdictions"": [""RU""], ""vendors"": [ { ""id"": ""baidu"", ""jurisdiction"": ""CN"",
                ""match"": { ""owners"": [""Baidu-AI""] } } ] }");

            var result = BaiduApp().Check(policy);

            Assert.Empty(result.Findings);
        }

        // ---- allowlist mode -------------------------------------------------------------------------

        private static SupplyChainPolicy Allowlist() => Policies.Load(@"{
            ""mode"": ""allowlist"",
            ""restrictedJurisdictions"": [""CN""],
            ""vendors"": [
              { ""id"": ""contoso"", ""name"": ""Contoso Ltd"", ""jurisdiction"": ""US"", ""restricted"": false,
                ""match"": { ""owners"": [""contoso""], ""authors"": [""Contoso""] } },
              " + Policies.BaiduVendor + @"
            ] }");

        [Fact]
        public void Allowlist_package_of_no_known_vendor_is_SCG0003()
        {
            var result = new Scenario().Direct("Unknown.Lib").Package("Unknown.Lib", "1.0.0", new[] { "someone" }).Check(Allowlist());

            var finding = Assert.Single(result.Findings);
            Assert.Equal(RuleIdentifiers.PackageNotAllowed, finding.RuleId);
            Assert.Equal(
                "Package 'Unknown.Lib' 1.0.0 cannot be established as published by an allowed vendor (the policy is in allowlist mode): "
                + "no vendor with \"restricted\": false matches it.",
                finding.Message);
        }

        [Fact]
        public void Allowlist_package_whose_owners_establish_an_allowed_vendor_is_not_a_finding()
        {
            var result = new Scenario().Direct("Contoso.Core").Package("Contoso.Core", "1.0.0", new[] { "contoso" }).Check(Allowlist());

            Assert.Empty(result.Findings);
            Assert.Equal("contoso", Assert.Single(result.Verdicts).AllowingVendor!.Vendor.Id);
        }

        [Fact]
        public void Allowlist_package_that_only_its_authors_point_to_an_allowed_vendor_is_SCG0003()
        {
            var identity = new PackageIdentity { Id = "Contoso.Lookalike", Version = "1.0.0", Authors = new List<string> { "Contoso" } };

            var result = new Scenario().Direct("Contoso.Lookalike").Package("Contoso.Lookalike", "1.0.0", identity).Check(Allowlist());

            var finding = Assert.Single(result.Findings);
            Assert.Equal(RuleIdentifiers.PackageNotAllowed, finding.RuleId);
            Assert.Contains("only free text points to 'Contoso Ltd' (vendor 'contoso', US) (author 'Contoso' in the nuspec), which cannot establish a publisher", finding.Message);
        }

        [Fact]
        public void Allowlist_transitive_unknown_package_is_SCG0003_with_its_path()
        {
            var result = new Scenario()
                .Direct("Contoso.Core")
                .Package("Contoso.Core", "1.0.0", new[] { "contoso" }, "Unknown.Lib")
                .Package("Unknown.Lib", "1.0.0", Nobody)
                .Check(Allowlist());

            var finding = Assert.Single(result.Findings);
            Assert.Equal(RuleIdentifiers.PackageNotAllowed, finding.RuleId);
            Assert.Equal("Contoso.Core", finding.DirectPackageId);
            Assert.EndsWith(" It comes in through 'Contoso.Core': App -> Contoso.Core 1.0.0 -> Unknown.Lib 1.0.0.", finding.Message);
        }

        [Fact]
        public void Allowlist_package_of_a_restricted_vendor_is_still_SCG0001()
        {
            var result = BaiduApp().Check(Allowlist());

            Assert.Equal(
                new[] { ("Baidu.AI", RuleIdentifiers.DirectPackage), ("Newtonsoft.Json", RuleIdentifiers.PackageNotAllowed) },
                result.Findings.Select(f => (f.PackageId, f.RuleId)));
        }

        // ---- waivers --------------------------------------------------------------------------------

        private static SupplyChainPolicy WithWaiver(string waiver) => Policies.BaiduAndTencent(waivers: waiver);

        [Fact]
        public void An_active_waiver_silences_the_finding_and_lists_it_as_waived()
        {
            var policy = WithWaiver(@"{ ""vendor"": ""baidu"", ""package"": ""Baidu.AI"", ""reason"": ""legacy OCR, ticket SEC-481"", ""expires"": ""2027-03-31"" }");

            var result = BaiduApp().Check(policy);

            Assert.Empty(result.Findings);
            var waived = Assert.Single(result.Waived);
            Assert.Equal("Baidu.AI", waived.PackageId);
            Assert.Equal("legacy OCR, ticket SEC-481", waived.Waiver!.Reason);
            Assert.Empty(result.WaiverFindings);
        }

        [Fact]
        public void A_waiver_covering_a_package_that_NoWarn_keeps_quiet_is_still_in_use()
        {
            var policy = WithWaiver(@"{ ""vendor"": ""baidu"", ""package"": ""Baidu.AI"", ""reason"": ""legacy OCR"", ""expires"": ""2027-03-31"" }");

            var result = BaiduApp().Check(policy, (direct, rule) => direct == "Baidu.AI");

            Assert.Empty(result.Findings);
            Assert.Empty(result.WaiverFindings);
        }

        [Fact]
        public void A_waiver_for_types_only_leaves_packages_alone_but_its_expiry_is_still_reported()
        {
            var policy = WithWaiver(@"{ ""vendor"": ""baidu"", ""types"": [""Baidu.Aip.Ocr.Ocr""], ""reason"": ""legacy"", ""expires"": ""2026-05-01"" }");

            var result = BaiduApp().Check(policy);

            Assert.Equal("Baidu.AI", Assert.Single(result.Findings).PackageId);
            Assert.Equal(RuleIdentifiers.WaiverExpired, Assert.Single(result.WaiverFindings).RuleId);
        }

        [Fact]
        public void An_active_waiver_for_types_only_is_never_reported_unused_by_the_package_checker()
        {
            var policy = WithWaiver(@"{ ""vendor"": ""tencent"", ""namespaces"": [""COSXML""], ""reason"": ""legacy"", ""expires"": ""2027-05-01"" }");

            Assert.Empty(BaiduApp().Check(policy).WaiverFindings);
        }

        [Fact]
        public void A_waiver_holds_through_its_expiry_date()
        {
            var policy = WithWaiver(@"{ ""vendor"": ""baidu"", ""reason"": ""legacy"", ""expires"": ""2026-06-01"" }");

            var result = BaiduApp().Check(policy);

            Assert.Empty(result.Findings);
            Assert.Empty(result.WaiverFindings);
        }

        [Fact]
        public void An_expired_waiver_keeps_the_finding_and_is_reported_as_SCG0201()
        {
            var policy = WithWaiver(@"{ ""vendor"": ""baidu"", ""package"": ""Baidu.AI"", ""reason"": ""legacy OCR, ticket SEC-481."", ""expires"": ""2026-05-31"" }");

            var result = BaiduApp().Check(policy);

            Assert.Equal(RuleIdentifiers.DirectPackage, Assert.Single(result.Findings).RuleId);
            Assert.Empty(result.Waived);
            var expired = Assert.Single(result.WaiverFindings);
            Assert.Equal(RuleIdentifiers.WaiverExpired, expired.RuleId);
            Assert.Equal(
                "The waiver for vendor 'baidu' and package 'Baidu.AI' expired on 2026-05-31 and no longer silences findings (reason given: legacy OCR, ticket SEC-481). Renew it with a new 'expires' date or remove it.",
                expired.Message);
        }

        [Fact]
        public void A_waiver_that_matches_nothing_is_SCG0202()
        {
            var policy = WithWaiver(@"{ ""vendor"": ""tencent"", ""reason"": ""COS migration"", ""expires"": ""2027-01-01"" }");

            var result = BaiduApp().Check(policy);

            Assert.Equal("Baidu.AI", Assert.Single(result.Findings).PackageId);
            var unused = Assert.Single(result.WaiverFindings);
            Assert.Equal(RuleIdentifiers.WaiverUnused, unused.RuleId);
            Assert.Equal("The waiver for vendor 'tencent' matches nothing in project 'App'. Remove it, or limit it to the projects that need it with 'projects'.", unused.Message);
        }

        [Fact]
        public void A_waiver_for_the_right_vendor_but_another_package_does_not_silence_and_is_SCG0202()
        {
            var policy = WithWaiver(@"{ ""vendor"": ""baidu"", ""package"": ""Baidu-AI*"", ""reason"": ""legacy"", ""expires"": ""2027-01-01"" }");

            var result = BaiduApp().Check(policy);

            Assert.Equal("Baidu.AI", Assert.Single(result.Findings).PackageId);
            Assert.Equal(RuleIdentifiers.WaiverUnused, Assert.Single(result.WaiverFindings).RuleId);
        }

        [Fact]
        public void A_waiver_scoped_to_other_projects_neither_silences_nor_reports()
        {
            var policy = WithWaiver(@"{ ""vendor"": ""baidu"", ""reason"": ""legacy"", ""expires"": ""2027-01-01"", ""projects"": [""src/Legacy/**""] }");

            var result = BaiduApp().Check(policy);

            Assert.Equal("Baidu.AI", Assert.Single(result.Findings).PackageId);
            Assert.Empty(result.Waived);
            Assert.Empty(result.WaiverFindings);
        }

        [Fact]
        public void A_waiver_scoped_to_this_project_silences()
        {
            var policy = WithWaiver(@"{ ""vendor"": ""baidu"", ""reason"": ""legacy"", ""expires"": ""2027-01-01"", ""projects"": [""src/App/**""] }");

            var result = BaiduApp().Check(policy);

            Assert.Empty(result.Findings);
            Assert.Single(result.Waived);
        }

        [Fact]
        public void A_waiver_silences_a_transitive_finding_of_its_vendor()
        {
            var policy = WithWaiver(@"{ ""vendor"": ""tencent"", ""package"": ""Tencent.*"", ""reason"": ""COS migration"", ""expires"": ""2027-01-01"" }");

            var result = TencentThroughWrapper().Check(policy);

            Assert.Empty(result.Findings);
            Assert.Equal(RuleIdentifiers.TransitivePackage, Assert.Single(result.Waived).RuleId);
        }

        // ---- SCG0902 and ordering -------------------------------------------------------------------

        [Fact]
        public void An_unreadable_package_is_SCG0902_and_the_others_are_still_checked()
        {
            var broken = new PackageIdentity { Id = "Acme.Broken", Version = "1.0.0", Problem = "the .nupkg is not a valid zip archive (corrupt or truncated): boom." };
            var result = new Scenario()
                .Direct("Acme.Broken", "Baidu.AI")
                .Package("Acme.Broken", "1.0.0", broken)
                .Package("Baidu.AI", "4.15.10", BaiduOwners)
                .Check(Policies.BaiduAndTencent());

            Assert.Equal(
                new[] { ("Acme.Broken", RuleIdentifiers.UnreadablePackage), ("Baidu.AI", RuleIdentifiers.DirectPackage) },
                result.Findings.Select(f => (f.PackageId, f.RuleId)));
            var unreadable = result.Findings[0];
            Assert.Equal(PolicySeverity.Warning, unreadable.Severity);
            Assert.Equal(
                "Package 'Acme.Broken' 1.0.0 could not be read, so its publisher is unknown and it was not checked: the .nupkg is not a valid zip archive (corrupt or truncated): boom. The rest of the graph was checked.",
                unreadable.Message);
        }

        [Fact]
        public void A_package_with_no_identity_at_all_is_SCG0902()
        {
            var result = new Scenario().Direct("Acme.Lost").Package("Acme.Lost", "1.0.0", (PackageIdentity?)null).Check(Policies.BaiduAndTencent());

            var finding = Assert.Single(result.Findings);
            Assert.Equal(RuleIdentifiers.UnreadablePackage, finding.RuleId);
            Assert.Contains("no identity was read for it", finding.Message);
        }

        [Fact]
        public void A_transitive_unreadable_package_is_reported_on_the_reference_that_brings_it_in()
        {
            var broken = new PackageIdentity { Id = "Acme.Broken", Version = "1.0.0", Problem = "missing" };
            var result = new Scenario()
                .Direct("Acme.Wrapper")
                .Package("Acme.Wrapper", "1.0.0", Nobody, "Acme.Broken")
                .Package("Acme.Broken", "1.0.0", broken)
                .Check(Policies.BaiduAndTencent());

            var finding = Assert.Single(result.Findings);
            Assert.Equal(RuleIdentifiers.UnreadablePackage, finding.RuleId);
            Assert.Equal("Acme.Wrapper", finding.DirectPackageId);
            Assert.Equal("App -> Acme.Wrapper 1.0.0 -> Acme.Broken 1.0.0", finding.PathText);
        }

        [Fact]
        public void Findings_are_ordered_by_package_id_then_rule()
        {
            var broken = new PackageIdentity { Id = "alpha.broken", Version = "1.0.0", Problem = "missing" };
            var result = new Scenario()
                .Direct("Zeta.Baidu", "alpha.broken", "Mid.Wrapper")
                .Package("Zeta.Baidu", "1.0.0", BaiduOwners)
                .Package("alpha.broken", "1.0.0", broken)
                .Package("Mid.Wrapper", "1.0.0", Nobody, "Beta.Tencent")
                .Package("Beta.Tencent", "1.0.0", TencentOwners)
                .Check(Policies.BaiduAndTencent());

            Assert.Equal(
                new[]
                {
                    ("alpha.broken", RuleIdentifiers.UnreadablePackage),
                    ("Beta.Tencent", RuleIdentifiers.TransitivePackage),
                    ("Zeta.Baidu", RuleIdentifiers.DirectPackage),
                },
                result.Findings.Select(f => (f.PackageId, f.RuleId)));
        }

        [Fact]
        public void The_result_does_not_depend_on_the_order_packages_are_listed_in()
        {
            var forward = new Scenario()
                .Direct("Acme.Wrapper")
                .Package("Acme.Wrapper", "1.0.0", Nobody, "Tencent.Fixture.Cos", "Baidu.AI")
                .Package("Tencent.Fixture.Cos", "2.0.0", TencentOwners)
                .Package("Baidu.AI", "4.15.10", BaiduOwners)
                .Check(Policies.BaiduAndTencent());
            var backward = new Scenario()
                .Direct("Acme.Wrapper")
                .Package("Baidu.AI", "4.15.10", BaiduOwners)
                .Package("Tencent.Fixture.Cos", "2.0.0", TencentOwners)
                .Package("Acme.Wrapper", "1.0.0", Nobody, "Baidu.AI", "Tencent.Fixture.Cos")
                .Check(Policies.BaiduAndTencent());

            Assert.Equal(forward.Findings.Select(f => f.ToString()), backward.Findings.Select(f => f.ToString()));
            Assert.Equal(new[] { "Baidu.AI", "Tencent.Fixture.Cos" }, forward.Findings.Select(f => f.PackageId));
        }

        [Fact]
        public void Allowlist_package_whose_claim_of_an_allowed_vendor_its_signature_overrules_says_no_vendor_matches_and_why()
        {
            var result = new Scenario().Direct("Contoso.Fake")
                .Package("Contoso.Fake", "1.0.0", new PackageIdentity { Id = "Contoso.Fake", Version = "1.0.0", Owners = { "mallory" }, OwnersSource = "repository signature", Authors = { "Contoso" } })
                .Check(Allowlist());

            var finding = Assert.Single(result.Findings);
            Assert.Equal(
                "Package 'Contoso.Fake' 1.0.0 cannot be established as published by an allowed vendor (the policy is in allowlist mode): "
                + "no vendor with \"restricted\": false matches it. Its nuspec claims 'Contoso Ltd' (vendor 'contoso', US) with author 'Contoso' in the nuspec, "
                + "but its signature names someone else, so the claim is set aside.",
                finding.Message);
            Assert.Empty(result.Notes); // the finding says it already
        }

        [Fact]
        public void A_package_its_owners_attribute_to_a_vendor_that_is_not_restricted_is_no_finding_and_no_note()
        {
            var result = new Scenario().Direct("Contoso.Lib").Package("Contoso.Lib", "1.0.0", new[] { "contoso" }).Check(Allowlist());

            Assert.Empty(result.Findings);
            Assert.Empty(result.Notes);
            Assert.Equal("contoso", Assert.Single(result.Verdicts).AllowingVendor!.Vendor.Id);
        }

        [Fact]
        public void A_package_that_comes_in_through_a_referenced_project_is_reported_with_the_project_on_its_route()
        {
            var graph = new PackageGraph("App", "net10.0", new[] { new DirectDependency("Baidu.AI", false) },
                new[]
                {
                    new PackageNode("Baidu.AI", "4.15.10", "sha-baidu", "baidu.ai/4.15.10", Array.Empty<string>(), Array.Empty<string>()),
                    new PackageNode("Tencent.Fixture.Cos", "2.0.0", "sha-cos", "tencent.fixture.cos/2.0.0", Array.Empty<string>(), Array.Empty<string>()),
                },
                new[] { "/packages" },
                new[] { new ProjectNode("Lib", "/src/Lib/Lib.csproj", new[] { "Shared" }), new ProjectNode("Shared", "/src/Shared/Shared.csproj", new[] { "Tencent.Fixture.Cos" }) },
                new[] { "Lib", "Missing" });
            var identities = new Dictionary<string, PackageIdentity>(StringComparer.OrdinalIgnoreCase)
            {
                ["Baidu.AI"] = new PackageIdentity { Id = "Baidu.AI", Version = "4.15.10", Owners = BaiduOwners.ToList(), OwnersSource = "repository signature" },
                ["Tencent.Fixture.Cos"] = new PackageIdentity { Id = "Tencent.Fixture.Cos", Version = "2.0.0", Owners = TencentOwners.ToList(), OwnersSource = "repository signature" },
            };

            var result = PackageChecker.Check(new PackageCheckRequest(graph, Policies.BaiduAndTencent(), identities));

            Assert.Equal(
                new[]
                {
                    (RuleIdentifiers.DirectPackage, "Baidu.AI", "App -> Baidu.AI 4.15.10"),
                    (RuleIdentifiers.TransitivePackage, "Lib", "App -> Lib (project) -> Shared (project) -> Tencent.Fixture.Cos 2.0.0"),
                },
                result.Findings.Select(f => (f.RuleId, f.DirectPackageId, f.PathText)));
            Assert.Contains(" It comes in through 'Lib': App -> Lib (project) -> Shared (project) -> Tencent.Fixture.Cos 2.0.0. Reason: ", result.Findings[1].Message);
        }

        [Fact]
        public void Two_versions_of_one_id_are_judged_and_reported_in_the_order_of_their_keys()
        {
            var graph = new PackageGraph("App", "net10.0", new[] { new DirectDependency("Baidu.AI", false), new DirectDependency("Baidu.AI@4.16.0", false) },
                new[]
                {
                    new PackageNode("Baidu.AI", "4.16.0", "sha-new", "baidu.ai/4.16.0", Array.Empty<string>(), Array.Empty<string>()) { Key = "Baidu.AI@4.16.0" },
                    new PackageNode("Baidu.AI", "4.15.10", "sha-old", "baidu.ai/4.15.10", Array.Empty<string>(), Array.Empty<string>()),
                },
                new[] { "/packages" });
            var identities = new Dictionary<string, PackageIdentity>(StringComparer.OrdinalIgnoreCase)
            {
                ["Baidu.AI"] = new PackageIdentity { Id = "Baidu.AI", Version = "4.15.10", Owners = BaiduOwners.ToList() },
                ["Baidu.AI@4.16.0"] = new PackageIdentity { Id = "Baidu.AI", Version = "4.16.0", Owners = BaiduOwners.ToList() },
            };

            var result = PackageChecker.Check(new PackageCheckRequest(graph, Policies.BaiduAndTencent(), identities));

            Assert.Equal(new[] { "4.15.10", "4.16.0" }, result.Verdicts.Select(v => v.Package.Version));
            Assert.Equal(new[] { "4.15.10", "4.16.0" }, result.Findings.Select(f => f.Version));
            Assert.Equal("SCG0001 Baidu.AI 4.15.10: " + result.Findings[0].Message, result.Findings[0].ToString());
        }

        [Fact]
        public void An_empty_graph_has_no_findings()
        {
            var result = PackageChecker.Check(new PackageCheckRequest(PackageGraph.Empty("App"), Policies.BaiduAndTencent(), new Dictionary<string, PackageIdentity>()));

            Assert.Empty(result.Findings);
            Assert.Empty(result.Verdicts);
        }
    }
}
