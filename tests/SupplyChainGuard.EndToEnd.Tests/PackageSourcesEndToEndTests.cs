using Xunit;
using static SupplyChainGuard.EndToEnd.Tests.EndToEndPolicies;

namespace SupplyChainGuard.EndToEnd.Tests
{
    /// <summary>
    /// Every way a package gets into a build is checked: RID-specific graphs (runtime.json), PackageDownload, and
    /// GlobalPackageReference, each reported at the line that brings the package in.
    /// </summary>
    [Collection(EndToEndCollection.Name)]
    public sealed class PackageSourcesEndToEndTests
    {
        private readonly PackedPackageFixture _fixture;

        public PackageSourcesEndToEndTests(PackedPackageFixture fixture)
        {
            _fixture = fixture;
        }

        [Fact]
        public void A_package_that_only_a_runtime_json_mapping_brings_in_is_reported_for_a_RuntimeIdentifier()
        {
            var app = _fixture.NewConsumer("rid")
                .Write("App.csproj", ConsumerProject.ProjectXml("""
                        <PackageReference Include="Acme.Crypto" Version="1.0.0" />
                    """, "    <RuntimeIdentifier>linux-x64</RuntimeIdentifier>\n    <SelfContained>false</SelfContained>"))
                .Write("supplychainguard.json", Policy(TencentByOwner));

            var build = app.Build();

            Assert.Equal(0, build.ExitCode);
            var finding = build.Single("SCG0002");
            Assert.Equal(app.LineOf("App.csproj", "Include=\"Acme.Crypto\""), finding.Line);
            Assert.Contains("'Tencent.Kona.Native.linux-x64' 1.0.0", finding.Message);
            Assert.Contains("App -> Acme.Crypto 1.0.0 -> Tencent.Kona.Native.linux-x64 1.0.0", finding.Message);
        }

        [Fact]
        public void A_PackageDownload_of_a_restricted_package_is_reported_at_its_line()
        {
            var app = _fixture.NewConsumer("download")
                .Write("App.csproj", ConsumerProject.ProjectXml("""
                        <PackageDownload Include="Tencent.QCloud.Cos.Sdk" Version="[5.4.40]" />
                    """))
                .Write("supplychainguard.json", Policy(TencentByOwner));

            var build = app.Build();

            var finding = build.Single("SCG0001");
            Assert.Equal(app.PathOf("App.csproj"), finding.File);
            Assert.Equal(app.LineOf("App.csproj", "<PackageDownload"), finding.Line);
            Assert.Contains("'Tencent.QCloud.Cos.Sdk' 5.4.40 is published by 'Tencent Holdings'", finding.Message);
        }

        [Fact]
        public void A_GlobalPackageReference_is_reported_at_its_line_in_Directory_Packages_props()
        {
            var app = _fixture.NewConsumer("global")
                .Write("Directory.Packages.props", $"""
                    <Project>
                      <PropertyGroup>
                        <ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally>
                      </PropertyGroup>
                      <ItemGroup>
                        <PackageVersion Include="SupplyChainGuard" Version="{PackedPackageFixture.PackageVersion}" />
                        <GlobalPackageReference Include="Tencent.QCloud.Cos.Sdk" Version="5.4.40" />
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
                      </ItemGroup>
                    </Project>
                    """)
                .Write("supplychainguard.json", Policy(TencentByOwner));

            var build = app.Build();

            var finding = build.Single("SCG0001");
            Assert.Equal(app.PathOf("Directory.Packages.props"), finding.File);
            Assert.Equal(app.LineOf("Directory.Packages.props", "<GlobalPackageReference"), finding.Line);
            Assert.Contains("'Tencent.QCloud.Cos.Sdk' 5.4.40", finding.Message);
        }
    }
}
