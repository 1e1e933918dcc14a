using System.IO;
using System.Linq;
using Xunit;

namespace SupplyChainGuard.EndToEnd.Tests
{
    /// <summary>
    /// The package checker as users get it: the packed package referenced by a project in a temp folder,
    /// `dotnet build`, and the diagnostic on the right file and line.
    /// </summary>
    [Collection(EndToEndCollection.Name)]
    public sealed class PackageCheckerEndToEndTests
    {
        private const string BaiduVendor = """
            {
              "id": "baidu",
              "name": "Baidu, Inc.",
              "jurisdiction": "CN",
              "reason": "Company policy SEC-12",
              "match": { "owners": ["Baidu-AI"] },
              "alternatives": [ { "package": "AWSSDK.Textract", "note": "OCR" } ]
            }
            """;

        private const string TencentVendor = """
            {
              "id": "tencent",
              "name": "Tencent Holdings",
              "jurisdiction": "CN",
              "match": { "owners": ["tencentcloudapi"] },
              "alternatives": [ { "package": "AWSSDK.S3", "note": "object storage" } ]
            }
            """;

        private const string AlibabaVendor = """
            {
              "id": "alibaba",
              "name": "Alibaba Group",
              "jurisdiction": "CN",
              "match": { "owners": ["aliyun"], "packages": ["aliyun-net-sdk-*"], "authors": ["Alibaba Cloud"] }
            }
            """;

        private readonly PackedPackageFixture _fixture;

        public PackageCheckerEndToEndTests(PackedPackageFixture fixture)
        {
            _fixture = fixture;
        }

        private static string Policy(string vendors, string extra = "") =>
            $$"""
            {
              // written by the end-to-end tests
              "restrictedJurisdictions": ["CN"],
              "vendors": [ {{vendors}} ],
              {{extra}}
            }
            """;

        [Fact]
        public void Direct_and_transitive_restricted_packages_are_reported_at_their_references_with_evidence_and_path()
        {
            var app = _fixture.NewConsumer("plain")
                .Write("App.csproj", ConsumerProject.ProjectXml("""
                        <PackageReference Include="Baidu.AI" Version="4.15.10" />
                        <PackageReference Include="Acme.Storage.Wrapper" Version="1.2.0" />
                        <PackageReference Include="wang.aliyun-net-sdk-dysmsapi" Version="1.0.0" />
                    """))
                .Write("supplychainguard.json", Policy(BaiduVendor + "," + TencentVendor + "," + AlibabaVendor));

            var build = app.Build();

            Assert.Equal(0, build.ExitCode);
            var direct = build.Single("SCG0001");
            Assert.Equal(app.PathOf("App.csproj"), direct.File);
            Assert.Equal(app.LineOf("App.csproj", "Include=\"Baidu.AI\""), direct.Line);
            Assert.Equal("warning", direct.Severity);
            Assert.Equal(
                "Package 'Baidu.AI' 4.15.10 is published by 'Baidu, Inc.' (vendor 'baidu', CN), which the policy restricts: "
                + "owner 'Baidu-AI' in the repository signature. Reason: Company policy SEC-12. Alternatives: AWSSDK.Textract (OCR).",
                direct.Message);

            var transitive = build.Single("SCG0002");
            Assert.Equal(app.LineOf("App.csproj", "Include=\"Acme.Storage.Wrapper\""), transitive.Line);
            Assert.Contains("Transitive package 'Tencent.QCloud.Cos.Sdk' 5.4.40 is published by 'Tencent Holdings' (vendor 'tencent', CN)", transitive.Message);
            Assert.Contains("owner 'tencentcloudapi' in the repository signature", transitive.Message);
            Assert.Contains("App -> Acme.Storage.Wrapper 1.2.0 -> Tencent.QCloud.Cos.Sdk 5.4.40", transitive.Message);

            // Baidu.AI depends on Newtonsoft.Json: a restriction never spreads to a restricted package's dependencies.
            // The re-upload's id and authors claim Alibaba, but its signature names another owner.
            Assert.DoesNotContain(build.Diagnostics, d => d.Message.Contains("Newtonsoft.Json") || d.Message.Contains("wang.aliyun"));
            Assert.Equal(2, build.Diagnostics.Count);
        }

        [Fact]
        public void Central_package_management_reports_at_the_PackageVersion_line_unless_the_reference_overrides_the_version()
        {
            var app = _fixture.NewConsumer("cpm")
                .Write("Directory.Packages.props", """
                    <Project>
                      <PropertyGroup>
                        <ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally>
                      </PropertyGroup>
                      <ItemGroup>
                        <PackageVersion Include="SupplyChainGuard" Version="0.1.0" />
                        <PackageVersion Include="Baidu.AI" Version="4.15.10" />
                        <PackageVersion Include="aliyun-net-sdk-core" Version="1.5.9" />
                      </ItemGroup>
                    </Project>
                    """)
                .Write("App.csproj", """
                    <Project Sdk="Microsoft.NET.Sdk">
                      <PropertyGroup>
                        <TargetFramework>net10.0</TargetFramework>
                        <NoWarn>$(NoWarn);NU1603</NoWarn>
                      </PropertyGroup>
                      <ItemGroup>
                        <PackageReference Include="SupplyChainGuard" PrivateAssets="all" />
                        <PackageReference Include="Baidu.AI" />
                        <PackageReference Include="aliyun-net-sdk-core" VersionOverride="1.5.10" />
                      </ItemGroup>
                    </Project>
                    """)
                .Write("supplychainguard.json", Policy(BaiduVendor + "," + AlibabaVendor));

            var build = app.Build();

            Assert.Equal(0, build.ExitCode);
            var findings = build.OfCode("SCG0001").OrderBy(d => d.Message).ToList();
            Assert.Equal(2, findings.Count);
            Assert.Contains("'aliyun-net-sdk-core' 1.5.10", findings[0].Message);
            Assert.Equal(app.PathOf("App.csproj"), findings[0].File);
            Assert.Equal(app.LineOf("App.csproj", "VersionOverride"), findings[0].Line);
            Assert.Contains("'Baidu.AI' 4.15.10", findings[1].Message);
            Assert.Equal(app.PathOf("Directory.Packages.props"), findings[1].File);
            Assert.Equal(app.LineOf("Directory.Packages.props", "Include=\"Baidu.AI\""), findings[1].Line);
        }

        [Fact]
        public void NoWarn_on_a_reference_covers_what_it_brings_in_and_project_NoWarn_covers_the_project()
        {
            var app = _fixture.NewConsumer("nowarn")
                .Write("App.csproj", ConsumerProject.ProjectXml("""
                        <PackageReference Include="Acme.Storage.Wrapper" Version="1.2.0" NoWarn="SCG0002" />
                        <PackageReference Include="Baidu.AI" Version="4.15.10" />
                    """, "    <NoWarn>$(NoWarn);SCG0001</NoWarn>"))
                .Write("supplychainguard.json", Policy(BaiduVendor + "," + TencentVendor));

            var quiet = app.Build();
            Assert.Equal(0, quiet.ExitCode);
            Assert.Empty(quiet.Diagnostics);

            // A second route to the same package that does not suppress the rule brings the finding back.
            app.Write("App.csproj", ConsumerProject.ProjectXml("""
                        <PackageReference Include="Acme.Storage.Wrapper" Version="1.2.0" NoWarn="SCG0002" />
                        <PackageReference Include="Acme.Media" Version="2.0.0" />
                    """));
            var loud = app.Build();
            var finding = loud.Single("SCG0002");
            Assert.Equal(app.LineOf("App.csproj", "Include=\"Acme.Media\""), finding.Line);
            Assert.Contains("App -> Acme.Media 2.0.0 -> Tencent.QCloud.Cos.Sdk 5.4.40", finding.Message);
        }

        [Fact]
        public void Waivers_silence_until_they_expire_and_stale_ones_are_reported_at_their_line()
        {
            var app = _fixture.NewConsumer("waivers")
                .Write("App.csproj", ConsumerProject.ProjectXml("""
                        <PackageReference Include="Baidu.AI" Version="4.15.10" />
                        <PackageReference Include="Acme.Storage.Wrapper" Version="1.2.0" />
                    """))
                .Write("supplychainguard.json", Policy(BaiduVendor + "," + TencentVendor + "," + AlibabaVendor, """
                      "waivers": [
                        { "vendor": "baidu", "package": "Baidu.AI", "reason": "legacy OCR, ticket SEC-481", "expires": "2099-12-31" },
                        { "vendor": "tencent", "reason": "storage migration, ticket SEC-77", "expires": "2020-01-31" },
                        { "vendor": "alibaba", "reason": "SMS pilot", "expires": "2099-12-31" }
                      ]
                    """));

            var build = app.Build();

            Assert.Equal(0, build.ExitCode);
            Assert.Empty(build.OfCode("SCG0001"));
            Assert.Single(build.OfCode("SCG0002"));

            var expired = build.Single("SCG0201");
            Assert.Equal(app.PathOf("supplychainguard.json"), expired.File);
            Assert.Equal(app.LineOf("supplychainguard.json", "\"vendor\": \"tencent\""), expired.Line);
            Assert.Contains("expired on 2020-01-31", expired.Message);

            var unused = build.Single("SCG0202");
            Assert.Equal(app.LineOf("supplychainguard.json", "\"vendor\": \"alibaba\""), unused.Line);
            Assert.Contains("matches nothing", unused.Message);
        }

        [Fact]
        public void A_broken_policy_fails_the_build_with_SCG0901_at_its_line_and_column()
        {
            var app = _fixture.NewConsumer("broken")
                .Write("App.csproj", ConsumerProject.ProjectXml("""
                        <PackageReference Include="Baidu.AI" Version="4.15.10" />
                    """))
                .Write("supplychainguard.json", """
                    {
                      "vendors": [
                        { "id": "baidu", "jurisdiction": "CN", "match": { "ownres": ["Baidu-AI"] } }
                      ]
                    }
                    """);

            var build = app.Build();

            Assert.NotEqual(0, build.ExitCode);
            var error = build.Single("SCG0901");
            Assert.Equal("error", error.Severity);
            Assert.Equal(app.PathOf("supplychainguard.json"), error.File);
            Assert.Equal(3, error.Line);
            Assert.Equal(55, error.Column);
            Assert.Contains("unknown key 'ownres'", error.Message);
            Assert.DoesNotContain("MSB4018", build.Output);
        }

        [Fact]
        public void TreatWarningsAsErrors_and_vendor_severity_make_findings_errors()
        {
            var app = _fixture.NewConsumer("errors")
                .Write("App.csproj", ConsumerProject.ProjectXml("""
                        <PackageReference Include="Acme.Storage.Wrapper" Version="1.2.0" />
                    """, "    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>"))
                .Write("supplychainguard.json", Policy(TencentVendor));

            var build = app.Build();

            Assert.NotEqual(0, build.ExitCode);
            Assert.Equal("error", build.Single("SCG0002").Severity);

            app.Write("App.csproj", ConsumerProject.ProjectXml("""
                        <PackageReference Include="Baidu.AI" Version="4.15.10" />
                    """))
                .Write("supplychainguard.json", Policy(BaiduVendor.Replace("\"reason\"", "\"severity\": \"error\", \"reason\"")));
            var severe = app.Build();
            Assert.NotEqual(0, severe.ExitCode);
            Assert.Equal("error", severe.Single("SCG0001").Severity);
        }

        [Fact]
        public void Allowlist_mode_reports_every_package_not_established_as_an_allowed_vendor()
        {
            var app = _fixture.NewConsumer("allowlist")
                .Write("App.csproj", ConsumerProject.ProjectXml("""
                        <PackageReference Include="Baidu.AI" Version="4.15.10" />
                    """))
                .Write("supplychainguard.json", """
                    {
                      "mode": "allowlist",
                      "vendors": [
                        { "id": "newtonsoft", "name": "Newtonsoft", "restricted": false, "match": { "owners": ["newtonsoft", "jamesnk"] } },
                        { "id": "us", "restricted": false, "match": { "packages": ["SupplyChainGuard"] } },
                        { "id": "baidu-claim", "restricted": false, "match": { "authors": ["Baidu"], "owners": ["someone-else"] } }
                      ]
                    }
                    """);

            var build = app.Build();

            var finding = build.Single("SCG0003");
            Assert.Contains("'Baidu.AI' 4.15.10 cannot be established as published by an allowed vendor", finding.Message);
            Assert.Equal(app.LineOf("App.csproj", "Include=\"Baidu.AI\""), finding.Line);
        }

        [Fact]
        public void A_package_that_arrives_through_a_ProjectReference_is_reported_in_the_project_that_declares_it()
        {
            var repo = _fixture.NewConsumer("projects")
                .Write("Lib/Lib.csproj", ConsumerProject.ProjectXml("""
                        <PackageReference Include="Baidu.AI" Version="4.15.10" />
                    """))
                .Write("App/App.csproj", ConsumerProject.ProjectXml("""
                        <ProjectReference Include="../Lib/Lib.csproj" />
                    """))
                .Write("supplychainguard.json", Policy(BaiduVendor));

            var build = repo.Build("App/App.csproj");

            Assert.Equal(0, build.ExitCode);
            var finding = build.Single("SCG0001");
            Assert.Equal(repo.PathOf("Lib/Lib.csproj"), finding.File);
        }

        [Fact]
        public void A_no_op_build_replays_its_findings_and_a_policy_change_reads_no_package_again()
        {
            var app = _fixture.NewConsumer("incremental")
                .Write("App.csproj", ConsumerProject.ProjectXml("""
                        <PackageReference Include="Baidu.AI" Version="4.15.10" />
                    """))
                .Write("supplychainguard.json", Policy(BaiduVendor));

            var (first, second) = app.BuildTwiceOnOneDay(null, "-v:n");

            Assert.Contains("SupplyChainGuard: checked 3 packages of 'App' (net10.0)", first.Output);
            Assert.Contains("3 read, 0 from the cache", first.Output);
            Assert.Contains("SupplyChainGuard: nothing the check depends on changed", second.Output);
            Assert.Contains("1 diagnostics replayed", second.Output);
            Assert.Equal(first.Single("SCG0001"), second.Single("SCG0001"));

            // A changed policy is checked in full, but the packages' identities still come from the cache.
            app.Write("supplychainguard.json", Policy(BaiduVendor.Replace("Company policy SEC-12", "Company policy SEC-13")));
            var third = app.Build(null, "-v:n");
            Assert.Contains("0 read, 3 from the cache", third.Output);
            Assert.Contains("Company policy SEC-13", third.Single("SCG0001").Message);
        }

        [Fact]
        public void A_build_with_the_guard_switched_off_keeps_what_the_guard_keeps_under_obj()
        {
            var app = _fixture.NewConsumer("toggle")
                .Write("App.csproj", ConsumerProject.ProjectXml("""
                        <PackageReference Include="Baidu.AI" Version="4.15.10" />
                    """))
                .Write("supplychainguard.json", Policy(BaiduVendor));
            Assert.Equal(0, app.Build().ExitCode);
            Assert.Equal(0, app.Build(null, "-p:SupplyChainGuardEnabled=false").ExitCode);

            Assert.True(File.Exists(app.PathOf("obj/Debug/net10.0/supplychainguard.identity.json")));
        }

        [Fact]
        public void Without_a_policy_or_when_disabled_nothing_is_reported()
        {
            var app = _fixture.NewConsumer("nopolicy")
                .Write("App.csproj", ConsumerProject.ProjectXml("""
                        <PackageReference Include="Baidu.AI" Version="4.15.10" />
                    """));
            PackedPackageFixture.AssertNoPolicyAbove(app.Directory); // precondition: no policy reaches it from above
            var none = app.Build();
            Assert.Equal(0, none.ExitCode);
            Assert.Empty(none.Diagnostics);

            app.Write("supplychainguard.json", Policy(BaiduVendor));
            var disabled = app.Build(null, "-p:SupplyChainGuardEnabled=false");
            Assert.Equal(0, disabled.ExitCode);
            Assert.Empty(disabled.Diagnostics);
        }
    }
}
