using System;
using System.IO;
using System.Linq;
using Microsoft.Build.Framework;
using SupplyChainGuard.Build;
using SupplyChainGuard.Diagnostics;
using SupplyChainGuard.Policy;
using Xunit;

namespace SupplyChainGuard.Packages.Tests
{
    /// <summary>
    /// The build task without a build: <see cref="CheckPackages"/> run with a recording build engine on a real
    /// restored project, as the targets call it. Every "could not check" is a diagnostic, never an exception, and
    /// every parameter that decides the result is honoured.
    /// </summary>
    [Collection(RestoredProjectCollection.Name)]
    public sealed class CheckPackagesTests : IDisposable
    {
        private const string BaiduAndTencent = """
            {
              "vendors": [
                { "id": "baidu", "name": "Baidu, Inc.", "restricted": true, "match": { "owners": ["Baidu-AI"] } },
                { "id": "tencent", "name": "Tencent", "restricted": true, "match": { "owners": ["tencentcloudapi"] } },
                { "id": "net10-vendor", "name": "Net10 Vendor", "restricted": true, "match": { "packages": ["Net10.Only"] } }
              ]
            }
            """;

        private readonly TaskScenario _scenario;

        public CheckPackagesTests(RestoredProject restored)
        {
            _scenario = new TaskScenario(restored, BaiduAndTencent);
        }

        public void Dispose() => _scenario.Dispose();

        private int LineOf(string text) => File.ReadAllLines(_scenario.ProjectPath).ToList().FindIndex(l => l.Contains(text, StringComparison.Ordinal)) + 1;

        [Fact]
        public void Restricted_packages_are_logged_as_warnings_at_their_reference_lines_and_the_task_succeeds()
        {
            var run = _scenario.Run();

            Assert.True(run.Succeeded, run.ToString());
            var direct = Assert.Single(run.Engine.Warnings, w => w.Code == "SCG0001");
            Assert.Equal((_scenario.ProjectPath, LineOf("\"Baidu.AI\"")), (direct.File, direct.LineNumber));
            Assert.Equal(RuleIdentifiers.HelpLinkBase + "SCG0001.md", direct.HelpLink);
            var transitive = Assert.Single(run.Engine.Warnings, w => w.Code == "SCG0002");
            Assert.Equal(LineOf("\"Acme.Wrapper\""), transitive.LineNumber);
            Assert.Contains("App -> Acme.Wrapper 1.0.0 -> Tencent.Fixture.Cos 2.0.0", transitive.Message);
        }

        [Fact]
        public void An_internal_error_is_an_SCG0999_warning_at_the_project_never_an_exception()
        {
            var run = _scenario.Run(task => task.FaultInjection = "internal-error");

            Assert.True(run.Succeeded);
            var warning = Assert.Single(run.Engine.Warnings);
            Assert.Equal(("SCG0999", _scenario.ProjectPath), (warning.Code, warning.File));
            Assert.Contains("internal error", warning.Message);
            Assert.Contains("InvalidOperationException", warning.Message);
        }

        [Fact]
        public void An_internal_error_inside_the_engine_is_an_SCG0999_warning_too()
        {
            var run = _scenario.Run(task => task.PolicyReader = new ThrowingReader());

            Assert.True(run.Succeeded);
            Assert.Equal("SCG0999", Assert.Single(run.Engine.Warnings).Code);
        }

        [Theory]
        [InlineData("adapter")]
        [InlineData("engine")]
        public void Fail_closed_makes_an_internal_error_an_error_that_fails_the_task_even_under_NoWarn(string where)
        {
            var run = _scenario.Run(task =>
            {
                task.FailClosed = true;
                task.NoWarn = "NU1603;SCG0999";
                if (where == "adapter")
                {
                    task.FaultInjection = "internal-error";
                }
                else
                {
                    task.PolicyReader = new ThrowingReader();
                }
            });

            Assert.False(run.Succeeded);
            Assert.Equal("SCG0999", Assert.Single(run.Engine.Errors).Code);
        }

        [Fact]
        public void A_missing_assets_file_is_SCG0902_at_the_project()
        {
            var run = _scenario.Run(task => task.ProjectAssetsFile = _scenario.Combine("nowhere", "project.assets.json"));

            Assert.True(run.Succeeded);
            var warning = Assert.Single(run.Engine.Warnings);
            Assert.Equal(("SCG0902", _scenario.ProjectPath, 0), (warning.Code, warning.File, warning.LineNumber));
            Assert.Contains("does not exist; run restore", warning.Message);
        }

        [Fact]
        public void An_unreadable_assets_file_is_SCG0902_and_an_error_in_fail_closed_mode()
        {
            File.WriteAllText(_scenario.AssetsFile, "{ \"version\": 3, \"targets\": ");

            var lenient = _scenario.Run();
            var strict = _scenario.Run(task => task.FailClosed = true);

            Assert.Equal("SCG0902", Assert.Single(lenient.Engine.Warnings).Code);
            Assert.True(lenient.Succeeded);
            Assert.Equal("SCG0902", Assert.Single(strict.Engine.Errors).Code);
            Assert.False(strict.Succeeded);
        }

        [Fact]
        public void An_explicit_policy_file_is_the_one_applied()
        {
            var tencentOnly = _scenario.Write("policies/tencent.json", """
                { "vendors": [ { "id": "tencent", "name": "Tencent", "restricted": true, "match": { "owners": ["tencentcloudapi"] } } ] }
                """);

            var run = _scenario.Run(task => task.PolicyFile = tencentOnly);

            Assert.Equal(new[] { "SCG0002" }, run.Codes);
        }

        [Fact]
        public void A_missing_policy_file_is_an_SCG0901_error_that_NoWarn_cannot_hide()
        {
            var run = _scenario.Run(task =>
            {
                task.PolicyFile = _scenario.Combine("repo", "strict.json");
                task.NoWarn = "NU1603;SCG0901";
            });

            Assert.False(run.Succeeded);
            var error = Assert.Single(run.Engine.Errors);
            Assert.Equal(("SCG0901", _scenario.Combine("repo", "strict.json")), (error.Code, error.File));
            Assert.Contains("does not exist", error.Message);
        }

        [Fact]
        public void An_invalid_policy_is_an_SCG0901_error_that_NoWarn_cannot_hide()
        {
            File.WriteAllText(_scenario.PolicyFile, "{ \"vendors\": 3 }");

            var run = _scenario.Run(task => task.NoWarn = "NU1603;SCG0901");

            Assert.False(run.Succeeded);
            Assert.Equal("SCG0901", Assert.Single(run.Engine.Errors).Code);
        }

        [Fact]
        public void No_policy_file_checks_nothing_and_says_so()
        {
            var run = _scenario.Run(task => task.PolicyFile = string.Empty);

            Assert.True(run.Succeeded);
            Assert.Empty(run.Codes);
            Assert.Contains(run.Engine.Messages, m => m.Message!.Contains("no supplychainguard.json", StringComparison.Ordinal));
        }

        [Fact]
        public void A_package_from_a_referenced_project_without_the_guard_is_reported_at_the_ProjectReference_line()
        {
            File.WriteAllText(_scenario.PolicyFile, """
                { "vendors": [ { "id": "lib-vendor", "name": "Lib Vendor", "restricted": true, "match": { "packages": ["Lib.Only"] } } ] }
                """);

            var run = _scenario.Run();

            var finding = Assert.Single(run.Engine.Warnings);
            Assert.Equal(("SCG0002", LineOf("<ProjectReference")), (finding.Code, finding.LineNumber));
            Assert.Contains("App -> Lib (project) -> Lib.Only 1.0.0", finding.Message);
        }

        [Fact]
        public void A_referenced_project_that_runs_the_guard_under_the_same_policy_reports_it_itself_and_one_under_another_policy_does_not()
        {
            File.WriteAllText(_scenario.PolicyFile, """
                { "vendors": [ { "id": "lib-vendor", "name": "Lib Vendor", "restricted": true, "match": { "packages": ["Lib.Only"] } } ] }
                """);
            var lib = _scenario.LibProject;
            ITaskItem Guarded(string policy) => EvaluatedItem.Create(lib, lib, ("PolicyFile", policy));

            var samePolicy = _scenario.Run(task => task.GuardedProjectReferences = new[] { Guarded(_scenario.PolicyFile) });
            var otherPolicy = _scenario.Run(task => task.GuardedProjectReferences = new[] { Guarded(_scenario.Combine("other", "supplychainguard.json")) });

            Assert.Empty(samePolicy.Codes);
            Assert.Equal(new[] { "SCG0002" }, otherPolicy.Codes);
        }

        /// <summary>Each parameter of the task, changed alone from the baseline, changes what is reported.</summary>
        [Theory]
        [InlineData("NoWarn")]
        [InlineData("WarningsAsErrors")]
        [InlineData("TreatWarningsAsErrors")]
        [InlineData("WarningsNotAsErrors")]
        [InlineData("TargetFramework")]
        [InlineData("PackageReference NoWarn")]
        [InlineData("PolicyFile")]
        public void Every_parameter_that_decides_the_result_is_honoured(string parameter)
        {
            var baseline = _scenario.FullCheck(task => task.TreatWarningsAsErrors = parameter == "WarningsNotAsErrors");

            var changed = _scenario.FullCheck(Change(parameter));

            Assert.NotEqual(baseline.Diagnostics, changed.Diagnostics);
        }

        internal static Action<CheckPackages> Change(string parameter) => task =>
        {
            switch (parameter)
            {
                case "NoWarn":
                    task.NoWarn = "NU1603;SCG0001";
                    break;
                case "WarningsAsErrors":
                    task.WarningsAsErrors = "SCG0002";
                    break;
                case "TreatWarningsAsErrors":
                    task.TreatWarningsAsErrors = true;
                    break;
                case "WarningsNotAsErrors":
                    task.TreatWarningsAsErrors = true;
                    task.WarningsNotAsErrors = "SCG0001";
                    break;
                case "TargetFramework":
                    // Net10.Only, which the policy restricts, is referenced for net10.0 alone.
                    task.TargetFramework = "net10.0";
                    break;
                case "PackageReference NoWarn":
                    task.PackageReferences = new[]
                    {
                        EvaluatedItem.Create("Baidu.AI", task.ProjectPath, ("Version", "4.15.10")),
                        EvaluatedItem.Create("Acme.Wrapper", task.ProjectPath, ("Version", "1.0.0"), ("NoWarn", "SCG0002")),
                    };
                    break;
                case "PolicyFile":
                    task.PolicyFile = Path.Combine(Path.GetDirectoryName(task.PolicyFile)!, "other.json");
                    File.WriteAllText(task.PolicyFile, """{ "vendors": [ { "id": "tencent", "restricted": true, "match": { "owners": ["tencentcloudapi"] } } ] }""");
                    break;
                case "ProjectPath":
                    var moved = Path.Combine(Path.GetDirectoryName(task.ProjectPath)!, "Moved.csproj");
                    File.Copy(task.ProjectPath, moved, overwrite: true);
                    task.ProjectPath = moved;
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(parameter), parameter, null);
            }
        };

        [Fact]
        public void The_clock_decides_waiver_expiry()
        {
            File.WriteAllText(_scenario.PolicyFile, """
                {
                  "vendors": [ { "id": "baidu", "name": "Baidu, Inc.", "restricted": true, "match": { "owners": ["Baidu-AI"] } } ],
                  "waivers": [ { "vendor": "baidu", "reason": "legacy OCR", "expires": "2027-03-31" } ]
                }
                """);

            var before = _scenario.FullCheck(task => task.Today = () => new DateTime(2027, 3, 31));
            var after = _scenario.FullCheck(task => task.Today = () => new DateTime(2027, 4, 1));

            Assert.Empty(before.Codes);
            Assert.Equal(new[] { "SCG0001", "SCG0201" }, after.Codes.OrderBy(c => c, StringComparer.Ordinal));
        }

        private sealed class ThrowingReader : IPolicyFileReader
        {
            public PolicyFileContent Read(string fullPath) => throw new NotSupportedException("the reader broke");
        }
    }
}
