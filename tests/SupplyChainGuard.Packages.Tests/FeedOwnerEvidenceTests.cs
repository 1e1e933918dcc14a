using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SupplyChainGuard.Policy;
using SupplyChainGuard.TestKit;
using Xunit;

namespace SupplyChainGuard.Packages.Tests
{
    /// <summary>
    /// The online step between identity and verdict (<see cref="FeedOwnerEvidence"/>): which packages it asks a feed
    /// about, what it adds to their identities, and what it says — the log line, and the SCG0903 text of a feed that
    /// could not be asked. The feed is a V3 feed served on 127.0.0.1 by the TestKit.
    /// </summary>
    public sealed class FeedOwnerEvidenceTests : IDisposable
    {
        private readonly V3TestFeed _feed = new V3TestFeed();
        private readonly TempDirectory _folder = new TempDirectory("scg-feed-evidence");

        public FeedOwnerEvidenceTests()
        {
            IsolatedNuGetHttpCache.Ensure();
        }

        public void Dispose()
        {
            _feed.Dispose();
            _folder.Dispose();
        }

        private static readonly SupplyChainPolicy ContosoByOwner = Policies.Load("""
            { "vendors": [ { "id": "contoso", "name": "Contoso Ltd.", "restricted": true, "match": { "owners": ["contoso-ocr"] } } ] }
            """);

        private static PackageIdentity Unsigned(string id, string? source) => new PackageIdentity { Id = id, Version = "1.0.0", Source = source };

        private sealed class Applied
        {
            public Applied(IReadOnlyDictionary<string, PackageIdentity> identities, ProjectCheckResult result, List<string> warnings)
            {
                Identities = identities;
                Result = result;
                Warnings = warnings;
            }

            public IReadOnlyDictionary<string, PackageIdentity> Identities { get; }
            public ProjectCheckResult Result { get; }
            public List<string> Warnings { get; }
            public IEnumerable<string> Log => Result.Messages.Select(m => m.Text);
        }

        private Applied Apply(IReadOnlyDictionary<string, PackageIdentity> identities, SupplyChainPolicy? policy = null, string? cacheFolder = null)
        {
            // A nuget.config that lists nothing, so that no credentials or machine settings reach the feed.
            var project = _folder.Write(Path.Combine("App", "App.csproj"), "<Project />");
            _folder.Write(Path.Combine("App", "nuget.config"), "<configuration><packageSources><clear /></packageSources></configuration>");
            using var lookup = new FeedOwnerLookup(new FeedOwnerLookupOptions { CacheFolder = cacheFolder, RetryDelay = TimeSpan.FromMilliseconds(50) });
            var request = new ProjectCheckRequest(project) { Online = true, FeedOwnerLookup = lookup };
            var result = new ProjectCheckResult();
            var warnings = new List<string>();
            var applied = FeedOwnerEvidence.Apply(request, policy ?? ContosoByOwner, identities, result, warnings.Add);
            return new Applied(applied, result, warnings);
        }

        private static Dictionary<string, PackageIdentity> ById(params PackageIdentity[] identities) =>
            identities.ToDictionary(i => i.Id, StringComparer.OrdinalIgnoreCase);

        [Fact]
        public void Packages_whose_signature_names_owners_ask_no_feed_and_the_detail_log_says_so()
        {
            var identities = ById(new PackageIdentity { Id = "Acme.Signed", Version = "1.0.0", Owners = { "acme" }, Source = _feed.ServiceIndexUrl });

            var applied = Apply(identities);

            Assert.Same(identities, applied.Identities);
            Assert.Empty(_feed.Requests);
            var message = Assert.Single(applied.Result.Messages);
            Assert.Equal((true, "SupplyChainGuard: online: every package's signature names its owners; no feed was asked."), (message.IsDetail, message.Text));
        }

        [Fact]
        public void A_policy_without_owners_asks_no_feed_and_the_detail_log_says_so()
        {
            var identities = ById(Unsigned("Contoso.Ocr", _feed.ServiceIndexUrl));

            var applied = Apply(identities, Policies.Load("""{ "vendors": [ { "id": "contoso", "restricted": true, "match": { "packages": ["Contoso.*"] } } ] }"""));

            Assert.Same(identities, applied.Identities);
            Assert.Empty(_feed.Requests);
            var message = Assert.Single(applied.Result.Messages);
            Assert.Equal((true, "SupplyChainGuard: online: no vendor in the policy lists owners, so no feed was asked."), (message.IsDetail, message.Text));
        }

        [Fact]
        public void Only_unsigned_packages_from_an_http_feed_are_asked_and_only_they_get_the_feeds_owners()
        {
            _feed.WithOwners("Contoso.Ocr", verified: true, "contoso-ocr").WithOwners("Acme.Signed", verified: false, "contoso-ocr");
            var signed = new PackageIdentity { Id = "Acme.Signed", Version = "1.0.0", Owners = { "acme" }, Source = _feed.ServiceIndexUrl };
            var local = Unsigned("Local.Tools", "/srv/packages");
            var identities = ById(Unsigned("Contoso.Ocr", _feed.ServiceIndexUrl), signed, local);

            var applied = Apply(identities);

            var asked = applied.Identities["contoso.ocr"];
            Assert.Equal(new[] { "contoso-ocr" }, asked.FeedOwners);
            Assert.Equal((_feed.ServiceIndexUrl, true, false), (asked.FeedOwnersSource, asked.PrefixReserved, asked.FeedIsAuthoritative));
            Assert.Empty(identities["Contoso.Ocr"].FeedOwners); // the identity as read stays as read
            Assert.Same(signed, applied.Identities["Acme.Signed"]);
            Assert.Same(local, applied.Identities["Local.Tools"]);
            Assert.DoesNotContain(_feed.SearchRequests, r => r.Query.Contains("Acme.Signed", StringComparison.OrdinalIgnoreCase));
            Assert.Contains(applied.Log, m => m ==
                "SupplyChainGuard: online: asked 1 feed about the 1 packages without signature owners (0 answered from the cache, 1 search requests); the feed named owners for 1.");
            Assert.Empty(applied.Warnings);
        }

        [Fact]
        public void One_feed_written_two_ways_is_one_feed_and_two_feeds_are_counted_as_two()
        {
            _feed.WithOwners("Contoso.Ocr", verified: false, "contoso-ocr");
            using var other = new V3TestFeed();

            var one = Apply(ById(Unsigned("Contoso.Ocr", _feed.ServiceIndexUrl), Unsigned("Contoso.Scan", " " + _feed.ServiceIndexUrl + "/ ")));
            var two = Apply(ById(Unsigned("Contoso.Ocr", _feed.ServiceIndexUrl), Unsigned("Contoso.Scan", other.ServiceIndexUrl)));

            Assert.Contains(one.Log, m => m.StartsWith("SupplyChainGuard: online: asked 1 feed about the 2 packages without signature owners", StringComparison.Ordinal));
            Assert.Contains(two.Log, m => m.StartsWith("SupplyChainGuard: online: asked 2 feeds about the 2 packages without signature owners", StringComparison.Ordinal));
        }

        [Fact]
        public void A_feed_owner_cache_that_cannot_be_written_is_a_detail_message()
        {
            _feed.WithOwners("Contoso.Ocr", verified: false, "contoso-ocr");
            var cacheFolder = Path.Combine(_folder.Write("blocker", "a file where a folder should be"), "cache");

            var applied = Apply(ById(Unsigned("Contoso.Ocr", _feed.ServiceIndexUrl)), cacheFolder: cacheFolder);

            Assert.Contains(applied.Result.Messages, m => m.IsDetail && m.Text == $"SupplyChainGuard: online: the feed-owner cache '{cacheFolder}' could not be written.");
            Assert.Equal(new[] { "contoso-ocr" }, applied.Identities["Contoso.Ocr"].FeedOwners);
        }

        [Fact]
        public void A_feed_that_fails_for_many_packages_names_five_and_counts_the_rest()
        {
            _feed.AlwaysFault = SearchFault.MalformedJson;
            var ids = new[] { "Pkg.G", "Pkg.A", "Pkg.F", "Pkg.B", "Pkg.E", "Pkg.C", "Pkg.D" };

            var applied = Apply(ById(ids.Select(id => Unsigned(id, _feed.ServiceIndexUrl)).ToArray()));

            var warning = Assert.Single(applied.Warnings);
            Assert.StartsWith($"The package feed '{_feed.ServiceIndexUrl}' could not be asked for owners: its search answer is not valid JSON of the search API (", warning, StringComparison.Ordinal);
            Assert.EndsWith("). 7 packages from it (Pkg.A 1.0.0, Pkg.B 1.0.0, Pkg.C 1.0.0, Pkg.D 1.0.0, Pkg.E 1.0.0 and 2 more) were checked on offline evidence only.", warning, StringComparison.Ordinal);
            Assert.All(applied.Identities.Values, i => Assert.Empty(i.FeedOwners));
            Assert.Contains(applied.Log, m => m.EndsWith("the feed named owners for 0.", StringComparison.Ordinal));
        }

        [Fact]
        public void A_feed_that_fails_for_five_packages_names_them_all()
        {
            _feed.AlwaysFault = SearchFault.MalformedJson;

            var applied = Apply(ById(new[] { "Pkg.A", "Pkg.B", "Pkg.C", "Pkg.D", "Pkg.E" }.Select(id => Unsigned(id, _feed.ServiceIndexUrl)).ToArray()));

            Assert.EndsWith("5 packages from it (Pkg.A 1.0.0, Pkg.B 1.0.0, Pkg.C 1.0.0, Pkg.D 1.0.0, Pkg.E 1.0.0) were checked on offline evidence only.", Assert.Single(applied.Warnings), StringComparison.Ordinal);
        }
    }
}
