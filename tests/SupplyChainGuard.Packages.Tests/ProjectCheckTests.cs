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

        [Theory]
        [InlineData("tab\there", "tab here")]
        [InlineData("line\r\nbreak", "line  break")]
        [InlineData("nel\u0085and\u2028separators\u2029", "nel and separators ")]
        [InlineData("plain", "plain")]
        public void Messages_are_one_line_so_a_replay_prints_the_same_bytes(string text, string expected)
        {
            Assert.Equal(expected, new CheckDiagnostic(ReportLevel.Warning, "SCG0001", "App.csproj", 1, 1, text).Message);
        }

        private sealed class ThrowingReader : IPolicyFileReader
        {
            public PolicyFileContent Read(string fullPath) => throw new NotSupportedException("the reader broke");
        }
    }
}
