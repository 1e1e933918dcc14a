using System.IO;
using System.Linq;
using Xunit;
using static SupplyChainGuard.EndToEnd.Tests.EndToEndPolicies;

namespace SupplyChainGuard.EndToEnd.Tests
{
    /// <summary>
    /// "Could not check" is always said: a package whose content differs from what restore recorded is SCG0902, a
    /// defect is SCG0999, and with <c>SupplyChainGuardFailClosed</c> both stop the build. Tests that damage a
    /// package do it in a packages folder of their own.
    /// </summary>
    [Collection(EndToEndCollection.Name)]
    public sealed class FailClosedEndToEndTests
    {
        private readonly PackedPackageFixture _fixture;

        public FailClosedEndToEndTests(PackedPackageFixture fixture)
        {
            _fixture = fixture;
        }

        private ConsumerProject TencentConsumer(string name) => _fixture.NewConsumer(name)
            .WithOwnPackagesFolder()
            .Write("App.csproj", ConsumerProject.ProjectXml("""
                    <PackageReference Include="Tencent.QCloud.Cos.Sdk" Version="5.4.40" />
                """))
            .Write("supplychainguard.json", Policy(TencentByOwner));

        private static string NupkgIn(string packagesFolder, string id, string version) =>
            Path.Combine(packagesFolder, id.ToLowerInvariant(), version, $"{id.ToLowerInvariant()}.{version}.nupkg");

        private void SwapInImpostor(ConsumerProject app) =>
            File.Copy(Path.Combine(_fixture.Impostors, "tencent.qcloud.cos.sdk.5.4.40.nupkg"), NupkgIn(app.PackagesFolder, "Tencent.QCloud.Cos.Sdk", "5.4.40"), overwrite: true);

        private static void AssertContentDiffers(BuildResult build, ConsumerProject app)
        {
            var tampered = build.Single("SCG0902");
            Assert.Equal(app.LineOf("App.csproj", "Include=\"Tencent.QCloud.Cos.Sdk\""), tampered.Line);
            Assert.Contains("'Tencent.QCloud.Cos.Sdk' 5.4.40 could not be read", tampered.Message);
            Assert.Contains("content differs from what restore recorded", tampered.Message);
        }

        [Fact]
        public void A_restored_package_replaced_by_another_with_the_same_id_and_version_is_SCG0902()
        {
            var app = TencentConsumer("swap-before-build");
            Assert.Equal(0, app.Restore().ExitCode);
            SwapInImpostor(app);

            var build = app.Build(null, "--no-restore");

            Assert.Equal(0, build.ExitCode);
            AssertContentDiffers(build, app);
        }

        [Fact]
        public void A_package_replaced_after_a_build_is_noticed_by_the_next_build_despite_the_cache_and_the_replay()
        {
            var app = TencentConsumer("swap-after-build");
            Assert.Single(app.Build().OfCode("SCG0001"));
            SwapInImpostor(app);

            var build = app.Build(null, "--no-restore");

            AssertContentDiffers(build, app);
        }

        [Fact]
        public void A_corrupt_package_is_SCG0902_and_the_rest_of_the_graph_is_still_checked_and_fail_closed_makes_it_stop_the_build()
        {
            var app = _fixture.NewConsumer("corrupt-failclosed")
                .WithOwnPackagesFolder()
                .Write("App.csproj", ConsumerProject.ProjectXml("""
                        <PackageReference Include="Acme.Damaged" Version="1.0.0" />
                        <PackageReference Include="Tencent.QCloud.Cos.Sdk" Version="5.4.40" />
                    """))
                .Write("supplychainguard.json", Policy(TencentByOwner));
            Assert.Equal(0, app.Restore().ExitCode);
            var nupkg = NupkgIn(app.PackagesFolder, "Acme.Damaged", "1.0.0");
            var bytes = File.ReadAllBytes(nupkg);
            File.WriteAllBytes(nupkg, bytes.Take(bytes.Length / 2).ToArray());

            var lenient = app.Build(null, "--no-restore");
            Assert.Equal(0, lenient.ExitCode);
            Assert.Equal("warning", lenient.Single("SCG0902").Severity);
            Assert.Contains("'Tencent.QCloud.Cos.Sdk' 5.4.40", lenient.Single("SCG0001").Message);

            var strict = app.Build(null, "--no-restore", "-p:SupplyChainGuardFailClosed=true", "-p:NoWarn=SCG0902");
            Assert.NotEqual(0, strict.ExitCode);
            var unreadable = strict.Single("SCG0902");
            Assert.Equal("error", unreadable.Severity);
            Assert.Equal(app.LineOf("App.csproj", "Include=\"Acme.Damaged\""), unreadable.Line);
            Assert.Contains("'Acme.Damaged' 1.0.0 could not be read", unreadable.Message);
            Assert.DoesNotContain("MSB4018", strict.Output);
        }

        [Fact]
        public void An_internal_error_is_an_SCG0999_warning_and_fail_closed_makes_it_stop_the_build()
        {
            var app = _fixture.NewConsumer("internal-error")
                .Write("App.csproj", ConsumerProject.ProjectXml("""
                        <PackageReference Include="Tencent.QCloud.Cos.Sdk" Version="5.4.40" />
                    """))
                .Write("supplychainguard.json", Policy(TencentByOwner));
            Assert.Single(app.Build().OfCode("SCG0001"));

            // A warm obj/ (a result on record for the replay) must not hide the fault.
            app.Environment["SUPPLYCHAINGUARD_FAULT_INJECTION"] = "internal-error";
            var lenient = app.Build();
            Assert.Equal(0, lenient.ExitCode);
            var warning = lenient.Single("SCG0999");
            Assert.Equal("warning", warning.Severity);
            Assert.Equal(app.PathOf("App.csproj"), warning.File);
            Assert.Contains("internal error", warning.Message);

            var strict = app.Build(null, "-p:SupplyChainGuardFailClosed=true", "-p:NoWarn=SCG0999");
            Assert.NotEqual(0, strict.ExitCode);
            Assert.Equal("error", strict.Single("SCG0999").Severity);
            Assert.DoesNotContain("MSB4018", strict.Output);
        }
    }
}
