using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.MSBuild;
using Xunit;

namespace SupplyChainGuard.EndToEnd.Tests
{
    /// <summary>
    /// The IDE path: load the consumer with MSBuildWorkspace — the design-time build editors run — and get
    /// SCG0101 from the analyzers the package brings, with a policy only the build task's hand-over can apply.
    /// </summary>
    [Collection(EndToEndCollection.Name)]
    public sealed class IdeEndToEndTests
    {
        private readonly PackedPackageFixture _fixture;

        public IdeEndToEndTests(PackedPackageFixture fixture)
        {
            _fixture = fixture;
        }

        [Fact]
        public async Task MSBuildWorkspace_design_time_build_gives_the_analyzer_the_task_s_hand_over()
        {
            var app = _fixture.NewConsumer("ide")
                .Write("App.csproj", ConsumerProject.ProjectXml("""
                        <PackageReference Include="Baidu.AI" Version="4.15.10" />
                    """))
                .Write("Client.cs", """
                    public static class Client
                    {
                        public static object Create() => new Baidu.Aip.Ocr.Ocr("api-key", "secret-key");
                    }
                    """)
                .Write("supplychainguard.json", """
                    { "vendors": [ { "id": "baidu", "name": "Baidu, Inc.", "restricted": true, "match": { "owners": ["Baidu-AI"] } } ] }
                    """);

            // Restore only: nothing has been built, so whatever the analyzer knows comes from the design-time build.
            Assert.Equal(0, app.Restore().ExitCode);

            Environment.SetEnvironmentVariable("NUGET_PACKAGES", _fixture.PackagesFolder);
            try
            {
                using var workspace = MSBuildWorkspace.Create();
                var project = await workspace.OpenProjectAsync(app.PathOf("App.csproj"));
                // The workspace lists the build's own warnings too; SupplyChainGuard's SCG0001 is expected among them.
                var failures = workspace.Diagnostics
                    .Where(d => d.Kind == WorkspaceDiagnosticKind.Failure && !d.Message.Contains("which the policy restricts", StringComparison.Ordinal))
                    .Select(d => d.Message)
                    .ToList();
                Assert.True(failures.Count == 0, string.Join("\n", failures));

                Assert.Contains(project.AdditionalDocuments, d => d.Name == "supplychainguard.packages.json");
                var analyzers = project.AnalyzerReferences
                    .Where(r => r.Display?.StartsWith("SupplyChainGuard", StringComparison.Ordinal) == true)
                    .SelectMany(r => r.GetAnalyzers(LanguageNames.CSharp))
                    .ToImmutableArray();
                Assert.NotEmpty(analyzers);

                var compilation = (await project.GetCompilationAsync())!;
                var diagnostics = await compilation.WithAnalyzers(analyzers, project.AnalyzerOptions).GetAnalyzerDiagnosticsAsync(CancellationToken.None);

                var finding = Assert.Single(diagnostics, d => d.Id == "SCG0101");
                Assert.EndsWith("Client.cs", finding.Location.SourceTree!.FilePath);
                Assert.Contains("owner 'Baidu-AI' in the repository signature", finding.GetMessage());
            }
            finally
            {
                Environment.SetEnvironmentVariable("NUGET_PACKAGES", null);
            }
        }
    }
}
