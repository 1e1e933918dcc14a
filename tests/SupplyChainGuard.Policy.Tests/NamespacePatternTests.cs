using Xunit;

namespace SupplyChainGuard.Policy.Tests
{
    /// <summary>"namespaces": prefixes matched on whole dotted segments.</summary>
    public class NamespacePatternTests
    {
        [Theory]
        [InlineData("Baidu.Aip")]
        [InlineData("Baidu.Aip.Ocr")]
        [InlineData("Baidu.Aip.Ocr.Internal")]
        public void Matches_the_namespace_itself_and_every_namespace_below_it(string ns)
        {
            Assert.True(new NamespacePattern("Baidu.Aip").IsMatch(ns));
        }

        [Theory]
        [InlineData("Baidu.Aipx")]
        [InlineData("Baidu.AipOcr")]
        [InlineData("Baidu")]
        [InlineData("My.Baidu.Aip")]
        [InlineData("")]
        public void Does_not_match_a_longer_segment_a_parent_or_another_root(string ns)
        {
            Assert.False(new NamespacePattern("Baidu.Aip").IsMatch(ns));
        }

        [Fact]
        public void Is_case_sensitive_like_csharp_namespaces()
        {
            Assert.False(new NamespacePattern("Baidu.Aip").IsMatch("baidu.aip"));
            Assert.False(new NamespacePattern("Baidu.Aip").IsMatch("Baidu.AIP.Ocr"));
        }

        [Fact]
        public void Null_never_matches()
        {
            Assert.False(new NamespacePattern("Baidu.Aip").IsMatch(null));
        }

        [Fact]
        public void Exposes_its_prefix()
        {
            var pattern = new NamespacePattern("Baidu.Aip");

            Assert.Equal("Baidu.Aip", pattern.Prefix);
            Assert.Equal("Baidu.Aip", pattern.ToString());
        }
    }
}
