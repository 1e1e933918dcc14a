using System;
using System.Linq;
using System.Text;
using SupplyChainGuard.Policy.Loading;
using Xunit;

namespace SupplyChainGuard.Policy.Tests
{
    /// <summary>
    /// A policy file's bytes to text: UTF-8, or UTF-16/UTF-32 when a byte order mark says so, and nothing a
    /// lenient decoder would quietly repair. Every bad byte is SCG0901 at its line and column.
    /// </summary>
    public sealed class PolicyTextDecoderTests
    {
        /// <summary>
        /// Every lead byte with every second byte, whole or cut off: overlong forms, surrogates and code points
        /// past U+10FFFF are refused exactly where .NET's own validator (Utf8.IsValid) refuses them.
        /// </summary>
        [Fact]
        public void Accepts_exactly_the_byte_sequences_dotnet_s_UTF_8_validator_accepts()
        {
            var disagreements = new System.Collections.Generic.List<string>();
            for (var lead = 0x80; lead <= 0xFF; lead++)
            {
                var sequences = new[] { new[] { (byte)lead } }.Concat(
                    Enumerable.Range(0, 256).SelectMany(second => Enumerable.Range(2, 3).Select(length =>
                        new[] { (byte)lead, (byte)second }.Concat(Enumerable.Repeat((byte)0x80, length - 2)).ToArray())));
                foreach (var bytes in sequences)
                {
                    var accepted = PolicyTextDecoder.FirstInvalidUtf8(bytes, 0) < 0;
                    if (accepted != System.Text.Unicode.Utf8.IsValid(bytes))
                    {
                        disagreements.Add(BitConverter.ToString(bytes));
                    }
                }
            }

            Assert.Empty(disagreements);
        }

        [Theory]
        [InlineData(new byte[] { 0x80 }, 0)]
        [InlineData(new byte[] { 0x41, 0xC1, 0xBF }, 1)]          // overlong '\x7F'
        [InlineData(new byte[] { 0x41, 0xC2 }, 1)]                // cut off by the end of the file
        [InlineData(new byte[] { 0xE0, 0x9F, 0xBF }, 0)]          // overlong
        [InlineData(new byte[] { 0xED, 0xA0, 0x80 }, 0)]          // a surrogate, U+D800
        [InlineData(new byte[] { 0xE1, 0x80, 0x41 }, 0)]          // third byte is no continuation
        [InlineData(new byte[] { 0xF4, 0x90, 0x80, 0x80 }, 0)]    // past U+10FFFF
        [InlineData(new byte[] { 0xF5, 0x80, 0x80, 0x80 }, 0)]
        [InlineData(new byte[] { 0xC3, 0xA9, 0xF0, 0x9F, 0x98, 0x80, 0xFF }, 6)]
        public void The_first_bad_byte_is_named_by_its_offset(byte[] bytes, int offset)
        {
            Assert.Equal(offset, PolicyTextDecoder.FirstInvalidUtf8(bytes, 0));
        }

        [Fact]
        public void Invalid_UTF_8_is_an_error_at_the_line_and_the_UTF_16_column_of_the_bad_byte()
        {
            var bytes = new byte[] { 0xEF, 0xBB, 0xBF, (byte)'{', (byte)'\n', (byte)' ', (byte)'"', 0xC3, 0xA9, 0xFF, (byte)'"', (byte)'}' };

            var error = Assert.Throws<JsonSyntaxError>(() => PolicyTextDecoder.Decode(bytes));

            Assert.Equal(("the file is not valid UTF-8: byte 0xFF at offset 9 does not belong to a UTF-8 character; save the policy as UTF-8", 2, 4), (error.Message, error.Line, error.Column));
        }

        [Fact]
        public void A_bad_first_byte_is_an_error_at_line_1_column_1()
        {
            var error = Assert.Throws<JsonSyntaxError>(() => PolicyTextDecoder.Decode(new byte[] { 0x80, (byte)'{', (byte)'}' }));

            Assert.Equal(("the file is not valid UTF-8: byte 0x80 at offset 0 does not belong to a UTF-8 character; save the policy as UTF-8", 1, 1), (error.Message, error.Line, error.Column));
        }

        [Theory]
        [InlineData(new byte[] { (byte)'7' }, "7")]
        [InlineData(new byte[] { (byte)'{', (byte)'}' }, "{}")]
        [InlineData(new byte[] { 0xEF, 0xBB, 0xBF }, "")]
        [InlineData(new byte[] { 0xEF, 0xBB, 0xBF, (byte)'{', (byte)'}' }, "{}")]
        [InlineData(new byte[] { 0xFF, 0xFE }, "")]
        [InlineData(new byte[] { 0xFF, 0xFE, (byte)'{', 0x00, 0xE9, 0x00, (byte)'}', 0x00 }, "{\u00E9}")]
        [InlineData(new byte[] { 0xFE, 0xFF, 0x00, (byte)'{', 0x00, 0xE9, 0x00, (byte)'}' }, "{\u00E9}")]
        [InlineData(new byte[] { 0xFF, 0xFE, 0x00, 0x00, (byte)'{', 0, 0, 0, 0x00, 0xF6, 0x01, 0x00, (byte)'}', 0, 0, 0 }, "{\U0001F600}")]
        [InlineData(new byte[] { 0x00, 0x00, 0xFE, 0xFF, 0, 0, 0, (byte)'{', 0x00, 0x01, 0xF6, 0x00, 0, 0, 0, (byte)'}' }, "{\U0001F600}")]
        public void Text_is_decoded_in_the_encoding_its_byte_order_mark_names_and_the_mark_is_dropped(byte[] bytes, string text)
        {
            Assert.Equal(text, PolicyTextDecoder.Decode(bytes));
        }

        [Fact]
        public void A_UTF_16_file_with_an_odd_number_of_bytes_is_an_error_after_its_last_whole_character()
        {
            var bytes = new byte[] { 0xFF, 0xFE, (byte)'{', 0x00, (byte)'\n', 0x00, (byte)' ', 0x00, (byte)'}', 0x00, 0x0A };

            var error = Assert.Throws<JsonSyntaxError>(() => PolicyTextDecoder.Decode(bytes));

            Assert.Equal(("the file is not valid UTF-16: it ends in the middle of a character (an odd number of bytes)", 2, 3), (error.Message, error.Line, error.Column));
        }

        [Theory]
        [InlineData(new byte[] { 0xFF, 0xFE, 0x00, 0x00, 0x00, 0xD8, 0x00, 0x00 })]   // U+D800 is no character
        [InlineData(new byte[] { 0x00, 0x00, 0xFE, 0xFF, 0x00, 0x11, 0x00, 0x00 })]   // past U+10FFFF
        public void Invalid_UTF_32_is_an_error_naming_the_encoding_its_byte_order_mark_claims(byte[] bytes)
        {
            var error = Assert.Throws<JsonSyntaxError>(() => PolicyTextDecoder.Decode(bytes));

            Assert.Equal(("the file is not valid UTF-32, as its byte order mark says it is; save the policy as UTF-8", 1, 1), (error.Message, error.Line, error.Column));
        }
    }
}
