using System.Linq;
using Xunit;

namespace SupplyChainGuard.EndToEnd.Tests
{
    /// <summary>
    /// A consumer whose whole policy is one preset plus an override, built with the packed package: the preset
    /// ships inside it, the finding cites the preset's list, and the override switches one vendor off.
    /// </summary>
    [Collection(EndToEndCollection.Name)]
    public sealed class PresetEndToEndTests
    {
        private readonly PackedPackageFixture _fixture;

        public PresetEndToEndTests(PackedPackageFixture fixture)
        {
            _fixture = fixture;
        }

        [Fact]
        public void A_policy_that_only_extends_a_preset_reports_SCG0001_with_the_presets_wording_and_honours_the_override()
        {
            var app = _fixture.NewConsumer("preset")
                .Write("App.csproj", ConsumerProject.ProjectXml("""
                        <PackageReference Include="Baidu.AI" Version="4.15.10" />
                        <PackageReference Include="aliyun-net-sdk-core" Version="1.5.10" />
                        <PackageReference Include="Tencent.QCloud.Cos.Sdk" Version="5.4.40" />
                    """))
                .Write("supplychainguard.json", """
                    {
                      "extends": ["preset:us-foreign-adversaries"],
                      "vendors": [
                        { "id": "tencent", "restricted": false, "reason": "COS bucket in an EU region, approved in SEC-204" }
                      ]
                    }
                    """);

            var build = app.Build();

            Assert.Equal(0, build.ExitCode);
            var findings = build.OfCode("SCG0001").OrderBy(d => d.Line).ToList();
            Assert.Equal(2, findings.Count);

            var baidu = findings[0];
            Assert.Equal(app.PathOf("App.csproj"), baidu.File);
            Assert.Equal(app.LineOf("App.csproj", "Include=\"Baidu.AI\""), baidu.Line);
            Assert.Equal("warning", baidu.Severity);
            Assert.StartsWith(
                "Package 'Baidu.AI' 4.15.10 is published by 'Baidu, Inc.' (vendor 'baidu', CN), which the policy restricts: "
                + "owner 'Baidu-AI' in the repository signature; package id 'Baidu.AI'; assembly 'AipSdk' in the package;",
                baidu.Message);
            Assert.EndsWith(
                " Reason: Headquartered in the People's Republic of China, a foreign adversary under 15 CFR 791.4 (ICTS supply chain rules, E.O. 13873). "
                + "Alternatives: AWSSDK.Textract (OCR), Azure.AI.DocumentIntelligence (OCR), Google.Cloud.Vision.V1 (OCR), AWSSDK.Polly (speech), Microsoft.CognitiveServices.Speech (speech).",
                baidu.Message);

            var alibaba = findings[1];
            Assert.Equal(app.LineOf("App.csproj", "Include=\"aliyun-net-sdk-core\""), alibaba.Line);
            Assert.Contains("(vendor 'alibaba', CN), which the policy restricts: owner 'aliyun' in the repository signature (a signal the policy marks unverified); package id 'aliyun-net-sdk-core' (matches 'aliyun-net-sdk-*')", alibaba.Message);
            Assert.DoesNotContain("at most a warning", alibaba.Message); // the package id is a verified signal
            Assert.DoesNotContain("illegal", alibaba.Message);

            // The project's override switched Tencent off: its package is attributed but not reported.
            Assert.DoesNotContain(build.Diagnostics, d => d.Message.Contains("Tencent.QCloud.Cos.Sdk"));
            Assert.Empty(build.OfCode("SCG0901"));
        }
    }
}
