using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using SupplyChainGuard.Policy.Loading;
using JsonProperty = SupplyChainGuard.Policy.Loading.JsonProperty;

namespace SupplyChainGuard.Policy.Tests.Fuzzing
{
    /// <summary>
    /// The reference the hand-written reader is held to: System.Text.Json's Utf8JsonReader with the options
    /// the policy format allows (comments skipped, trailing commas, depth 64), building the same tree with
    /// the same positions the loader used to build from it. Null when System.Text.Json rejects the text.
    /// </summary>
    internal static class SystemTextJsonTree
    {
        private static readonly JsonReaderOptions Options = new JsonReaderOptions
        {
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            MaxDepth = 64,
        };

        /// <summary>The tree, or null with the reason System.Text.Json gave.</summary>
        public static JsonNode? Parse(string text, out string? rejection)
        {
            rejection = null;
            var content = text.Length > 0 && text[0] == '\uFEFF' ? text.Substring(1) : text;
            var bytes = Encoding.UTF8.GetBytes(content);
            var lines = new ByteLines(bytes);
            var reader = new Utf8JsonReader(bytes, Options);
            try
            {
                if (!reader.Read())
                {
                    rejection = "no tokens";
                    return null;
                }

                var root = ReadValue(ref reader, lines);
                if (reader.Read())
                {
                    rejection = "content after the value";
                    return null;
                }

                return root;
            }
            catch (JsonException e)
            {
                rejection = e.Message;
                return null;
            }
            catch (InvalidOperationException e)
            {
                // GetString on a lone surrogate escape: System.Text.Json read it, but cannot give its value.
                rejection = "InvalidOperationException: " + e.Message;
                return null;
            }
        }

        private static JsonNode ReadValue(ref Utf8JsonReader reader, ByteLines lines)
        {
            var (line, column) = lines.Position((int)reader.TokenStartIndex);
            var node = new JsonNode { Line = line, Column = column, StartOffset = lines.CharOffset((int)reader.TokenStartIndex) };
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
                    node.Text = Encoding.UTF8.GetString(reader.ValueSpan);
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

            node.EndOffset = lines.CharOffset((int)reader.BytesConsumed);
            return node;
        }

        /// <summary>Byte offsets to 1-based line and UTF-16 column, and to UTF-16 offsets.</summary>
        private sealed class ByteLines
        {
            private readonly byte[] _bytes;
            private readonly int[] _charOffsets;
            private readonly List<int> _lineStarts = new List<int> { 0 };

            public ByteLines(byte[] bytes)
            {
                _bytes = bytes;
                _charOffsets = new int[bytes.Length + 1];
                var chars = 0;
                for (var i = 0; i < bytes.Length; i++)
                {
                    _charOffsets[i] = chars;
                    var b = bytes[i];
                    chars += (b & 0xC0) == 0x80 ? 0 : (b & 0xF8) == 0xF0 ? 2 : 1;
                    if (b == (byte)'\n')
                    {
                        _lineStarts.Add(i + 1);
                    }
                }

                _charOffsets[bytes.Length] = chars;
            }

            public int CharOffset(int byteOffset) => _charOffsets[Math.Max(0, Math.Min(byteOffset, _bytes.Length))];

            public (int Line, int Column) Position(int offset)
            {
                var index = _lineStarts.BinarySearch(offset);
                if (index < 0)
                {
                    index = ~index - 1;
                }

                return (index + 1, CharOffset(offset) - CharOffset(_lineStarts[index]) + 1);
            }
        }
    }
}
