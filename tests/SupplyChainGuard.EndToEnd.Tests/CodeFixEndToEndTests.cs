using System.Collections.Generic;
using System.IO;
using Xunit;

namespace SupplyChainGuard.EndToEnd.Tests
{
    /// <summary>
    /// The code fixes through a real client: `dotnet format analyzers` on a consumer of the packed package
    /// moves the code to the policy's alternative — the same code path editors use — and the result builds.
    /// </summary>
    [Collection(EndToEndCollection.Name)]
    public sealed class CodeFixEndToEndTests
    {
        private readonly PackedPackageFixture _fixture;

        public CodeFixEndToEndTests(PackedPackageFixture fixture)
        {
            _fixture = fixture;
        }

        [Fact]
        public void Dotnet_format_applies_the_alternative_and_the_fixed_project_builds_clean()
        {
            var app = _fixture.NewConsumer("format")
                .Write("App.csproj", ConsumerProject.ProjectXml("""
                        <PackageReference Include="Baidu.AI" Version="4.15.10" NoWarn="SCG0001" />
                    """, "    <OutputType>Exe</OutputType>\n    <Nullable>enable</Nullable>"))
                .Write("Program.cs", """
                    using System;
                    using Baidu.Aip.Ocr;

                    var client = new Ocr("api-key", "secret-key");
                    var result = client.GeneralBasic(Array.Empty<byte>(), null);
                    Console.WriteLine(result);
                    """)
                // The alternative the policy maps to, as the project has it once it adopts that SDK.
                .Write("Contoso.cs", """
                    namespace Contoso.Ocr
                    {
                        public sealed class OcrClient
                        {
                            public OcrClient(string key, string secret) { }
                            public string DetectText(byte[] image, System.Collections.Generic.Dictionary<string, object>? options) => "text";
                        }
                    }
                    """)
                .Write("supplychainguard.json", """
                    {
                      "vendors": [
                        { "id": "baidu", "name": "Baidu, Inc.", "restricted": true, "match": { "owners": ["Baidu-AI"] },
                          "alternatives": [ { "package": "Contoso.Ocr",
                            "namespaces": { "Baidu.Aip.Ocr": "Contoso.Ocr" },
                            "types": { "Baidu.Aip.Ocr.Ocr": "Contoso.Ocr.OcrClient", "Baidu.Aip.Ocr.Ocr.GeneralBasic": "Contoso.Ocr.OcrClient.DetectText" } } ] }
                      ]
                    }
                    """);
            Assert.Equal(0, app.Restore().ExitCode);
            var policyBefore = File.ReadAllText(app.PathOf("supplychainguard.json"));

            var format = DotNet.Run(app.Directory, new Dictionary<string, string> { ["NUGET_PACKAGES"] = _fixture.PackagesFolder },
                "format", "analyzers", "App.csproj", "--diagnostics", "SCG0101", "SCG0102", "--severity", "warn", "--no-restore");

            Assert.True(format.ExitCode == 0, format.Output);
            Assert.Equal("""
                using System;
                using Contoso.Ocr;

                var client = new OcrClient("api-key", "secret-key");
                var result = client.DetectText(Array.Empty<byte>(), null);
                Console.WriteLine(result);
                """.Replace("\r\n", "\n"), File.ReadAllText(app.PathOf("Program.cs")).Replace("\r\n", "\n").TrimEnd('\n'));

            // A batch run never waives anything on its own.
            Assert.Equal(policyBefore, File.ReadAllText(app.PathOf("supplychainguard.json")));

            var build = app.Build(null, "--no-restore");
            Assert.Equal(0, build.ExitCode);
            Assert.Empty(build.Diagnostics);
        }
    }
}
