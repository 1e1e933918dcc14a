using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Xunit;

namespace SupplyChainGuard.EndToEnd.Tests
{
    /// <summary>
    /// The IDE path: load the consumer with MSBuildWorkspace — the design-time build editors run — and get
    /// SCG0101 from the analyzers the package brings, with a policy only the build task's hand-over can apply.
    /// The workspace runs in a probe process of its own (tests/SupplyChainGuard.IdeProbe).
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
        public void MSBuildWorkspace_design_time_build_gives_the_analyzer_the_task_s_hand_over()
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

            var probe = DotNet.Run(app.Directory, new Dictionary<string, string> { ["NUGET_PACKAGES"] = _fixture.PackagesFolder },
                ProbePath(), app.PathOf("App.csproj"));

            Assert.True(probe.ExitCode == 0, probe.Output);
            var lines = probe.Output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();

            // The workspace would list the design-time build's warnings; the task logs its SCG0001 there as a message.
            Assert.DoesNotContain(lines, l => l.StartsWith("failure: ", StringComparison.Ordinal));
            Assert.Contains("additional: supplychainguard.packages.json", lines);
            var finding = Assert.Single(lines, l => l.StartsWith("diagnostic: SCG0101|", StringComparison.Ordinal));
            Assert.Contains("Client.cs|3|", finding);
            Assert.Contains("owner 'Baidu-AI' in the repository signature", finding);
        }

        private string ProbePath()
        {
            var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
            var path = Path.Combine(_fixture.RepositoryRoot, "tests", "SupplyChainGuard.IdeProbe", "bin", configuration, "net10.0", "SupplyChainGuard.IdeProbe.dll");
            Assert.True(File.Exists(path), "the probe is not built: " + path);
            return path;
        }
    }
}
