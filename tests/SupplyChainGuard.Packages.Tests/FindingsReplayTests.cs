using System;
using System.IO;
using System.Linq;
using SupplyChainGuard.Build;
using Xunit;

namespace SupplyChainGuard.Packages.Tests
{
    /// <summary>
    /// The no-op replay against the full path: for each input the result depends on, a warm obj/ is built, that
    /// input alone is changed, and the next run must take the full path and say what a fresh check says. The
    /// clock is fixed, so no test depends on the day it runs.
    /// </summary>
    [Collection(RestoredProjectCollection.Name)]
    public sealed class FindingsReplayTests : IDisposable
    {
        private const string Policy = """
            {
              "vendors": [
                { "id": "baidu", "name": "Baidu, Inc.", "restricted": true, "match": { "owners": ["Baidu-AI"] } },
                { "id": "tencent", "name": "Tencent", "restricted": true, "match": { "owners": ["tencentcloudapi"] } },
                { "id": "net10-vendor", "name": "Net10 Vendor", "restricted": true, "match": { "packages": ["Net10.Only"] } }
              ],
              "waivers": [ { "vendor": "tencent", "reason": "storage migration", "expires": "2027-03-31" } ]
            }
            """;

        private readonly RestoredProject _restored;
        private readonly TaskScenario _scenario;

        public FindingsReplayTests(RestoredProject restored)
        {
            _restored = restored;
            _scenario = new TaskScenario(restored, Policy);
        }

        public void Dispose() => _scenario.Dispose();

        /// <summary>Warms obj/ and checks the precondition: an unchanged second run is a replay of the same result.</summary>
        private TaskRun Warm(Action<CheckPackages>? configure = null)
        {
            var first = _scenario.Run(configure);
            Assert.False(first.Replayed);
            var second = _scenario.Run(configure);
            Assert.True(second.Replayed, "precondition: an unchanged run replays\n" + second);
            Assert.Equal(first.Diagnostics, second.Diagnostics);
            return first;
        }

        private void AssertFullPathAgrees(TaskRun run, Action<CheckPackages>? configure = null)
        {
            Assert.False(run.Replayed, "the replay answered although an input changed");
            Assert.Equal(_scenario.FullCheck(configure).Diagnostics, run.Diagnostics);
        }

        /// <summary>Changes a file's content but keeps its length and write time, which a size-and-time stamp would miss.</summary>
        private static void ChangeKeepingSizeAndTime(string path, string from, string to)
        {
            Assert.Equal(from.Length, to.Length);
            var time = File.GetLastWriteTimeUtc(path);
            var text = File.ReadAllText(path);
            Assert.Contains(from, text);
            File.WriteAllText(path, text.Replace(from, to, StringComparison.Ordinal));
            File.SetLastWriteTimeUtc(path, time);
        }

        [Theory]
        [InlineData("NoWarn")]
        [InlineData("WarningsAsErrors")]
        [InlineData("TreatWarningsAsErrors")]
        [InlineData("WarningsNotAsErrors")]
        [InlineData("TargetFramework")]
        [InlineData("PackageReference NoWarn")]
        [InlineData("PolicyFile")]
        [InlineData("ProjectPath")]
        public void A_changed_task_parameter_takes_the_full_path(string parameter)
        {
            Warm(task => task.TreatWarningsAsErrors = parameter == "WarningsNotAsErrors");

            var run = _scenario.Run(CheckPackagesTests.Change(parameter));

            AssertFullPathAgrees(run, CheckPackagesTests.Change(parameter));
        }

        [Fact]
        public void Fail_closed_mode_takes_the_full_path()
        {
            var lenient = Warm();

            var strict = _scenario.Run(task => task.FailClosed = true);

            Assert.False(strict.Replayed);
            Assert.Equal(lenient.Diagnostics, strict.Diagnostics); // nothing "could not check" here: same result, but checked
        }

        [Fact]
        public void A_policy_edit_that_keeps_the_file_size_and_time_takes_the_full_path()
        {
            Warm();

            ChangeKeepingSizeAndTime(_scenario.PolicyFile, "\"owners\": [\"Baidu-AI\"]", "\"owners\": [\"Baidu-XX\"]");
            var run = _scenario.Run();

            AssertFullPathAgrees(run);
            Assert.DoesNotContain(run.Diagnostics, d => d.Contains("SCG0001"));
        }

        [Fact]
        public void A_change_to_a_file_the_policy_extends_takes_the_full_path()
        {
            var shared = _scenario.Write("org/shared.json", """
                { "vendors": [ { "id": "lib-vendor", "name": "Lib Vendor", "restricted": true, "match": { "packages": ["Lib.Only"] } } ] }
                """);
            File.WriteAllText(_scenario.PolicyFile, Policy.Replace("\"vendors\"", "\"extends\": [\"../org/shared.json\"], \"vendors\"", StringComparison.Ordinal));
            Assert.Contains(Warm().Diagnostics, d => d.Contains("Lib.Only"));

            ChangeKeepingSizeAndTime(shared, "Lib.Only", "Zzz.Nope");
            var run = _scenario.Run();

            AssertFullPathAgrees(run);
            Assert.DoesNotContain(run.Diagnostics, d => d.Contains("Lib.Only"));
        }

        [Fact]
        public void A_nearer_policy_file_appearing_takes_the_full_path_even_before_the_targets_name_it()
        {
            Warm();

            _scenario.Write("repo/src/supplychainguard.json", "{ }");
            var run = _scenario.Run();

            AssertFullPathAgrees(run);
        }

        [Fact]
        public void A_project_file_edit_that_keeps_its_size_and_time_takes_the_full_path()
        {
            Warm();

            // Moves the Baidu.AI reference one line down: the finding's line changes.
            ChangeKeepingSizeAndTime(_scenario.ProjectPath, "  <ItemGroup>\n    <PackageReference Include=\"Baidu.AI\"", "<ItemGroup> \n\n    <PackageReference Include=\"Baidu.AI\"");
            var run = _scenario.Run();

            AssertFullPathAgrees(run);
        }

        [Fact]
        public void A_change_to_a_props_file_that_declares_a_reference_takes_the_full_path()
        {
            var props = _scenario.Write("repo/Directory.Packages.props", "<Project>\n  <ItemGroup>\n    <PackageVersion Include=\"Baidu.AI\" Version=\"4.15.10\" />\n  </ItemGroup>\n</Project>\n");
            void Central(CheckPackages task)
            {
                task.CentralPackageManagement = true;
                task.PackageVersions = new[] { EvaluatedItem.Create("Baidu.AI", props, ("Version", "4.15.10")) };
            }

            Warm(Central);
            ChangeKeepingSizeAndTime(props, "<Project>\n  <ItemGroup>\n", "<Project>\n\n <ItemGroup>\n");
            var run = _scenario.Run(Central);

            AssertFullPathAgrees(run, Central);
        }

        [Fact]
        public void A_changed_assets_file_takes_the_full_path_even_with_its_size_and_time_kept()
        {
            Warm();

            ChangeKeepingSizeAndTime(_scenario.AssetsFile, "Acme.Wrapper >= 1.0.0", "Acme.Wrapper >= 1.0.1");
            var run = _scenario.Run();

            Assert.False(run.Replayed);
        }

        [Fact]
        public void The_next_day_takes_the_full_path_so_a_waiver_expires_on_time()
        {
            var before = Warm();
            Assert.DoesNotContain(before.Codes, c => c == "SCG0201");

            var run = _scenario.Run(task => task.Today = () => new DateTime(2027, 4, 1));

            AssertFullPathAgrees(run, task => task.Today = () => new DateTime(2027, 4, 1));
            Assert.Contains("SCG0201", run.Codes);
        }

        [Fact]
        public void A_referenced_project_starting_or_stopping_to_run_the_guard_takes_the_full_path()
        {
            void Guarded(CheckPackages task) => task.GuardedProjectReferences = new[] { EvaluatedItem.Create(_scenario.LibProject, _scenario.LibProject, ("PolicyFile", _scenario.PolicyFile)) };
            Warm();

            Assert.False(_scenario.Run(Guarded).Replayed);
            Assert.True(_scenario.Run(Guarded).Replayed);
            Assert.False(_scenario.Run().Replayed);
        }

        [Theory]
        [InlineData("deleted")]
        [InlineData("truncated")]
        public void A_hand_over_deleted_or_damaged_takes_the_full_path_and_is_written_again(string damage)
        {
            Warm();
            var handover = File.ReadAllText(_scenario.HandoverFile);
            Assert.Contains("AipSdk", handover);

            if (damage == "deleted")
            {
                File.Delete(_scenario.HandoverFile);
            }
            else
            {
                File.WriteAllText(_scenario.HandoverFile, handover.Substring(0, handover.Length / 2));
            }

            var run = _scenario.Run();

            AssertFullPathAgrees(run);
            Assert.Equal(handover, File.ReadAllText(_scenario.HandoverFile));
        }

        [Fact]
        public void A_package_file_replaced_after_the_build_takes_the_full_path()
        {
            // A private copy of the packages folder, so the shared one is never changed.
            var packages = _scenario.Combine("packages");
            CopyDirectory(_restored.PackagesFolder, packages);
            using var scenario = new TaskScenario(_restored, Policy, packagesFolder: packages);
            scenario.Run();
            Assert.True(scenario.Run().Replayed);

            var nupkg = Path.Combine(packages, "acme.wrapper", "1.0.0", "acme.wrapper.1.0.0.nupkg");
            var impostor = new TestKit.FixturePackage("Acme.Wrapper", "1.0.0") { RepositoryOwners = new[] { "someone-else" } }
                .DependsOn("Tencent.Fixture.Cos", "2.0.0").WriteTo(_scenario.Combine("impostor"));
            File.Copy(impostor, nupkg, overwrite: true);
            var run = scenario.Run();

            Assert.False(run.Replayed);
            Assert.Contains(run.Diagnostics, d => d.Contains("SCG0902") && d.Contains("content differs from what restore recorded"));

            // A result with a package that could not be read is never replayed: the next run checks again.
            Assert.False(scenario.Run().Replayed);
        }

        [Fact]
        public void A_damaged_record_is_ignored()
        {
            Warm();

            File.WriteAllText(_scenario.FindingsFile, "supplychainguard-findings 2\tSTAMP\npolicy\npackage\nWarning\tSCG0001\tonly four\tfields\n");
            var run = _scenario.Run();

            AssertFullPathAgrees(run);
        }

        private static void CopyDirectory(string from, string to)
        {
            foreach (var directory in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
            {
                Directory.CreateDirectory(directory.Replace(from, to, StringComparison.Ordinal));
            }

            Directory.CreateDirectory(to);
            foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
            {
                File.Copy(file, file.Replace(from, to, StringComparison.Ordinal), overwrite: true);
            }
        }
    }
}
