using System.IO;
using Xunit;
using static SupplyChainGuard.EndToEnd.Tests.EndToEndPolicies;

namespace SupplyChainGuard.EndToEnd.Tests
{
    /// <summary>
    /// App references Lib; Lib declares Baidu.AI. The package is reported once: in Lib when Lib runs the guard
    /// under the same policy, else in App at its ProjectReference line. Either way App's hand-over lists it, so
    /// App's own SDK calls are attributed.
    /// </summary>
    [Collection(EndToEndCollection.Name)]
    public sealed class ProjectReferenceEndToEndTests
    {
        private readonly PackedPackageFixture _fixture;

        public ProjectReferenceEndToEndTests(PackedPackageFixture fixture)
        {
            _fixture = fixture;
        }

        private ConsumerProject Repository(string name, string libProject) => _fixture.NewConsumer(name)
            .Write("Lib/Lib.csproj", libProject)
            .Write("App/App.csproj", ConsumerProject.ProjectXml("""
                    <ProjectReference Include="../Lib/Lib.csproj" />
                """))
            .Write("App/OcrClient.cs", OcrClient)
            .Write("supplychainguard.json", Policy(BaiduByOwner));

        private const string BaiduReference = """
                <PackageReference Include="Baidu.AI" Version="4.15.10" />
            """;

        [Fact]
        public void A_restricted_package_from_a_project_without_the_guard_is_reported_at_the_ProjectReference_line()
        {
            var repo = Repository("projref-unguarded", ConsumerProject.ProjectXml(BaiduReference, string.Empty, withGuard: false));

            var build = repo.Build("App/App.csproj");

            Assert.Equal(0, build.ExitCode);
            var finding = build.Single("SCG0002");
            Assert.Equal(repo.PathOf("App/App.csproj"), finding.File);
            Assert.Equal(repo.LineOf("App/App.csproj", "<ProjectReference"), finding.Line);
            Assert.Equal(repo.ColumnOf("App/App.csproj", finding.Line, "<ProjectReference"), finding.Column);
            Assert.Contains("Transitive package 'Baidu.AI' 4.15.10 is published by 'Baidu, Inc.'", finding.Message);
            Assert.Contains("App -> Lib (project) -> Baidu.AI 4.15.10", finding.Message);
            Assert.Empty(build.OfCode("SCG0001"));

            // App compiles against AipSdk.dll, so its hand-over names it and App's own call is attributed.
            var call = build.Single("SCG0101");
            Assert.Equal(repo.PathOf("App/OcrClient.cs"), call.File);
        }

        [Fact]
        public void A_referenced_project_with_the_guard_switched_off_is_reported_in_the_referencing_project()
        {
            var repo = Repository("projref-disabled",
                ConsumerProject.ProjectXml(BaiduReference, "    <SupplyChainGuardEnabled>false</SupplyChainGuardEnabled>"));

            var build = repo.Build("App/App.csproj");

            var finding = build.Single("SCG0002");
            Assert.Equal(repo.PathOf("App/App.csproj"), finding.File);
            Assert.Contains("App -> Lib (project) -> Baidu.AI 4.15.10", finding.Message);
            Assert.Empty(build.OfCode("SCG0001"));
        }

        [Fact]
        public void A_referenced_project_under_the_same_policy_reports_it_and_the_referencing_project_still_attributes_its_SDK_calls()
        {
            var repo = Repository("projref-guarded", ConsumerProject.ProjectXml(BaiduReference));

            var build = repo.Build("App/App.csproj");

            Assert.Equal(0, build.ExitCode);
            var finding = build.Single("SCG0001");
            Assert.Equal(repo.PathOf("Lib/Lib.csproj"), finding.File);
            Assert.Empty(build.OfCode("SCG0002"));
            Assert.Equal(repo.PathOf("App/OcrClient.cs"), build.Single("SCG0101").File);
            Assert.Contains("AipSdk", File.ReadAllText(repo.PathOf("App/obj/Debug/net10.0/supplychainguard.packages.json")));
        }
    }
}
