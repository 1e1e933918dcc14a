using System;
using System.Collections;
using System.Diagnostics;
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
    /// </summary>
    public sealed class RestoredProject : IDisposable
    {
        private readonly TempDirectory _root = new TempDirectory("scg-restore");

        public RestoredProject()
        {
            Root = _root.Path;
            Feed = _root.Combine("feed");
            PackagesFolder = _root.Combine("packages");
            Directory.CreateDirectory(PackagesFolder);

            // Fixture packages for vendors the registry lacks, signed as nuget.org signs.
            new FixturePackage("Acme.Wrapper", "1.0.0") { RepositoryOwners = new[] { "acme" } }.DependsOn("Tencent.Fixture.Cos", "2.0.0").WriteTo(Feed);
            new FixturePackage("Tencent.Fixture.Cos", "2.0.0") { Authors = "Tencent Cloud API Team", RepositoryOwners = new[] { "tencentcloudapi" } }.WriteTo(Feed);
            new FixturePackage("Net10.Only", "1.0.0").WriteTo(Feed);
            new FixturePackage("Acme.Implicit", "1.0.0").WriteTo(Feed);
            new FixturePackage("Lib.Only", "1.0.0").WriteTo(Feed);

            // Real packages, copied from the global packages folder into the local feed.
            foreach (var (id, version) in new[] { ("Baidu.AI", "4.15.10"), ("Newtonsoft.Json", "12.0.1") })
            {
                var nupkg = RealPackages.NupkgPath(id, version);
                File.Copy(nupkg, Path.Combine(Feed, Path.GetFileName(nupkg)));
            }

            // Stop MSBuild and NuGet from walking up into whatever lies above the temp folder.
            _root.Write("Directory.Build.props", "<Project>\n  <PropertyGroup>\n    <NuGetAudit>false</NuGetAudit>\n  </PropertyGroup>\n</Project>\n");
            _root.Write("Directory.Build.targets", "<Project />\n");
            _root.Write("Directory.Packages.props", "<Project />\n");
            _root.Write("nuget.config", @"<?xml version=""1.0"" encoding=""utf-8""?>
<configuration>
  <packageSources>
    <clear />
    <add key=""fixtures"" value=""feed"" />
  </packageSources>
  <fallbackPackageFolders>
    <clear />
  </fallbackPackageFolders>
</configuration>
");

            // No implicit framework reference: restore then needs no targeting pack from a feed, and the package
            // graph is the same as with one (framework references are not packages on net8.0+).
            _root.Write(Path.Combine("Lib", "Lib.csproj"), @"<Project Sdk=""Microsoft.NET.Sdk"">
  <PropertyGroup>
    <TargetFramework>net8.0</TargetFramework>
    <DisableImplicitFrameworkReferences>true</DisableImplicitFrameworkReferences>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include=""Lib.Only"" Version=""1.0.0"" />
  </ItemGroup>
</Project>
");
            AppProject = _root.Write(Path.Combine("App", "App.csproj"), @"<Project Sdk=""Microsoft.NET.Sdk"">
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
");

            Restore(AppProject);
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

        private void Restore(string project) =>
            IsolatedRestore.Run($"\"{project}\" --configfile \"{Path.Combine(Root, "nuget.config")}\"", Root, PackagesFolder, Path.Combine(Root, "http-cache"), "of the test project");

        public void Dispose() => _root.Dispose();
    }
}
