using System.Linq;
using Xunit;

namespace SupplyChainGuard.EndToEnd.Tests
{
    /// <summary>
    /// The SDK-usage analyzer as users get it: the same package and policy, `dotnet build`, SCG0101 on the
    /// exact names in source — with a policy that names only the vendor's nuget.org owner, which only the
    /// build task can read and hands over to the analyzer.
    /// </summary>
    [Collection(EndToEndCollection.Name)]
    public sealed class AnalyzerEndToEndTests
    {
        private const string OwnerOnlyPolicy = """
            {
              "restrictedJurisdictions": ["CN"],
              "vendors": [
                { "id": "baidu", "name": "Baidu, Inc.", "jurisdiction": "CN", "match": { "owners": ["Baidu-AI"] },
                  "alternatives": [ { "package": "AWSSDK.Textract", "note": "OCR" } ] }
              ]
            }
            """;

        private const string Program = """
            using Baidu.Aip.Ocr;

            var client = new Ocr("api-key", "secret-key");
            var result = client.GeneralBasic(System.Array.Empty<byte>(), null);
            System.Console.WriteLine(result);
            """;

        private readonly PackedPackageFixture _fixture;

        public AnalyzerEndToEndTests(PackedPackageFixture fixture)
        {
            _fixture = fixture;
        }

        [Fact]
        public void Dotnet_build_reports_SCG0101_on_new_Ocr_and_on_GeneralBasic_with_an_owner_only_policy()
        {
            var app = _fixture.NewConsumer("analyzer")
                .Write("App.csproj", ConsumerProject.ProjectXml("""
                        <PackageReference Include="Baidu.AI" Version="4.15.10" />
                    """, "    <OutputType>Exe</OutputType>"))
                .Write("Program.cs", Program)
                .Write("supplychainguard.json", OwnerOnlyPolicy);

            var build = app.Build();

            Assert.Equal(0, build.ExitCode);
            var findings = build.OfCode("SCG0101").OrderBy(d => d.Line).ThenBy(d => d.Column).ToList();
            Assert.Equal(2, findings.Count);
            Assert.All(findings, f => Assert.Equal(app.PathOf("Program.cs"), f.File));
            Assert.Equal((3, 18), (findings[0].Line, findings[0].Column));
            Assert.StartsWith("'Baidu.Aip.Ocr.Ocr' is published by 'Baidu, Inc.' (vendor 'baidu', CN), which the policy restricts: "
                + "it comes from package 'Baidu.AI' 4.15.10 (owner 'Baidu-AI' in the repository signature).", findings[0].Message);
            Assert.Equal((4, 21), (findings[1].Line, findings[1].Column));
            Assert.StartsWith("'Baidu.Aip.Ocr.Ocr.GeneralBasic' is published by 'Baidu, Inc.'", findings[1].Message);

            var import = build.Single("SCG0102");
            Assert.Equal((1, 1), (import.Line, import.Column));
            Assert.Single(build.OfCode("SCG0001"));
        }

        [Fact]
        public void Editorconfig_severity_and_pragma_suppress_analyzer_findings()
        {
            var app = _fixture.NewConsumer("analyzer-suppress")
                .Write("App.csproj", ConsumerProject.ProjectXml("""
                        <PackageReference Include="Baidu.AI" Version="4.15.10" />
                    """, "    <OutputType>Exe</OutputType>"))
                .Write("Program.cs", Program.Replace("var result", "#pragma warning disable SCG0101\nvar result"))
                .Write(".editorconfig", "root = true\n[*.cs]\ndotnet_diagnostic.SCG0102.severity = none\n")
                .Write("supplychainguard.json", OwnerOnlyPolicy);

            var build = app.Build();

            Assert.Equal(0, build.ExitCode);
            Assert.Single(build.OfCode("SCG0101"));
            Assert.Empty(build.OfCode("SCG0102"));
        }
    }
}
