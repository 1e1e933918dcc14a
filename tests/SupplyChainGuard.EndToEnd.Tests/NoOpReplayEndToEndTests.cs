using System.IO;
using System.Linq;
using Xunit;
using static SupplyChainGuard.EndToEnd.Tests.EndToEndPolicies;

namespace SupplyChainGuard.EndToEnd.Tests
{
    /// <summary>
    /// The no-op replay may repeat the last result only while nothing that decided it has changed: which policy
    /// file is in force, its text, and the hand-over the analyzer reads. Each case starts from a warm obj/.
    /// </summary>
    [Collection(EndToEndCollection.Name)]
    public sealed class NoOpReplayEndToEndTests
    {
        private const string HandoverPath = "src/App/obj/Debug/net10.0/supplychainguard.packages.json";

        private readonly PackedPackageFixture _fixture;

        public NoOpReplayEndToEndTests(PackedPackageFixture fixture)
        {
            _fixture = fixture;
        }

        private ConsumerProject LaxRepository(string name) => _fixture.NewConsumer(name)
            .Write("src/App/App.csproj", ConsumerProject.ProjectXml("""
                    <PackageReference Include="Baidu.AI" Version="4.15.10" />
                """))
            .Write("supplychainguard.json", Lax);

        [Fact]
        public void A_nearer_policy_added_after_a_build_is_in_force_on_the_next_build()
        {
            var repo = LaxRepository("nearer-policy");
            var lax = repo.Build("src/App/App.csproj");
            Assert.Equal(0, lax.ExitCode);
            Assert.Empty(lax.Diagnostics);

            repo.Write("src/supplychainguard.json", Policy(BaiduByOwner));
            var strict = repo.Build("src/App/App.csproj");

            var finding = strict.Single("SCG0001");
            Assert.Equal(repo.PathOf("src/App/App.csproj"), finding.File);
            Assert.Contains("'Baidu.AI' 4.15.10", finding.Message);

            // And back: removing it puts the lax policy in force again.
            File.Delete(repo.PathOf("src/supplychainguard.json"));
            Assert.Empty(repo.Build("src/App/App.csproj").Diagnostics);
        }

        [Fact]
        public void A_policy_file_named_on_the_command_line_is_in_force_on_the_next_build()
        {
            var repo = LaxRepository("explicit-policy")
                .Write("strict.json", Policy(BaiduByOwner));
            Assert.Empty(repo.Build("src/App/App.csproj").Diagnostics);

            var strict = repo.Build("src/App/App.csproj", "-p:SupplyChainGuardPolicyFile=" + repo.PathOf("strict.json"));

            Assert.Contains("'Baidu.AI' 4.15.10", strict.Single("SCG0001").Message);
            Assert.Empty(repo.Build("src/App/App.csproj").Diagnostics);
        }

        [Fact]
        public void A_deleted_or_truncated_hand_over_is_written_again_so_owner_only_policies_still_reach_the_analyzer()
        {
            var repo = _fixture.NewConsumer("handover")
                .Write("src/App/App.csproj", ConsumerProject.ProjectXml("""
                        <PackageReference Include="Baidu.AI" Version="4.15.10" />
                    """))
                .Write("src/App/OcrClient.cs", OcrClient)
                .Write("supplychainguard.json", Policy(BaiduByOwner));
            var first = repo.Build("src/App/App.csproj");
            Assert.Single(first.OfCode("SCG0101"));
            var handover = File.ReadAllText(repo.PathOf(HandoverPath));
            Assert.Contains("AipSdk", handover);

            // Deleted: the next build (the source touched, so the compiler runs) must hand the analyzer the same file.
            File.Delete(repo.PathOf(HandoverPath));
            repo.Write("src/App/OcrClient.cs", OcrClient);
            var afterDelete = repo.Build("src/App/App.csproj");
            Assert.True(File.Exists(repo.PathOf(HandoverPath)), "the hand-over was not written again");
            Assert.Equal(handover, File.ReadAllText(repo.PathOf(HandoverPath)));
            Assert.Equal(first.Single("SCG0101"), afterDelete.Single("SCG0101"));

            // Truncated: the same.
            File.WriteAllText(repo.PathOf(HandoverPath), handover.Substring(0, handover.Length / 2));
            repo.Write("src/App/OcrClient.cs", OcrClient);
            var afterTruncate = repo.Build("src/App/App.csproj");
            Assert.Equal(handover, File.ReadAllText(repo.PathOf(HandoverPath)));
            Assert.Equal(first.Single("SCG0101"), afterTruncate.Single("SCG0101"));
        }

        [Fact]
        public void A_tab_or_newline_in_a_nuspec_field_prints_the_same_bytes_in_the_first_build_and_the_replay()
        {
            var app = _fixture.NewConsumer("tabbed")
                .Write("App.csproj", ConsumerProject.ProjectXml("""
                        <PackageReference Include="Acme.Tabbed" Version="1.0.0" />
                    """))
                .Write("supplychainguard.json", Policy("""
                    { "id": "tencent", "name": "Tencent Holdings", "jurisdiction": "CN", "match": { "authors": ["Tencent*"] } }
                    """));

            var (first, replay) = app.BuildTwiceOnOneDay(null, "-v:n");

            Assert.Contains("nothing the check depends on changed", replay.Output);
            // Each line as printed from the file name on (the logger indents and prefixes it differently where it repeats it).
            static System.Collections.Generic.List<string> Printed(BuildResult build, string from) =>
                build.Output.Split('\n').Where(l => l.Contains("SCG0001") && l.Contains(from))
                    .Select(l => l.Substring(l.IndexOf(from, System.StringComparison.Ordinal)).TrimEnd('\r')).Distinct().ToList();
            var printed = Printed(first, app.Directory);
            var replayed = Printed(replay, app.Directory);
            var line = Assert.Single(printed);
            Assert.Contains("author 'Tencent Cloud API Team'", line);
            Assert.Equal(printed, replayed);
        }
    }
}
