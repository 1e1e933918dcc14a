using System;
using System.IO;
using System.Linq;
using Xunit;

namespace SupplyChainGuard.Packages.Tests
{
    /// <summary>
    /// <see cref="ProjectAssetsReader"/> on assets files of shapes the restored fixture project does not have: a
    /// runtime identifier's graph, one id in two versions, <c>PackageDownload</c>, a referenced project of a
    /// referenced project. Written as restore writes them (format 3), read through NuGet.ProjectModel.
    /// </summary>
    public sealed class ProjectAssetsShapeTests : IDisposable
    {
        private readonly TempDirectory _folder = new TempDirectory("scg-assets-shapes");

        public void Dispose() => _folder.Dispose();

        private string ProjectDirectory => _folder.Combine("src", "App");

        /// <summary>
        /// App (net8.0, alias <c>app8</c>, RuntimeIdentifier linux-x64) → Acme.Core 1.0.0 → Acme.Base 2.0.0; in the RID
        /// graph Acme.Core also brings runtime.linux-x64.Acme.Core and Acme.Base 2.1.0. A ProjectReference to Lib, which
        /// references Deep (a project App does not reference itself). Acme.Implicit is implicitly defined; Dl.Tool and
        /// Acme.Base 2.0.0 are PackageDownload items, and so is Acme.Core 9.0.0, an id the graph has in another version.
        /// </summary>
        private string AssetsFile()
        {
            var app = Path.Combine(ProjectDirectory, "App.csproj").Replace("\\", "\\\\");
            var lib = Path.Combine(_folder.Path, "src", "Lib", "Lib.csproj").Replace("\\", "\\\\");
            var json = """
                {
                  "version": 3,
                  "targets": {
                    "net8.0": {
                      "Acme.Core/1.0.0": {
                        "type": "package",
                        "dependencies": { "Acme.Base": "2.0.0" },
                        "compile": { "lib/net8.0/Acme.Core.dll": {}, "lib/net8.0/Acme.Core.xml": {} },
                        "runtime": { "lib/net8.0/Acme.Core.Runtime.dll": {} }
                      },
                      "Acme.Base/2.0.0": { "type": "package", "compile": { "lib/net8.0/_._": {} } },
                      "Acme.Implicit/1.0.0": { "type": "package" },
                      "Lib/1.0.0": { "type": "project", "framework": ".NETCoreApp,Version=v8.0", "dependencies": { "Deep": "1.0.0", "Lib.Only": "1.0.0" } },
                      "Deep/1.0.0": { "type": "project", "framework": ".NETCoreApp,Version=v8.0" },
                      "Lib.Only/1.0.0": { "type": "package" },
                      "Odd.Reference/1.0.0": { "type": "reference" }
                    },
                    "net8.0/linux-x64": {
                      "Acme.Core/1.0.0": {
                        "type": "package",
                        "dependencies": { "Acme.Base": "2.1.0", "runtime.linux-x64.Acme.Core": "1.0.0" },
                        "compile": { "lib/net8.0/Acme.Core.dll": {} },
                        "runtimeTargets": {
                          "runtimes/linux-x64/lib/net8.0/Acme.Core.Linux.dll": { "assetType": "runtime", "rid": "linux-x64" },
                          "runtimes/linux-x64/native/Acme.Native.dll": { "assetType": "native", "rid": "linux-x64" }
                        }
                      },
                      "Acme.Base/2.1.0": { "type": "package" },
                      "runtime.linux-x64.Acme.Core/1.0.0": { "type": "package", "runtime": { "runtimes/linux-x64/lib/net8.0/Acme.Core.Platform.DLL": {} } }
                    },
                    "net9.0": {
                      "Other.Framework/1.0.0": { "type": "package" }
                    }
                  },
                  "libraries": {
                    "Acme.Core/1.0.0": { "sha512": "sha-core", "type": "package", "path": "acme.core/1.0.0", "files": [] },
                    "Acme.Base/2.0.0": { "sha512": "sha-base-2.0", "type": "package", "path": "acme.base/2.0.0", "files": [] },
                    "Acme.Base/2.1.0": { "sha512": "sha-base-2.1", "type": "package", "path": "acme.base/2.1.0", "files": [] },
                    "Acme.Implicit/1.0.0": { "sha512": "sha-implicit", "type": "package", "path": "acme.implicit/1.0.0", "files": [] },
                    "runtime.linux-x64.Acme.Core/1.0.0": { "sha512": "sha-runtime", "type": "package", "path": "runtime.linux-x64.acme.core/1.0.0", "files": [] },
                    "Lib.Only/1.0.0": { "sha512": "sha-lib-only", "type": "package", "path": "lib.only/1.0.0", "files": [] },
                    "Lib/1.0.0": { "type": "project", "path": "../Lib/Lib.csproj", "msbuildProject": "../Lib/Lib.csproj" },
                    "Deep/1.0.0": { "type": "project", "path": "..\\Deep\\Deep.csproj", "msbuildProject": "..\\Deep\\Deep.csproj" }
                  },
                  "projectFileDependencyGroups": { "net8.0": [ "Acme.Core >= 1.0.0", "Acme.Implicit >= 1.0.0", "Lib >= 1.0.0" ] },
                  "packageFolders": { "/packages/": {}, "/fallback/": {} },
                  "project": {
                    "version": "1.0.0",
                    "restore": {
                      "projectUniqueName": "{app}",
                      "projectName": "App",
                      "projectPath": "{app}",
                      "outputPath": "obj/",
                      "projectStyle": "PackageReference",
                      "originalTargetFrameworks": [ "app8" ],
                      "frameworks": {
                        "app8": { "framework": "net8.0", "targetAlias": "app8", "projectReferences": { "{lib}": { "projectPath": "{lib}" } } }
                      }
                    },
                    "frameworks": {
                      "app8": {
                        "targetAlias": "app8",
                        "framework": "net8.0",
                        "dependencies": {
                          "Acme.Core": { "target": "Package", "version": "[1.0.0, )" },
                          "Acme.Implicit": { "target": "Package", "version": "[1.0.0, )", "autoReferenced": true },
                          "Not.A.Package": { "target": "Project", "version": "[1.0.0, )" }
                        },
                        "downloadDependencies": [
                          { "name": "Dl.Tool", "version": "[3.0.0]" },
                          { "name": "Acme.Base", "version": "[2.0.0]" },
                          { "name": "Acme.Core", "version": "[9.0.0]" }
                        ]
                      }
                    }
                  }
                }
                """.Replace("{app}", app).Replace("{lib}", lib);
            return _folder.Write(Path.Combine("src", "App", "obj", "project.assets.json"), json);
        }

        private PackageGraph Read(string? framework = "app8") => ProjectAssetsReader.Read(AssetsFile(), framework);

        [Fact]
        public void Packages_of_the_runtime_identifiers_graph_are_in_the_graph_with_the_union_of_dependencies_and_assemblies()
        {
            var graph = Read();

            var core = graph.Find("Acme.Core")!;
            Assert.Equal(new[] { "Acme.Base", "runtime.linux-x64.Acme.Core" }, core.Dependencies);
            // Compile, runtime and runtime-target assemblies; not the xml, the "_._" placeholder or a native file.
            Assert.Equal(new[] { "Acme.Core", "Acme.Core.Linux", "Acme.Core.Runtime" }, core.Assemblies);
            Assert.Equal(new[] { "Acme.Core.Platform" }, graph.Find("runtime.linux-x64.Acme.Core")!.Assemblies);
            Assert.Equal(("sha-core", "acme.core/1.0.0"), (core.Sha512, core.Path));
            Assert.Empty(graph.Find("Acme.Base")!.Assemblies);
        }

        [Fact]
        public void An_id_in_two_versions_is_two_nodes_the_runtime_graphs_one_keyed_by_its_version()
        {
            var graph = Read();

            var first = graph.Find("Acme.Base")!;
            var second = graph.Find("Acme.Base@2.1.0")!;
            Assert.Equal(("Acme.Base", "2.0.0", "sha-base-2.0"), (first.Id, first.Version, first.Sha512));
            Assert.Equal(("Acme.Base", "2.1.0", "sha-base-2.1", "Acme.Base@2.1.0"), (second.Id, second.Version, second.Sha512, second.Key));
        }

        [Fact]
        public void Only_package_libraries_are_packages_and_only_the_chosen_framework_counts()
        {
            var graph = Read();

            Assert.Equal(
                new[] { "Acme.Base", "Acme.Base@2.1.0", "Acme.Core", "Acme.Core@9.0.0", "Acme.Implicit", "Dl.Tool", "Lib.Only", "runtime.linux-x64.Acme.Core" },
                graph.AllPackages.Select(p => p.Key).OrderBy(k => k, StringComparer.Ordinal));
            Assert.Null(graph.Find("Other.Framework"));
            Assert.Null(graph.Find("Odd.Reference"));
            Assert.Null(graph.Find("Lib"));
        }

        [Fact]
        public void Direct_references_are_the_frameworks_package_dependencies_and_its_downloads()
        {
            var graph = Read();

            Assert.Equal(
                new[] { ("Acme.Base", false), ("Acme.Core", false), ("Acme.Core@9.0.0", false), ("Acme.Implicit", true), ("Dl.Tool", false) },
                graph.Direct.Select(d => (d.Id, d.AutoReferenced)).OrderBy(d => d.Id, StringComparer.Ordinal));
        }

        [Fact]
        public void A_PackageDownload_is_a_package_of_its_own_unless_the_graph_has_it_in_that_version()
        {
            var graph = Read();

            var tool = graph.Find("Dl.Tool")!;
            Assert.Equal(("Dl.Tool", "3.0.0", "dl.tool/3.0.0", true), (tool.Id, tool.Version, tool.Path, tool.IsDownload));
            Assert.Null(tool.Sha512);
            Assert.Empty(tool.Dependencies);
            Assert.False(graph.Find("Acme.Base")!.IsDownload); // the graph's own node, now also a direct reference
            var other = graph.Find("Acme.Core@9.0.0")!;
            Assert.Equal(("Acme.Core", "9.0.0", true), (other.Id, other.Version, other.IsDownload));
            Assert.False(graph.Find("Acme.Core")!.IsDownload);
        }

        [Fact]
        public void Referenced_projects_resolve_against_the_project_directory_and_only_the_projects_own_references_are_direct()
        {
            var graph = Read();

            Assert.Equal(new[] { "Lib" }, graph.DirectProjects);
            Assert.Equal(Path.Combine(_folder.Path, "src", "Lib", "Lib.csproj"), graph.FindProject("Lib")!.FullPath);
            Assert.Equal(new[] { "Deep", "Lib.Only" }, graph.FindProject("lib")!.Dependencies);
            Assert.Equal(Path.Combine(_folder.Path, "src", "Deep", "Deep.csproj"), graph.FindProject("Deep")!.FullPath);
            Assert.Equal(new[] { "Deep", "Lib" }, graph.Projects.Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal));
        }

        [Fact]
        public void The_framework_is_found_by_its_name_when_the_alias_differs_and_named_by_its_alias()
        {
            var byName = Read("net8.0");
            var single = Read(null);

            Assert.Equal("app8", byName.TargetFramework);
            Assert.Equal("app8", single.TargetFramework);
            Assert.Equal(new[] { "/packages/", "/fallback/" }, single.PackageFolders);
            Assert.Equal("App", single.ProjectName);
        }

        [Fact]
        public void A_package_only_the_runtime_identifiers_graph_brings_in_is_reported_through_the_package_that_brings_it()
        {
            var graph = Read();
            var identities = graph.AllPackages.ToDictionary(p => p.Key, p => new PackageIdentity
            {
                Id = p.Id,
                Version = p.Version,
                Owners = { p.Id.StartsWith("runtime.", StringComparison.Ordinal) ? "mallory" : "acme" },
            }, StringComparer.OrdinalIgnoreCase);
            var policy = Policies.Load("""{ "vendors": [ { "id": "mallory", "restricted": true, "match": { "owners": ["mallory"] } } ] }""");

            var finding = Assert.Single(PackageChecker.Check(new PackageCheckRequest(graph, policy, identities)).Findings);

            Assert.Equal(("SCG0002", "Acme.Core", "App -> Acme.Core 1.0.0 -> runtime.linux-x64.Acme.Core 1.0.0"), (finding.RuleId, finding.DirectPackageId, finding.PathText));
        }
    }
}
