using Xunit;

namespace SupplyChainGuard.Policy.Tests
{
    /// <summary>Package ids, owners, authors: anchored, whole-name, case-insensitive globs.</summary>
    public class NamePatternTests
    {
        [Theory]
        [InlineData("aliyun-net-sdk-core")]
        [InlineData("Aliyun-Net-SDK-Core")]
        [InlineData("aliyun-net-sdk-")]
        public void Trailing_star_matches_any_suffix_ignoring_case(string packageId)
        {
            Assert.True(new NamePattern("aliyun-net-sdk-*").IsMatch(packageId));
        }

        [Theory]
        [InlineData("wang.aliyun-net-sdk-dysmsapi")]
        [InlineData("aliyun-net-sdk")]
        [InlineData("x-aliyun-net-sdk-core")]
        public void Glob_is_anchored_at_the_start_so_a_squatter_prefix_does_not_match(string packageId)
        {
            Assert.False(new NamePattern("aliyun-net-sdk-*").IsMatch(packageId));
        }

        [Theory]
        [InlineData("Baidu.AI", true)]
        [InlineData("baidu.ai", true)]
        [InlineData("BAIDU.AI", true)]
        [InlineData("Baidu.AI.Extensions", false)]
        [InlineData("My.Baidu.AI", false)]
        [InlineData("Baidu.A", false)]
        public void Pattern_without_wildcards_is_an_exact_case_insensitive_id(string packageId, bool expected)
        {
            Assert.Equal(expected, new NamePattern("Baidu.AI").IsMatch(packageId));
        }

        [Theory]
        [InlineData("Baidu.AI", true)]
        [InlineData("Baidu-AI", true)]
        [InlineData("BaiduXAI", true)]
        [InlineData("BaiduAI", false)]
        [InlineData("Baidu..AI", false)]
        public void Question_mark_is_exactly_one_character(string packageId, bool expected)
        {
            Assert.Equal(expected, new NamePattern("Baidu?AI").IsMatch(packageId));
        }

        [Theory]
        [InlineData("TencentCloudSDK")]
        [InlineData("tencentcloudsdk")]
        [InlineData("Ten")]
        public void Prefix_glob_matches_every_id_that_starts_with_it(string packageId)
        {
            Assert.True(new NamePattern("Ten*").IsMatch(packageId));
        }

        [Fact]
        public void Short_prefix_glob_also_catches_unrelated_ids_which_is_why_policies_should_name_whole_ids()
        {
            // "Ten*" was meant for Tencent, but TenPay is someone else entirely.
            Assert.True(new NamePattern("Ten*").IsMatch("TenPay"));
            Assert.False(new NamePattern("TencentCloudSDK*").IsMatch("TenPay"));
        }

        [Theory]
        [InlineData("*.baidubce.com", "aip.baidubce.com", true)]
        [InlineData("*.baidubce.com", "baidubce.com", false)]
        [InlineData("*Cloud*", "TencentCloudSDK", true)]
        [InlineData("a*b*c", "aXXbYYc", true)]
        [InlineData("a*b*c", "aXXbYY", false)]
        [InlineData("*-core", "aliyun-net-sdk-core-core", true)]
        public void Star_may_appear_anywhere_and_several_times(string pattern, string text, bool expected)
        {
            Assert.Equal(expected, new NamePattern(pattern).IsMatch(text));
        }

        [Theory]
        [InlineData("", "", true)]
        [InlineData("*", "", true)]
        [InlineData("?", "", false)]
        [InlineData("Baidu.AI", "", false)]
        [InlineData("Baidu*", "", false)]
        public void Empty_text(string pattern, string text, bool expected)
        {
            Assert.Equal(expected, new NamePattern(pattern).IsMatch(text));
        }

        [Fact]
        public void Null_text_never_matches()
        {
            Assert.False(new NamePattern("*").IsMatch(null));
        }

        [Fact]
        public void Exposes_its_pattern_and_whether_it_has_wildcards()
        {
            var glob = new NamePattern("Baidu-AI*");
            var exact = new NamePattern("Baidu.AI");

            Assert.Equal("Baidu-AI*", glob.Pattern);
            Assert.Equal("Baidu-AI*", glob.ToString());
            Assert.True(glob.HasWildcards);
            Assert.False(exact.HasWildcards);
            Assert.True(new NamePattern("Baidu?AI").HasWildcards);
        }

        [Fact]
        public void A_star_in_a_name_glob_also_takes_slashes_so_a_repository_glob_covers_every_path_below_it()
        {
            Assert.True(new NamePattern("github.com/Baidu-AIP/*").IsMatch("github.com/Baidu-AIP/dotnet-sdk/tree/main"));
            Assert.True(new NamePattern("github.com/*/dotnet-sdk").IsMatch("github.com/Baidu/AIP/dotnet-sdk"));
        }

        [Fact]
        public void A_name_glob_must_match_the_whole_name_not_only_a_part_before_a_slash()
        {
            Assert.False(new NamePattern("github.com/Baidu-AIP/*-sdk").IsMatch("github.com/Baidu-AIP/dotnet-sdk/issues"));
        }
    }
}
