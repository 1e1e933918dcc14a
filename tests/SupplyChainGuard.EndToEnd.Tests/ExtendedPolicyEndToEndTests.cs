using System.Linq;
using Xunit;

namespace SupplyChainGuard.EndToEnd.Tests
{
    /// <summary>
    /// A repository policy that only extends an organisation's file, edited between two builds as a security
    /// team would: the second `dotnet build` must report per the edited file, from the build task (which would
    /// otherwise replay what it found before) and from the analyzer (which reads the extended file from
    /// AdditionalFiles and caches the load).
    /// </summary>
    [Collection(EndToEndCollection.Name)]
    public sealed class ExtendedPolicyEndToEndTests
    {
        private const string Program = """
            using Baidu.Aip.Ocr;

            var client = new Ocr("api-key", "secret-key");
            System.Console.WriteLine(client);
            """;

        private readonly PackedPackageFixture _fixture;

        public ExtendedPolicyEndToEndTests(PackedPackageFixture fixture)
        {
            _fixture = fixture;
        }

        private static string Organisation(bool restricted, string reason) => $$"""
            {
              "vendors": [
                { "id": "baidu", "name": "Baidu, Inc.", "jurisdiction": "CN", "restricted": {{(restricted ? "true" : "false")}},
                  "reason": "{{reason}}",
                  "match": { "owners": ["Baidu-AI"], "namespaces": ["Baidu.Aip"] } }
              ]
            }
            """;

        [Fact]
        public void Each_edit_to_the_extended_policy_file_is_reported_by_the_next_build_from_the_task_and_the_analyzer()
        {
            var app = _fixture.NewConsumer("extends-edit")
                .Write("App.csproj", ConsumerProject.ProjectXml("""
                        <PackageReference Include="Baidu.AI" Version="4.15.10" />
                    """, "    <OutputType>Exe</OutputType>"))
                .Write("Program.cs", Program)
                .Write("supplychainguard.json", """{ "extends": ["policy/organisation.json"] }""")
                .Write("policy/organisation.json", Organisation(restricted: false, reason: "Legacy exception LEGAL-7"));

            var unrestricted = app.Build(null, "-v:n");
            Assert.Equal(0, unrestricted.ExitCode);
            Assert.Empty(unrestricted.Diagnostics);

            // The organisation restricts Baidu: the task checks again and the compiler sees the new policy.
            app.Write("policy/organisation.json", Organisation(restricted: true, reason: "Company policy SEC-12"));
            var restricted = app.Build(null, "-v:n");

            Assert.Equal(0, restricted.ExitCode);
            Assert.DoesNotContain("nothing the check depends on changed", restricted.Output);
            var package = restricted.Single("SCG0001");
            Assert.Equal((app.PathOf("App.csproj"), app.LineOf("App.csproj", "Include=\"Baidu.AI\"")), (package.File, package.Line));
            Assert.Contains("Reason: Company policy SEC-12.", package.Message);
            var import = restricted.Single("SCG0102");
            Assert.Equal((app.PathOf("Program.cs"), 1, 1), (import.File, import.Line, import.Column));
            var usage = restricted.Single("SCG0101");
            Assert.Equal((app.PathOf("Program.cs"), 3, 18), (usage.File, usage.Line, usage.Column));
            Assert.All(new[] { import, usage }, d => Assert.Contains("Reason: Company policy SEC-12.", d.Message));

            // Only the reason changes: every finding is worded from the edited file, none replayed from before.
            app.Write("policy/organisation.json", Organisation(restricted: true, reason: "Company policy SEC-13"));
            var reworded = app.Build(null, "-v:n");

            Assert.Equal(0, reworded.ExitCode);
            Assert.Equal(new[] { "SCG0001", "SCG0101", "SCG0102" }, reworded.Diagnostics.Select(d => d.Code).OrderBy(c => c));
            Assert.All(reworded.Diagnostics, d => Assert.Contains("Reason: Company policy SEC-13.", d.Message));
        }
    }
}
