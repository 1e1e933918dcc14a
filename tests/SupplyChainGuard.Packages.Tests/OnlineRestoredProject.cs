using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
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

        /// <summary>Where the feed's base URL is kept in the fixture folder, so that a later test host can serve it again.</summary>
        private const string FeedUrlFile = "feed-url.txt";

        private static FixturePackage[] ServedPackages() => new[]
        {
            new FixturePackage(UnsignedId, "1.0.0") { Authors = "Contoso" },
            new FixturePackage(OtherUnsignedId, "1.0.0") { Authors = "Fabrikam" },
            new FixturePackage(SignedId, "1.0.0") { RepositoryOwners = new[] { "acme" } },
        };

        private static readonly (string Path, string Text)[] Files =
        {
            ("Directory.Build.props", "<Project>\n  <PropertyGroup>\n    <NuGetAudit>false</NuGetAudit>\n  </PropertyGroup>\n</Project>\n"),
            ("Directory.Build.targets", "<Project />\n"),
            ("Directory.Packages.props", "<Project />\n"),
        };

        private static string NuGetConfig(string feedUrl) => NuGetConfigs.SingleSource("contoso", feedUrl, insecureHttp: true);

        private static readonly string AppProjectPath = Path.Combine("App", "App.csproj");

        private static readonly string AppProjectText = $"""
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
            """;

        private readonly FixtureFolder _root;
        private V3TestFeed? _feed;

        /// <summary>
        /// Restores the project in a temp folder of its own; or reuses one restored earlier (see
        /// <see cref="FixtureCache"/>) and serves its feed again at the same URL, which its packages name.
        /// </summary>
        public OnlineRestoredProject()
        {
            _root = FixtureCache.Shared.Get("scg-online-restore", Inputs, Build, Serve);
            Root = _root.Path;
            Feed = _feed!;
            AppProject = _root.Combine(AppProjectPath);
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

        /// <summary>What the restored folder depends on; the feed's URL (a free port) is the one input it records itself.</summary>
        private static string Inputs() =>
            string.Concat(ServedPackages().Select(FixtureCache.Describe))
            + string.Concat(Files.Select(f => $"write {f.Path}\n{f.Text}\n"))
            + $"write nuget.config\n{NuGetConfig("{feed}")}\n"
            + $"write {AppProjectPath.Replace('\\', '/')}\n{AppProjectText}\n"
            + FixtureCache.SdkVersion;

        private void Build(string root)
        {
            var packages = Path.Combine(root, "served");
            foreach (var package in ServedPackages())
            {
                package.WriteTo(packages);
            }

            _feed = new V3TestFeed(packages);
            try
            {
                foreach (var (path, text) in Files.Append(("nuget.config", NuGetConfig(_feed.ServiceIndexUrl))).Append((AppProjectPath, AppProjectText)))
                {
                    FolderFiles.Write(root, path, text);
                }

                IsolatedRestore.Run($"\"{Path.Combine(root, AppProjectPath)}\"", root, Path.Combine(root, "packages"), Path.Combine(root, "http-cache"), "from the test feed");
                File.WriteAllText(Path.Combine(root, FeedUrlFile), _feed.BaseUrl);
            }
            catch
            {
                _feed.Dispose();
                _feed = null;
                throw;
            }
        }

        /// <summary>Serves a reused folder's feed at its recorded URL; false (build anew) when that port is taken.</summary>
        private bool Serve(string root)
        {
            try
            {
                _feed = new V3TestFeed(Path.Combine(root, "served"), File.ReadAllText(Path.Combine(root, FeedUrlFile)));
                return true;
            }
            catch (HttpListenerException)
            {
                return false;
            }
        }
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
