using System.Linq;
using SupplyChainGuard.Policy.Loading;
using Xunit;

namespace SupplyChainGuard.Policy.Tests
{
    /// <summary>The hand-written reader's limits and the tree it builds; PolicyFuzzTests holds it to System.Text.Json at large.</summary>
    public sealed class JsonTreeReaderTests
    {
        [Fact]
        public void Sixty_four_levels_of_nesting_are_read()
        {
            var root = JsonTreeReader.Parse(new string('[', 64) + new string(']', 64));

            var depth = 0;
            for (var node = root; node.Items!.Count > 0; node = node.Items[0])
            {
                depth++;
            }

            Assert.Equal(63, depth);
        }

        [Fact]
        public void Sixty_five_levels_of_nesting_are_an_error_at_the_sixty_fifth_bracket()
        {
            var error = Assert.Throws<JsonSyntaxError>(() => JsonTreeReader.Parse("\n" + new string('[', 65) + new string(']', 65)));

            Assert.Equal((2, 65), (error.Line, error.Column));
            Assert.Equal("invalid JSON: the values are nested more than 64 levels deep", error.Message);
        }

        [Fact]
        public void Nodes_keep_their_line_column_and_character_offsets()
        {
            var root = JsonTreeReader.Parse("\uFEFF{\r\n  \"百度\": [1.5e3, true, null, \"x\\ny\"] // c\n}");

            var property = Assert.Single(root.Properties!);
            Assert.Equal(("百度", 2, 3), (property.Name, property.Line, property.Column));
            var array = property.Value;
            Assert.Equal((2, 9, 11), (array.Line, array.Column, array.StartOffset));
            Assert.Equal(new[] { "1.5e3", null, null, "x\ny" }, array.Items!.Select(i => i.Text));
            Assert.Equal(new[] { JsonNodeKind.Number, JsonNodeKind.Boolean, JsonNodeKind.Null, JsonNodeKind.String }, array.Items!.Select(i => i.Kind));
            Assert.Equal((12, 17), (array.Items![0].StartOffset, array.Items[0].EndOffset));
            Assert.Equal(array.StartOffset + "[1.5e3, true, null, \"x\\ny\"]".Length, array.EndOffset);
        }

        [Theory]
        [InlineData("[01]", 1, 3)]
        [InlineData("[1.]", 1, 4)]
        [InlineData("[-]", 1, 3)]
        [InlineData("[1,,]", 1, 4)]
        [InlineData("[,]", 1, 2)]
        [InlineData("{\"a\" 1}", 1, 6)]
        [InlineData("[tru]", 1, 2)]
        [InlineData("[\"a\u0001\"]", 1, 4)]
        [InlineData("[\"\\x\"]", 1, 3)]
        [InlineData("[1] 2", 1, 5)]
        [InlineData("[1]/", 1, 4)]
        public void What_System_Text_Json_rejects_is_an_error_at_the_offending_character(string text, int line, int column)
        {
            var error = Assert.Throws<JsonSyntaxError>(() => JsonTreeReader.Parse(text));

            Assert.Equal((line, column), (error.Line, error.Column));
            Assert.StartsWith("invalid JSON: ", error.Message);
        }

        [Fact]
        public void Json_text_quotes_per_RFC_8259_and_replaces_lone_surrogates()
        {
            Assert.Equal("\"a\\\"b\\\\c\\n\\t\\u0000\\u001f/é😀\"", JsonText.Quote("a\"b\\c\n\t\u0000\u001f/é😀"));
            Assert.Equal("\"x\uFFFDy\uFFFD\"", JsonText.Quote("x\ud800y\udc00"));
            Assert.Equal("a\"b\\c\n\t\u0000\u001f/é😀", JsonTreeReader.Parse(JsonText.Quote("a\"b\\c\n\t\u0000\u001f/é😀")).Text);
        }
    }
}
