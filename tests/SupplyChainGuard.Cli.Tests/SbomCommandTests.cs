using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using SupplyChainGuard.Cli.Tests.Support;
using Xunit;

namespace SupplyChainGuard.Cli.Tests
{
    /// <summary>
    /// <c>scg sbom</c>: CycloneDX 1.7 and 1.6 that validate against their schemas, list the same components as the
    /// CycloneDX .NET tool, and name each component's supplier and country with the verdict.
    /// </summary>
    [Collection(FixtureCollection.Name)]
    public sealed class SbomCommandTests
    {
        private readonly FixtureRepositories _fixture;

        public SbomCommandTests(FixtureRepositories fixture)
        {
            _fixture = fixture;
        }

        private ScgResult Sbom(params string[] args) =>
            Scg.Run(_fixture.Main, new Dictionary<string, string> { ["SOURCE_DATE_EPOCH"] = "1767225600" }, new[] { "sbom", "Fixture.slnx", "--no-cache" }.Concat(args).ToArray());

        [Theory]
        [InlineData("1.7")]
        [InlineData("1.6")]
        public void The_sbom_is_valid_CycloneDX_of_the_version_asked_for(string version)
        {
            var result = Sbom("--spec-version", version);

            Assert.Equal(0, result.ExitCode);
            Assert.Equal(version, result.Json["specVersion"]!.GetValue<string>());
            Schemas.AssertValid(Schemas.CycloneDx(version), result.Output);
        }

        [Fact]
        public void The_schemas_reject_what_they_must_so_validation_can_fail()
        {
            var bom = Sbom().Json;
            bom["components"]![0]!["hashes"]![0]!["alg"] = "SHA-999";

            Schemas.AssertInvalid(Schemas.CycloneDx("1.7"), bom.ToJsonString());
            Schemas.AssertInvalid(Schemas.Sarif, """{ "version": "2.1.0", "runs": [ { "tool": { "driver": { } } } ] }""");
        }

        [Fact]
        public void Version_1_7_is_the_default()
        {
            Assert.Equal("1.7", Sbom().Json["specVersion"]!.GetValue<string>());
        }

        [Fact]
        public void Components_name_the_policy_vendor_and_country_as_supplier_with_the_verdict_and_signal()
        {
            var baidu = Component(Sbom().Json, "pkg:nuget/Baidu.AI@4.15.10");

            Assert.Equal("Baidu, Inc.", baidu["supplier"]!["name"]!.GetValue<string>());
            Assert.Equal("CN", baidu["supplier"]!["address"]!["country"]!.GetValue<string>());
            Assert.Equal("restricted", Property(baidu, "verdict"));
            Assert.Equal("baidu", Property(baidu, "vendor"));
            Assert.Equal("owner 'Baidu-AI' in the repository signature", Property(baidu, "signal"));
            Assert.Equal("Baidu", baidu["authors"]![0]!["name"]!.GetValue<string>());
        }

        [Fact]
        public void Without_a_policy_vendor_the_supplier_is_the_owner_the_repository_signature_names()
        {
            var bom = Sbom().Json;

            var newtonsoft = Component(bom, "pkg:nuget/Newtonsoft.Json@12.0.1");
            Assert.Null(newtonsoft["supplier"]!["address"]);
            Assert.Contains("newtonsoft", newtonsoft["supplier"]!["name"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
            Assert.Equal("not-restricted", Property(newtonsoft, "verdict"));

            // A vendor the policy allows names the supplier too, with its country.
            var acme = Component(bom, "pkg:nuget/Acme.Storage.Wrapper@1.2.0");
            Assert.Equal(("Acme Corp.", "US"), (acme["supplier"]!["name"]!.GetValue<string>(), acme["supplier"]!["address"]!["country"]!.GetValue<string>()));

            // The re-upload's nuspec says "Alibaba Cloud"; free text is never a supplier, the signature's owner is.
            var reupload = Component(bom, "pkg:nuget/wang.aliyun-net-sdk-dysmsapi@1.0.0");
            Assert.Equal("wang", reupload["supplier"]!["name"]!.GetValue<string>());
        }

        [Fact]
        public void Components_carry_the_assets_files_SHA_512_in_hex_and_the_dependency_graph()
        {
            var bom = Sbom().Json;
            var baidu = Component(bom, "pkg:nuget/Baidu.AI@4.15.10");

            var hash = baidu["hashes"]![0]!;
            Assert.Equal("SHA-512", hash["alg"]!.GetValue<string>());
            Assert.Matches("^[0-9a-f]{128}$", hash["content"]!.GetValue<string>());
            var dependencies = bom["dependencies"]!.AsArray();
            var baiduDependsOn = dependencies.Single(d => d!["ref"]!.GetValue<string>() == "pkg:nuget/Baidu.AI@4.15.10")!["dependsOn"]!.AsArray().Select(d => d!.GetValue<string>());
            Assert.Equal(new[] { "pkg:nuget/Newtonsoft.Json@12.0.1" }, baiduDependsOn);
            var root = dependencies.Single(d => d!["ref"]!.GetValue<string>() == "Fixture@0.0.0")!["dependsOn"]!.AsArray().Select(d => d!.GetValue<string>()).ToList();
            Assert.Contains("pkg:nuget/Baidu.AI@4.15.10", root);
            Assert.DoesNotContain("pkg:nuget/Tencent.QCloud.Cos.Sdk@5.4.40", root);
        }

        [Fact]
        public void The_development_only_SupplyChainGuard_package_is_left_out_and_the_bom_says_it_is_complete()
        {
            var bom = Sbom().Json;

            Assert.DoesNotContain(bom["components"]!.AsArray(), c => c!["name"]!.GetValue<string>() == "SupplyChainGuard");
            Assert.Equal("complete", bom["compositions"]![0]!["aggregate"]!.GetValue<string>());
        }

        [Fact]
        public void A_project_without_assets_makes_the_bom_incomplete_and_is_said_on_stderr()
        {
            var result = Scg.Run(_fixture.Main, new Dictionary<string, string> { ["SOURCE_DATE_EPOCH"] = "1767225600" }, "sbom", "plain", "--no-cache");

            Assert.Equal(0, result.ExitCode);
            Assert.Contains("plain/Pending/Pending.csproj is not in the SBOM", result.Error);
            Assert.Equal("incomplete", result.Json["compositions"]![0]!["aggregate"]!.GetValue<string>());
        }

        [Fact]
        public void The_same_input_and_timestamp_give_the_same_bytes()
        {
            var first = Sbom().Output;
            var second = Sbom().Output;

            Assert.Equal(first, second);
            Assert.Equal("2026-01-01T00:00:00Z", JsonNode.Parse(first)!["metadata"]!["timestamp"]!.GetValue<string>());
            Assert.Equal("2030-05-06T07:08:09Z", Sbom("--timestamp", "2030-05-06T07:08:09Z").Json["metadata"]!["timestamp"]!.GetValue<string>());
        }

        [Fact]
        public void The_component_set_equals_what_the_CycloneDX_dotnet_tool_lists_for_the_same_solution()
        {
            var tools = Path.Combine(_fixture.Root, "cyclonedx-tool");
            if (!File.Exists(Path.Combine(tools, OperatingSystem.IsWindows() ? "dotnet-CycloneDX.exe" : "dotnet-CycloneDX")))
            {
                var install = Processes.DotNet(_fixture.Root, null, "tool", "install", "CycloneDX", "--version", "6.3.1", "--tool-path", tools);
                Assert.True(install.ExitCode == 0, install.All);
            }

            var output = Path.Combine(_fixture.Root, "cyclonedx-out");
            var run = Processes.Run(Path.Combine(tools, OperatingSystem.IsWindows() ? "dotnet-CycloneDX.exe" : "dotnet-CycloneDX"), _fixture.Main, _fixture.Environment,
                "Fixture.slnx", "--exclude-dev", "--disable-package-restore", "--output-format", "Json", "--output", output, "--filename", "bom.json");
            Assert.True(run.ExitCode == 0, run.All);
            var theirs = Purls(JsonNode.Parse(File.ReadAllText(Path.Combine(output, "bom.json")))!);
            var ours = Purls(Sbom().Json);

            Assert.NotEmpty(theirs);
            Assert.Equal(theirs, ours);
        }

        private static IReadOnlyList<string> Purls(JsonNode bom) =>
            bom["components"]!.AsArray().Select(c => c!["purl"]!.GetValue<string>()).OrderBy(p => p, StringComparer.Ordinal).ToList();

        private static JsonNode Component(JsonNode bom, string purl) =>
            bom["components"]!.AsArray().Single(c => c!["purl"]!.GetValue<string>() == purl)!;

        private static string? Property(JsonNode component, string name) =>
            component["properties"]!.AsArray().FirstOrDefault(p => p!["name"]!.GetValue<string>() == "supplychainguard:" + name)?["value"]!.GetValue<string>();
    }
}
