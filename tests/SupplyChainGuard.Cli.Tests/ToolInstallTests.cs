using System;
using System.IO;
using System.Linq;
using SupplyChainGuard.Cli.Tests.Support;
using Xunit;

namespace SupplyChainGuard.Cli.Tests
{
    /// <summary>The packed tool as users get it: <c>dotnet tool install SupplyChainGuard.Cli --add-source &lt;feed&gt;</c>, then <c>scg</c>.</summary>
    [Collection(FixtureCollection.Name)]
    public sealed class ToolInstallTests
    {
        private readonly FixtureRepositories _fixture;

        public ToolInstallTests(FixtureRepositories fixture)
        {
            _fixture = fixture;
        }

        [Fact]
        public void The_tool_installs_from_the_packed_feed_and_its_scg_command_checks_the_fixture_repository()
        {
            var toolPath = Path.Combine(_fixture.Root, "tools-" + Guid.NewGuid().ToString("N").Substring(0, 6));
            var install = Processes.DotNet(_fixture.Root, _fixture.Environment,
                "tool", "install", "SupplyChainGuard.Cli", "--version", FixtureRepositories.PackageVersion, "--add-source", _fixture.Feed, "--tool-path", toolPath);
            Assert.True(install.ExitCode == 0, install.All);
            var scg = Path.Combine(toolPath, OperatingSystem.IsWindows() ? "scg.exe" : "scg");
            Assert.True(File.Exists(scg), $"'{scg}' was not installed:\n{install.All}");

            var environment = _fixture.Environment;
            environment["XDG_CACHE_HOME"] = Path.Combine(toolPath, "cache");
            var run = Processes.Run(scg, _fixture.Main, environment, "check", "--format", "sarif");

            Assert.Equal(1, run.ExitCode);
            Assert.Equal(Scg.Run(_fixture.Main, "check", "--no-cache", "--format", "sarif").Output, run.Output);
            Assert.Contains("plain/Pending/Pending.csproj was not checked", run.Error);
            Assert.True(Directory.EnumerateFiles(Path.Combine(environment["XDG_CACHE_HOME"], "supplychainguard")).Any(), "the default identity cache was not written");

            // The analyzer that --include-code compiles with ships inside the tool.
            Assert.NotEmpty(Directory.EnumerateFiles(Path.Combine(toolPath, ".store"), "SupplyChainGuard.Analyzers.dll", SearchOption.AllDirectories));
            var help = Processes.Run(scg, _fixture.Main, environment, "--help");
            Assert.Contains("check", help.Output);
            Assert.Contains("sbom", help.Output);
        }
    }
}
