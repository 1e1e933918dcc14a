using System.Linq;
using System.Threading.Tasks;
using Xunit;
using VerifyEndpoint = SupplyChainGuard.Analyzers.Tests.Verify<SupplyChainGuard.Analyzers.RestrictedEndpointAnalyzer>;

namespace SupplyChainGuard.Analyzers.Tests
{
    /// <summary>SCG0105: hard-coded URLs and hosts of a restricted vendor, in every kind of string literal.</summary>
    public sealed class RestrictedEndpointAnalyzerTests
    {
        [Fact]
        public Task Urls_hosts_raw_verbatim_and_constant_interpolated_strings_are_reported() => VerifyEndpoint.AnalyzeAsync(""""
            class Endpoints
            {
                const string Host = {|SCG0105:"aip.baidubce.com"|};
                string token = {|SCG0105:"https://aip.baidubce.com/oauth/2.0/token"|};
                string host = Host == "" ? "" : {|SCG0105:"baidubce.com"|};
                string verbatim = {|SCG0105:@"https://ocr.baidubce.com/rest/2.0"|};
                string raw = {|SCG0105:"""see http://aip.baidubce.com/x for docs"""|};
                const string Interpolated = {|SCG0105:$"https://{Host}/rest"|};
                string other = "https://example.com/baidubce.com";
                string notAHost = "Baidu.Aip.Ocr";
                string lookalike = "https://notbaidubce.com";
                string Token(string token) => {|SCG0105:$"https://aip.baidubce.com/rest/2.0/ocr?access_token={token}"|};
            }
            """", Policies.BaiduByNamespace);

        [Theory]
        [InlineData("https://aip.baidubce.com/oauth", "aip.baidubce.com")]
        [InlineData("aip.baidubce.com", "aip.baidubce.com")]
        [InlineData("call http://a.example.org/x and https://b.example.net", "a.example.org|b.example.net")]
        [InlineData("version 1.2.3", "")]
        [InlineData("Baidu.Aip", "Baidu.Aip")]
        public void Hosts_are_found_in_urls_and_bare_host_names(string text, string hosts)
        {
            Assert.Equal(hosts, string.Join("|", RestrictedEndpointAnalyzer.Hosts(text)));
        }
    }
}
