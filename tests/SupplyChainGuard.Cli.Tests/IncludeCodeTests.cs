using System;
using System.IO;
using System.Linq;
using SupplyChainGuard.Cli.Tests.Support;
using Xunit;

namespace SupplyChainGuard.Cli.Tests
{
    /// <summary><c>scg check --include-code</c>: the analyzer's findings in code, as the build reports them.</summary>
    [Collection(FixtureCollection.Name)]
    public sealed class IncludeCodeTests
    {
        private readonly FixtureRepositories _fixture;

        public IncludeCodeTests(FixtureRepositories fixture)
        {
            _fixture = fixture;
        }

        [Fact]
        public void In_a_project_that_references_the_package_the_code_findings_equal_what_dotnet_build_printed()
        {
            var result = Scg.Run(_fixture.Main, "check", "plain/App/App.csproj", "--include-code", "--no-cache", "--format", "json");

            var cli = result.Json["projects"]![0]!["diagnostics"]!.AsArray()
                .Where(d => d!["code"]!.GetValue<string>().StartsWith("SCG01", StringComparison.Ordinal))
                .Select(d => $"{Path.Combine(_fixture.Main, d!["file"]!.GetValue<string>())}({d["line"]},{d["column"]}): {d["level"]} {d["code"]}: {d["message"]}")
                .OrderBy(d => d, StringComparer.Ordinal).ToList();
            var build = _fixture.MainDiagnostics
                .Where(d => d.Code.StartsWith("SCG01", StringComparison.Ordinal) && d.File.EndsWith("Reader.cs", StringComparison.Ordinal))
                .Select(d => $"{d.File}({d.Line},{d.Column}): {d.Level} {d.Code}: {d.Message}")
                .Distinct().OrderBy(d => d, StringComparer.Ordinal).ToList();

            Assert.Equal(2, build.Count);
            Assert.Equal(build, cli);
        }

        [Fact]
        public void A_project_without_the_package_is_compiled_with_the_tools_analyzer_and_the_checks_hand_over()
        {
            var root = Path.Combine(_fixture.Root, "code-" + Guid.NewGuid().ToString("N").Substring(0, 6));
            _fixture.WriteRepositoryBase(root);
            FixtureRepositories.Write(root, "Directory.Build.props", "<Project><PropertyGroup><NuGetAudit>false</NuGetAudit><NoWarn>$(NoWarn);NU1603</NoWarn></PropertyGroup></Project>\n");
            // The policy knows Baidu only by its nuget.org owner: only the package check's hand-over can tie the assembly to it.
            FixtureRepositories.Write(root, "supplychainguard.json", """{ "vendors": [ { "id": "baidu", "name": "Baidu, Inc.", "restricted": true, "match": { "owners": ["Baidu-AI"] } } ] }""");
            FixtureRepositories.Write(root, "App/App.csproj", FixtureRepositories.Project("""<PackageReference Include="Baidu.AI" Version="4.15.10" />"""));
            FixtureRepositories.Write(root, "App/Reader.cs", FixtureRepositories.OcrCode);
            _fixture.Restore(root, "App/App.csproj");

            var without = Scg.Run(root, "check", "--no-cache", "--format", "json");
            var with = Scg.Run(root, "check", "--include-code", "--no-cache", "--format", "json");

            Assert.DoesNotContain(without.Json["projects"]![0]!["diagnostics"]!.AsArray(), d => d!["code"]!.GetValue<string>() == "SCG0101");
            var codes = with.Json["projects"]![0]!["diagnostics"]!.AsArray().Select(d => $"{d!["code"]} {d["file"]}({d["line"]},{d["column"]})").ToList();
            Assert.Contains("SCG0102 App/Reader.cs(1,1)", codes);
            Assert.Contains("SCG0101 App/Reader.cs(7,46)", codes);
            Assert.Equal(1, with.ExitCode);
        }
    }
}
