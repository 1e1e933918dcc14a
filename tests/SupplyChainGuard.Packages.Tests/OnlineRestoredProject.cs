using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using SupplyChainGuard.TestKit;
using Xunit;

namespace SupplyChainGuard.Packages.Tests
{
    /// <summary>
    /// A project restored for real from a V3 feed that the test serves over HTTP on 127.0.0.1, so that each
    /// package's <c>.nupkg.metadata</c> names that feed, as it names a private feed in a user's build:
    /// <c>Contoso.Private.Ocr</c> (unsigned, the feed knows its owners), <c>Fabrikam.Tools</c> (unsigned) and
    /// <c>Acme.Signed</c> (repository-signed with owner <c>acme</c>).
    /// </summary>
    public sealed class OnlineRestoredProject : IDisposable
    {
        public const string UnsignedId = "Contoso.Private.Ocr";
        public const string OtherUnsignedId = "Fabrikam.Tools";
        public const string SignedId = "Acme.Signed";

        private readonly TempDirectory _root = new TempDirectory("scg-online-restore");

        public OnlineRestoredProject()
        {
            Root = _root.Path;
            var packages = _root.Combine("served");
            new FixturePackage(UnsignedId, "1.0.0") { Authors = "Contoso" }.WriteTo(packages);
            new FixturePackage(OtherUnsignedId, "1.0.0") { Authors = "Fabrikam" }.WriteTo(packages);
            new FixturePackage(SignedId, "1.0.0") { RepositoryOwners = new[] { "acme" } }.WriteTo(packages);
            Feed = new V3TestFeed(packages);

            _root.Write("Directory.Build.props", "<Project>\n  <PropertyGroup>\n    <NuGetAudit>false</NuGetAudit>\n  </PropertyGroup>\n</Project>\n");
            _root.Write("Directory.Build.targets", "<Project />\n");
            _root.Write("Directory.Packages.props", "<Project />\n");
            _root.Write("nuget.config", $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <clear />
                    <add key="contoso" value="{Feed.ServiceIndexUrl}" allowInsecureConnections="true" />
                  </packageSources>
                  <fallbackPackageFolders>
                    <clear />
                  </fallbackPackageFolders>
                </configuration>
                """);
            AppProject = _root.Write(Path.Combine("App", "App.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>net8.0</TargetFramework>
                    <DisableImplicitFrameworkReferences>true</DisableImplicitFrameworkReferences>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="{UnsignedId}" Version="1.0.0" />
                    <PackageReference Include="{OtherUnsignedId}" Version="1.0.0" />
                    <PackageReference Include="{SignedId}" Version="1.0.0" />
                  </ItemGroup>
                </Project>
                """);
            Restore();
            AssetsFile = Path.Combine(Path.GetDirectoryName(AppProject)!, "obj", "project.assets.json");
        }

        public string Root { get; }

        public V3TestFeed Feed { get; }

        public string AppProject { get; }

        public string AssetsFile { get; }

        public ReferenceDeclaration[] References => new[] { UnsignedId, OtherUnsignedId, SignedId }
            .Select(id => new ReferenceDeclaration(id, AppProject)).ToArray();

        public void Dispose()
        {
            Feed.Dispose();
            _root.Dispose();
        }

        private void Restore() =>
            IsolatedRestore.Run($"\"{AppProject}\"", Root, _root.Combine("packages"), _root.Combine("http-cache"), "from the test feed");
    }

    /// <summary>
    /// NuGet.Protocol, running in the test process, keeps the service indexes it reads in NuGet's HTTP cache. The
    /// tests point it at a folder of their own (once per process), so that the feeds they serve on 127.0.0.1 leave
    /// nothing in the developer's cache.
    /// </summary>
    internal static class IsolatedNuGetHttpCache
    {
        private static readonly Lazy<string> Folder = new Lazy<string>(() =>
        {
            var folder = Path.Combine(Path.GetTempPath(), "scg-tests-http-cache-" + Environment.ProcessId);
            Environment.SetEnvironmentVariable("NUGET_HTTP_CACHE_PATH", folder);
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                try
                {
                    Directory.Delete(folder, recursive: true);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                }
            };
            return folder;
        });

        public static string Ensure() => Folder.Value;
    }

    [CollectionDefinition(Name)]
    public sealed class OnlineRestoredProjectCollection : ICollectionFixture<OnlineRestoredProject>
    {
        public const string Name = "online restored project";
    }
}
