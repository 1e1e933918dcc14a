using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading.Tasks;
using NuGet.Frameworks;
using NuGet.LibraryModel;
using NuGet.Packaging;
using NuGet.Packaging.Core;
using NuGet.ProjectModel;
using NuGet.Versioning;
using SupplyChainGuard.TestKit;

namespace SupplyChainGuard.Benchmarks
{
    /// <summary>
    /// The generated world the benchmarks and the no-op build measurement run on: N repository-signed fixture
    /// packages with a dependency tree among them, installed as restore installs them into a packages folder,
    /// the project.assets.json restore would write for an app that uses them, and a policy with a few vendors.
    /// </summary>
    /// <remarks>
    /// Shape of the graph, for package index i of N (ids <c>Bench.Pkg0000</c> …):
    /// the last <see cref="CoreCount"/> packages are "core" packages with no dependencies (think
    /// Microsoft.Extensions.Primitives); every other package i depends on 2i+1 and 2i+2 (a binary tree, so the
    /// deepest route is about log2(N) long) and on one core package. Every 50th package (i % 50 == 7) is
    /// published by Baidu (owner Baidu-AI, restricted), every 50th (i % 50 == 23) by Tencent (owner
    /// tencentcloudapi, id Tencent.Bench.*, restricted); the others by four allowed or neutral owners.
    /// Restricted findings are waived by the policy, so a build that uses the world stays warning-free while
    /// still doing all the work of producing and waiving them.
    /// </remarks>
    public sealed class BenchmarkWorld
    {
        public const int CoreCount = 5;
        public const string TargetFramework = "net10.0";
        public const string ProjectName = "BenchApp";

        /// <summary>Bump when what the generator writes changes, so stale cached worlds are not reused.</summary>
        private const int GeneratorVersion = 1;

        private static readonly string[] NeutralOwners = { "acme", "contoso", "fabrikam", "northwind" };

        private BenchmarkWorld(string root, int count, int directCount)
        {
            Root = root;
            Count = count;
            DirectCount = directCount;
        }

        public string Root { get; }
        public int Count { get; }
        public int DirectCount { get; }
        public string PackagesFolder => Path.Combine(Root, "packages");
        public string AssetsFile => Path.Combine(Root, "obj", "project.assets.json");
        public string PolicyFile => Path.Combine(Root, "supplychainguard.json");
        public string ProjectFile => Path.Combine(Root, ProjectName + ".csproj");

        /// <summary>
        /// The world for <paramref name="count"/> packages under <c>{temp}/scg-bench</c> (or $SCG_BENCH_DIR),
        /// generated on first use and reused afterwards: BenchmarkDotNet runs every case in its own process,
        /// and signing a thousand packages is setup, not what is measured.
        /// </summary>
        public static BenchmarkWorld GetOrCreate(int count, int directCount)
        {
            var baseDirectory = Environment.GetEnvironmentVariable("SCG_BENCH_DIR") is { Length: > 0 } configured
                ? configured
                : Path.Combine(Path.GetTempPath(), "scg-bench");
            var root = Path.Combine(baseDirectory, $"world-v{GeneratorVersion}-n{count}-d{directCount}");
            var world = new BenchmarkWorld(root, count, directCount);
            var marker = Path.Combine(root, "complete");
            if (File.Exists(marker))
            {
                return world;
            }

            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }

            Directory.CreateDirectory(root);
            var staging = Path.Combine(root, "nupkgs");
            WriteFeed(staging, count);
            foreach (var nupkg in Directory.EnumerateFiles(staging, "*.nupkg"))
            {
                FixturePackagesFolder.Install(nupkg, world.PackagesFolder);
            }

            Directory.Delete(staging, recursive: true);
            File.WriteAllText(world.PolicyFile, PolicyJson());
            Directory.CreateDirectory(Path.GetDirectoryName(world.AssetsFile)!);
            new LockFileFormat().Write(world.AssetsFile, world.CreateLockFile());
            File.WriteAllText(marker, DateTime.UtcNow.ToString("O"));
            return world;
        }

        public static string IdOf(int index) => index % 50 == 23 ? $"Tencent.Bench.Pkg{index:D4}" : $"Bench.Pkg{index:D4}";

        public static string Version => "1.0.0";

        /// <summary>Indices of the packages that <paramref name="index"/> depends on.</summary>
        public static IEnumerable<int> DependenciesOf(int index, int count)
        {
            var firstCore = Math.Max(0, count - CoreCount);
            if (index >= firstCore)
            {
                yield break;
            }

            foreach (var child in new[] { 2 * index + 1, 2 * index + 2 })
            {
                if (child < firstCore)
                {
                    yield return child;
                }
            }

            yield return firstCore + index % Math.Min(CoreCount, count);
        }

        /// <summary>Writes <paramref name="count"/> signed fixture .nupkg files into <paramref name="feed"/>.</summary>
        public static void WriteFeed(string feed, int count)
        {
            Directory.CreateDirectory(feed);
            // One repository certificate for all: a fresh RSA key per package would make setup the bottleneck,
            // and nuget.org signs every package with the same certificate too.
            using var certificate = FixtureCertificates.Create("CN=SupplyChainGuard Bench Repository");
            Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, index =>
            {
                Fixture(index, count, certificate).WriteTo(feed);
            });
        }

        private static FixturePackage Fixture(int index, int count, X509Certificate2 certificate)
        {
            string owner;
            string authors;
            if (index % 50 == 7)
            {
                owner = "Baidu-AI";
                authors = "Baidu";
            }
            else if (index % 50 == 23)
            {
                owner = "tencentcloudapi";
                authors = "Tencent Cloud API Team";
            }
            else
            {
                owner = NeutralOwners[index % NeutralOwners.Length];
                authors = char.ToUpperInvariant(owner[0]) + owner.Substring(1) + " Corporation";
            }

            var package = new FixturePackage(IdOf(index), Version)
            {
                RepositoryOwners = new[] { owner },
                Authors = authors,
                RepositoryUrl = $"https://github.com/{owner}/{IdOf(index).ToLowerInvariant()}",
                ProjectUrl = $"https://{owner}.example/{IdOf(index).ToLowerInvariant()}",
                SigningCertificate = certificate,
            };
            foreach (var dependency in DependenciesOf(index, count))
            {
                package.DependsOn(IdOf(dependency), Version);
            }

            return package;
        }

        /// <summary>
        /// Deny mode, CN restricted; Baidu and Tencent restricted by owners, package globs and authors; Acme and
        /// Contoso allowed by owners; Fabrikam neutral by authors. Both restricted vendors are waived.
        /// </summary>
        public static string PolicyJson() => """
            {
              "restrictedJurisdictions": ["CN", "RU"],
              "vendors": [
                {
                  "id": "baidu", "name": "Baidu, Inc.", "jurisdiction": "CN",
                  "reason": "Company policy SEC-12: no CN-jurisdiction AI services",
                  "match": { "owners": ["Baidu-AI"], "packages": ["Baidu.AI", "Baidu-*"], "authors": ["Baidu"] },
                  "alternatives": [ { "package": "AWSSDK.Textract", "note": "OCR" } ]
                },
                {
                  "id": "tencent", "name": "Tencent Holdings", "jurisdiction": "CN",
                  "reason": "Company policy SEC-12",
                  "match": { "owners": ["tencentcloudapi"], "packages": ["Tencent.*", "TencentCloud*"], "authors": ["Tencent*"] },
                  "alternatives": [ { "package": "AWSSDK.S3", "note": "object storage" } ]
                },
                {
                  "id": "acme", "name": "Acme", "jurisdiction": "US", "restricted": false,
                  "match": { "owners": ["acme"], "packages": ["Acme.*"], "authors": ["Acme*"] }
                },
                {
                  "id": "contoso", "name": "Contoso", "jurisdiction": "US", "restricted": false,
                  "match": { "owners": ["contoso"], "packages": ["Contoso.*"] }
                },
                {
                  "id": "fabrikam", "name": "Fabrikam", "jurisdiction": "DE",
                  "match": { "authors": ["Fabrikam*"], "repositories": ["github.com/fabrikam/*"] }
                }
              ],
              "waivers": [
                { "vendor": "baidu", "reason": "benchmark fixture", "expires": "2099-12-31" },
                { "vendor": "tencent", "reason": "benchmark fixture", "expires": "2099-12-31" }
              ]
            }
            """;

        /// <summary>The assets file restore would write for an app that references the first <see cref="DirectCount"/> packages.</summary>
        public LockFile CreateLockFile()
        {
            var framework = NuGetFramework.Parse(TargetFramework);
            var version = NuGetVersion.Parse(Version);
            var direct = Enumerable.Range(0, DirectCount).Select(index => new LibraryDependency
            {
                LibraryRange = new LibraryRange(IdOf(index), VersionRange.Parse(Version), LibraryDependencyTarget.Package),
            }).ToImmutableArray();

            var spec = new PackageSpec(new List<TargetFrameworkInformation>
            {
                new TargetFrameworkInformation { FrameworkName = framework, TargetAlias = TargetFramework, Dependencies = direct },
            })
            {
                Name = ProjectName,
                FilePath = ProjectFile,
                RestoreMetadata = new ProjectRestoreMetadata
                {
                    ProjectName = ProjectName,
                    ProjectPath = ProjectFile,
                    ProjectUniqueName = ProjectFile,
                    ProjectStyle = ProjectStyle.PackageReference,
                    OutputPath = Path.GetDirectoryName(AssetsFile),
                    PackagesPath = PackagesFolder,
                },
            };

            var target = new LockFileTarget { TargetFramework = framework };
            var lockFile = new LockFile { Version = LockFileFormat.Version, PackageSpec = spec };
            var resolver = new VersionFolderPathResolver(PackagesFolder);
            for (var index = 0; index < Count; index++)
            {
                var id = IdOf(index);
                var assembly = $"lib/netstandard2.0/{id}.dll";
                target.Libraries.Add(new LockFileTargetLibrary
                {
                    Name = id,
                    Version = version,
                    Type = "package",
                    Framework = ".NETStandard,Version=v2.0",
                    Dependencies = DependenciesOf(index, Count).Select(d => new PackageDependency(IdOf(d), VersionRange.Parse(Version))).ToList(),
                    CompileTimeAssemblies = new List<LockFileItem> { new LockFileItem(assembly) },
                    RuntimeAssemblies = new List<LockFileItem> { new LockFileItem(assembly) },
                });

                var metadata = NupkgMetadataFileFormat.Read(resolver.GetNupkgMetadataPath(id, version));
                lockFile.Libraries.Add(new LockFileLibrary
                {
                    Name = id,
                    Version = version,
                    Type = "package",
                    Path = resolver.GetPackageDirectory(id, version).Replace('\\', '/'),
                    Sha512 = metadata.ContentHash,
                    Files = new List<string> { $"{id.ToLowerInvariant()}.{Version}.nupkg.sha512", $"{id.ToLowerInvariant()}.nuspec", assembly, "readme.txt" },
                });
            }

            lockFile.Targets.Add(target);
            lockFile.ProjectFileDependencyGroups.Add(new ProjectFileDependencyGroup(framework.DotNetFrameworkName,
                Enumerable.Range(0, DirectCount).Select(index => $"{IdOf(index)} >= {Version}")));
            lockFile.PackageFolders.Add(new LockFileItem(PackagesFolder));
            return lockFile;
        }

        /// <summary>An MSBuild file with one PackageReference per package, for the no-op build app.</summary>
        public static string PackageReferencesProps(int count)
        {
            var text = new StringBuilder("<Project>\n  <ItemGroup>\n");
            for (var index = 0; index < count; index++)
            {
                text.Append($"    <PackageReference Include=\"{IdOf(index)}\" Version=\"{Version}\" />\n");
            }

            return text.Append("  </ItemGroup>\n</Project>\n").ToString();
        }
    }
}
