using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SupplyChainGuard.TestKit;
using Xunit;

namespace SupplyChainGuard.EndToEnd.Tests
{
    /// <summary>
    /// <c>SupplyChainGuardOnline</c> as users get it: a consumer restores an unsigned package from a private feed
    /// that the test serves over HTTP as a V3 feed with search (so <c>.nupkg.metadata</c> names that feed), under a
    /// policy that knows the vendor only by its owner. Only the online build can attribute the package.
    /// </summary>
    [Collection(EndToEndCollection.Name)]
    public sealed class OnlineEndToEndTests
    {
        private readonly PackedPackageFixture _fixture;

        public OnlineEndToEndTests(PackedPackageFixture fixture)
        {
            _fixture = fixture;
        }

        private const string ContosoByOwner = """
            {
              // written by the end-to-end tests: Contoso is known by its feed owner alone
              "restrictedJurisdictions": ["US"],
              "vendors": [
                { "id": "contoso", "name": "Contoso Ltd.", "jurisdiction": "US", "reason": "Policy SEC-40",
                  "match": { "owners": ["contoso-ocr"] } }
              ]
            }
            """;

        /// <summary>A consumer of the packed package and of <paramref name="packageId"/> from the HTTP feed.</summary>
        private (ConsumerProject App, V3TestFeed Feed) PrivateFeedConsumer(string name, string packageId)
        {
            var served = Path.Combine(_fixture.Root, name + "-feed-" + Guid.NewGuid().ToString("N").Substring(0, 6));
            new FixturePackage(packageId, "1.0.0") { Authors = "Contoso" }.WriteTo(served); // unsigned: no owners offline
            var feed = new V3TestFeed(served).WithOwners(packageId, verified: true, "contoso-ocr");
            var app = _fixture.NewConsumer(name)
                .Write("nuget.config", $"""
                    <?xml version="1.0" encoding="utf-8"?>
                    <configuration>
                      <packageSources>
                        <clear />
                        <add key="scg-e2e" value="{_fixture.Feed}" />
                        <add key="contoso-private" value="{feed.ServiceIndexUrl}" allowInsecureConnections="true" />
                      </packageSources>
                    </configuration>
                    """)
                .Write("App.csproj", ConsumerProject.ProjectXml(
                    $"""    <PackageReference Include="{packageId}" Version="1.0.0" />""",
                    "    <NuGetAudit>false</NuGetAudit>"))
                .Write("Library.cs", "namespace App { public static class Library { } }\n")
                .Write("supplychainguard.json", ContosoByOwner);
            return (app, feed);
        }

        /// <summary>dotnet build with NuGet's HTTP cache (and so the feed-owner cache) inside the consumer's folder.</summary>
        private BuildResult Build(ConsumerProject app, params string[] properties)
        {
            var arguments = new List<string> { "build", "-nologo", "-v:m", "-clp:NoSummary", "-nodeReuse:false", "-p:UseSharedCompilation=false" };
            arguments.AddRange(properties);
            var run = DotNet.Run(app.Directory, new Dictionary<string, string>
            {
                ["NUGET_PACKAGES"] = _fixture.PackagesFolder,
                ["NUGET_HTTP_CACHE_PATH"] = app.PathOf("http-cache"),
            }, arguments.ToArray());
            return new BuildResult(run.ExitCode, run.Output, app.Directory);
        }

        [Fact]
        public void An_online_build_reports_an_unsigned_private_package_by_the_owner_its_feed_names_and_an_offline_build_does_not()
        {
            const string id = "Contoso.Online.Ocr";
            var (app, feed) = PrivateFeedConsumer("online", id);
            using (feed)
            {
                var offline = Build(app);

                Assert.True(offline.ExitCode == 0, offline.Output);
                Assert.Empty(offline.OfCode("SCG0001"));
                Assert.Empty(offline.OfCode("SCG0903"));
                Assert.Empty(feed.SearchRequests);
                Assert.Contains(feed.Requests, r => r.Path.EndsWith(".nupkg", StringComparison.Ordinal)); // restore took it from the HTTP feed

                var online = Build(app, "-p:SupplyChainGuardOnline=true");

                Assert.True(online.ExitCode == 0, online.Output);
                var finding = online.Single("SCG0001");
                Assert.Equal((app.PathOf("App.csproj"), app.LineOf("App.csproj", $"Include=\"{id}\""), "warning"), (finding.File, finding.Line, finding.Severity));
                Assert.Equal(
                    $"Package '{id}' 1.0.0 is published by 'Contoso Ltd.' (vendor 'contoso', US), which the policy restricts: "
                    + $"owner 'contoso-ocr' on the feed {feed.ServiceIndexUrl} (id prefix reserved). Reason: Policy SEC-40.",
                    finding.Message);
                Assert.Contains(feed.SearchRequests, r => r.Query.Contains(Uri.EscapeDataString("packageid:" + id), StringComparison.OrdinalIgnoreCase));
                Assert.True(Directory.EnumerateFiles(app.PathOf(Path.Combine("http-cache", "supplychainguard-feed-owners")), "*.json", SearchOption.AllDirectories).Any(),
                    "the feed's answer was not cached in NuGet's HTTP cache folder");
            }
        }

        [Fact]
        public void An_online_build_whose_feed_fails_warns_SCG0903_naming_the_feed_and_still_builds()
        {
            const string id = "Contoso.Online.Scanner";
            var (app, feed) = PrivateFeedConsumer("online-down", id);
            using (feed)
            {
                feed.AlwaysFault = SearchFault.ServerError; // restore works; only search is broken

                var build = Build(app, "-p:SupplyChainGuardOnline=true");

                Assert.True(build.ExitCode == 0, build.Output);
                var warning = build.Single("SCG0903");
                Assert.Equal((app.PathOf("App.csproj"), 0, "warning"), (warning.File, warning.Line, warning.Severity));
                Assert.Equal(
                    $"The package feed '{feed.ServiceIndexUrl}' could not be asked for owners: it answered 500 (Internal Server Error). "
                    + $"1 package from it ({id} 1.0.0) was checked on offline evidence only.",
                    warning.Message);
                Assert.Empty(build.OfCode("SCG0001"));
            }
        }
    }
}
