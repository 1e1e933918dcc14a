using System;
using System.IO;
using System.Linq;
using SupplyChainGuard.Policy;
using Xunit;

namespace SupplyChainGuard.Packages.Tests
{
    /// <summary>
    /// The engine both hosts call (the build task and the CLI): one project, one target framework, a real
    /// restored graph, and every "could not check" said as a diagnostic.
    /// </summary>
    [Collection(RestoredProjectCollection.Name)]
    public sealed class ProjectCheckTests : IDisposable
    {
        private readonly RestoredProject _restored;
        private readonly TempDirectory _folder = new TempDirectory("scg-project-check");

        public ProjectCheckTests(RestoredProject restored)
        {
            _restored = restored;
        }

        public void Dispose() => _folder.Dispose();

        private const string BaiduByOwner = """
            { "vendors": [ { "id": "baidu", "name": "Baidu, Inc.", "restricted": true, "match": { "owners": ["Baidu-AI"] } } ] }
            """;

        private ProjectCheckRequest Request(string policy, string? assetsFile = null) => new ProjectCheckRequest(_restored.AppProject)
        {
            AssetsFile = assetsFile ?? _restored.AssetsFile,
            TargetFramework = "net8.0",
            PolicyFile = _folder.Write("supplychainguard.json", policy),
            PackageReferences = new[] { new ReferenceDeclaration("Baidu.AI", _restored.AppProject), new ReferenceDeclaration("Acme.Wrapper", _restored.AppProject) },
        };

        [Fact]
        public void A_restricted_direct_package_is_SCG0001_at_its_reference_with_the_hand_over_listing_its_assemblies()
        {
            var result = ProjectCheck.Run(Request(BaiduByOwner));

            var finding = Assert.Single(result.Diagnostics);
            Assert.Equal(("SCG0001", ReportLevel.Warning, _restored.AppProject), (finding.Code, finding.Level, finding.File));
            Assert.Equal(File.ReadAllLines(_restored.AppProject).ToList().FindIndex(l => l.Contains("\"Baidu.AI\"")) + 1, finding.Line);
            Assert.True(result.Completed);
            var package = Assert.Single(result.Handover!.Packages);
            Assert.Equal(("Baidu.AI", "baidu", "AipSdk"), (package.Id, package.Vendor, package.Assemblies.Single()));
        }

        [Fact]
        public void No_policy_file_checks_nothing_and_says_so_in_the_log()
        {
            var request = Request(BaiduByOwner);
            request.PolicyFile = null;

            var result = ProjectCheck.Run(request);

            Assert.Empty(result.Diagnostics);
            Assert.False(result.Completed);
            Assert.Contains(result.Messages, m => m.Text.Contains("no supplychainguard.json", StringComparison.Ordinal));
        }

        [Fact]
        public void A_missing_assets_file_is_SCG0902_not_a_quiet_pass()
        {
            var result = ProjectCheck.Run(Request(BaiduByOwner, assetsFile: _folder.Combine("obj", "project.assets.json")));

            var problem = Assert.Single(result.Diagnostics);
            Assert.Equal(("SCG0902", ReportLevel.Warning, 0), (problem.Code, problem.Level, problem.Line));
            Assert.Contains("does not exist; run restore", problem.Message);
            Assert.False(result.Completed);
        }

        [Fact]
        public void Fail_closed_makes_SCG0902_an_error_even_under_NoWarn()
        {
            var request = Request(BaiduByOwner, assetsFile: _folder.Write("obj/project.assets.json", "{ not json"));
            request.FailClosed = true;
            request.NoWarn = "SCG0902";

            var problem = Assert.Single(ProjectCheck.Run(request).Diagnostics);

            Assert.Equal(("SCG0902", ReportLevel.Error), (problem.Code, problem.Level));
        }

        [Fact]
        public void Without_fail_closed_NoWarn_silences_SCG0902()
        {
            var request = Request(BaiduByOwner, assetsFile: _folder.Write("obj/project.assets.json", "{ not json"));
            request.NoWarn = "SCG0902";

            var problem = Assert.Single(ProjectCheck.Run(request).Diagnostics);

            Assert.Equal(ReportLevel.Suppressed, problem.Level);
        }

        [Fact]
        public void An_internal_error_is_SCG0999_and_an_error_in_fail_closed_mode()
        {
            var request = Request(BaiduByOwner);
            request.PolicyReader = new ThrowingReader();
            request.FailClosed = true;

            var result = ProjectCheck.Run(request);

            var problem = Assert.Single(result.Diagnostics);
            Assert.Equal(("SCG0999", ReportLevel.Error, _restored.AppProject), (problem.Code, problem.Level, problem.File));
            Assert.Contains("NotSupportedException: the reader broke", problem.Message);
            Assert.False(result.Completed);
        }

        [Fact]
        public void An_invalid_policy_is_an_error_that_NoWarn_cannot_silence()
        {
            var request = Request("{ \"vendors\": 3 }");
            request.NoWarn = "SCG0901";

            var problem = Assert.Single(ProjectCheck.Run(request).Diagnostics);

            Assert.Equal(("SCG0901", ReportLevel.Error, 1), (problem.Code, problem.Level, problem.Line));
        }

        [Fact]
        public void The_clock_decides_waiver_expiry()
        {
            const string waived = """
                {
                  "vendors": [ { "id": "baidu", "name": "Baidu, Inc.", "restricted": true, "match": { "owners": ["Baidu-AI"] } } ],
                  "waivers": [ { "vendor": "baidu", "reason": "legacy OCR", "expires": "2027-03-31" } ]
                }
                """;
            var before = Request(waived);
            before.Today = () => new DateTime(2027, 3, 31);
            var after = Request(waived);
            after.Today = () => new DateTime(2027, 4, 1);

            Assert.DoesNotContain(ProjectCheck.Run(before).Diagnostics, d => d.Level != ReportLevel.Suppressed);
            Assert.Equal(new[] { "SCG0001", "SCG0201" }, ProjectCheck.Run(after).Diagnostics.Select(d => d.Code).OrderBy(c => c));
        }

        [Fact]
        public void A_preset_not_reviewed_for_a_year_is_one_SCG0203_message_at_the_extends_entry()
        {
            var request = Request("""
                {
                  "extends": ["preset:us-kaspersky"],
                  "vendors": [ { "id": "baidu", "name": "Baidu, Inc.", "restricted": true, "match": { "owners": ["Baidu-AI"] } } ]
                }
                """);
            request.Today = () => new DateTime(2028, 6, 1);

            var result = ProjectCheck.Run(request);

            var note = Assert.Single(result.Diagnostics, d => d.Code == "SCG0203");
            Assert.Equal((ReportLevel.Message, request.PolicyFile, 2), (note.Level, note.File, note.Line));
            Assert.Contains("us-kaspersky", note.Message);
            Assert.Single(result.Diagnostics, d => d.Code == "SCG0001");
        }

        [Fact]
        public void A_finding_resting_only_on_an_unverified_signal_is_handed_over_as_unverified()
        {
            var result = ProjectCheck.Run(Request("""
                { "vendors": [ { "id": "baidu", "name": "Baidu, Inc.", "restricted": true, "severity": "error",
                    "match": { "owners": [ { "pattern": "Baidu-AI", "confidence": "unverified" } ] } } ] }
                """));

            Assert.True(Assert.Single(result.Handover!.Packages).Unverified);
            Assert.Equal(ReportLevel.Warning, Assert.Single(result.Diagnostics).Level);
        }

        [Fact]
        public void A_shared_identity_cache_reads_each_package_once_across_projects_and_writes_no_cache_file()
        {
            var shared = IdentityCache.InMemory();
            var first = Request(BaiduByOwner);
            first.SharedIdentityCache = shared;
            first.CacheFile = _folder.Combine("first.identity.json");
            var second = Request(BaiduByOwner);
            second.SharedIdentityCache = shared;

            var firstResult = ProjectCheck.Run(first);
            var secondResult = ProjectCheck.Run(second);

            Assert.True(firstResult.PackagesRead > 0);
            Assert.Equal(0, secondResult.PackagesRead);
            Assert.Equal(firstResult.PackagesRead, shared.ReadCount);
            Assert.Equal(firstResult.Diagnostics, secondResult.Diagnostics);
            Assert.False(File.Exists(first.CacheFile), "the host saves a shared cache, not the engine");
        }

        [Fact]
        public void An_assets_file_the_host_has_read_already_gives_what_reading_the_file_gives()
        {
            var fromFile = ProjectCheck.Run(Request(BaiduByOwner));
            var request = Request(BaiduByOwner);
            request.Assets = NuGet.ProjectModel.LockFileUtilities.GetLockFile(_restored.AssetsFile, NuGet.Common.NullLogger.Instance);

            var fromLockFile = ProjectCheck.Run(request);

            Assert.Equal(fromFile.Diagnostics, fromLockFile.Diagnostics);
            Assert.Equal(fromFile.Graph!.AllPackages.Select(p => p.ToString()).OrderBy(p => p), fromLockFile.Graph!.AllPackages.Select(p => p.ToString()).OrderBy(p => p));
            Assert.True(fromLockFile.Completed);
        }

        // ---- what the log says -----------------------------------------------------------------------

        [Fact]
        public void A_policy_path_of_only_spaces_is_no_policy_and_the_detail_log_names_the_project()
        {
            var request = Request(BaiduByOwner);
            request.PolicyFile = "  ";

            var result = ProjectCheck.Run(request);

            Assert.Empty(result.Diagnostics);
            Assert.Null(result.Policy);
            var message = Assert.Single(result.Messages);
            Assert.Equal((true, $"SupplyChainGuard: no supplychainguard.json above '{_restored.AppProject}'; nothing to check."), (message.IsDetail, message.Text));
        }

        [Fact]
        public void A_project_restore_does_not_manage_checks_nothing_and_the_detail_log_says_why()
        {
            var request = Request(BaiduByOwner);
            request.AssetsFile = " ";

            var result = ProjectCheck.Run(request);

            Assert.Empty(result.Diagnostics);
            Assert.False(result.Completed);
            Assert.Null(result.Graph);
            Assert.Equal(new[] { request.PolicyFile! }, result.PolicyFiles);
            var message = Assert.Single(result.Messages);
            Assert.Equal(
                (true, $"SupplyChainGuard: '{_restored.AppProject}' has no assets file (restore does not manage its packages); nothing to check."),
                (message.IsDetail, message.Text));
        }

        [Fact]
        public void A_missing_assets_file_is_SCG0902_at_the_project_saying_no_package_was_checked_and_to_run_restore()
        {
            var missing = _folder.Combine("obj", "project.assets.json");

            var problem = Assert.Single(ProjectCheck.Run(Request(BaiduByOwner, assetsFile: missing)).Diagnostics);

            Assert.Equal((_restored.AppProject, 0, 0), (problem.File, problem.Line, problem.Column));
            Assert.Equal($"The package graph could not be read, so no package was checked: the assets file '{missing}' does not exist; run restore.", problem.Message);
        }

        [Fact]
        public void The_log_says_how_many_packages_were_checked_and_how_many_came_from_the_identity_cache()
        {
            var request = Request(BaiduByOwner);
            request.CacheFile = _folder.Combine("obj", "identity.json");

            var first = ProjectCheck.Run(request);
            var second = ProjectCheck.Run(request);

            // Six: the App's five packages for net8.0, and Lib.Only through the ProjectReference to Lib.
            Assert.Contains(first.Messages, m => !m.IsDetail
                && m.Text == $"SupplyChainGuard: checked 6 packages of 'App' (net8.0) against '{request.PolicyFile}'; 6 read, 0 from the cache.");
            Assert.Equal((6, 0), (first.PackagesRead, second.PackagesRead));
            Assert.Contains(second.Messages, m => !m.IsDetail
                && m.Text == $"SupplyChainGuard: checked 6 packages of 'App' (net8.0) against '{request.PolicyFile}'; 0 read, 6 from the cache.");
            Assert.Equal(first.Diagnostics, second.Diagnostics);
        }

        [Fact]
        public void An_identity_cache_that_cannot_be_written_costs_a_detail_message_not_the_result()
        {
            var request = Request(BaiduByOwner);
            request.CacheFile = Path.Combine(_folder.Write("obj", "a file where a folder should be"), "identity.json");

            var result = ProjectCheck.Run(request);

            Assert.Equal("SCG0001", Assert.Single(result.Diagnostics).Code);
            Assert.True(result.Completed);
            Assert.Contains(result.Messages, m => m.IsDetail && m.Text.StartsWith($"SupplyChainGuard: the identity cache '{request.CacheFile}' could not be written: ", StringComparison.Ordinal));
        }

        [Fact]
        public void A_hand_over_that_cannot_be_written_is_said_in_the_log()
        {
            var request = Request(BaiduByOwner);
            request.HandoverFile = Path.Combine(_folder.Write("obj", "a file where a folder should be"), PackageHandover.FileName);

            var result = ProjectCheck.Run(request);

            Assert.Equal("SCG0001", Assert.Single(result.Diagnostics).Code);
            Assert.Contains(result.Messages, m => m.IsDetail && m.Text.StartsWith($"SupplyChainGuard: '{request.HandoverFile}' could not be written: ", StringComparison.Ordinal));
        }

        [Fact]
        public void A_waived_finding_is_no_diagnostic_and_the_log_names_the_rule_the_package_the_expiry_and_the_reason()
        {
            var result = ProjectCheck.Run(Request("""
                {
                  "vendors": [ { "id": "baidu", "name": "Baidu, Inc.", "restricted": true, "match": { "owners": ["Baidu-AI"] } } ],
                  "waivers": [ { "vendor": "baidu", "reason": "legacy OCR\nticket SEC-481", "expires": "2099-03-31" } ]
                }
                """));

            Assert.Empty(result.Diagnostics);
            Assert.Contains(result.Messages, m => !m.IsDetail && m.Text == "SupplyChainGuard: SCG0001 for 'Baidu.AI' is waived until 2099-03-31 (legacy OCR ticket SEC-481).");
            Assert.Empty(result.Handover!.Findings);
        }

        [Fact]
        public void Online_packages_restored_from_a_local_folder_ask_no_feed_and_the_detail_log_says_so()
        {
            var request = Request(BaiduByOwner);
            request.Online = true;

            var result = ProjectCheck.Run(request);

            Assert.Equal("SCG0001", Assert.Single(result.Diagnostics).Code);
            Assert.Null(result.FeedLookup);
            Assert.True(result.Completed);
            // Acme.Implicit and Lib.Only are unsigned; the fixtures' feed is a folder.
            Assert.Contains(result.Messages, m => m.IsDetail && m.Text ==
                "SupplyChainGuard: online: the 2 packages without signature owners came from no http(s) feed (a local folder, or unknown); no feed was asked.");
        }

        [Fact]
        public void A_hand_over_path_the_file_system_rejects_is_SCG0999_so_no_stale_hand_over_goes_unsaid()
        {
            var request = Request(BaiduByOwner);
            request.HandoverFile = _folder.Combine("obj", "hand\0over.json");

            var result = ProjectCheck.Run(request);

            Assert.False(result.Completed);
            var problem = Assert.Single(result.Diagnostics, d => d.Code == "SCG0999");
            Assert.Equal((ReportLevel.Warning, _restored.AppProject, 0), (problem.Level, problem.File, problem.Line));
            Assert.StartsWith("SupplyChainGuard could not hand its findings to the compiler because of an internal error; please report it. ArgumentException: ", problem.Message);
            Assert.Single(result.Diagnostics, d => d.Code == "SCG0001");
        }

        [Fact]
        public void NoWarn_on_a_ProjectReference_covers_what_comes_in_through_that_project()
        {
            const string libVendor = """
                { "vendors": [ { "id": "lib-vendor", "name": "Lib Vendor", "restricted": true, "match": { "packages": ["Lib.Only"] } } ] }
                """;
            var reported = Request(libVendor);
            reported.ProjectReferences = new[] { new ReferenceDeclaration("../Lib/Lib.csproj", _restored.AppProject) };
            var silenced = Request(libVendor);
            silenced.ProjectReferences = new[] { new ReferenceDeclaration("../Lib/Lib.csproj", _restored.AppProject) { NoWarn = "CS1591;SCG0002" } };
            var otherRule = Request(libVendor);
            otherRule.ProjectReferences = new[] { new ReferenceDeclaration("../Lib/Lib.csproj", _restored.AppProject) { NoWarn = "SCG0001" } };

            var finding = Assert.Single(ProjectCheck.Run(reported).Diagnostics);
            Assert.Equal(("SCG0002", File.ReadAllLines(_restored.AppProject).ToList().FindIndex(l => l.Contains("<ProjectReference")) + 1), (finding.Code, finding.Line));
            Assert.Empty(ProjectCheck.Run(silenced).Diagnostics);
            Assert.Equal("SCG0002", Assert.Single(ProjectCheck.Run(otherRule).Diagnostics).Code);
        }

        // ---- what the analyzer is handed -------------------------------------------------------------

        [Fact]
        public void The_hand_over_names_each_restricted_package_with_its_version_vendor_signals_and_the_policy_files()
        {
            // Tencent.Fixture.Cos is restricted too, but has no assemblies: no SDK usage of it can be found, so it is not handed over.
            var result = ProjectCheck.Run(Request("""
                { "vendors": [
                    { "id": "baidu", "name": "Baidu, Inc.", "restricted": true, "match": { "owners": ["Baidu-AI"] } },
                    { "id": "tencent", "name": "Tencent", "restricted": true, "match": { "owners": ["tencentcloudapi"] } } ] }
                """));

            Assert.Equal(new[] { "SCG0001", "SCG0002" }, result.Diagnostics.Select(d => d.Code));

            var handover = result.Handover!;
            var package = Assert.Single(handover.Packages);
            Assert.Equal(("Baidu.AI", "4.15.10", "baidu", false, false), (package.Id, package.Version, package.Vendor, package.Weak, package.Unverified));
            Assert.Equal(new[] { "owner 'Baidu-AI' in the repository signature" }, package.Signals);
            Assert.Equal(new[] { _folder.Combine("supplychainguard.json") }, handover.PolicyFiles);
            Assert.Equal(_restored.AppProject, handover.Project);
        }

        [Fact]
        public void A_note_about_the_policy_is_handed_over_as_info_with_no_package_or_vendor()
        {
            var request = Request("""
                {
                  "extends": ["preset:us-kaspersky"],
                  "vendors": [ { "id": "baidu", "name": "Baidu, Inc.", "restricted": true, "match": { "owners": ["Baidu-AI"] } } ]
                }
                """);
            request.Today = () => new DateTime(2028, 6, 1);

            var result = ProjectCheck.Run(request);

            var note = Assert.Single(result.Handover!.Findings, f => f.RuleId == "SCG0203");
            Assert.Equal((PackageHandover.FindingLevel.Info, string.Empty, string.Empty, 2), (note.Level, note.Package, note.Vendor, note.Line));
            var finding = Assert.Single(result.Handover.Findings, f => f.RuleId == "SCG0001");
            Assert.Equal(("Baidu.AI", "baidu"), (finding.Package, finding.Vendor));
            // The preset is part of the policy the analyzer applies, but not a file on disk to watch.
            Assert.Contains("preset:us-kaspersky", result.Handover.PolicyFiles);
            Assert.DoesNotContain(result.PolicyFiles, f => f.StartsWith("preset:", StringComparison.Ordinal));
            Assert.Contains(request.PolicyFile!, result.PolicyFiles);
        }

        private sealed class ThrowingReader : IPolicyFileReader
        {
            public PolicyFileContent Read(string fullPath) => throw new NotSupportedException("the reader broke");
        }
    }
}
