using System;
using System.Linq;
using SupplyChainGuard.Build;
using SupplyChainGuard.Policy;
using Xunit;

namespace SupplyChainGuard.Packages.Tests
{
    /// <summary>
    /// The online switch from the build to the engine: the task's parameters reach the request, the no-op replay
    /// never serves an offline result to an online build (or the reverse), and signature owners always win.
    /// </summary>
    public sealed class OnlineSwitchTests
    {
        private static CheckPackages Task(bool online, string? configFile = null) => new CheckPackages
        {
            ProjectPath = "/repo/App/App.csproj",
            ProjectAssetsFile = "/repo/App/obj/project.assets.json",
            TargetFramework = "net8.0",
            Online = online,
            NuGetConfigFile = configFile,
            Today = () => new DateTime(2026, 3, 1),
        };

        [Fact]
        public void The_task_passes_SupplyChainGuardOnline_and_RestoreConfigFile_to_the_engine()
        {
            var request = Task(online: true, configFile: "/repo/nuget.config").CreateRequest();

            Assert.True(request.Online);
            Assert.Equal("/repo/nuget.config", request.NuGetConfigFile);
            Assert.False(Task(online: false, configFile: "").CreateRequest().Online);
            Assert.Null(Task(online: false, configFile: "").CreateRequest().NuGetConfigFile);
        }

        [Fact]
        public void The_replay_stamp_differs_between_an_online_and_an_offline_build()
        {
            Assert.Equal(FindingsReplay.InputStamp(Task(online: false)), FindingsReplay.InputStamp(Task(online: false)));
            Assert.NotEqual(FindingsReplay.InputStamp(Task(online: false)), FindingsReplay.InputStamp(Task(online: true)));
            Assert.NotEqual(FindingsReplay.InputStamp(Task(online: true)), FindingsReplay.InputStamp(Task(online: true, configFile: "/repo/other.config")));
        }

        [Fact]
        public void Feed_owners_are_evidence_only_when_the_signature_names_no_owners()
        {
            var answer = new FeedOwnerAnswer("https://feeds.example.com/v3/index.json", "Acme.Signed", true, new[] { "contoso-ocr" }, false, DateTimeOffset.UnixEpoch);
            var unsigned = new PackageIdentity { Id = "Acme.Unsigned", Version = "1.0.0" }.WithFeedAnswer(answer);
            var signed = new PackageIdentity { Id = "Acme.Signed", Version = "1.0.0", Owners = { "acme" }, OwnersSource = "repository signature" }.WithFeedAnswer(answer);

            Assert.Equal(new[] { "contoso-ocr" }, unsigned.ToEvidence(Array.Empty<string>()).FeedOwners);
            Assert.Empty(signed.ToEvidence(Array.Empty<string>()).FeedOwners);
            Assert.Equal(new[] { "acme" }, signed.ToEvidence(Array.Empty<string>()).Owners);
        }

        [Fact]
        public void The_feed_answer_never_changes_the_identity_the_cache_holds()
        {
            var cached = new PackageIdentity { Id = "Acme.Unsigned", Version = "1.0.0" };

            var withFeed = cached.WithFeedAnswer(new FeedOwnerAnswer("https://feeds.example.com/v3/index.json", "Acme.Unsigned", true, new[] { "contoso-ocr" }, true, DateTimeOffset.UnixEpoch));

            Assert.Empty(cached.FeedOwners);
            Assert.Null(cached.PrefixReserved);
            Assert.Equal((true, "contoso-ocr"), (withFeed.PrefixReserved == true, withFeed.FeedOwners.Single()));
            Assert.DoesNotContain("contoso-ocr", System.Text.Json.JsonSerializer.Serialize(withFeed)); // not written to the identity cache
        }
    }
}
