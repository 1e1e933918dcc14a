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

        /// <summary>Every way the reader stops, with the message SCG0901 prints and the character it points at.</summary>
        [Theory]
        [InlineData("[1] 2", 1, 5, "unexpected content after the end of the JSON value: '2'")]
        [InlineData("[@]", 1, 2, "'@' cannot start a value; expected an object, array, string, number, true, false or null")]
        [InlineData("{", 1, 2, "the object is not closed: expected a property name in double quotes or '}'")]
        [InlineData("{a: 1}", 1, 2, "'a' cannot start a property name; expected a name in double quotes")]
        [InlineData("{\"a\"", 1, 5, "the text ends after the property name; expected ':'")]
        [InlineData("{\"a\" 1}", 1, 6, "'1' stands after the property name; expected ':'")]
        [InlineData("{\"a\":", 1, 6, "the text ends where a property's value should be")]
        [InlineData("{\"a\":1", 1, 7, "the object is not closed: expected ',' or '}'")]
        [InlineData("{\"a\":1 2}", 1, 8, "'2' stands after a value; expected ',' or '}'")]
        [InlineData("[", 1, 2, "the array is not closed: expected a value or ']'")]
        [InlineData("[1", 1, 3, "the array is not closed: expected ',' or ']'")]
        [InlineData("[1 2]", 1, 4, "'2' stands after a value; expected ',' or ']'")]
        [InlineData("[tru]", 1, 2, "'t' cannot start a value; did you mean 'true'? (true, false and null are written in lower case)")]
        [InlineData("[fals]", 1, 2, "'f' cannot start a value; did you mean 'false'? (true, false and null are written in lower case)")]
        [InlineData("[nul]", 1, 2, "'n' cannot start a value; did you mean 'null'? (true, false and null are written in lower case)")]
        [InlineData("[True]", 1, 2, "'T' cannot start a value; expected an object, array, string, number, true, false or null")]
        [InlineData("[-]", 1, 3, "']' stands inside a number; expected a digit after '-'")]
        [InlineData("[-", 1, 3, "the text ends inside a number; expected a digit after '-'")]
        [InlineData("[01]", 1, 3, "a number must not start with 0 followed by more digits")]
        [InlineData("[-00]", 1, 4, "a number must not start with 0 followed by more digits")]
        [InlineData("[1.]", 1, 4, "']' stands inside a number; expected a digit after the decimal point")]
        [InlineData("[1.", 1, 4, "the text ends inside a number; expected a digit after the decimal point")]
        [InlineData("[1e]", 1, 4, "']' stands inside a number; expected a digit in the exponent")]
        [InlineData("[1E+]", 1, 5, "']' stands inside a number; expected a digit in the exponent")]
        [InlineData("[1e-", 1, 5, "the text ends inside a number; expected a digit in the exponent")]
        [InlineData("[1x]", 1, 3, "'x' cannot end a number; expected a digit, ',', ']', '}' or whitespace")]
        [InlineData("[0x10]", 1, 3, "'x' cannot end a number; expected a digit, ',', ']', '}' or whitespace")]
        [InlineData("[\"abc", 1, 6, "the string is not closed: expected '\"'")]
        [InlineData("[\"a\\", 1, 5, "the string is not closed: expected '\"'")]
        [InlineData("[\"a\u0001\"]", 1, 4, "the control character U+0001 must be escaped inside a string (for example \\n, \\t or \\u0001)")]
        [InlineData("[\"\\x\"]", 1, 3, "'\\x' is not an escape sequence; a string may use \\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t and \\uXXXX")]
        [InlineData("[\"\\ \"]", 1, 3, "'\\ ' is not an escape sequence; a string may use \\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t and \\uXXXX")]
        [InlineData("[\"\\u12", 1, 7, "the string ends inside a \\u escape; expected four hexadecimal digits")]
        [InlineData("[\"\\u12G4\"]", 1, 7, "'G' stands in a \\u escape; expected four hexadecimal digits")]
        [InlineData("[\"\\u00g4\"]", 1, 7, "'g' stands in a \\u escape; expected four hexadecimal digits")]
        [InlineData("[\"\\u00:4\"]", 1, 7, "':' stands in a \\u escape; expected four hexadecimal digits")]
        [InlineData("[\"\\u00@4\"]", 1, 7, "'@' stands in a \\u escape; expected four hexadecimal digits")]
        [InlineData("[\"\\ud83dxu\"]", 1, 3, "'\\ud83d' is half of a UTF-16 surrogate pair without its other half; text must be valid Unicode")]
        [InlineData("[\"\\ud83d\\", 1, 3, "'\\ud83d' is half of a UTF-16 surrogate pair without its other half; text must be valid Unicode")]
        [InlineData("[1]/", 1, 4, "'/' starts nothing here; a comment starts with // or /*")]
        [InlineData("{\n/**/x}", 2, 5, "'x' cannot start a property name; expected a name in double quotes")]
        [InlineData("/*\n*/{x}", 2, 4, "'x' cannot start a property name; expected a name in double quotes")]
        [InlineData("/* a\r\n b */\r\n[x]", 3, 2, "'x' cannot start a value; expected an object, array, string, number, true, false or null")]
        [InlineData("[\ud83d\ude00]", 1, 2, "'\ud83d\ude00' cannot start a value; expected an object, array, string, number, true, false or null")]
        [InlineData("[\u0001]", 1, 2, "'U+0001' cannot start a value; expected an object, array, string, number, true, false or null")]
        [InlineData("[\u007F]", 1, 2, "'U+007F' cannot start a value; expected an object, array, string, number, true, false or null")]
        [InlineData("[\u2028]", 1, 2, "'U+2028' cannot start a value; expected an object, array, string, number, true, false or null")]
        [InlineData("[\u2029]", 1, 2, "'U+2029' cannot start a value; expected an object, array, string, number, true, false or null")]
        [InlineData("[\uFEFF]", 1, 2, "'U+FEFF' cannot start a value; expected an object, array, string, number, true, false or null")]
        [InlineData("[\u00A0]", 1, 2, "'U+00A0' cannot start a value; expected an object, array, string, number, true, false or null")]
        [InlineData("[\u00A1]", 1, 2, "'\u00A1' cannot start a value; expected an object, array, string, number, true, false or null")]
        public void Each_syntax_error_has_its_own_message_at_the_offending_character(string text, int line, int column, string message)
        {
            var error = Assert.Throws<JsonSyntaxError>(() => JsonTreeReader.Parse(text));

            Assert.Equal(("invalid JSON: " + message, line, column), (error.Message, error.Line, error.Column));
        }

        /// <summary>In code, not in attributes: an attribute cannot hold a lone surrogate.</summary>
        [Fact]
        public void A_raw_lone_surrogate_is_an_error_at_its_position_wherever_it_stands()
        {
            const string Half = "is half of a UTF-16 surrogate pair without its other half; text must be valid Unicode";
            var cases = new[]
            {
                ("[\"\ud83d", 3, "the character U+D83D " + Half),                       // at the end of the text
                ("/* \ud83d */ {}", 4, "the character U+D83D " + Half),                  // in a block comment
                ("[\"\\\udc00\"]", 3, "'\\U+DC00' is not an escape sequence; a string may use \\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t and \\uXXXX"),
            };

            foreach (var (text, column, message) in cases)
            {
                var error = Assert.Throws<JsonSyntaxError>(() => JsonTreeReader.Parse(text));
                Assert.Equal(("invalid JSON: " + message, 1, column), (error.Message, error.Line, error.Column));
            }
        }

        [Fact]
        public void Numbers_in_every_form_RFC_8259_allows_are_read_as_written()
        {
            var root = JsonTreeReader.Parse("[0, -0, 9, 19, 0.5, -12.5e3, 1e5, 1E+5, 1e-5,0\t,1\r\n,2\n,3/**/,4]");

            Assert.Equal(new[] { "0", "-0", "9", "19", "0.5", "-12.5e3", "1e5", "1E+5", "1e-5", "0", "1", "2", "3", "4" }, root.Items!.Select(i => i.Text));
            Assert.Equal("0", JsonTreeReader.Parse("{\"a\":0}").Properties![0].Value.Text);
            Assert.Equal("0", JsonTreeReader.Parse("0").Text);
        }

        [Fact]
        public void Every_escape_of_RFC_8259_is_read()
        {
            var root = JsonTreeReader.Parse("[\"\\\"\\\\\\/\\b\\f\\n\\r\\t\", \"\\u0039\\u000a\\u000A\\u00Ff\\u00c9\"]");

            Assert.Equal(new[] { "\"\\/\b\f\n\r\t", "9\n\n\u00FF\u00C9" }, root.Items!.Select(i => i.Text));
        }

        [Fact]
        public void Comments_may_hold_surrogate_pairs_slashes_and_stars()
        {
            var root = JsonTreeReader.Parse("// \ud83d\ude00 line\n/* a/ * \ud83d\ude00 **/ [1 /* x */, 2] // end");

            Assert.Equal(new[] { "1", "2" }, root.Items!.Select(i => i.Text));
        }

        [Fact]
        public void An_unclosed_block_comment_ending_in_a_star_is_an_error_where_it_opens()
        {
            var error = Assert.Throws<JsonSyntaxError>(() => JsonTreeReader.Parse("{}\n  /* *"));

            Assert.Equal(("invalid JSON: the /* comment is not closed: expected */", 2, 3), (error.Message, error.Line, error.Column));
        }

        [Fact]
        public void Sixty_five_levels_of_objects_are_an_error_at_the_sixty_fifth_brace()
        {
            var text = string.Concat(Enumerable.Repeat("{\"a\":", 65)) + "1" + new string('}', 65);

            var error = Assert.Throws<JsonSyntaxError>(() => JsonTreeReader.Parse(text));

            Assert.Equal(("invalid JSON: the values are nested more than 64 levels deep", 1, 64 * 5 + 1), (error.Message, error.Line, error.Column));
            Assert.NotNull(JsonTreeReader.Parse(string.Concat(Enumerable.Repeat("{\"a\":", 64)) + "1" + new string('}', 64)));
        }

        [Fact]
        public void Json_text_writes_an_indented_document()
        {
            var text = new JsonTextWriter()
                .StartObject()
                .Boolean("on", true)
                .Boolean("off", false)
                .Number("n", -3)
                .String("s", "x\r\b\f")
                .StartArray("empty").End()
                .StartArray("list").String(null, "a").StartObject().End().End()
                .End()
                .ToString();

            Assert.Equal("{\n  \"on\": true,\n  \"off\": false,\n  \"n\": -3,\n  \"s\": \"x\\r\\b\\f\",\n  \"empty\": [],\n  \"list\": [\n    \"a\",\n    {}\n  ]\n}", text);
        }

        [Fact]
        public void Json_text_quotes_per_RFC_8259_and_replaces_lone_surrogates()
        {
            Assert.Equal("\"a\\\"b\\\\c\\n\\t\\u0000\\u001f/é😀\"", JsonText.Quote("a\"b\\c\n\t\u0000\u001f/é😀"));
            Assert.Equal("\"x\uFFFDy\uFFFD\"", JsonText.Quote("x\ud800y\udc00"));
            Assert.Equal("\"x\uFFFD\"", JsonText.Quote("x\ud800"));
            Assert.Equal("\"\"", JsonText.Quote(string.Empty));
            Assert.Equal("\"\\b\\f\\r\"", JsonText.Quote("\b\f\r"));
            Assert.Equal("a\"b\\c\n\t\u0000\u001f/é😀", JsonTreeReader.Parse(JsonText.Quote("a\"b\\c\n\t\u0000\u001f/é😀")).Text);
        }
    }
}
