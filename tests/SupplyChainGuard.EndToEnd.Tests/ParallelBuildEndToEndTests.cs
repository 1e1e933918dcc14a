using System;
using System.Globalization;
using System.Linq;
using System.Text;
using Xunit;
using static SupplyChainGuard.EndToEnd.Tests.EndToEndPolicies;

namespace SupplyChainGuard.EndToEnd.Tests
{
    /// <summary>
    /// A solution whose projects share packages, built with two MSBuild nodes again and again: every build must
    /// report the same diagnostics, and no process may trip over another's files (identity cache, hand-over,
    /// replay record). The policy is touched before each build so that every build takes the full path.
    /// SCG_PARALLEL_PROJECTS and SCG_PARALLEL_BUILDS scale it up: 30 and 10, the size issue 7 names, passed on 2026-12-01 at
    /// commit 1653186 (7 min 10 s on 2 cores, packing included), too slow for CI, which runs 4 projects and 2 builds.
    /// </summary>
    [Collection(EndToEndCollection.Name)]
    public sealed class ParallelBuildEndToEndTests
    {
        private readonly PackedPackageFixture _fixture;

        public ParallelBuildEndToEndTests(PackedPackageFixture fixture)
        {
            _fixture = fixture;
        }

        private static int Setting(string name, int fallback) =>
            int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;

        [Fact]
        public void Parallel_builds_of_a_solution_sharing_packages_report_the_same_diagnostics_every_time()
        {
            var projects = Setting("SCG_PARALLEL_PROJECTS", 4);
            var builds = Setting("SCG_PARALLEL_BUILDS", 2);
            var repo = _fixture.NewConsumer("parallel");
            var solution = new StringBuilder("<Solution>\n");
            for (var i = 1; i <= projects; i++)
            {
                var name = $"P{i:D2}";
                // Every project shares Baidu.AI and the Tencent wrapper; every third also references the previous one.
                var reference = i % 3 == 0 ? $"    <ProjectReference Include=\"../P{i - 1:D2}/P{i - 1:D2}.csproj\" />\n" : string.Empty;
                repo.Write($"{name}/{name}.csproj", ConsumerProject.ProjectXml($"""
                        <PackageReference Include="Baidu.AI" Version="4.15.10" />
                        <PackageReference Include="Acme.Storage.Wrapper" Version="1.2.0" />
                    {reference}
                    """))
                    .Write($"{name}/OcrClient.cs", OcrClient.Replace("namespace App", "namespace " + name, StringComparison.Ordinal));
                solution.Append($"  <Project Path=\"{name}/{name}.csproj\" />\n");
            }

            repo.Write("Parallel.slnx", solution.Append("</Solution>\n").ToString());
            Assert.Equal(0, repo.Restore().ExitCode);

            string[]? expected = null;
            for (var build = 1; build <= builds; build++)
            {
                repo.Write("supplychainguard.json", Policy(BaiduByOwner + "," + TencentByOwner, $"// build {build}\n"));
                var result = repo.Build("Parallel.slnx", "-m:2", "--no-restore");

                Assert.True(result.ExitCode == 0, $"build {build} failed:\n{result.Output}");
                Assert.DoesNotContain("IOException", result.Output);
                Assert.DoesNotContain("being used by another process", result.Output);
                Assert.DoesNotContain("MSB3026", result.Output);
                Assert.DoesNotContain("SCG0999", result.Output);
                var sorted = result.Diagnostics.Select(d => d.ToString()).OrderBy(d => d, StringComparer.Ordinal).ToArray();
                Assert.Equal(projects * 2, sorted.Count(d => d.Contains("SCG0001") || d.Contains("SCG0002")));
                Assert.Equal(projects, sorted.Count(d => d.Contains("SCG0101")));
                if (expected is null)
                {
                    expected = sorted;
                }
                else
                {
                    Assert.Equal(expected, sorted);
                }
            }
        }
    }
}
