using System;
using System.IO;
using System.Linq;
using SupplyChainGuard.TestKit;

namespace SupplyChainGuard.Packages.Tests
{
    /// <summary>
    /// A tiny solution restored for real, once for every test that shares it: <c>App</c> (net8.0;net10.0)
    /// references fixture packages and the real Baidu.AI from a local feed, and has a ProjectReference to
    /// <c>Lib</c>, which references a package of its own. The feed is the only source (<c>&lt;clear/&gt;</c>)
    /// and NUGET_PACKAGES is a fresh folder, so the assets file says exactly what these projects declare.
    /// Tests only read it; one that must change a file works on a copy (<see cref="TaskScenario"/>).
    /// </summary>
    public sealed class RestoredProject : IDisposable
    {
        // Declared before Files, which uses it: static fields are initialized in the order they are written.
        private static readonly string AppProjectPath = Path.Combine("App", "App.csproj");

        private static readonly (string Id, string Version)[] RealPackagesInFeed = { ("Baidu.AI", "4.15.10"), ("Newtonsoft.Json", "12.0.1") };

        // Fixture packages for vendors the registry lacks, signed as nuget.org signs.
        private static FixturePackage[] FixturePackages() => new[]
        {
            new FixturePackage("Acme.Wrapper", "1.0.0") { RepositoryOwners = new[] { "acme" } }.DependsOn("Tencent.Fixture.Cos", "2.0.0"),
            new FixturePackage("Tencent.Fixture.Cos", "2.0.0") { Authors = "Tencent Cloud API Team", RepositoryOwners = new[] { "tencentcloudapi" } },
            new FixturePackage("Net10.Only", "1.0.0"),
            new FixturePackage("Acme.Implicit", "1.0.0"),
            new FixturePackage("Lib.Only", "1.0.0"),
        };

        // Files written beside the projects, by path relative to the root. They stop MSBuild and NuGet from walking
        // up into whatever lies above the temp folder.
        private static readonly (string Path, string Text)[] Files =
        {
            ("Directory.Build.props", "<Project>\n  <PropertyGroup>\n    <NuGetAudit>false</NuGetAudit>\n  </PropertyGroup>\n</Project>\n"),
            ("Directory.Build.targets", "<Project />\n"),
            ("Directory.Packages.props", "<Project />\n"),
            ("nuget.config", NuGetConfigs.SingleSource("fixtures", "feed")),

            // No implicit framework reference: restore then needs no targeting pack from a feed, and the package
            // graph is the same as with one (framework references are not packages on net8.0+).
            (Path.Combine("Lib", "Lib.csproj"), @"<Project Sdk=""Microsoft.NET.Sdk"">
  <PropertyGroup>
    <TargetFramework>net8.0</TargetFramework>
    <DisableImplicitFrameworkReferences>true</DisableImplicitFrameworkReferences>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include=""Lib.Only"" Version=""1.0.0"" />
  </ItemGroup>
</Project>
"),
            (AppProjectPath, @"<Project Sdk=""Microsoft.NET.Sdk"">
  <PropertyGroup>
    <TargetFrameworks>net8.0;net10.0</TargetFrameworks>
    <DisableImplicitFrameworkReferences>true</DisableImplicitFrameworkReferences>
    <!-- The feed has Newtonsoft.Json 12.0.1, not the 10.0.3 that Baidu.AI asks for. -->
    <NoWarn>$(NoWarn);NU1603</NoWarn>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include=""Baidu.AI"" Version=""4.15.10"" />
    <PackageReference Include=""Acme.Wrapper"" Version=""1.0.0"" />
    <PackageReference Include=""Acme.Implicit"" Version=""1.0.0"" IsImplicitlyDefined=""true"" />
    <ProjectReference Include=""../Lib/Lib.csproj"" />
  </ItemGroup>
  <ItemGroup Condition=""'$(TargetFramework)' == 'net10.0'"">
    <PackageReference Include=""Net10.Only"" Version=""1.0.0"" />
  </ItemGroup>
</Project>
"),
        };

        private readonly FixtureFolder _root;

        /// <summary>Restores the solution in a temp folder of its own, or reuses one restored earlier (see <see cref="FixtureCache"/>).</summary>
        public RestoredProject()
            : this(FixtureCache.Shared)
        {
        }

        internal RestoredProject(FixtureCache cache)
        {
            _root = cache.Get("scg-restore", Inputs, Build);
            Root = _root.Path;
            Feed = _root.Combine("feed");
            PackagesFolder = _root.Combine("packages");
            AppProject = _root.Combine(AppProjectPath);
            AssetsFile = Path.Combine(Path.GetDirectoryName(AppProject)!, "obj", "project.assets.json");
            if (!File.Exists(AssetsFile))
            {
                throw new InvalidOperationException($"restore wrote no '{AssetsFile}'");
            }
        }

        public string Root { get; }
        public string Feed { get; }

        /// <summary>The isolated global packages folder restore extracted into.</summary>
        public string PackagesFolder { get; }

        public string AppProject { get; }
        public string AssetsFile { get; }

        /// <summary>True when an earlier test host restored it (<see cref="FixtureCache.Variable"/> is set).</summary>
        internal bool Reused => _root.Reused;

        /// <summary>What the restored folder depends on: the files written, the packages in the feed, the SDK.</summary>
        private static string Inputs() =>
            string.Concat(FixturePackages().Select(FixtureCache.Describe))
            + string.Concat(RealPackagesInFeed.Select(p => FixtureCache.DescribeFile(RealPackages.NupkgPath(p.Id, p.Version))))
            + string.Concat(Files.Select(f => $"write {f.Path.Replace('\\', '/')}\n{f.Text}\n"))
            + "restore " + AppProjectPath.Replace('\\', '/') + "\n"
            + FixtureCache.SdkVersion;

        private static void Build(string root)
        {
            var feed = Path.Combine(root, "feed");
            var packagesFolder = Path.Combine(root, "packages");
            Directory.CreateDirectory(packagesFolder);
            foreach (var package in FixturePackages())
            {
                package.WriteTo(feed);
            }

            // Real packages, copied from the global packages folder into the local feed.
            foreach (var (id, version) in RealPackagesInFeed)
            {
                var nupkg = RealPackages.NupkgPath(id, version);
                File.Copy(nupkg, Path.Combine(feed, Path.GetFileName(nupkg)));
            }

            foreach (var (path, text) in Files)
            {
                FolderFiles.Write(root, path, text);
            }

            IsolatedRestore.Run($"\"{Path.Combine(root, AppProjectPath)}\" --configfile \"{Path.Combine(root, "nuget.config")}\"", root, packagesFolder,
                Path.Combine(root, "http-cache"), "of the test project");
        }

        public void Dispose() => _root.Dispose();
    }
}
