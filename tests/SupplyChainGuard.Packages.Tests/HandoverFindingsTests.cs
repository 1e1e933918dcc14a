using System;
using System.IO;
using System.Linq;
using SupplyChainGuard.Policy;
using Xunit;

namespace SupplyChainGuard.Packages.Tests
{
    /// <summary>
    /// What the engine hands the analyzer for the editor: every diagnostic it reported, at the level, file, line
    /// and column it reported it, and a hand-over file rewritten on every run, so that no finding outlives its cause.
    /// </summary>
    [Collection(RestoredProjectCollection.Name)]
    public sealed class HandoverFindingsTests : IDisposable
    {
        private readonly RestoredProject _restored;
        private readonly TempDirectory _folder = new TempDirectory("scg-handover-findings");

        public HandoverFindingsTests(RestoredProject restored)
        {
            _restored = restored;
        }

        public void Dispose() => _folder.Dispose();

        private const string BaiduByOwner = """
            { "vendors": [ { "id": "baidu", "name": "Baidu, Inc.", "restricted": true, "match": { "owners": ["Baidu-AI"] } } ] }
            """;

        private string HandoverFile => _folder.Combine("obj", PackageHandover.FileName);

        private ProjectCheckRequest Request(string policy) => new ProjectCheckRequest(_restored.AppProject)
        {
            AssetsFile = _restored.AssetsFile,
            TargetFramework = "net8.0",
            PolicyFile = _folder.Write("supplychainguard.json", policy),
            PackageReferences = new[] { new ReferenceDeclaration("Baidu.AI", _restored.AppProject), new ReferenceDeclaration("Acme.Wrapper", _restored.AppProject) },
            HandoverFile = HandoverFile,
        };

        private PackageHandover Written()
        {
            var read = PackageHandover.Read(File.ReadAllText(HandoverFile));
            Assert.Null(read.Problem);
            return read.Handover!;
        }

        [Fact]
        public void Each_reported_diagnostic_is_handed_over_as_it_was_reported()
        {
            var result = ProjectCheck.Run(Request(BaiduByOwner));

            var diagnostic = Assert.Single(result.Diagnostics);
            var handover = Written();
            var finding = Assert.Single(handover.Findings);
            Assert.Equal(
                (diagnostic.Code, PackageHandover.FindingLevel.Warning, diagnostic.File, diagnostic.Line, diagnostic.Column, diagnostic.Message),
                (finding.RuleId, finding.Level, finding.File, finding.Line, finding.Column, finding.Message));
            Assert.Equal(("Baidu.AI", "baidu"), (finding.Package, finding.Vendor));
            Assert.True(finding.Line > 0);
            Assert.Equal(_restored.AppProject, handover.Project);
        }

        [Fact]
        public void A_finding_NoWarn_suppresses_is_not_handed_over()
        {
            var request = Request(BaiduByOwner);
            request.NoWarn = "SCG0001";

            var result = ProjectCheck.Run(request);

            Assert.All(result.Diagnostics, d => Assert.Equal(ReportLevel.Suppressed, d.Level));
            Assert.Empty(Written().Findings);
            Assert.Single(Written().Packages); // the SDK usages are still the analyzer's to report
        }

        [Fact]
        public void A_finding_the_project_makes_an_error_is_handed_over_as_an_error()
        {
            var request = Request(BaiduByOwner);
            request.TreatWarningsAsErrors = true;

            ProjectCheck.Run(request);

            Assert.Equal(PackageHandover.FindingLevel.Error, Assert.Single(Written().Findings).Level);
        }

        [Fact]
        public void The_hand_over_is_rewritten_whichever_way_the_check_ends_so_no_finding_outlives_its_cause()
        {
            ProjectCheck.Run(Request(BaiduByOwner));
            Assert.Equal("SCG0001", Assert.Single(Written().Findings).RuleId);

            // The policy breaks: the task reports SCG0901 (the analyzer reads that itself), and SCG0001 is gone.
            ProjectCheck.Run(Request("{ \"vendors\": 3 }"));
            Assert.Equal("SCG0901", Assert.Single(Written().Findings).RuleId);
            Assert.Empty(Written().Packages);

            // Restore's graph is gone: SCG0902 at the project, nothing else.
            var request = Request(BaiduByOwner);
            request.AssetsFile = _folder.Combine("missing", "project.assets.json");
            ProjectCheck.Run(request);
            var problem = Assert.Single(Written().Findings);
            Assert.Equal(("SCG0902", 0, 0), (problem.RuleId, problem.Line, problem.Column));

            // The policy file is gone: nothing to check, nothing handed over.
            request = Request(BaiduByOwner);
            request.PolicyFile = null;
            ProjectCheck.Run(request);
            Assert.Empty(Written().Findings);
            Assert.Empty(Written().Packages);
        }

        [Fact]
        public void An_unchanged_result_leaves_the_hand_over_file_untouched()
        {
            ProjectCheck.Run(Request(BaiduByOwner));
            var written = File.GetLastWriteTimeUtc(HandoverFile);
            File.SetLastWriteTimeUtc(HandoverFile, written.AddHours(-1));

            ProjectCheck.Run(Request(BaiduByOwner));

            Assert.Equal(written.AddHours(-1), File.GetLastWriteTimeUtc(HandoverFile));
        }
    }
}
