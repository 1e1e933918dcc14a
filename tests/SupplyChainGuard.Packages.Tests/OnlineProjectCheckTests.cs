using System;
using System.IO;
using System.Linq;
using SupplyChainGuard.TestKit;
using Xunit;

namespace SupplyChainGuard.Packages.Tests
{
    /// <summary>
    /// <see cref="ProjectCheckRequest.Online"/>: the engine asks the feed a package came from (named by its
    /// <c>.nupkg.metadata</c>) for the owners its signature lacks, and says so when the feed cannot be asked.
    /// </summary>
    [Collection(OnlineRestoredProjectCollection.Name)]
    public sealed class OnlineProjectCheckTests : IDisposable
    {
        private readonly OnlineRestoredProject _restored;
        private readonly TempDirectory _folder = new TempDirectory("scg-online-check");
        private readonly FeedOwnerLookup _lookup;

        public OnlineProjectCheckTests(OnlineRestoredProject restored)
        {
            IsolatedNuGetHttpCache.Ensure();
            _restored = restored;
            var feed = restored.Feed;
            feed.AlwaysFault = SearchFault.None;
            while (feed.NextSearchFaults.TryDequeue(out _))
            {
            }

            feed.WithOwners(OnlineRestoredProject.UnsignedId, verified: true, "contoso-ocr")
                .WithOwners(OnlineRestoredProject.OtherUnsignedId, verified: false, "fabrikam")
                .WithOwners(OnlineRestoredProject.SignedId, verified: false, "contoso-ocr"); // a feed that lies about a signed package
            _lookup = new FeedOwnerLookup(new FeedOwnerLookupOptions
            {
                CacheFolder = _folder.Combine("cache"),
                RequestTimeout = TimeSpan.FromSeconds(15),
                RetryDelay = TimeSpan.FromMilliseconds(50),
            });
        }

        public void Dispose()
        {
            _lookup.Dispose();
            _folder.Dispose();
        }

        private const string ContosoByOwner = """
            { "vendors": [ { "id": "contoso", "name": "Contoso Ltd.", "restricted": true, "match": { "owners": ["contoso-ocr"] } } ] }
            """;

        private ProjectCheckRequest Request(string policy, bool online = true) => new ProjectCheckRequest(_restored.AppProject)
        {
            AssetsFile = _restored.AssetsFile,
            PolicyFile = _folder.Write("supplychainguard.json", policy),
            PackageReferences = _restored.References,
            Online = online,
            FeedOwnerLookup = _lookup,
        };

        private int Searches(string id) => _restored.Feed.SearchRequests.Count(r => r.Query.Contains(Uri.EscapeDataString(id), StringComparison.OrdinalIgnoreCase));

        [Fact]
        public void Online_an_unsigned_package_is_restricted_by_the_owner_its_feed_names_and_the_finding_names_the_feed()
        {
            var result = ProjectCheck.Run(Request(ContosoByOwner));

            var finding = Assert.Single(result.Diagnostics);
            Assert.Equal(("SCG0001", ReportLevel.Warning), (finding.Code, finding.Level));
            Assert.Equal(File.ReadAllLines(_restored.AppProject).ToList().FindIndex(l => l.Contains(OnlineRestoredProject.UnsignedId)) + 1, finding.Line);
            Assert.Contains($"owner 'contoso-ocr' on the feed {_restored.Feed.ServiceIndexUrl} (id prefix reserved)", finding.Message);
            Assert.True(result.Completed);
            var identity = result.Identities![OnlineRestoredProject.UnsignedId];
            Assert.Equal((true, _restored.Feed.ServiceIndexUrl), (identity.PrefixReserved, identity.FeedOwnersSource));
            Assert.Equal(new[] { "contoso-ocr" }, identity.FeedOwners);
        }

        [Fact]
        public void Offline_the_same_package_passes_and_no_feed_is_asked()
        {
            var before = _restored.Feed.Requests.Count;

            var result = ProjectCheck.Run(Request(ContosoByOwner, online: false));

            Assert.Empty(result.Diagnostics);
            Assert.Null(result.FeedLookup);
            Assert.Equal(before, _restored.Feed.Requests.Count);
        }

        [Fact]
        public void Signature_owners_win_and_a_signed_package_is_never_asked_about()
        {
            var result = ProjectCheck.Run(Request(ContosoByOwner));

            Assert.DoesNotContain(result.Diagnostics, d => d.Message.Contains(OnlineRestoredProject.SignedId, StringComparison.Ordinal));
            Assert.Equal(0, Searches(OnlineRestoredProject.SignedId));
            Assert.Empty(result.Identities![OnlineRestoredProject.SignedId].FeedOwners);
        }

        [Fact]
        public void A_feed_that_cannot_be_asked_is_one_SCG0903_naming_it_and_every_package_is_still_checked_offline()
        {
            _restored.Feed.AlwaysFault = SearchFault.MalformedJson;
            var policy = """
                { "vendors": [
                    { "id": "contoso", "name": "Contoso Ltd.", "restricted": true, "match": { "owners": ["contoso-ocr"] } },
                    { "id": "fabrikam", "name": "Fabrikam", "restricted": true, "match": { "packages": ["Fabrikam.*"] } } ] }
                """;

            var result = ProjectCheck.Run(Request(policy));

            var warning = Assert.Single(result.Diagnostics, d => d.Code == "SCG0903");
            Assert.Equal((ReportLevel.Warning, _restored.AppProject, 0), (warning.Level, warning.File, warning.Line));
            Assert.StartsWith($"The package feed '{_restored.Feed.ServiceIndexUrl}' could not be asked for owners: its search answer is not valid JSON", warning.Message, StringComparison.Ordinal);
            Assert.EndsWith($"2 packages from it ({OnlineRestoredProject.UnsignedId} 1.0.0, {OnlineRestoredProject.OtherUnsignedId} 1.0.0) were checked on offline evidence only.", warning.Message, StringComparison.Ordinal);
            var offline = Assert.Single(result.Diagnostics, d => d.Code == "SCG0001");
            Assert.Contains($"'{OnlineRestoredProject.OtherUnsignedId}'", offline.Message);
            Assert.False(result.Completed); // not replayed: the next build asks again
        }

        [Fact]
        public void Fail_closed_makes_SCG0903_an_error_even_under_NoWarn()
        {
            _restored.Feed.AlwaysFault = SearchFault.MalformedJson;
            var request = Request(ContosoByOwner);
            request.FailClosed = true;
            request.NoWarn = "SCG0903";

            var warning = Assert.Single(ProjectCheck.Run(request).Diagnostics);

            Assert.Equal(("SCG0903", ReportLevel.Error), (warning.Code, warning.Level));
        }

        [Fact]
        public void Without_fail_closed_NoWarn_silences_SCG0903_and_the_project_warning_settings_apply()
        {
            _restored.Feed.AlwaysFault = SearchFault.MalformedJson;
            var silenced = Request(ContosoByOwner);
            silenced.NoWarn = "SCG0903";
            var escalated = Request(ContosoByOwner);
            escalated.TreatWarningsAsErrors = true;

            Assert.Equal(ReportLevel.Suppressed, Assert.Single(ProjectCheck.Run(silenced).Diagnostics).Level);
            Assert.Equal(ReportLevel.Error, Assert.Single(ProjectCheck.Run(escalated).Diagnostics).Level);
        }

        [Fact]
        public void The_log_says_how_many_feeds_were_asked_about_how_many_packages_and_what_the_cache_answered()
        {
            var first = ProjectCheck.Run(Request(ContosoByOwner));
            // The next build's lookup, with the same cache folder.
            using var next = new FeedOwnerLookup(new FeedOwnerLookupOptions { CacheFolder = _folder.Combine("cache") });
            var request = Request(ContosoByOwner);
            request.FeedOwnerLookup = next;
            var second = ProjectCheck.Run(request);

            Assert.Contains(first.Messages, m => !m.IsDetail && m.Text ==
                "SupplyChainGuard: online: asked 1 feed about the 2 packages without signature owners (0 answered from the cache, 2 search requests); the feed named owners for 2.");
            Assert.Contains(second.Messages, m => !m.IsDetail && m.Text ==
                "SupplyChainGuard: online: asked 1 feed about the 2 packages without signature owners (2 answered from the cache, 0 search requests); the feed named owners for 2.");
            Assert.Equal(first.Diagnostics, second.Diagnostics);
        }

        [Fact]
        public void A_package_the_feed_names_no_owners_for_is_not_counted_as_named()
        {
            _restored.Feed.WithOwners(OnlineRestoredProject.OtherUnsignedId, verified: false);

            var result = ProjectCheck.Run(Request(ContosoByOwner));

            Assert.Contains(result.Messages, m => m.Text.EndsWith("the feed named owners for 1.", StringComparison.Ordinal));
            Assert.Empty(result.Identities![OnlineRestoredProject.OtherUnsignedId].FeedOwners);
            Assert.Equal(new[] { "contoso-ocr" }, result.Identities[OnlineRestoredProject.UnsignedId].FeedOwners);
        }

        [Fact]
        public void A_failed_feed_names_the_one_package_the_cache_could_not_answer_for()
        {
            var cache = new FeedOwnerCache(_folder.Combine("cache"), TimeSpan.FromHours(24));
            Assert.True(cache.Write(new FeedOwnerAnswer(_restored.Feed.ServiceIndexUrl, OnlineRestoredProject.UnsignedId, true, new[] { "contoso-ocr" }, true, DateTimeOffset.UtcNow)));
            _restored.Feed.AlwaysFault = SearchFault.MalformedJson;

            var result = ProjectCheck.Run(Request(ContosoByOwner));

            var warning = Assert.Single(result.Diagnostics, d => d.Code == "SCG0903");
            Assert.EndsWith($"1 package from it ({OnlineRestoredProject.OtherUnsignedId} 1.0.0) was checked on offline evidence only.", warning.Message, StringComparison.Ordinal);
            // The cached answer still restricts the other one.
            Assert.Contains(result.Diagnostics, d => d.Code == "SCG0001" && d.Message.Contains($"'{OnlineRestoredProject.UnsignedId}'", StringComparison.Ordinal));
            Assert.False(result.Completed);
        }

        [Fact]
        public void A_policy_that_names_no_owners_asks_no_feed()
        {
            var before = _restored.Feed.Requests.Count;

            var result = ProjectCheck.Run(Request("""
                { "vendors": [ { "id": "fabrikam", "name": "Fabrikam", "restricted": true, "match": { "packages": ["Fabrikam.*"] } } ] }
                """));

            Assert.Equal("SCG0001", Assert.Single(result.Diagnostics).Code);
            Assert.Equal(before, _restored.Feed.Requests.Count);
            Assert.Contains(result.Messages, m => m.Text.Contains("no vendor in the policy lists owners", StringComparison.Ordinal));
        }

        [Fact]
        public void An_owner_from_a_mirror_does_not_overrule_weak_evidence_but_one_from_the_registry_does()
        {
            // Authors "Contoso" claim the vendor; the feed names an owner the vendor does not list.
            _restored.Feed.WithOwners(OnlineRestoredProject.UnsignedId, verified: false, "someone-else");
            var policy = """
                { "vendors": [ { "id": "contoso", "name": "Contoso Ltd.", "restricted": true, "match": { "owners": ["contoso-ocr"], "authors": ["Contoso"] } } ] }
                """;
            using var registry = new FeedOwnerLookup(new FeedOwnerLookupOptions
            {
                CacheFolder = null,
                // One of several registries the owner trusts (nuget.org is the default one).
                AuthoritativeFeeds = new[] { "https://api.nuget.org/v3/index.json", _restored.Feed.ServiceIndexUrl },
            });
            var asRegistry = Request(policy);
            asRegistry.FeedOwnerLookup = registry;

            var fromMirror = ProjectCheck.Run(Request(policy));
            var fromRegistry = ProjectCheck.Run(asRegistry);

            Assert.Contains("author 'Contoso' in the nuspec", Assert.Single(fromMirror.Diagnostics).Message);
            Assert.Empty(fromRegistry.Diagnostics);
        }
    }
}
