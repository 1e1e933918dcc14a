using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using SupplyChainGuard.Diagnostics;
using SupplyChainGuard.Policy;
using SupplyChainGuard.TestKit;
using Xunit;

namespace SupplyChainGuard.Packages.Tests
{
    /// <summary>
    /// Signed fixture packages with each vendor's real package id, owners, authors and assembly names (and the
    /// real Baidu.AI 4.15.10), read by the identity reader and judged against the shipped presets.
    /// </summary>
    public sealed class PresetFixtures : IDisposable
    {
        private const string SigningSubject = "CN=SupplyChainGuard Test Repository";

        private readonly FixtureFolder _root;

        public PresetFixtures()
        {
            _root = FixtureCache.Shared.Get("scg-presets", Inputs, Build);
            PackagesFolder = _root.Combine("packages");
        }

        private static IEnumerable<FixturePackage> Packages() => Fixtures.Select(fixture =>
            new FixturePackage(fixture.Id, fixture.Version) { Authors = fixture.Authors, RepositoryOwners = fixture.Owners });

        private static string Inputs() =>
            $"every package signed with one certificate {SigningSubject}\n{string.Concat(Packages().Select(FixtureCache.Describe))}"
            + $"install {FixtureCache.DescribeFile(RealPackages.NupkgPath("Baidu.AI", "4.15.10"))}";

        private static void Build(string root)
        {
            var packagesFolder = Path.Combine(root, "packages");
            using var certificate = FixtureCertificates.Create(SigningSubject);
            foreach (var package in Packages())
            {
                package.SigningCertificate = certificate;
                package.InstallTo(packagesFolder);
            }

            FixturePackagesFolder.Install(RealPackages.NupkgPath("Baidu.AI", "4.15.10"), packagesFolder);
        }

        /// <summary>Id, version, nuget.org owners, nuspec authors, and the assemblies restore would list for it.</summary>
        public static readonly (string Id, string Version, string[] Owners, string Authors, string[] Assemblies)[] Fixtures =
        {
            ("HuaweiCloud.SDK.Core", "3.1.100", new[] { "HuaweiCloud" }, "HuaweiCloud", new[] { "HuaweiCloud.SDK.Core" }),
            ("TencentCloudSDK.Common", "3.0.1200", new[] { "tencentcloudapi" }, "Tencent Cloud API Team", new[] { "TencentCloudCommon" }),
            ("Tencent.QCloud.Cos.Sdk", "5.4.40", new[] { "tencentcloudapi" }, "Tencent", new[] { "COSXML" }),
            ("aliyun-net-sdk-core", "1.6.2", new[] { "aliyun" }, "Alibaba Cloud", new[] { "aliyun-net-sdk-core" }),
            ("Volcengine.TOS.SDK", "2.1.0", new[] { "volcengine" }, "volcengine", new[] { "Volcengine.TOS" }),
            ("Yandex.Cloud.SDK", "1.4.0", new[] { "yandex-cloud" }, "Yandex.Cloud", new[] { "Yandex.Cloud.SDK" }),
            ("Qiniu", "8.3.0", new[] { "qiniu" }, "Rong Zhou, Qiniu SDK", new[] { "Qiniu" }),

            // Look-alikes (VENDORS.md): third parties whose ids or authors echo a vendor. Their assemblies are not
            // known here, so each is given its package id; a re-upload that ships the vendor's own assembly
            // (aliyun-net-sdk-dysmsapi.dll) would be attributed by that assembly, as docs/presets.md says.
            ("Hua.CHCNetSDK", "1.0.0", new[] { "hua" }, "Hua", new[] { "Hua.CHCNetSDK" }),
            ("Senparc.Weixin.TenPay", "1.16.0", new[] { "Senparc" }, "Senparc", new[] { "Senparc.Weixin.TenPay" }),
            ("wang.aliyun-net-sdk-dysmsapi", "1.0.0", new[] { "wang" }, "Alibaba Cloud", new[] { "wang.aliyun-net-sdk-dysmsapi" }),
            ("Volo.Abp.BlobStoring.Aliyun", "8.0.0", new[] { "volosoft" }, "Volosoft", new[] { "Volo.Abp.BlobStoring.Aliyun" }),
            ("Qiniu.SDK", "7.2.15", new[] { "someone" }, "someone", new[] { "Qiniu.SDK" }),
        };

        public string PackagesFolder { get; }

        public void Dispose() => _root.Dispose();
    }

    public sealed class PresetVerdictTests : IClassFixture<PresetFixtures>
    {
        private static readonly string Project = Path.Combine(Policies.Directory, "src", "App", "App.csproj");
        private readonly PresetFixtures _fixtures;

        public PresetVerdictTests(PresetFixtures fixtures)
        {
            _fixtures = fixtures;
        }

        private PackageCheckResult Check(string policyJson, string packageId)
        {
            var known = PresetFixtures.Fixtures.Where(f => f.Id == packageId).ToArray();
            var (version, assemblies) = known.Length == 1 ? (known[0].Version, known[0].Assemblies) : ("4.15.10", new[] { "AipSdk" });
            var node = new PackageNode(packageId, version, null, packageId.ToLowerInvariant() + "/" + version, Array.Empty<string>(), assemblies);
            var identity = PackageIdentityReader.Read(packageId, version, null, new[] { _fixtures.PackagesFolder });
            Assert.Null(identity.Problem);
            var graph = new PackageGraph("App", "net10.0", new[] { new DirectDependency(packageId, false) }, new[] { node }, new[] { _fixtures.PackagesFolder });
            return PackageChecker.Check(new PackageCheckRequest(graph, Policies.Load(policyJson), new Dictionary<string, PackageIdentity> { [packageId] = identity })
            {
                ProjectPath = Project,
            });
        }

        [Theory]
        [InlineData("us-fcc-covered-list", "HuaweiCloud.SDK.Core", "huawei", "package id 'HuaweiCloud.SDK.Core' (matches 'HuaweiCloud.SDK.*')")]
        [InlineData("us-ndaa-889", "HuaweiCloud.SDK.Core", "huawei", "package id 'HuaweiCloud.SDK.Core' (matches 'HuaweiCloud.SDK.*')")]
        [InlineData("us-foreign-adversaries", "HuaweiCloud.SDK.Core", "huawei", "assembly 'HuaweiCloud.SDK.Core' in the package (matches 'HuaweiCloud.SDK.*')")]
        [InlineData("us-foreign-adversaries", "TencentCloudSDK.Common", "tencent", "package id 'TencentCloudSDK.Common' (matches 'TencentCloudSDK.*')")]
        [InlineData("us-foreign-adversaries", "Tencent.QCloud.Cos.Sdk", "tencent", "assembly 'COSXML' in the package")]
        [InlineData("us-foreign-adversaries", "aliyun-net-sdk-core", "alibaba", "package id 'aliyun-net-sdk-core' (matches 'aliyun-net-sdk-*')")]
        [InlineData("us-pafaca", "Volcengine.TOS.SDK", "bytedance", "assembly 'Volcengine.TOS' in the package")]
        [InlineData("us-foreign-adversaries", "Volcengine.TOS.SDK", "bytedance", "package id 'Volcengine.TOS.SDK' (matches 'Volcengine.TOS.SDK*')")]
        [InlineData("us-foreign-adversaries", "Yandex.Cloud.SDK", "yandex", "package id 'Yandex.Cloud.SDK'")]
        [InlineData("us-foreign-adversaries", "Qiniu", "qiniu", "package id 'Qiniu'")]
        [InlineData("us-foreign-adversaries", "Baidu.AI", "baidu", "owner 'Baidu-AI' in the repository signature")]
        public void A_vendors_real_package_is_flagged_by_the_presets_that_list_it(string preset, string packageId, string vendor, string signal)
        {
            var result = Check($$"""{ "extends": ["preset:{{preset}}"] }""", packageId);

            var finding = Assert.Single(result.Findings);
            Assert.Equal(RuleIdentifiers.DirectPackage, finding.RuleId);
            Assert.Equal(vendor, finding.Verdict.RestrictingVendor!.Vendor.Id);
            Assert.Contains(signal, finding.Message);
            Assert.Contains(" Reason: " + finding.Verdict.RestrictingVendor.Vendor.Reason + ".", finding.Message);
            Assert.DoesNotContain("illegal", finding.Message, StringComparison.OrdinalIgnoreCase);
            Assert.Equal(PolicySeverity.Warning, finding.Severity);
        }

        [Theory]
        [InlineData("us-fcc-covered-list", "TencentCloudSDK.Common")]
        [InlineData("us-ndaa-889", "Volcengine.TOS.SDK")]
        [InlineData("us-kaspersky", "Yandex.Cloud.SDK")]
        [InlineData("us-pafaca", "HuaweiCloud.SDK.Core")]
        public void A_preset_flags_only_the_vendors_its_list_names(string preset, string packageId)
        {
            Assert.Empty(Check($$"""{ "extends": ["preset:{{preset}}"] }""", packageId).Findings);
        }

        [Theory]
        [InlineData("Hua.CHCNetSDK")]
        [InlineData("Senparc.Weixin.TenPay")]
        [InlineData("wang.aliyun-net-sdk-dysmsapi")]
        [InlineData("Volo.Abp.BlobStoring.Aliyun")]
        [InlineData("Qiniu.SDK")]
        public void A_look_alike_is_not_attributed_to_the_vendor_it_echoes(string packageId)
        {
            var result = Check("""{ "extends": ["preset:us-fcc-covered-list", "preset:us-foreign-adversaries"] }""", packageId);

            Assert.Empty(result.Findings);
            Assert.All(result.Verdicts.Single().Attributions, a => Assert.Empty(a.Signals));
        }

        [Fact]
        public void The_aliyun_re_upload_is_set_aside_by_its_owner_though_its_authors_claim_alibaba()
        {
            var result = Check("""{ "extends": ["preset:us-foreign-adversaries"] }""", "wang.aliyun-net-sdk-dysmsapi");

            var alibaba = Assert.Single(result.Verdicts.Single().Attributions);
            Assert.Equal("alibaba", alibaba.Vendor.Id);
            Assert.Empty(alibaba.Signals);
            Assert.Equal("author 'Alibaba Cloud' in the nuspec", Assert.Single(alibaba.Overruled).Describe());
        }

        [Fact]
        public void An_override_raises_the_severity_to_error()
        {
            var result = Check("""{ "extends": ["preset:us-fcc-covered-list"], "vendors": [ { "id": "huawei", "severity": "error" } ] }""", "HuaweiCloud.SDK.Core");

            Assert.Equal(PolicySeverity.Error, Assert.Single(result.Findings).Severity);
        }

        [Fact]
        public void An_override_switches_the_vendor_off_and_the_verdict_keeps_the_attribution()
        {
            var result = Check("""
                { "extends": ["preset:us-fcc-covered-list"], "vendors": [ { "id": "huawei", "restricted": false, "reason": "LEGAL-77" } ] }
                """, "HuaweiCloud.SDK.Core");

            Assert.Empty(result.Findings);
            var attribution = Assert.Single(result.Verdicts.Single().Attributions);
            Assert.False(attribution.IsRestricted);
            Assert.Equal("LEGAL-77", attribution.Vendor.SwitchedOffBy!.Reason);
        }

        [Fact]
        public void A_finding_resting_only_on_unverified_signals_stays_a_warning_when_the_vendor_is_raised_to_error()
        {
            // Only the owner, which the preset marks unverified, points to Tencent here: the id is the fixture's own.
            var policy = """
                { "extends": ["preset:us-foreign-adversaries"],
                  "vendors": [ { "id": "tencent", "severity": "error" }, { "id": "huawei", "severity": "error" } ] }
                """;
            var unverified = Check(policy, "Senparc.Weixin.TenPay"); // owner Senparc: no Tencent signal at all
            Assert.Empty(unverified.Findings);

            var capped = CheckWithOwners(policy, "Contoso.Cos.Mirror", new[] { "tencentcloudapi" });
            var finding = Assert.Single(capped.Findings);
            Assert.Equal("tencent", finding.Verdict.RestrictingVendor!.Vendor.Id);
            Assert.True(finding.Verdict.RestrictingVendor.IsUnverified);
            Assert.Equal(PolicySeverity.Warning, finding.Severity);
            Assert.Contains("owner 'tencentcloudapi' in the repository signature (a signal the policy marks unverified)", finding.Message);
            Assert.EndsWith("The policy marks what this finding rests on as unverified, so it is at most a warning.", finding.Message);

            // A verified signal (the package id) beside it keeps the vendor's severity.
            Assert.Equal(PolicySeverity.Error, Assert.Single(Check(policy, "HuaweiCloud.SDK.Core").Findings).Severity);
        }

        private static PackageCheckResult CheckWithOwners(string policyJson, string packageId, string[] owners)
        {
            var node = new PackageNode(packageId, "1.0.0", null, null, Array.Empty<string>(), new[] { packageId });
            var identity = new PackageIdentity { Id = packageId, Version = "1.0.0", Owners = owners.ToList(), OwnersSource = "repository signature" };
            var graph = new PackageGraph("App", "net10.0", new[] { new DirectDependency(packageId, false) }, new[] { node }, Array.Empty<string>());
            return PackageChecker.Check(new PackageCheckRequest(graph, Policies.Load(policyJson), new Dictionary<string, PackageIdentity> { [packageId] = identity }) { ProjectPath = Project });
        }
    }
}
