using System.Linq;
using Xunit;

namespace SupplyChainGuard.Policy.Tests
{
    /// <summary>
    /// Owners the package's feed names (the online lookup) as evidence: matched against a vendor's <c>owners</c>,
    /// said as coming from the feed, strong only when the feed is the registry itself, and never able to set other
    /// evidence aside unless it is.
    /// </summary>
    public class FeedOwnerMatchingTests
    {
        private const string Feed = "https://feeds.example.com/v3/index.json";

        private const string ContosoPolicy = """
            { "vendors": [ { "id": "contoso", "name": "Contoso Ltd.", "restricted": true,
                             "match": { "owners": ["contoso-*"], "authors": ["Contoso"] } } ] }
            """;

        private static VendorMatcher Matcher() => new VendorMatcher(PolicyAssert.Valid(ContosoPolicy));

        private static PublisherEvidence FromFeed(bool authoritative, bool prefixReserved, params string[] owners) => new PublisherEvidence
        {
            PackageId = "Contoso.Private.Ocr",
            FeedOwners = owners,
            FeedOwnersSource = Feed,
            FeedOwnersAuthoritative = authoritative,
            FeedPrefixReserved = prefixReserved,
        };

        [Fact]
        public void A_feed_owner_matches_the_vendor_owners_and_the_signal_names_the_feed()
        {
            var signal = Assert.Single(Assert.Single(Matcher().Match(FromFeed(false, false, "someone", "contoso-ocr"))).Signals);

            Assert.Equal(SignalKind.FeedOwner, signal.Kind);
            Assert.Equal("owner 'contoso-ocr' on the feed https://feeds.example.com/v3/index.json (matches 'contoso-*')", signal.Describe());
        }

        [Fact]
        public void A_feed_owner_from_a_feed_that_is_not_the_registry_is_a_medium_signal()
        {
            var signal = Assert.Single(Matcher().Match(FromFeed(false, false, "contoso-ocr"))).StrongestSignal;

            Assert.Equal(SignalStrength.Medium, signal.Strength);
        }

        [Fact]
        public void A_feed_owner_from_the_registry_is_as_strong_as_a_signature_owner()
        {
            var signal = Assert.Single(Matcher().Match(FromFeed(true, false, "contoso-ocr"))).StrongestSignal;

            Assert.Equal(SignalStrength.Strong, signal.Strength);
        }

        [Fact]
        public void A_reserved_prefix_is_said_with_the_feed()
        {
            var signal = Assert.Single(Matcher().Match(FromFeed(true, true, "contoso-ocr"))).StrongestSignal;

            Assert.Equal("owner 'contoso-ocr' on the feed https://feeds.example.com/v3/index.json (id prefix reserved) (matches 'contoso-*')", signal.Describe());
        }

        [Fact]
        public void Owners_from_a_mirror_never_set_free_text_aside()
        {
            // The feed may be a mirror that says anything: the nuspec's authors still attribute the package.
            var evidence = FromFeed(false, false, "someone-else");
            evidence.Authors = new[] { "Contoso" };

            var attribution = Assert.Single(Matcher().Match(evidence));

            Assert.Equal(SignalKind.Author, Assert.Single(attribution.Signals).Kind);
            Assert.Empty(attribution.Overruled);
        }

        [Fact]
        public void Owners_from_the_registry_set_free_text_aside_as_a_signature_does()
        {
            var evidence = FromFeed(true, false, "someone-else");
            evidence.Authors = new[] { "Contoso" };

            var attribution = Assert.Single(Matcher().Match(evidence));

            Assert.Empty(attribution.Signals);
            Assert.Equal(SignalKind.Author, Assert.Single(attribution.Overruled).Kind);
        }

        [Fact]
        public void Signature_owners_and_feed_owners_are_told_apart()
        {
            var evidence = FromFeed(false, false, "contoso-feed");
            evidence.Owners = new[] { "contoso-signed" };

            var kinds = Assert.Single(Matcher().Match(evidence)).Signals.Select(s => s.Kind).ToArray();

            Assert.Equal(new[] { SignalKind.Owner, SignalKind.FeedOwner }, kinds);
        }
    }
}
