using System;
using System.Collections.Generic;
using System.IO;
using SupplyChainGuard.TestKit;
using Xunit;

namespace SupplyChainGuard.Cli.Tests.Support
{
    /// <summary>
    /// For <c>--online</c>: projects restored from small V3 feeds on 127.0.0.1 (<see cref="V3TestFeed"/>), so that each
    /// package's <c>.nupkg.metadata</c> names an http feed, and none of the packages is repository-signed. <c>live/</c>
    /// comes from a feed that answers search with owners; <c>dead/</c> from one that is stopped once restore is done.
    /// Nothing leaves the loopback interface.
    /// </summary>
    public sealed class OnlineRepository : IDisposable
    {
        /// <summary>Unsigned; the live feed names its owner 'contoso-ocr', whom the policy restricts.</summary>
        public const string RestrictedId = "Contoso.Online.Ocr";

        /// <summary>Unsigned; the live feed names its owner 'fabrikam', whom the policy does not mention.</summary>
        public const string UnknownId = "Fabrikam.Online.Tools";

        /// <summary>Unsigned, from the feed that is down by the time scg asks it.</summary>
        public const string StrandedId = "Contoso.Offline.Scanner";

        public const string Policy = """
            {
              "vendors": [
                { "id": "contoso", "name": "Contoso Ltd.", "jurisdiction": "CN", "restricted": true, "match": { "owners": ["contoso-ocr"] } }
              ]
            }
            """;

        private readonly string? _processHttpCache;

        public OnlineRepository()
        {
            // NuGet.Protocol (in this process, for scg) keeps service indexes in its HTTP cache: one of this run's own.
            if (string.IsNullOrEmpty(System.Environment.GetEnvironmentVariable("NUGET_HTTP_CACHE_PATH")))
            {
                _processHttpCache = Path.Combine(Path.GetTempPath(), "scg-cli-tests-http-cache-" + System.Environment.ProcessId);
                System.Environment.SetEnvironmentVariable("NUGET_HTTP_CACHE_PATH", _processHttpCache);
            }

            Root = Path.Combine(Path.GetTempPath(), "scg-cli-online-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            var served = Path.Combine(Root, "served");
            new FixturePackage(RestrictedId, "1.0.0") { Authors = "Contoso" }.WriteTo(served);
            new FixturePackage(UnknownId, "1.0.0") { Authors = "Fabrikam" }.WriteTo(served);
            var stranded = Path.Combine(Root, "stranded");
            new FixturePackage(StrandedId, "1.0.0") { Authors = "Contoso" }.WriteTo(stranded);

            Feed = new V3TestFeed(served)
                .WithOwners(RestrictedId, verified: true, "contoso-ocr")
                .WithOwners(UnknownId, verified: false, "fabrikam");
            using (var dead = new V3TestFeed(stranded))
            {
                DeadFeedUrl = dead.ServiceIndexUrl;
                Directory.CreateDirectory(Path.Combine(Root, ".git"));
                FixtureRepositories.Write(Root, "supplychainguard.json", Policy);
                FixtureRepositories.Write(Root, "Directory.Build.props", "<Project>\n  <PropertyGroup>\n    <NuGetAudit>false</NuGetAudit>\n  </PropertyGroup>\n</Project>\n");
                FixtureRepositories.Write(Root, "Directory.Build.targets", "<Project />\n");
                FixtureRepositories.Write(Root, "Directory.Packages.props", "<Project />\n");
                WriteNuGetConfig("live", Feed.ServiceIndexUrl);
                WriteNuGetConfig("dead", dead.ServiceIndexUrl);
                var both = $"""
                    <PackageReference Include="{RestrictedId}" Version="1.0.0" />
                        <PackageReference Include="{UnknownId}" Version="1.0.0" />
                    """;
                FixtureRepositories.Write(Root, "live/App/App.csproj", FixtureRepositories.Project(both));
                FixtureRepositories.Write(Root, "live/Flagged/Flagged.csproj", FixtureRepositories.Project(both, "    <SupplyChainGuardOnline>true</SupplyChainGuardOnline>"));
                FixtureRepositories.Write(Root, "dead/App/App.csproj", FixtureRepositories.Project($"""<PackageReference Include="{StrandedId}" Version="1.0.0" />"""));
                foreach (var project in new[] { "live/App/App.csproj", "live/Flagged/Flagged.csproj", "dead/App/App.csproj" })
                {
                    Restore(project);
                }
            }
        }

        public string Root { get; }

        public V3TestFeed Feed { get; }

        /// <summary>Where the stranded package came from; nobody listens there any more.</summary>
        public string DeadFeedUrl { get; }

        /// <summary>What scg and restore get: this repository's own packages folder and HTTP cache.</summary>
        public Dictionary<string, string> Environment => new Dictionary<string, string>
        {
            ["NUGET_PACKAGES"] = Path.Combine(Root, "packages"),
            ["NUGET_HTTP_CACHE_PATH"] = Path.Combine(Root, "http-cache"),
        };

        public void Dispose()
        {
            Feed.Dispose();
            if (System.Environment.GetEnvironmentVariable("SCG_KEEP_FIXTURES") == "1")
            {
                return;
            }

            foreach (var folder in new[] { Root, _processHttpCache })
            {
                try
                {
                    if (folder is not null && Directory.Exists(folder))
                    {
                        Directory.Delete(folder, recursive: true);
                    }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                }
            }
        }

        private void WriteNuGetConfig(string folder, string feed) =>
            FixtureRepositories.Write(Root, folder + "/nuget.config", NuGetConfigs.SingleSource("fixtures", feed, insecureHttp: true));

        private void Restore(string project)
        {
            var restore = Processes.DotNet(Root, Environment, "restore", project, "-nologo", "-v:q", "-nodeReuse:false");
            if (restore.ExitCode != 0)
            {
                throw new InvalidOperationException($"dotnet restore {project} failed:\n{restore.All}");
            }
        }
    }

    [CollectionDefinition(Name)]
    public sealed class OnlineCollection : ICollectionFixture<OnlineRepository>
    {
        public const string Name = "online repository";
    }
}
