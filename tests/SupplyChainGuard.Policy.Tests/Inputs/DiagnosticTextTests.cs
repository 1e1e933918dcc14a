using SupplyChainGuard.Policy.Loading;
using Xunit;

namespace SupplyChainGuard.Policy.Tests
{
    /// <summary>How SCG0901 quotes a policy's own text: nothing a log could choke on, and nothing changed that need not be.</summary>
    public sealed class DiagnosticTextTests
    {
        [Theory]
        [InlineData("Baidu.AI", "Baidu.AI")]
        [InlineData("百度 é ¡ \u00A0", "百度 é ¡ \u00A0")]                           // printable text stays as written
        [InlineData("a\ud83d\ude00b", "a\ud83d\ude00b")]                               // so does a surrogate pair
        [InlineData("a\u0000b\u001F\u007F", "a\\u0000b\\u001f\\u007f")]               // control characters are escaped
        [InlineData("\u0080\u0085\u009F", "\\u0080\\u0085\\u009f")]                    // C1 controls too
        [InlineData("x\u2028y\u2029", "x\\u2028y\\u2029")]                             // line and paragraph separators
        public void Show_escapes_what_a_log_could_choke_on_and_nothing_else(string value, string shown)
        {
            Assert.Equal(shown, DiagnosticText.Show(value));
        }

        /// <summary>In code, not in attributes: an attribute cannot hold a lone surrogate.</summary>
        [Fact]
        public void Show_escapes_lone_surrogates()
        {
            Assert.Equal("x\\ud800", DiagnosticText.Show("x\ud800"));
            Assert.Equal("\\udc00x\\ud800y", DiagnosticText.Show("\udc00x\ud800y"));
        }

        [Fact]
        public void Show_cuts_long_text_after_120_characters()
        {
            Assert.Equal(new string('a', 120) + "…", DiagnosticText.Show(new string('a', 121)));
            Assert.Equal(new string('a', 120), DiagnosticText.Show(new string('a', 120)));
        }

        [Fact]
        public void Describe_names_a_character_by_its_code_point()
        {
            Assert.Equal("the character U+0000", DiagnosticText.Describe('\0'));
            Assert.Equal("the character U+D83D", DiagnosticText.Describe('\ud83d'));
        }
    }
}
