using System;
using System.Linq;
using SupplyChainGuard.Cli.Tests.Support;
using Xunit;

namespace SupplyChainGuard.Cli.Tests
{
    /// <summary><c>scg explain</c>: every path, signal, matching policy entry, waiver and alternative behind a verdict.</summary>
    [Collection(FixtureCollection.Name)]
    public sealed class ExplainCommandTests
    {
        private readonly FixtureRepositories _fixture;

        public ExplainCommandTests(FixtureRepositories fixture)
        {
            _fixture = fixture;
        }

        [Fact]
        public void A_transitive_package_shows_every_path_to_it_the_owners_and_where_they_sat_and_the_vendor_entry()
        {
            var result = Scg.Run(_fixture.Main, "explain", "tencent.qcloud.cos.sdk", "plain/App/App.csproj", "--no-cache");

            Assert.Equal(0, result.ExitCode);
            var text = result.Output;
            Assert.Contains("Tencent.QCloud.Cos.Sdk 5.4.40", text);
            Assert.Contains("owners:       tencentcloudapi (repository signature)", text);
            Assert.Contains("authors:      Tencent Cloud API Team (nuspec)", text);
            Assert.Contains("path:         App -> Acme.Media 2.0.0 -> Tencent.QCloud.Cos.Sdk 5.4.40", text);
            Assert.Contains("path:         App -> Acme.Storage.Wrapper 1.2.0 -> Tencent.QCloud.Cos.Sdk 5.4.40", text);
            Assert.Contains("vendor:       'Tencent Holdings' (vendor 'tencent', CN), restricted, at supplychainguard.json(", text);
            Assert.Contains("matched:    owner 'tencentcloudapi' in the repository signature [strong]", text);
            Assert.Contains("instead:    Contoso.Storage (object storage)", text);
            Assert.Contains("finding:      warning SCG0002 at plain/App/App.csproj(9,5)", text);
            Assert.Contains("waiver:       supplychainguard.json(23,5): expired on 2020-01-31", text);
        }

        [Fact]
        public void A_waived_package_says_which_waiver_silences_it_and_where_it_is_out_of_scope()
        {
            var json = Scg.Run(_fixture.Main, "explain", "Baidu.AI", "cpm", "--no-cache", "--format", "json").Json;

            var uses = json["uses"]!.AsArray();
            var worker = uses.Single(u => u!["project"]!.GetValue<string>() == "cpm/Worker/Worker.csproj")!;
            var service = uses.Single(u => u!["project"]!.GetValue<string>() == "cpm/Service/Service.csproj")!;
            Assert.Equal("restricted", worker["verdict"]!.GetValue<string>());
            Assert.StartsWith("silences the finding until 2099-12-31", worker["waivers"]![0]!["state"]!.GetValue<string>());
            Assert.Empty(worker["findings"]!.AsArray());
            Assert.StartsWith("out of scope", service["waivers"]![0]!["state"]!.GetValue<string>());
            Assert.Equal("cpm/Directory.Packages.props", service["findings"]![0]!["file"]!.GetValue<string>());
            Assert.Equal(new[] { "Baidu-AI", "chenxiaoyu3" }, service["identity"]!["owners"]!.AsArray().Select(o => o!.GetValue<string>()));
            Assert.Equal("Repository", service["identity"]!["signatureType"]!.GetValue<string>());
        }

        [Fact]
        public void A_re_upload_shows_the_free_text_that_was_set_aside_for_the_signature()
        {
            var json = Scg.Run(_fixture.Main, "explain", "wang.aliyun-net-sdk-dysmsapi", "plain/App", "--no-cache", "--format", "json").Json;

            var use = json["uses"]![0]!;
            Assert.Equal("not-restricted", use["verdict"]!.GetValue<string>());
            Assert.Equal(new[] { "wang" }, use["identity"]!["owners"]!.AsArray().Select(o => o!.GetValue<string>()));
            var alibaba = use["vendors"]!.AsArray().Single(v => v!["id"]!.GetValue<string>() == "alibaba")!;
            Assert.Contains("author 'Alibaba Cloud' in the nuspec", alibaba["setAside"]![0]!.GetValue<string>());
        }

        [Fact]
        public void A_package_that_comes_in_through_a_referenced_project_shows_the_route_through_it_and_the_finding_at_the_reference()
        {
            var result = Scg.Run(_fixture.Inputs, "explain", "Tencent.QCloud.Cos.Sdk", "refs/Loose/Loose.csproj", "--no-cache");

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Contains("path:         Loose -> Unguarded (project) -> Tencent.QCloud.Cos.Sdk 5.4.40", result.Output);
            Assert.Contains("finding:      warning SCG0002 at refs/Loose/Loose.csproj(", result.Output);
        }

        [Fact]
        public void A_package_no_project_uses_is_exit_code_2()
        {
            var result = Scg.Run(_fixture.Main, "explain", "No.Such.Package", "--no-cache");

            Assert.Equal(2, result.ExitCode);
            Assert.Contains("no checked project uses a package 'No.Such.Package'", result.Error);
        }
    }
}
