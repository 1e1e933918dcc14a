using System;
using System.Linq;
using System.Text.Json.Nodes;
using SupplyChainGuard.Cli.Tests.Support;
using Xunit;

namespace SupplyChainGuard.Cli.Tests
{
    /// <summary>
    /// <c>--online</c> on <c>scg check</c>, <c>explain</c> and <c>sbom</c>, and a project's own <c>SupplyChainGuardOnline</c>:
    /// the owners a package's feed names attribute a package whose signature names none; a feed that cannot be asked
    /// is SCG0903, and the exit code follows <c>--fail-on</c>. The feeds are local test feeds on 127.0.0.1.
    /// </summary>
    [Collection(OnlineCollection.Name)]
    public sealed class OnlineTests
    {
        private readonly OnlineRepository _repository;

        public OnlineTests(OnlineRepository repository)
        {
            _repository = repository;
        }

        private ScgResult Run(params string[] args) => Scg.Run(_repository.Root, _repository.Environment, args);

        private static JsonArray Diagnostics(ScgResult result) => result.Json["projects"]![0]!["diagnostics"]!.AsArray();

        [Fact]
        public void Online_the_owner_the_feed_names_attributes_a_package_its_signature_does_not()
        {
            var result = Run("check", "live/App/App.csproj", "--online", "--no-cache", "--format", "json");

            Assert.True(result.ExitCode == 1, result.ToString());
            var finding = Assert.Single(Diagnostics(result))!;
            Assert.Equal(("SCG0001", "warning", "live/App/App.csproj"), (finding["code"]!.GetValue<string>(), finding["level"]!.GetValue<string>(), finding["file"]!.GetValue<string>()));
            Assert.Contains($"'{OnlineRepository.RestrictedId}'", finding["message"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Contains($"owner 'contoso-ocr' on the feed {_repository.Feed.ServiceIndexUrl} (id prefix reserved)", finding["message"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        [Fact]
        public void Offline_is_the_default_and_asks_no_feed()
        {
            var before = _repository.Feed.SearchRequests.Count;

            var result = Run("check", "live/App/App.csproj", "--no-cache", "--format", "json");

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Empty(Diagnostics(result));
            Assert.Equal(before, _repository.Feed.SearchRequests.Count);
        }

        [Fact]
        public void A_project_that_sets_SupplyChainGuardOnline_is_checked_online_without_the_option_as_its_build_is()
        {
            var result = Run("check", "live/Flagged/Flagged.csproj", "--no-cache", "--format", "json");

            Assert.True(result.ExitCode == 1, result.ToString());
            Assert.Contains("owner 'contoso-ocr' on the feed", Assert.Single(Diagnostics(result))!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("warning", 1)]
        [InlineData("error", 0)]
        public void A_feed_nobody_answers_at_is_SCG0903_naming_it_and_the_exit_code_follows_fail_on(string failOn, int exitCode)
        {
            var result = Run("check", "dead/App/App.csproj", "--online", "--no-cache", "--format", "json", "--fail-on", failOn);

            Assert.True(result.ExitCode == exitCode, result.ToString());
            var warning = Assert.Single(Diagnostics(result))!;
            Assert.Equal(("SCG0903", "warning", "dead/App/App.csproj", 0), (warning["code"]!.GetValue<string>(), warning["level"]!.GetValue<string>(), warning["file"]!.GetValue<string>(), warning["line"]!.GetValue<int>()));
            Assert.StartsWith($"The package feed '{_repository.DeadFeedUrl}' could not be asked for owners: ", warning["message"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.EndsWith($"1 package from it ({OnlineRepository.StrandedId} 1.0.0) was checked on offline evidence only.", warning["message"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Equal("checked", result.Json["projects"]![0]!["status"]!.GetValue<string>()); // on offline evidence, as SCG0903 says
        }

        [Fact]
        public void In_fail_closed_mode_a_feed_nobody_answers_at_is_an_error()
        {
            var result = Run("check", "dead/App/App.csproj", "--online", "--no-cache", "--format", "json", "--fail-on", "error", "-p", "SupplyChainGuardFailClosed=true");

            Assert.True(result.ExitCode == 1, result.ToString());
            Assert.Equal(("SCG0903", "error"), (Diagnostics(result)[0]!["code"]!.GetValue<string>(), Diagnostics(result)[0]!["level"]!.GetValue<string>()));
        }

        [Fact]
        public void Explain_online_shows_the_owners_the_feed_named_and_where()
        {
            var result = Run("explain", OnlineRepository.RestrictedId, "live/App/App.csproj", "--online", "--no-cache");

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Contains("owners:       none", result.Output, StringComparison.Ordinal);
            Assert.Contains($"feed owners:  contoso-ocr (on the feed {_repository.Feed.ServiceIndexUrl}, id prefix reserved)", result.Output, StringComparison.Ordinal);
            Assert.Contains("result:       restricted", result.Output, StringComparison.Ordinal);
            Assert.Contains($"matched:    owner 'contoso-ocr' on the feed {_repository.Feed.ServiceIndexUrl}", result.Output, StringComparison.Ordinal);
        }

        [Fact]
        public void Sbom_online_names_the_feed_owners_as_supplier_of_a_package_no_signature_or_policy_attributes()
        {
            JsonNode Component(ScgResult sbom) => sbom.Json["components"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == OnlineRepository.UnknownId)!;
            string? Property(JsonNode component, string name) =>
                component["properties"]!.AsArray().FirstOrDefault(p => p!["name"]!.GetValue<string>() == "supplychainguard:" + name)?["value"]!.GetValue<string>();

            var online = Component(Run("sbom", "live/App/App.csproj", "--online", "--no-cache", "--timestamp", "2026-01-01T00:00:00Z"));
            var offline = Component(Run("sbom", "live/App/App.csproj", "--no-cache", "--timestamp", "2026-01-01T00:00:00Z"));

            Assert.Equal("fabrikam", online["supplier"]!["name"]!.GetValue<string>());
            Assert.Equal(("feed", "fabrikam", _repository.Feed.ServiceIndexUrl), (Property(online, "supplierSource"), Property(online, "owners"), Property(online, "ownersFeed")));
            Assert.Null(offline["supplier"]);
            Assert.Null(Property(offline, "owners"));
        }
    }
}
