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

        [Fact]
        public Task Hosts_hidden_by_invisible_characters_or_full_width_dots_are_reported_as_a_resolver_reads_them() => VerifyEndpoint.AnalyzeAsync("""
            class Endpoints
            {
                string zeroWidth = {|SCG0105:"https://aip\u200B.baidubce.com/oauth"|};
                string softHyphen = {|SCG0105:"aip.baidu\u00ADbce.com"|};
                string fullWidthDots = {|SCG0105:"https://aip\uFF0Ebaidubce\uFF0Ecom/rest"|};
                string ideographicDots = {|SCG0105:"aip\u3002baidubce\u3002com"|};
                string bidi = {|SCG0105:"https://\u202Eaip.baidubce.com"|};
                string fullWidthLetters = {|SCG0105:"\uFF41\uFF49\uFF50.baidubce.com"|};
                string elsewhere = "https://aip\u200B.example.com";
            }
            """, Policies.BaiduByNamespace);

        [Fact]
        public Task Utf8_literals_are_reported() => VerifyEndpoint.AnalyzeAsync("""
            class Endpoints
            {
                System.ReadOnlySpan<byte> Host => {|SCG0105:"aip.baidubce.com"u8|};
                System.ReadOnlySpan<byte> Url => {|SCG0105:"https://aip.baidubce.com/rest/2.0"u8|};
            }
            """, Policies.BaiduByNamespace);

        [Fact]
        public Task Punycode_hosts_match_a_Unicode_endpoint_and_Unicode_hosts_a_punycode_one() => VerifyEndpoint.AnalyzeAsync("""
            class Endpoints
            {
                string encoded = {|SCG0105:"https://api.xn--r8jz45g.jp/v1"|};
                string unicode = {|SCG0105:"api.テスト.jp"|};
                string other = "https://api.xn--eckwd4c7c.jp";
            }
            """, """
            { "vendors": [ { "id": "reidae", "restricted": true, "match": { "endpoints": ["*.例え.jp", "*.xn--zckzah.jp"] } } ] }
            """);

        [Theory]
        [InlineData("aip\u200B.baidubce.com", "aip.baidubce.com")]
        [InlineData("aip\uFF0Ebaidubce\uFF0Ecom", "aip.baidubce.com")]
        [InlineData("aip.baidu\u00ADbce.com", "aip.baidubce.com")]
        [InlineData("plain.example.com", "plain.example.com")]
        public void Normalize_removes_what_a_resolver_ignores(string escaped, string expected)
        {
            Assert.Equal(expected, RestrictedEndpointAnalyzer.Normalize(System.Text.RegularExpressions.Regex.Unescape(escaped)));
        }
    }
}
