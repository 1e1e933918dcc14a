using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SupplyChainGuard.Diagnostics;
using SupplyChainGuard.TestKit;
using Xunit;

namespace SupplyChainGuard.Packages.Tests
{
    /// <summary>Every test here reads the one assets file <see cref="RestoredProject"/> restored for real.</summary>
    [CollectionDefinition(Name)]
    public sealed class RestoredProjectCollection : ICollectionFixture<RestoredProject>
    {
        public const string Name = "restored project";
    }

    [Collection(RestoredProjectCollection.Name)]
    public sealed class ProjectAssetsReaderTests
    {
        private readonly RestoredProject _restored;

        public ProjectAssetsReaderTests(RestoredProject restored)
        {
            _restored = restored;
        }

        private PackageGraph Read(string? targetFramework = "net10.0") => ProjectAssetsReader.Read(_restored.AssetsFile, targetFramework);

        private static string Trim(string path) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));

        [Fact]
        public void The_project_name_and_the_chosen_framework_alias_come_from_the_assets_file()
        {
            var graph = Read("net10.0");

            Assert.Equal("App", graph.ProjectName);
            Assert.Equal("net10.0", graph.TargetFramework);
        }

        [Fact]
        public void Direct_dependencies_are_the_package_references_of_the_project_and_nothing_else()
        {
            var graph = Read("net10.0");

            Assert.Equal(
                new[] { "Acme.Implicit", "Acme.Wrapper", "Baidu.AI", "Net10.Only" },
                graph.Direct.Select(d => d.Id).OrderBy(id => id, StringComparer.Ordinal));
        }

        [Fact]
        public void Implicitly_defined_references_are_marked_auto_referenced()
        {
            var graph = Read("net10.0");

            Assert.True(graph.Direct.Single(d => d.Id == "Acme.Implicit").AutoReferenced);
            Assert.False(graph.Direct.Single(d => d.Id == "Baidu.AI").AutoReferenced);
        }

        [Fact]
        public void A_package_reached_only_through_a_project_reference_is_in_the_graph_but_not_direct()
        {
            var graph = Read("net10.0");

            Assert.DoesNotContain(graph.Direct, d => d.Id == "Lib.Only");
            Assert.NotNull(graph.Find("Lib.Only"));
        }

        [Fact]
        public void Referenced_projects_are_not_packages()
        {
            var graph = Read("net10.0");

            Assert.Null(graph.Find("Lib"));
            Assert.DoesNotContain(graph.Direct, d => d.Id == "Lib");
        }

        [Fact]
        public void Transitive_packages_are_nodes_with_their_resolved_dependencies()
        {
            var graph = Read("net10.0");

            var wrapper = graph.Find("Acme.Wrapper")!;
            Assert.Equal(new[] { "Tencent.Fixture.Cos" }, wrapper.Dependencies);
            var cos = graph.Find("Tencent.Fixture.Cos")!;
            Assert.Equal("2.0.0", cos.Version);
            Assert.Empty(cos.Dependencies);

            var baidu = graph.Find("Baidu.AI")!;
            Assert.Equal("4.15.10", baidu.Version);
            Assert.Equal(new[] { "Newtonsoft.Json" }, baidu.Dependencies);
            Assert.Equal("12.0.1", graph.Find("Newtonsoft.Json")!.Version);

            Assert.Equal(
                new[] { "Acme.Implicit", "Acme.Wrapper", "Baidu.AI", "Lib.Only", "Net10.Only", "Newtonsoft.Json", "Tencent.Fixture.Cos" },
                graph.AllPackages.Select(p => p.Id).OrderBy(id => id, StringComparer.Ordinal));
        }

        [Fact]
        public void Find_is_case_insensitive()
        {
            var graph = Read("net10.0");

            Assert.Same(graph.Find("Baidu.AI"), graph.Find("baidu.ai"));
        }

        [Fact]
        public void Nodes_carry_the_content_hash_restore_recorded_and_their_folder_path()
        {
            var graph = Read("net10.0");

            var wrapper = graph.Find("Acme.Wrapper")!;
            Assert.Equal(FixturePackagesFolder.ContentHash(Path.Combine(_restored.Feed, "acme.wrapper.1.0.0.nupkg")), wrapper.Sha512);
            Assert.Equal("acme.wrapper/1.0.0", wrapper.Path);

            var baidu = graph.Find("Baidu.AI")!;
            Assert.Equal(FixturePackagesFolder.ContentHash(RealPackages.NupkgPath("Baidu.AI", "4.15.10")), baidu.Sha512);
            Assert.Equal("baidu.ai/4.15.10", baidu.Path);
        }

        [Fact]
        public void Nodes_list_the_assemblies_their_package_gives_the_framework()
        {
            var graph = Read("net10.0");

            Assert.Equal(new[] { "AipSdk" }, graph.Find("Baidu.AI")!.Assemblies);
            Assert.Equal(new[] { "Newtonsoft.Json" }, graph.Find("Newtonsoft.Json")!.Assemblies);
            Assert.Empty(graph.Find("Acme.Wrapper")!.Assemblies); // a fixture with no lib folder
        }

        [Fact]
        public void The_packages_folder_is_the_one_restore_used()
        {
            var graph = Read("net10.0");

            Assert.Equal(new[] { Trim(_restored.PackagesFolder) }, graph.PackageFolders.Select(Trim));
        }

        [Fact]
        public void Multi_targeting_picks_the_framework_by_its_alias()
        {
            var net10 = Read("net10.0");
            var net8 = Read("net8.0");

            Assert.Equal("net8.0", net8.TargetFramework);
            Assert.Contains(net10.Direct, d => d.Id == "Net10.Only");
            Assert.NotNull(net10.Find("Net10.Only"));
            Assert.DoesNotContain(net8.Direct, d => d.Id == "Net10.Only");
            Assert.Null(net8.Find("Net10.Only"));
            Assert.NotNull(net8.Find("Baidu.AI"));
        }

        [Fact]
        public void The_framework_alias_is_matched_case_insensitively()
        {
            Assert.Equal("net10.0", Read("NET10.0").TargetFramework);
        }

        [Fact]
        public void A_multi_targeting_project_needs_a_framework_to_be_named()
        {
            var error = Assert.Throws<ProjectAssetsException>(() => Read(null));

            Assert.Contains("several target frameworks", error.Message);
            Assert.Throws<ProjectAssetsException>(() => Read(string.Empty));
        }

        [Theory]
        [InlineData("net9.0")]
        [InlineData("net472")]
        [InlineData("banana")]
        [InlineData(".NETFramework,Version=vabc")]
        public void An_unknown_framework_is_a_ProjectAssetsException(string framework)
        {
            var error = Assert.Throws<ProjectAssetsException>(() => Read(framework));

            Assert.Contains($"no target framework '{framework}'", error.Message);
            Assert.Contains("run restore again", error.Message);
        }

        [Theory]
        [InlineData("this is not an assets file")]
        [InlineData("")]
        [InlineData("{}")]
        [InlineData("{\"version\": 3, \"targets\": 5}")]
        public void A_garbage_assets_file_is_a_ProjectAssetsException_that_says_it_could_not_be_read(string content)
        {
            using var folder = new TempDirectory();
            var path = folder.Write("project.assets.json", content);

            var error = Assert.Throws<ProjectAssetsException>(() => ProjectAssetsReader.Read(path, "net10.0"));

            Assert.Contains("could not be read", error.Message);
            Assert.Contains(path, error.Message);
        }

        [Fact]
        public void A_truncated_assets_file_is_a_ProjectAssetsException()
        {
            using var folder = new TempDirectory();
            var text = File.ReadAllText(_restored.AssetsFile);
            var path = folder.Write("project.assets.json", text.Substring(0, text.Length / 2));

            var error = Assert.Throws<ProjectAssetsException>(() => ProjectAssetsReader.Read(path, "net10.0"));

            Assert.Contains("could not be read", error.Message);
        }

        [Fact]
        public void A_missing_assets_file_is_a_ProjectAssetsException()
        {
            using var folder = new TempDirectory();

            Assert.Throws<ProjectAssetsException>(() => ProjectAssetsReader.Read(folder.Combine("obj", "project.assets.json"), "net10.0"));
        }

        // ---- the restored graph through the identity cache and the verdict engine --------------------

        [Fact]
        public void Identities_of_the_restored_packages_are_read_from_the_packages_folder_restore_filled()
        {
            var graph = Read("net10.0");
            var cache = IdentityCache.InMemory();

            var identities = cache.Resolve(graph.AllPackages, graph.PackageFolders);

            Assert.Equal(graph.AllPackages.Count(), cache.ReadCount);
            Assert.All(identities.Values, identity => Assert.Null(identity.Problem));
            Assert.Equal(new[] { "Baidu-AI", "chenxiaoyu3" }, identities["Baidu.AI"].Owners);
            Assert.Equal(new[] { "tencentcloudapi" }, identities["Tencent.Fixture.Cos"].Owners);
            Assert.Equal(graph.Find("Acme.Wrapper")!.Sha512, identities["Acme.Wrapper"].ContentHash);

            // .nupkg.metadata names the feed restore took each package from: here the local folder.
            Assert.Equal(Trim(_restored.Feed), Trim(identities["Acme.Wrapper"].Source!));
        }

        [Fact]
        public void The_restored_graph_gives_SCG0001_for_Baidu_AI_and_SCG0002_for_the_transitive_Tencent_fixture()
        {
            var graph = Read("net10.0");
            var identities = IdentityCache.InMemory().Resolve(graph.AllPackages, graph.PackageFolders);

            var result = PackageChecker.Check(new PackageCheckRequest(graph, Policies.BaiduAndTencent(), identities));

            Assert.Equal(
                new[]
                {
                    ("Baidu.AI", RuleIdentifiers.DirectPackage, "App -> Baidu.AI 4.15.10"),
                    ("Tencent.Fixture.Cos", RuleIdentifiers.TransitivePackage, "App -> Acme.Wrapper 1.0.0 -> Tencent.Fixture.Cos 2.0.0"),
                },
                result.Findings.Select(f => (f.PackageId, f.RuleId, f.PathText)));
            // App compiles against what Lib brings in, so it gets a verdict here (for the hand-over) too.
            Assert.Contains(result.Verdicts, v => v.Package.Id == "Lib.Only");
        }

        [Fact]
        public void Referenced_projects_are_project_nodes_with_their_file_and_what_they_bring_in()
        {
            var graph = Read("net10.0");

            Assert.Equal(new[] { "Lib" }, graph.DirectProjects);
            var lib = graph.FindProject("Lib")!;
            Assert.Equal(Path.Combine(_restored.Root, "Lib", "Lib.csproj"), lib.FullPath);
            Assert.Contains("Lib.Only", lib.Dependencies);
            Assert.Equal("Lib (project)", lib.ToString());
        }
    }
}
