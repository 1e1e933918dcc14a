using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using SupplyChainGuard.Cli.Tests.Support;
using Xunit;

namespace SupplyChainGuard.Cli.Tests
{
    /// <summary>
    /// <c>scg check</c> on the fixture repository: the same findings, at the same places, with the same text as the
    /// build task printed for the same projects; each output format against its golden file; exit codes.
    /// </summary>
    [Collection(FixtureCollection.Name)]
    public sealed class CheckCommandTests
    {
        private readonly FixtureRepositories _fixture;

        public CheckCommandTests(FixtureRepositories fixture)
        {
            _fixture = fixture;
        }

        private ScgResult Check(params string[] args) => Scg.Run(_fixture.Main, new[] { "check", "--no-cache" }.Concat(args).ToArray());

        [Fact]
        public void Check_reports_exactly_what_the_build_task_reported_for_every_project_file_line_column_id_and_text()
        {
            var build = BuildFindings(_fixture.MainDiagnostics);

            // The fixture is meant to exercise every kind of finding; a build that printed none proves nothing.
            Assert.True(build.Count > 0, _fixture.MainBuild.All);
            Assert.Contains(build, d => d.Contains("warning SCG0001", StringComparison.Ordinal));
            Assert.Contains(build, d => d.Contains("error SCG0001", StringComparison.Ordinal));
            Assert.Contains(build, d => d.Contains("SCG0002", StringComparison.Ordinal));
            Assert.Contains(build, d => d.Contains("SCG0201", StringComparison.Ordinal));
            Assert.Contains(build, d => d.Contains("SCG0202", StringComparison.Ordinal));
            Assert.Contains(build, d => d.Contains("Directory.Packages.props", StringComparison.Ordinal));
            Assert.Equal(string.Join("\n", build), string.Join("\n", CliFindings(_fixture.Main, Check("--format", "json").Json)));
        }

        [Fact]
        public void Check_reports_what_the_build_task_reported_for_project_references_global_references_downloads_lookalikes_and_the_lock_file()
        {
            var build = BuildFindings(_fixture.InputsDiagnostics);
            string At(string relative) => Path.Combine(_fixture.Inputs, relative.Replace('/', Path.DirectorySeparatorChar));

            // Each input the task gets shows in what the build printed, or the comparison proves nothing about it.
            Assert.True(build.Count > 0, _fixture.InputsBuild.All);
            Assert.Contains(build, d => d.StartsWith(At("refs/Loose/Loose.csproj") + " | " + At("refs/Loose/Loose.csproj") + $"({InputsLineOf("refs/Loose/Loose.csproj", "ProjectReference")},5) | warning SCG0002", StringComparison.Ordinal)
                && d.Contains("Unguarded (project)", StringComparison.Ordinal));
            Assert.Contains(build, d => d.StartsWith(At("refs/Lib/Lib.csproj") + " | ", StringComparison.Ordinal) && d.Contains("SCG0001", StringComparison.Ordinal));
            Assert.DoesNotContain(build, d => d.StartsWith(At("refs/App/App.csproj"), StringComparison.Ordinal)); // Lib reports it
            Assert.DoesNotContain(build, d => d.StartsWith(At("refs/Muted/Muted.csproj"), StringComparison.Ordinal)); // NoWarn on its ProjectReference
            Assert.Contains(build, d => d.Contains(" | " + At("cpm/Directory.Packages.props") + $"({InputsLineOf("cpm/Directory.Packages.props", "GlobalPackageReference Include=\"Baidu.AI\"")},5) | warning SCG0001", StringComparison.Ordinal));
            Assert.Contains(build, d => d.Contains(" | " + At("downloads/downloads.props") + $"({InputsLineOf("downloads/downloads.props", "PackageDownload")},5) | warning SCG0001", StringComparison.Ordinal));
            Assert.Contains(build, d => d.Contains("warning SCG0004", StringComparison.Ordinal) && d.Contains(FixtureRepositories.CyrillicBaidu, StringComparison.Ordinal));
            Assert.Contains(build, d => d.Contains("warning SCG0005", StringComparison.Ordinal) && d.Contains("'Acme.Transfer'", StringComparison.Ordinal));

            var cli = Scg.Run(_fixture.Inputs, "check", "--no-cache", "--format", "json");
            Assert.Equal(string.Join("\n", build), string.Join("\n", CliFindings(_fixture.Inputs, cli.Json)));
        }

        [Fact]
        public void A_finding_through_a_referenced_project_that_the_run_does_not_check_is_reported_at_the_project_reference()
        {
            // `dotnet build refs/App` builds Lib too, which reports Baidu.AI; scg checks only App here, so App reports it.
            var json = Scg.Run(_fixture.Inputs, "check", "refs/App/App.csproj", "--no-cache", "--format", "json").Json;

            var finding = Assert.Single(json["projects"]![0]!["diagnostics"]!.AsArray())!;
            Assert.Equal(("SCG0002", "refs/App/App.csproj", InputsLineOf("refs/App/App.csproj", "ProjectReference")),
                (finding["code"]!.GetValue<string>(), finding["file"]!.GetValue<string>(), finding["line"]!.GetValue<int>()));
            Assert.Contains("Lib (project)", finding["message"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        [Fact]
        public void Check_compares_with_the_lock_file_and_never_writes_it()
        {
            // A lock file that knows Acme.Transfer only: the build would record the project's other packages in it.
            var lockFile = Path.Combine(_fixture.Root, "readonly-" + Guid.NewGuid().ToString("N").Substring(0, 6) + ".lock.json");
            File.WriteAllText(lockFile, FixtureRepositories.PinnedLock);
            var before = File.ReadAllBytes(lockFile);

            var result = Scg.Run(_fixture.Inputs, "check", "identity/Pinned/Pinned.csproj", "--no-cache", "--format", "json", "-p", "SupplyChainGuardLockFile=" + lockFile, "-p", "SupplyChainGuardUpdateLock=true");

            var project = result.Json["projects"]![0]!;
            var finding = Assert.Single(project["diagnostics"]!.AsArray())!;
            Assert.Equal("SCG0005", finding["code"]!.GetValue<string>());
            Assert.Equal(before, File.ReadAllBytes(lockFile));
            Assert.Contains(project["notes"]!.AsArray(), n => n!.GetValue<string>().Contains("have no entry in the lock file", StringComparison.Ordinal)
                && n.GetValue<string>().Contains("SupplyChainGuard", StringComparison.Ordinal));
        }

        [Fact]
        public void A_broken_policy_is_SCG0901_at_the_line_and_column_the_build_reports_and_exit_code_2()
        {
            var result = Scg.Run(_fixture.Broken, "check", "--no-cache", "--format", "json");

            Assert.Equal(2, result.ExitCode);
            var build = Assert.Single(_fixture.BrokenDiagnostics, d => d.Code == "SCG0901");
            var cli = Assert.Single(result.Json["projects"]![0]!["diagnostics"]!.AsArray());
            Assert.Equal(
                (build.File, build.Line, build.Column, build.Level, build.Message),
                (Path.Combine(_fixture.Broken, cli!["file"]!.GetValue<string>()), cli["line"]!.GetValue<int>(), cli["column"]!.GetValue<int>(), cli["level"]!.GetValue<string>(), cli["message"]!.GetValue<string>()));
            Assert.Equal("incomplete", result.Json["projects"]![0]!["status"]!.GetValue<string>());
        }

        [Fact]
        public void The_table_is_grouped_per_project_with_path_and_evidence()
        {
            var result = Check();

            Assert.Equal(1, result.ExitCode);
            Golden.Assert("check.table.txt", result.Output);
        }

        [Fact]
        public void The_json_report_matches_its_golden_file()
        {
            Golden.Assert("check.json", Check("--format", "json").Output);
        }

        [Fact]
        public void The_sarif_report_matches_its_golden_file_and_is_the_same_on_every_run()
        {
            var first = Check("--format", "sarif").Output;
            var second = Check("--format", "sarif").Output;

            Assert.Equal(first, second);
            Golden.Assert("check.sarif", first);
        }

        [Fact]
        public void The_sarif_report_is_valid_SARIF_2_1_0()
        {
            var sarif = Check("--format", "sarif").Output;

            Schemas.AssertValid(Schemas.Sarif, sarif);
        }

        [Fact]
        public void Sarif_locations_are_relative_to_the_repository_root_with_lines_columns_and_evidence()
        {
            var run = Check("--format", "sarif").Json["runs"]![0]!;
            var baidu = run["results"]!.AsArray().First(r => r!["ruleId"]!.GetValue<string>() == "SCG0001" && r["properties"]!["project"]!.GetValue<string>() == "plain/App/App.csproj")!;
            var location = baidu["locations"]![0]!["physicalLocation"]!;

            Assert.Equal("plain/App/App.csproj", location["artifactLocation"]!["uri"]!.GetValue<string>());
            Assert.Equal("%SRCROOT%", location["artifactLocation"]!["uriBaseId"]!.GetValue<string>());
            Assert.Equal(LineOf("plain/App/App.csproj", "Include=\"Baidu.AI\""), location["region"]!["startLine"]!.GetValue<int>());
            Assert.Equal(5, location["region"]!["startColumn"]!.GetValue<int>());
            Assert.Equal("owner 'Baidu-AI' in the repository signature", baidu["properties"]!["evidence"]![0]!.GetValue<string>());
            Assert.Equal("https://github.com/supplychainguard/supplychainguard/blob/main/docs/rules/SCG0001.md",
                run["tool"]!["driver"]!["rules"]!.AsArray().First(r => r!["id"]!.GetValue<string>() == "SCG0001")!["helpUri"]!.GetValue<string>());
            Assert.Contains(run["invocations"]![0]!["toolExecutionNotifications"]!.AsArray(), n => n!["message"]!["text"]!.GetValue<string>().StartsWith("plain/Pending/Pending.csproj was not checked", StringComparison.Ordinal));
        }

        [Theory]
        [InlineData("warning", 1)]
        [InlineData("error", 1)]
        [InlineData("none", 0)]
        public void Fail_on_sets_the_level_that_makes_the_exit_code_1(string failOn, int exitCode)
        {
            Assert.Equal(exitCode, Check("--fail-on", failOn).ExitCode);
        }

        [Fact]
        public void Warnings_alone_fail_only_at_the_default_level()
        {
            Assert.Equal(1, Scg.Run(_fixture.Main, "check", "plain/App/App.csproj", "--no-cache").ExitCode);
            Assert.Equal(0, Scg.Run(_fixture.Main, "check", "plain/App/App.csproj", "--no-cache", "--fail-on", "error").ExitCode);
        }

        [Fact]
        public void A_project_whose_findings_are_all_suppressed_is_clean_and_exits_0()
        {
            var result = Scg.Run(_fixture.Main, "check", "plain/Quiet/Quiet.csproj", "--no-cache");

            Assert.Equal(0, result.ExitCode);
            Assert.Contains("plain/Quiet/Quiet.csproj (net10.0)  no findings", result.Output);
        }

        [Fact]
        public void A_project_without_assets_is_reported_and_only_nothing_checked_is_exit_code_2()
        {
            var alone = Scg.Run(_fixture.Main, "check", "plain/Pending/Pending.csproj", "--no-cache");
            Assert.Equal(2, alone.ExitCode);
            Assert.Contains("plain/Pending/Pending.csproj  not checked: it has no assets file (plain/Pending/obj/project.assets.json); run 'dotnet restore' or pass --restore", alone.Output);

            var json = Check("--format", "json");
            Assert.Equal(1, json.ExitCode);
            Assert.Contains("scg: plain/Pending/Pending.csproj was not checked", json.Error);
            Assert.Equal("not-restored", json.Json["projects"]!.AsArray().Single(p => p!["path"]!.GetValue<string>() == "plain/Pending/Pending.csproj")!["status"]!.GetValue<string>());
        }

        [Fact]
        public void A_solution_checks_the_projects_it_lists()
        {
            var json = Scg.Run(_fixture.Main, "check", "Fixture.slnx", "--no-cache", "--format", "json").Json;

            var paths = json["projects"]!.AsArray().Select(p => p!["path"]!.GetValue<string>()).ToList();
            Assert.Equal(8, paths.Count);
            Assert.DoesNotContain("plain/Pending/Pending.csproj", paths);
        }

        [Fact]
        public void Multi_targeting_reports_each_finding_once_with_the_frameworks_that_raised_it()
        {
            var project = Check("--format", "json").Json["projects"]!.AsArray().Single(p => p!["path"]!.GetValue<string>() == "plain/Multi/Multi.csproj")!;

            var baidu = project["diagnostics"]!.AsArray().Single(d => d!["code"]!.GetValue<string>() == "SCG0001")!;
            Assert.Equal(new[] { "net10.0" }, baidu["targetFrameworks"]!.AsArray().Select(f => f!.GetValue<string>()));
            var tencent = project["diagnostics"]!.AsArray().Single(d => d!["code"]!.GetValue<string>() == "SCG0002")!;
            Assert.Equal(new[] { "net10.0", "netstandard2.0" }, tencent["targetFrameworks"]!.AsArray().Select(f => f!.GetValue<string>()).OrderBy(f => f));
        }

        [Fact]
        public void A_missing_path_or_an_unknown_option_is_a_usage_error()
        {
            Assert.Equal(2, Scg.Run(_fixture.Main, "check", "no/such/folder").ExitCode);
            Assert.Equal(2, Scg.Run(_fixture.Main, "check", "--format", "xml").ExitCode);
            Assert.Equal(2, Scg.Run(_fixture.Main, "check", "--no-such-option").ExitCode);
        }

        [Fact]
        public void On_a_terminal_the_table_has_colours_and_progress_shows_on_stderr()
        {
            var result = Scg.RunOnTerminal(_fixture.Main, null, "check", "plain", "--no-cache");

            Assert.Contains("\u001b[33mwarning", result.Output);
            Assert.Contains("] plain/", result.Error);
            Assert.EndsWith("\r\u001b[K", result.Error);
        }

        [Theory]
        [InlineData("NO_COLOR", "1")]
        [InlineData("NO_COLOR", "")]
        public void NO_COLOR_turns_colours_off_even_on_a_terminal(string name, string value)
        {
            var result = Scg.RunOnTerminal(_fixture.Main, new Dictionary<string, string> { [name] = value }, "check", "plain", "--no-cache");

            Assert.DoesNotContain("\u001b[", result.Output);
        }

        [Theory]
        [InlineData("CI", "true")]
        [InlineData("TF_BUILD", "True")]
        [InlineData("GITHUB_ACTIONS", "true")]
        public void In_CI_there_is_no_progress_line(string name, string value)
        {
            var result = Scg.RunOnTerminal(_fixture.Main, new Dictionary<string, string> { [name] = value }, "check", "plain", "--no-cache");

            Assert.DoesNotContain("\r", result.Error);
        }

        [Fact]
        public void Redirected_output_has_no_colours_and_no_progress()
        {
            var result = Check();

            Assert.DoesNotContain("\u001b[", result.Output + result.Error);
        }

        [Fact]
        public void Restore_first_makes_a_project_without_assets_checkable()
        {
            var root = Path.Combine(_fixture.Root, "restore-" + Guid.NewGuid().ToString("N").Substring(0, 6));
            _fixture.WriteRepositoryBase(root);
            FixtureRepositories.Write(root, "Directory.Build.props", "<Project><PropertyGroup><NuGetAudit>false</NuGetAudit><NoWarn>$(NoWarn);NU1603</NoWarn></PropertyGroup></Project>\n");
            FixtureRepositories.Write(root, "supplychainguard.json", FixtureRepositories.Policy);
            FixtureRepositories.Write(root, "App/App.csproj", FixtureRepositories.Project("""<PackageReference Include="Baidu.AI" Version="4.15.10" />"""));

            Assert.Equal(2, Scg.Run(root, _fixture.Environment, "check", "--no-cache").ExitCode);
            var restored = Scg.Run(root, _fixture.Environment, "check", "--restore", "--no-cache", "--format", "json");

            Assert.True(restored.ExitCode == 1, restored.ToString());
            Assert.Equal("checked", restored.Json["projects"]![0]!["status"]!.GetValue<string>());
            Assert.Equal("SCG0001", restored.Json["projects"]![0]!["diagnostics"]![0]!["code"]!.GetValue<string>());
        }

        /// <summary>What the build task printed (not the analyzer's SCG01xx: without --include-code scg reports the task's findings).</summary>
        private static List<string> BuildFindings(IEnumerable<BuildDiagnostic> diagnostics) => diagnostics
            .Where(d => !d.Code.StartsWith("SCG01", StringComparison.Ordinal))
            .Select(d => $"{d.Project} | {d.File}({d.Line},{d.Column}) | {d.Level} {d.Code}: {d.Message}")
            .OrderBy(d => d, StringComparer.Ordinal)
            .ToList();

        /// <summary>The same lines from scg's JSON report, each diagnostic once.</summary>
        private static List<string> CliFindings(string root, JsonNode json)
        {
            string Full(string relative) => Path.IsPathRooted(relative) ? relative : Path.GetFullPath(Path.Combine(root, relative));
            var cli = new List<string>();
            foreach (var project in json["projects"]!.AsArray())
            {
                var projectPath = Full(project!["path"]!.GetValue<string>());
                foreach (var d in project["diagnostics"]!.AsArray())
                {
                    cli.Add($"{projectPath} | {Full(d!["file"]!.GetValue<string>())}({d["line"]},{d["column"]}) | {d["level"]} {d["code"]}: {d["message"]}");
                }
            }

            return cli.Distinct().OrderBy(d => d, StringComparer.Ordinal).ToList();
        }

        private int InputsLineOf(string relative, string text) =>
            File.ReadAllLines(Path.Combine(_fixture.Inputs, relative)).ToList().FindIndex(l => l.Contains(text, StringComparison.Ordinal)) + 1;

        private int LineOf(string relative, string text) =>
            File.ReadAllLines(Path.Combine(_fixture.Main, relative)).ToList().FindIndex(l => l.Contains(text, StringComparison.Ordinal)) + 1;
    }
}
