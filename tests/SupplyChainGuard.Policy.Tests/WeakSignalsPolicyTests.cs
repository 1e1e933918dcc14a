using System.Linq;
using Xunit;

namespace SupplyChainGuard.Policy.Tests
{
    /// <summary>The policy key <c>weakSignals</c>, and the severity it gives a finding resting only on free text.</summary>
    public sealed class WeakSignalsPolicyTests
    {
        [Theory]
        [InlineData("", WeakSignalsMode.Report)]
        [InlineData("\"weakSignals\": \"report\",", WeakSignalsMode.Report)]
        [InlineData("\"weakSignals\": \"warn\",", WeakSignalsMode.Warn)]
        [InlineData("\"weakSignals\": \"ignore\",", WeakSignalsMode.Ignore)]
        public void The_key_is_read_and_defaults_to_report(string key, WeakSignalsMode expected)
        {
            Assert.Equal(expected, PolicyAssert.Valid("{ " + key + " \"vendors\": [] }").WeakSignals);
        }

        [Fact]
        public void Another_value_is_SCG0901_at_the_value()
        {
            var result = PolicyAssert.Load("{\n  \"weakSignals\": \"quiet\"\n}");

            PolicyAssert.SingleError(result, TestPaths.Policy, 2, 18, "'weakSignals' must be \"report\", \"warn\" or \"ignore\", not \"quiet\"");
        }

        [Fact]
        public void The_file_that_extends_wins_over_the_file_it_extends()
        {
            var files = new InMemoryPolicyFiles().Add(TestPaths.At("org.json"), "{ \"weakSignals\": \"ignore\" }");

            Assert.Equal(WeakSignalsMode.Ignore, PolicyAssert.Valid("{ \"extends\": [\"../org.json\"] }", files).WeakSignals);
            Assert.Equal(WeakSignalsMode.Warn, PolicyAssert.Valid("{ \"extends\": [\"../org.json\"], \"weakSignals\": \"warn\" }", files).WeakSignals);
        }

        [Theory]
        [InlineData(PolicySeverity.Error, WeakSignalsMode.Report, PolicySeverity.Warning)]
        [InlineData(PolicySeverity.Warning, WeakSignalsMode.Report, PolicySeverity.Warning)]
        [InlineData(PolicySeverity.Info, WeakSignalsMode.Report, PolicySeverity.Info)]
        [InlineData(PolicySeverity.Error, WeakSignalsMode.Warn, PolicySeverity.Warning)]
        [InlineData(PolicySeverity.Info, WeakSignalsMode.Warn, PolicySeverity.Warning)]
        [InlineData(PolicySeverity.None, WeakSignalsMode.Warn, PolicySeverity.None)]
        [InlineData(PolicySeverity.Error, WeakSignalsMode.Ignore, PolicySeverity.None)]
        public void A_weak_finding_is_never_more_than_a_warning(PolicySeverity vendor, WeakSignalsMode mode, PolicySeverity expected)
        {
            Assert.Equal(expected, WeakSignals.SeverityOf(vendor, mode));
        }

        [Fact]
        public void The_matcher_hands_the_mode_to_each_attribution_and_names_strong_evidence_before_weak()
        {
            var policy = PolicyAssert.Valid("""
                { "weakSignals": "warn",
                  "vendors": [ { "id": "baidu", "match": { "authors": ["Baidu"], "repositories": ["github.com/Baidu-AIP/*"], "owners": ["Baidu-AI"] } } ] }
                """);

            var attribution = new VendorMatcher(policy).Match(new PublisherEvidence
            {
                Authors = new[] { "Baidu" },
                Repositories = new[] { "https://github.com/Baidu-AIP/dotnet-sdk" },
                Owners = new[] { "Baidu-AI" },
            }).Single();

            Assert.Equal(WeakSignalsMode.Warn, attribution.WeakSignals);
            Assert.Equal(new[] { SignalKind.Owner, SignalKind.Repository, SignalKind.Author }, attribution.Signals.Select(s => s.Kind));
            Assert.False(attribution.IsWeak);
        }
    }
}
