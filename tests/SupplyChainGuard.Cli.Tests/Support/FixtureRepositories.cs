using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NuGet.Configuration;
using SupplyChainGuard.TestKit;
using Xunit;

namespace SupplyChainGuard.Cli.Tests.Support
{
    /// <summary>
    /// Once per test run: packs SupplyChainGuard and SupplyChainGuard.Cli into a local feed with fixture and real
    /// packages, writes the fixture repositories, and builds them with `dotnet build` (which restores them), keeping
    /// what the build task printed. Every CLI test reads these repositories; none restores them again.
    /// </summary>
    public sealed class FixtureRepositories : IDisposable
    {
        public const string PackageVersion = "0.1.0";

        public FixtureRepositories()
        {
            RepositoryRoot = FindRepositoryRoot();
            // SCG_REUSE_FIXTURES=<folder> (with SCG_KEEP_FIXTURES=1 on the run that made it) skips the packing and
            // building when iterating on the tests; CI always builds afresh.
            var reuse = System.Environment.GetEnvironmentVariable("SCG_REUSE_FIXTURES");
            Root = reuse is { Length: > 0 } && File.Exists(Path.Combine(reuse, "main-build.log")) ? reuse : Path.Combine(Path.GetTempPath(), "scg-cli-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            Feed = Path.Combine(Root, "feed");
            PackagesFolder = Path.Combine(Root, "packages");
            Main = Path.Combine(Root, "repo");
            Broken = Path.Combine(Root, "broken");
            Inputs = Path.Combine(Root, "inputs");
            Configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
            if (Root == reuse)
            {
                MainBuild = new ProcessResult(0, File.ReadAllText(Path.Combine(Root, "main-build.log")), string.Empty);
                BrokenBuild = new ProcessResult(0, File.ReadAllText(Path.Combine(Root, "broken-build.log")), string.Empty);
                MainDiagnostics = BuildOutput.Parse(MainBuild.All, Main);
                BrokenDiagnostics = BuildOutput.Parse(BrokenBuild.All, Broken);
                InputsBuild = new ProcessResult(0, File.ReadAllText(Path.Combine(Root, "inputs-build.log")), string.Empty);
                InputsDiagnostics = BuildOutput.Parse(InputsBuild.All, Inputs);
                return;
            }

            Directory.CreateDirectory(Feed);
            Directory.CreateDirectory(PackagesFolder);

            Pack(Path.Combine(RepositoryRoot, "src", "SupplyChainGuard.Package", "SupplyChainGuard.Package.csproj"));
            Pack(Path.Combine(RepositoryRoot, "src", "SupplyChainGuard.Cli", "SupplyChainGuard.Cli.csproj"));
            WriteFeedPackages(Feed);

            WriteMainRepository(Main);
            MainBuild = Build(Main, "Fixture.slnx");
            File.WriteAllText(Path.Combine(Root, "main-build.log"), MainBuild.All);
            MainDiagnostics = BuildOutput.Parse(MainBuild.All, Main);

            // Written after the build, so restore never saw it.
            Write(Main, "plain/Pending/Pending.csproj", Project("""<PackageReference Include="Baidu.AI" Version="4.15.10" />"""));

            WriteBrokenRepository(Broken);
            BrokenBuild = Build(Broken, "App/App.csproj");
            File.WriteAllText(Path.Combine(Root, "broken-build.log"), BrokenBuild.All);
            BrokenDiagnostics = BuildOutput.Parse(BrokenBuild.All, Broken);

            WriteInputsRepository(Inputs);
            InputsBuild = Build(Inputs, "Inputs.slnx");
            File.WriteAllText(Path.Combine(Root, "inputs-build.log"), InputsBuild.All);
            InputsDiagnostics = BuildOutput.Parse(InputsBuild.All, Inputs);
        }

        public string RepositoryRoot { get; }
        public string Root { get; }
        public string Feed { get; }
        public string PackagesFolder { get; }
        public string Configuration { get; }

        /// <summary>Several projects, plain and under central package management, one multi-targeting, one not restored.</summary>
        public string Main { get; }

        public ProcessResult MainBuild { get; }
        public IReadOnlyList<BuildDiagnostic> MainDiagnostics { get; }

        /// <summary>A restored project under a policy with an unknown key.</summary>
        public string Broken { get; }

        public ProcessResult BrokenBuild { get; }
        public IReadOnlyList<BuildDiagnostic> BrokenDiagnostics { get; }

        /// <summary>
        /// The inputs the build task gets besides PackageReference and PackageVersion: a ProjectReference to a project that
        /// reports its own packages, one to a project that does not (and one with NoWarn), a GlobalPackageReference, a
        /// PackageDownload declared in an imported file, a look-alike id (SCG0004) and a lock file that pinned another
        /// publisher (SCG0005).
        /// </summary>
        public string Inputs { get; }

        public ProcessResult InputsBuild { get; }
        public IReadOnlyList<BuildDiagnostic> InputsDiagnostics { get; }

        /// <summary><c>Bаidu.AI</c> with U+0430 CYRILLIC SMALL LETTER A for the first 'a', signed by someone else.</summary>
        public const string CyrillicBaidu = "B\u0430idu.AI";

        /// <summary>What every child dotnet process of the tests gets: the isolated packages folder.</summary>
        public Dictionary<string, string> Environment => new Dictionary<string, string>
        {
            ["NUGET_PACKAGES"] = PackagesFolder,
            ["NUGET_HTTP_CACHE_PATH"] = Path.Combine(Root, "http-cache"),
        };

        public const string Policy = """
            {
              // The fixture repository's policy.
              "restrictedJurisdictions": ["CN"],
              "vendors": [
                {
                  "id": "baidu", "name": "Baidu, Inc.", "jurisdiction": "CN", "reason": "Company policy SEC-12",
                  "match": { "owners": ["Baidu-AI"] },
                  "alternatives": [ { "package": "Contoso.Ocr", "note": "OCR" }, { "package": "Fabrikam.Ocr", "note": "OCR" } ]
                },
                {
                  "id": "tencent", "name": "Tencent Holdings", "jurisdiction": "CN",
                  "match": { "owners": ["tencentcloudapi"] },
                  "alternatives": [ { "package": "Contoso.Storage", "note": "object storage" } ]
                },
                {
                  "id": "alibaba", "name": "Alibaba Group", "jurisdiction": "CN",
                  "match": { "owners": ["aliyun"], "packages": ["aliyun-net-sdk-*"], "authors": ["Alibaba Cloud"] }
                },
                { "id": "acme", "name": "Acme Corp.", "jurisdiction": "US", "restricted": false, "match": { "owners": ["acme"] } }
              ],
              "waivers": [
                { "vendor": "baidu", "package": "Baidu.AI", "reason": "OCR migration, ticket SEC-481", "expires": "2099-12-31", "projects": ["cpm/Worker/**"] },
                { "vendor": "tencent", "reason": "storage migration, ticket SEC-77", "expires": "2020-01-31", "projects": ["plain/App/**"] },
                { "vendor": "alibaba", "reason": "SMS pilot", "expires": "2099-12-31", "projects": ["plain/Lib/**"] }
              ]
            }
            """;

        /// <summary>Code that uses Baidu's OCR client: SCG0102 at the using, SCG0101 at the constructor.</summary>
        public const string OcrCode = """
            using Baidu.Aip.Ocr;

            namespace Fixture
            {
                public static class Reader
                {
                    public static object Create() => new Ocr("key", "secret");
                }
            }

            """;

        public static string Project(string items, string properties = "", string targetFramework = "<TargetFramework>net10.0</TargetFramework>") =>
            $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                {targetFramework}
            {properties}
              </PropertyGroup>
              <ItemGroup>
                {items}
              </ItemGroup>
            </Project>

            """;

        public static string Write(string root, string relative, string content)
        {
            var path = Path.Combine(root, relative.Replace('/', Path.DirectorySeparatorChar));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, content.Replace("\r\n", "\n"));
            return path;
        }

        /// <summary>The repository-level files every fixture repository shares: a root marker, the feed, no audit.</summary>
        public void WriteRepositoryBase(string root)
        {
            Directory.CreateDirectory(Path.Combine(root, ".git"));
            Write(root, "nuget.config", NuGetConfigs.SingleSource("fixtures", Feed));
            Write(root, "Directory.Build.targets", "<Project />\n");
        }

        private void WriteMainRepository(string root)
        {
            WriteRepositoryBase(root);
            Write(root, "supplychainguard.json", Policy);
            Write(root, "Directory.Build.props", """
                <Project>
                  <PropertyGroup>
                    <NuGetAudit>false</NuGetAudit>
                    <!-- The feed has Newtonsoft.Json 12.0.1, not the 10.0.3 that Baidu.AI asks for. -->
                    <NoWarn>$(NoWarn);NU1603</NoWarn>
                    <TreatWarningsAsErrors Condition="'$(MSBuildProjectName)' == 'Strict'">true</TreatWarningsAsErrors>
                  </PropertyGroup>
                  <!-- Items are evaluated after every property: CPM's property, set in Directory.Packages.props, counts here. -->
                  <ItemGroup Condition="'$(ManagePackageVersionsCentrally)' != 'true'">
                    <PackageReference Include="SupplyChainGuard" Version="0.1.0" PrivateAssets="all" />
                  </ItemGroup>
                </Project>

                """);
            Write(root, "Directory.Packages.props", "<Project />\n");
            Write(root, "plain/App/App.csproj", Project("""
                <!-- OCR, storage, SMS -->
                    <PackageReference Include="Baidu.AI" Version="4.15.10" />
                    <PackageReference Include="Acme.Storage.Wrapper" Version="1.2.0" />
                    <PackageReference Include="Acme.Media" Version="2.0.0" NoWarn="SCG0002" />
                    <PackageReference Include="wang.aliyun-net-sdk-dysmsapi" Version="1.0.0" />
                """));
            Write(root, "plain/App/Reader.cs", OcrCode);
            Write(root, "plain/Quiet/Quiet.csproj", Project("""
                <PackageReference Include="Baidu.AI" Version="4.15.10" />
                    <PackageReference Include="aliyun-net-sdk-core" Version="1.5.10">
                      <NoWarn>SCG0001</NoWarn>
                    </PackageReference>
                """, """    <NoWarn Condition="'$(Configuration)' == 'Debug'">$(NoWarn);SCG0001</NoWarn>"""));
            Write(root, "plain/Strict/Strict.csproj", Project("""<PackageReference Include="Baidu.AI" Version="4.15.10" />"""));
            Write(root, "plain/Multi/Multi.csproj", $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFrameworks>net10.0;netstandard2.0</TargetFrameworks>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="Acme.Storage.Wrapper" Version="1.2.0" />
                  </ItemGroup>
                  <ItemGroup Condition="'$(TargetFramework)' == 'net10.0'">
                    <PackageReference Include="Baidu.AI" Version="4.15.10" />
                  </ItemGroup>
                </Project>

                """);
            Write(root, "plain/Lib/Lib.csproj", Project("""<PackageReference Include="Newtonsoft.Json" Version="12.0.1" />"""));
            Write(root, "plain/Disabled/Disabled.csproj", Project("""<PackageReference Include="Baidu.AI" Version="4.15.10" />""", "    <SupplyChainGuardEnabled>false</SupplyChainGuardEnabled>"));
            Write(root, "cpm/Directory.Packages.props", """
                <Project>
                  <PropertyGroup>
                    <ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally>
                  </PropertyGroup>
                  <ItemGroup>
                    <GlobalPackageReference Include="SupplyChainGuard" Version="0.1.0" />
                    <PackageVersion Include="Baidu.AI" Version="4.15.10" />
                    <PackageVersion Include="aliyun-net-sdk-core" Version="1.5.9" />
                    <PackageVersion Include="Newtonsoft.Json" Version="12.0.1" />
                  </ItemGroup>
                </Project>

                """);
            Write(root, "cpm/Service/Service.csproj", Project("""
                <PackageReference Include="Baidu.AI" />
                    <PackageReference Include="aliyun-net-sdk-core" VersionOverride="1.5.10" />
                """));
            Write(root, "cpm/Worker/Worker.csproj", Project("""<PackageReference Include="Baidu.AI" />"""));
            var projects = new[] { "plain/App/App.csproj", "plain/Quiet/Quiet.csproj", "plain/Strict/Strict.csproj", "plain/Multi/Multi.csproj", "plain/Lib/Lib.csproj", "plain/Disabled/Disabled.csproj", "cpm/Service/Service.csproj", "cpm/Worker/Worker.csproj" };
            Write(root, "Fixture.slnx", "<Solution>\n" + string.Concat(projects.Select(p => $"  <Project Path=\"{p}\" />\n")) + "</Solution>\n");
        }

        private void WriteBrokenRepository(string root)
        {
            WriteRepositoryBase(root);
            Write(root, "Directory.Build.props", """
                <Project>
                  <PropertyGroup>
                    <NuGetAudit>false</NuGetAudit>
                    <NoWarn>$(NoWarn);NU1603</NoWarn>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="SupplyChainGuard" Version="0.1.0" PrivateAssets="all" />
                  </ItemGroup>
                </Project>

                """);
            Write(root, "supplychainguard.json", """
                {
                  "vendors": [
                    { "id": "baidu", "jurisdiction": "CN", "match": { "ownres": ["Baidu-AI"] } }
                  ]
                }

                """);
            Write(root, "App/App.csproj", Project("""<PackageReference Include="Baidu.AI" Version="4.15.10" />"""));
        }

        public const string InputsPolicy = """
            {
              // The inputs repository's policy: Baidu.AI's id is listed, so that a look-alike of it is SCG0004.
              "restrictedJurisdictions": ["CN"],
              "vendors": [
                { "id": "baidu", "name": "Baidu, Inc.", "jurisdiction": "CN", "reason": "Company policy SEC-12", "match": { "owners": ["Baidu-AI"], "packages": ["Baidu.AI"] } },
                { "id": "tencent", "name": "Tencent Holdings", "jurisdiction": "CN", "match": { "owners": ["tencentcloudapi"] } },
                { "id": "acme", "name": "Acme Corp.", "jurisdiction": "US", "restricted": false, "match": { "owners": ["acme"] } }
              ]
            }
            """;

        /// <summary>What <c>pinned.lock.json</c> recorded for Acme.Transfer before it changed hands (2.0.0 is signed by 'mallory').</summary>
        public const string PinnedLock = """
            {
              "version": 1,
              "packages": {
                "Acme.Transfer": {
                  "fromVersion": "1.0.0",
                  "signature": "repository",
                  "owners": [
                    "acme"
                  ]
                }
              }
            }

            """;

        private void WriteInputsRepository(string root)
        {
            WriteRepositoryBase(root);
            Write(root, "supplychainguard.json", InputsPolicy);
            Write(root, "Directory.Build.props", """
                <Project>
                  <PropertyGroup>
                    <NuGetAudit>false</NuGetAudit>
                    <NoWarn>$(NoWarn);NU1603</NoWarn>
                  </PropertyGroup>
                  <ItemGroup Condition="'$(ManagePackageVersionsCentrally)' != 'true'">
                    <PackageReference Include="SupplyChainGuard" Version="0.1.0" PrivateAssets="all" />
                  </ItemGroup>
                </Project>

                """);
            Write(root, "Directory.Packages.props", "<Project />\n");

            // Lib reports Baidu.AI itself, under the same policy: App, which references it, does not.
            Write(root, "refs/Lib/Lib.csproj", Project("""<PackageReference Include="Baidu.AI" Version="4.15.10" />"""));
            Write(root, "refs/App/App.csproj", Project("""<ProjectReference Include="../Lib/Lib.csproj" />"""));
            // Unguarded runs no check, so what comes in through it is Loose's to report, at the ProjectReference, with the route,
            // and Muted's NoWarn on its ProjectReference covers it.
            Write(root, "refs/Unguarded/Unguarded.csproj", Project("""<PackageReference Include="Tencent.QCloud.Cos.Sdk" Version="5.4.40" />""", "    <SupplyChainGuardEnabled>false</SupplyChainGuardEnabled>"));
            Write(root, "refs/Loose/Loose.csproj", Project("""
                <PackageReference Include="Newtonsoft.Json" Version="12.0.1" />
                    <ProjectReference Include="../Unguarded/Unguarded.csproj" />
                """));
            Write(root, "refs/Muted/Muted.csproj", Project("""<ProjectReference Include="../Unguarded/Unguarded.csproj" NoWarn="SCG0002" />"""));

            Write(root, "cpm/Directory.Packages.props", """
                <Project>
                  <PropertyGroup>
                    <ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally>
                  </PropertyGroup>
                  <ItemGroup>
                    <GlobalPackageReference Include="SupplyChainGuard" Version="0.1.0" />
                    <PackageVersion Include="Newtonsoft.Json" Version="12.0.1" />
                    <GlobalPackageReference Include="Baidu.AI" Version="4.15.10" />
                  </ItemGroup>
                </Project>

                """);
            Write(root, "cpm/Tool/Tool.csproj", Project("""<PackageReference Include="Newtonsoft.Json" />"""));

            Write(root, "downloads/downloads.props", """
                <Project>
                  <ItemGroup>
                    <!-- Fetched into the packages folder, never part of the graph: still checked, and reported here. -->
                    <PackageDownload Include="Tencent.QCloud.Cos.Sdk" Version="[5.4.40]" />
                  </ItemGroup>
                </Project>

                """);
            Write(root, "downloads/Fetcher/Fetcher.csproj", """
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                  </PropertyGroup>
                  <Import Project="../downloads.props" />
                </Project>

                """);

            Write(root, "identity/Lookalike/Lookalike.csproj", Project($"""<PackageReference Include="{CyrillicBaidu}" Version="4.15.10" />"""));
            Write(root, "identity/Pinned/Pinned.csproj", Project(
                """<PackageReference Include="Acme.Transfer" Version="2.0.0" />""", "    <SupplyChainGuardLockFile>pinned.lock.json</SupplyChainGuardLockFile>"));
            Write(root, "identity/Pinned/pinned.lock.json", PinnedLock);

            var projects = new[]
            {
                "refs/Lib/Lib.csproj", "refs/App/App.csproj", "refs/Unguarded/Unguarded.csproj", "refs/Loose/Loose.csproj", "refs/Muted/Muted.csproj",
                "cpm/Tool/Tool.csproj", "downloads/Fetcher/Fetcher.csproj", "identity/Lookalike/Lookalike.csproj", "identity/Pinned/Pinned.csproj",
            };
            Write(root, "Inputs.slnx", "<Solution>\n" + string.Concat(projects.Select(p => $"  <Project Path=\"{p}\" />\n")) + "</Solution>\n");
        }

        /// <summary>Packages for vendors the registry lacks, the alternatives the policy names, and real packages copied from the global packages folder.</summary>
        private static void WriteFeedPackages(string feed)
        {
            new FixturePackage("Tencent.QCloud.Cos.Sdk", "5.4.40") { RepositoryOwners = new[] { "tencentcloudapi" }, Authors = "Tencent Cloud API Team" }.WriteTo(feed);
            new FixturePackage("Acme.Storage.Wrapper", "1.2.0") { RepositoryOwners = new[] { "acme" }, Authors = "Acme" }.DependsOn("Tencent.QCloud.Cos.Sdk", "5.4.40").WriteTo(feed);
            new FixturePackage("Acme.Media", "2.0.0") { RepositoryOwners = new[] { "acme" }, Authors = "Acme" }.DependsOn("Tencent.QCloud.Cos.Sdk", "5.4.40").WriteTo(feed);
            new FixturePackage("wang.aliyun-net-sdk-dysmsapi", "1.0.0") { RepositoryOwners = new[] { "wang" }, Authors = "Alibaba Cloud" }.WriteTo(feed);
            new FixturePackage("aliyun-net-sdk-core", "1.5.10") { RepositoryOwners = new[] { "aliyun" }, Authors = "Alibaba Cloud" }.WriteTo(feed);
            foreach (var version in new[] { "1.0.0", "1.4.2", "2.0.0-beta.1" })
            {
                new FixturePackage("Contoso.Ocr", version) { Authors = "Contoso" }.WriteTo(feed);
            }

            new FixturePackage("Fabrikam.Ocr", "3.1.0") { Authors = "Fabrikam" }.WriteTo(feed);
            new FixturePackage("Contoso.Storage", "1.0.0") { Authors = "Contoso" }.WriteTo(feed);

            // A look-alike of Baidu.AI uploaded by someone else, and a package that changed hands between versions.
            new FixturePackage(CyrillicBaidu, "4.15.10") { RepositoryOwners = new[] { "mallory" }, Authors = "Baidu" }.WriteTo(feed);
            new FixturePackage("Acme.Transfer", "1.0.0") { RepositoryOwners = new[] { "acme" }, Authors = "Acme" }.WriteTo(feed);
            new FixturePackage("Acme.Transfer", "2.0.0") { RepositoryOwners = new[] { "mallory" }, Authors = "Acme" }.WriteTo(feed);

            var global = SettingsUtility.GetGlobalPackagesFolder(Settings.LoadDefaultSettings(null));
            foreach (var (id, version) in new[] { ("Baidu.AI", "4.15.10"), ("Newtonsoft.Json", "12.0.1"), ("NETStandard.Library", "2.0.3"), ("Microsoft.NETCore.Platforms", "1.1.0") })
            {
                var lower = id.ToLowerInvariant();
                var nupkg = Path.Combine(global, lower, version, $"{lower}.{version}.nupkg");
                Assert.True(File.Exists(nupkg), $"'{nupkg}' is missing: restore the test project (its PackageDownload items fetch it).");
                File.Copy(nupkg, Path.Combine(feed, Path.GetFileName(nupkg)), overwrite: true);
            }
        }

        private void Pack(string project)
        {
            var pack = Processes.DotNet(RepositoryRoot, null, "pack", project, "--no-build", "-c", Configuration, "-o", Feed, "-p:Version=" + PackageVersion, "-nologo");
            if (pack.ExitCode != 0)
            {
                throw new InvalidOperationException($"dotnet pack {project} failed:\n{pack.All}");
            }
        }

        public ProcessResult Build(string root, string target)
        {
            var build = Processes.DotNet(root, Environment, "build", target, "-nologo", "-v:m", "-clp:NoSummary", "-nodeReuse:false", "-p:UseSharedCompilation=false", "-tl:off");
            if (!build.All.Contains("Build FAILED", StringComparison.Ordinal) && build.ExitCode != 0)
            {
                throw new InvalidOperationException($"dotnet build {target} failed to run:\n{build.All}");
            }

            return build;
        }

        /// <summary>Restores one project of a repository a test made for itself.</summary>
        public void Restore(string root, string target)
        {
            var restore = Processes.DotNet(root, Environment, "restore", target, "-nologo", "-v:q", "-nodeReuse:false");
            if (restore.ExitCode != 0)
            {
                throw new InvalidOperationException($"dotnet restore {target} failed:\n{restore.All}");
            }
        }

        public void Dispose()
        {
            // SCG_KEEP_FIXTURES=1 keeps the repositories for a look after a failure.
            if (System.Environment.GetEnvironmentVariable("SCG_KEEP_FIXTURES") == "1")
            {
                return;
            }

            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        private static string FindRepositoryRoot()
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "SupplyChainGuard.sln")))
                {
                    return directory.FullName;
                }
            }

            throw new InvalidOperationException("SupplyChainGuard.sln not found above " + AppContext.BaseDirectory);
        }
    }

    [CollectionDefinition(Name)]
    public sealed class FixtureCollection : ICollectionFixture<FixtureRepositories>
    {
        public const string Name = "fixture repositories";
    }
}
