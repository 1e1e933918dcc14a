using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;

namespace SupplyChainGuard.Policy.Loading
{
    internal enum JsonNodeKind
    {
        Object,
        Array,
        String,
        Number,
        Boolean,
        Null,
    }

    /// <summary>
    /// A JSON value that remembers where it stood. System.Text.Json's DOM drops positions, and a policy
    /// error must name its line and column, so the loader builds this small tree with Utf8JsonReader.
    /// </summary>
    internal sealed class JsonNode
    {
        public JsonNodeKind Kind { get; set; }
        public int Line { get; set; }
        public int Column { get; set; }

        /// <summary>Character offsets of the value in the parsed text (BOM excluded): first character, and one past the last.</summary>
        public int StartOffset { get; set; }
        public int EndOffset { get; set; }

        public string? Text { get; set; }
        public bool Boolean { get; set; }
        public List<JsonProperty>? Properties { get; set; }
        public List<JsonNode>? Items { get; set; }

        public string KindName => Kind switch
        {
            JsonNodeKind.Object => "an object",
            JsonNodeKind.Array => "an array",
            JsonNodeKind.String => "a string",
            JsonNodeKind.Number => "a number",
            JsonNodeKind.Boolean => "a boolean",
            _ => "null",
        };
    }

    internal sealed class JsonProperty
    {
        public JsonProperty(string name, int line, int column, JsonNode value)
        {
            Name = name;
            Line = line;
            Column = column;
            Value = value;
        }

        public string Name { get; }
        public int Line { get; }
        public int Column { get; }
        public JsonNode Value { get; }
    }

    internal sealed class JsonSyntaxError : Exception
    {
        public JsonSyntaxError(string message, int line, int column)
            : base(message)
        {
            Line = line;
            Column = column;
        }

        public int Line { get; }
        public int Column { get; }
    }

    internal static class JsonTreeReader
    {
        private static readonly JsonReaderOptions Options = new JsonReaderOptions
        {
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            MaxDepth = 64,
        };

        /// <exception cref="JsonSyntaxError">The text is not JSON (with comments and trailing commas).</exception>
        public static JsonNode Parse(string text)
        {
            var content = text.Length > 0 && text[0] == '\uFEFF' ? text.Substring(1) : text;
            if (IsBlank(content))
            {
                // Utf8JsonReader reports "does not contain any JSON tokens"; say it plainly.
                throw new JsonSyntaxError("the file is empty; expected a JSON object", 1, 1);
            }

            var bytes = Encoding.UTF8.GetBytes(content);
            var lines = new LineMap(bytes);
            var reader = new Utf8JsonReader(bytes, Options);
            try
            {
                if (!reader.Read())
                {
                    throw new JsonSyntaxError("the file is empty; expected a JSON object", 1, 1);
                }

                var root = ReadValue(ref reader, lines);
                if (reader.Read())
                {
                    var (line, column) = lines.Position((int)reader.TokenStartIndex);
                    throw new JsonSyntaxError("unexpected content after the end of the JSON value", line, column);
                }

                return root;
            }
            catch (JsonException e)
            {
                // The reader counts bytes within the line; report characters, like every other diagnostic.
                var (line, column) = lines.PositionInLine((int)(e.LineNumber ?? 0), (int)(e.BytePositionInLine ?? 0));
                throw new JsonSyntaxError("invalid JSON: " + TrimReaderMessage(e.Message), line, column);
            }
        }

        /// <summary>Only JSON whitespace and comments: nothing a policy could be read from.</summary>
        private static bool IsBlank(string text)
        {
            var i = 0;
            while (i < text.Length)
            {
                var c = text[i];
                if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
                {
                    i++;
                }
                else if (c == '/' && i + 1 < text.Length && text[i + 1] == '/')
                {
                    var newline = text.IndexOf('\n', i);
                    if (newline < 0)
                    {
                        return true;
                    }

                    i = newline + 1;
                }
                else if (c == '/' && i + 1 < text.Length && text[i + 1] == '*')
                {
                    var end = text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                    if (end < 0)
                    {
                        return false; // unterminated comment: let the reader report it
                    }

                    i = end + 2;
                }
                else
                {
                    return false;
                }
            }

            return true;
        }

        private static string TrimReaderMessage(string message)
        {
            // "… LineNumber: 3 | BytePositionInLine: 5." repeats what the location already says.
            var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            return (cut > 0 ? message.Substring(0, cut) : message).TrimEnd('.', ' ');
        }

        private static JsonNode ReadValue(ref Utf8JsonReader reader, LineMap lines)
        {
            var (line, column) = lines.Position((int)reader.TokenStartIndex);
            var node = new JsonNode { Line = line, Column = column, StartOffset = lines.CharOffset((int)reader.TokenStartIndex) };
            ReadContent(ref reader, lines, node);
            node.EndOffset = lines.CharOffset((int)reader.BytesConsumed);
            return node;
        }

        private static void ReadContent(ref Utf8JsonReader reader, LineMap lines, JsonNode node)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    node.Kind = JsonNodeKind.Object;
                    node.Properties = new List<JsonProperty>();
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                    {
                        var (nameLine, nameColumn) = lines.Position((int)reader.TokenStartIndex);
                        var name = reader.GetString()!;
                        reader.Read();
                        node.Properties.Add(new JsonProperty(name, nameLine, nameColumn, ReadValue(ref reader, lines)));
                    }

                    break;
                case JsonTokenType.StartArray:
                    node.Kind = JsonNodeKind.Array;
                    node.Items = new List<JsonNode>();
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        node.Items.Add(ReadValue(ref reader, lines));
                    }

                    break;
                case JsonTokenType.String:
                    node.Kind = JsonNodeKind.String;
                    node.Text = reader.GetString();
                    break;
                case JsonTokenType.Number:
                    node.Kind = JsonNodeKind.Number;
                    node.Text = Encoding.UTF8.GetString(reader.ValueSpan.ToArray());
                    break;
                case JsonTokenType.True:
                case JsonTokenType.False:
                    node.Kind = JsonNodeKind.Boolean;
                    node.Boolean = reader.GetBoolean();
                    break;
                default:
                    node.Kind = JsonNodeKind.Null;
                    break;
            }
        }

        /// <summary>Turns byte offsets into 1-based line and character column.</summary>
        private sealed class LineMap
        {
            private readonly byte[] _bytes;
            private readonly List<int> _lineStarts = new List<int> { 0 };

            private readonly int[] _charOffsets;

            public LineMap(byte[] bytes)
            {
                _bytes = bytes;
                _charOffsets = new int[bytes.Length + 1];
                var chars = 0;
                for (var i = 0; i < bytes.Length; i++)
                {
                    _charOffsets[i] = chars;

                    // A 4-byte UTF-8 sequence is two UTF-16 characters; continuation bytes add nothing.
                    var b = bytes[i];
                    chars += (b & 0xC0) == 0x80 ? 0 : (b & 0xF8) == 0xF0 ? 2 : 1;
                    if (b == (byte)'\n')
                    {
                        _lineStarts.Add(i + 1);
                    }
                }

                _charOffsets[bytes.Length] = chars;
            }

            /// <summary>The UTF-16 offset in the text of a byte offset in its UTF-8 encoding.</summary>
            public int CharOffset(int byteOffset) => _charOffsets[Math.Max(0, Math.Min(byteOffset, _bytes.Length))];

            /// <summary>The 1-based position of a 0-based line and byte offset within it, as Utf8JsonReader reports errors.</summary>
            public (int Line, int Column) PositionInLine(int line, int byteInLine)
            {
                if (line < 0 || line >= _lineStarts.Count)
                {
                    return (line + 1, byteInLine + 1);
                }

                return Position(Math.Min(_lineStarts[line] + byteInLine, _bytes.Length));
            }

            public (int Line, int Column) Position(int offset)
            {
                var index = _lineStarts.BinarySearch(offset);
                if (index < 0)
                {
                    index = ~index - 1;
                }

                var start = _lineStarts[index];
                var column = 1;
                for (var i = start; i < offset && i < _bytes.Length; i++)
                {
                    // Count characters, not bytes: skip UTF-8 continuation bytes.
                    if ((_bytes[i] & 0xC0) != 0x80)
                    {
                        column++;
                    }
                }

                return (index + 1, column);
            }
        }
    }
}
