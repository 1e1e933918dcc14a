using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

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
    /// A JSON value that remembers where it stood: a policy error must name its line and column, which no
    /// DOM keeps. <see cref="JsonTreeReader"/> builds it.
    /// </summary>
    internal sealed class JsonNode
    {
        public JsonNodeKind Kind { get; set; }
        public int Line { get; set; }
        public int Column { get; set; }

        /// <summary>Character offsets of the value in the parsed text (BOM excluded): first character, and one past the last.</summary>
        public int StartOffset { get; set; }
        public int EndOffset { get; set; }

        /// <summary>A string's value, unescaped; a number's text exactly as written.</summary>
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

    /// <summary>Text that is not policy JSON, and where: 1-based line and UTF-16 column.</summary>
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

    /// <summary>
    /// The one reader of policy JSON, written by hand so that the analyzer needs nothing from its host (the
    /// .NET Framework compiler ships no System.Text.Json) and so that every host reports the same SCG0901.
    /// It reads RFC 8259 JSON plus what the policy format allows on top — <c>//</c> and <c>/* */</c>
    /// comments, trailing commas, one leading byte order mark — with nesting limited to 64 levels, which is
    /// what System.Text.Json's <c>Utf8JsonReader</c> accepts with <c>CommentHandling.Skip</c>,
    /// <c>AllowTrailingCommas</c> and <c>MaxDepth = 64</c>; the tests hold the two readers to that. It is
    /// stricter in one respect: text must be valid Unicode, so a lone surrogate, escaped or raw, is an error
    /// at its position (System.Text.Json throws InvalidOperationException on a lone escape and silently
    /// replaces a raw one). Positions count UTF-16 characters; lines end at <c>\n</c>.
    /// </summary>
    internal static class JsonTreeReader
    {
        public const int MaxDepth = 64;

        /// <exception cref="JsonSyntaxError">The text is not JSON (with comments and trailing commas).</exception>
        public static JsonNode Parse(string text)
        {
            var content = text.Length > 0 && text[0] == '\uFEFF' ? text.Substring(1) : text;
            return new Parser(content).ParseDocument();
        }

        private sealed class Parser
        {
            private readonly string _text;
            private int _position;
            private int _line = 1;
            private int _lineStart;

            public Parser(string text)
            {
                _text = text;
            }

            public JsonNode ParseDocument()
            {
                SkipTrivia();
                if (AtEnd)
                {
                    throw new JsonSyntaxError("the file is empty; expected a JSON object", 1, 1);
                }

                var root = ParseValue(0);
                SkipTrivia();
                if (!AtEnd)
                {
                    throw Error("unexpected content after the end of the JSON value: " + Describe(_position));
                }

                return root;
            }

            private bool AtEnd => _position >= _text.Length;

            private int Column => _position - _lineStart + 1;

            private JsonNode ParseValue(int depth)
            {
                var node = new JsonNode { Line = _line, Column = Column, StartOffset = _position };
                var c = _text[_position];
                switch (c)
                {
                    case '{':
                        ParseObject(node, depth + 1);
                        break;
                    case '[':
                        ParseArray(node, depth + 1);
                        break;
                    case '"':
                        node.Kind = JsonNodeKind.String;
                        node.Text = ParseString();
                        break;
                    case 't':
                        ParseLiteral("true");
                        node.Kind = JsonNodeKind.Boolean;
                        node.Boolean = true;
                        break;
                    case 'f':
                        ParseLiteral("false");
                        node.Kind = JsonNodeKind.Boolean;
                        break;
                    case 'n':
                        ParseLiteral("null");
                        node.Kind = JsonNodeKind.Null;
                        break;
                    default:
                        if (c == '-' || IsDigit(c))
                        {
                            node.Kind = JsonNodeKind.Number;
                            node.Text = ParseNumber();
                            break;
                        }

                        throw Error(Describe(_position) + " cannot start a value; expected an object, array, string, number, true, false or null");
                }

                node.EndOffset = _position;
                return node;
            }

            private void ParseObject(JsonNode node, int depth)
            {
                CheckDepth(depth);
                node.Kind = JsonNodeKind.Object;
                node.Properties = new List<JsonProperty>();
                _position++; // '{'
                SkipTrivia();
                if (!AtEnd && _text[_position] == '}')
                {
                    _position++;
                    return;
                }

                while (true)
                {
                    if (AtEnd)
                    {
                        throw Error("the object is not closed: expected a property name in double quotes or '}'");
                    }

                    if (_text[_position] != '"')
                    {
                        throw Error(Describe(_position) + " cannot start a property name; expected a name in double quotes");
                    }

                    int nameLine = _line, nameColumn = Column;
                    var name = ParseString();

                    // No comment may stand between a name and its colon (nor does System.Text.Json allow one).
                    SkipWhitespace();
                    if (AtEnd || _text[_position] != ':')
                    {
                        throw Error((AtEnd ? "the text ends" : Describe(_position) + " stands") + " after the property name; expected ':'");
                    }

                    _position++;
                    SkipTrivia();
                    if (AtEnd)
                    {
                        throw Error("the text ends where a property's value should be");
                    }

                    node.Properties.Add(new JsonProperty(name, nameLine, nameColumn, ParseValue(depth)));
                    SkipTrivia();
                    if (AtEnd)
                    {
                        throw Error("the object is not closed: expected ',' or '}'");
                    }

                    var next = _text[_position];
                    if (next == '}')
                    {
                        _position++;
                        return;
                    }

                    if (next != ',')
                    {
                        throw Error(Describe(_position) + " stands after a value; expected ',' or '}'");
                    }

                    _position++;
                    SkipTrivia();
                    if (!AtEnd && _text[_position] == '}')
                    {
                        _position++; // a trailing comma
                        return;
                    }
                }
            }

            private void ParseArray(JsonNode node, int depth)
            {
                CheckDepth(depth);
                node.Kind = JsonNodeKind.Array;
                node.Items = new List<JsonNode>();
                _position++; // '['
                SkipTrivia();
                if (!AtEnd && _text[_position] == ']')
                {
                    _position++;
                    return;
                }

                while (true)
                {
                    if (AtEnd)
                    {
                        throw Error("the array is not closed: expected a value or ']'");
                    }

                    node.Items.Add(ParseValue(depth));
                    SkipTrivia();
                    if (AtEnd)
                    {
                        throw Error("the array is not closed: expected ',' or ']'");
                    }

                    var next = _text[_position];
                    if (next == ']')
                    {
                        _position++;
                        return;
                    }

                    if (next != ',')
                    {
                        throw Error(Describe(_position) + " stands after a value; expected ',' or ']'");
                    }

                    _position++;
                    SkipTrivia();
                    if (!AtEnd && _text[_position] == ']')
                    {
                        _position++; // a trailing comma
                        return;
                    }
                }
            }

            private void CheckDepth(int depth)
            {
                if (depth > MaxDepth)
                {
                    throw Error($"the values are nested more than {MaxDepth} levels deep");
                }
            }

            private void ParseLiteral(string literal)
            {
                if (string.CompareOrdinal(_text, _position, literal, 0, literal.Length) != 0)
                {
                    throw Error(Describe(_position) + $" cannot start a value; did you mean '{literal}'? (true, false and null are written in lower case)");
                }

                _position += literal.Length;
            }

            /// <summary>RFC 8259 numbers: <c>-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?</c>, followed by a delimiter.</summary>
            private string ParseNumber()
            {
                var start = _position;
                if (_text[_position] == '-')
                {
                    _position++;
                }

                if (AtEnd || !IsDigit(_text[_position]))
                {
                    throw Error(NumberProblem("a digit after '-'"));
                }

                if (_text[_position] == '0')
                {
                    _position++;
                    if (!AtEnd && IsDigit(_text[_position]))
                    {
                        throw Error("a number must not start with 0 followed by more digits");
                    }
                }
                else
                {
                    SkipDigits();
                }

                if (!AtEnd && _text[_position] == '.')
                {
                    _position++;
                    if (AtEnd || !IsDigit(_text[_position]))
                    {
                        throw Error(NumberProblem("a digit after the decimal point"));
                    }

                    SkipDigits();
                }

                if (!AtEnd && (_text[_position] == 'e' || _text[_position] == 'E'))
                {
                    _position++;
                    if (!AtEnd && (_text[_position] == '+' || _text[_position] == '-'))
                    {
                        _position++;
                    }

                    if (AtEnd || !IsDigit(_text[_position]))
                    {
                        throw Error(NumberProblem("a digit in the exponent"));
                    }

                    SkipDigits();
                }

                if (!AtEnd && !IsDelimiter(_text[_position]))
                {
                    throw Error(Describe(_position) + " cannot end a number; expected a digit, ',', ']', '}' or whitespace");
                }

                return _text.Substring(start, _position - start);
            }

            private string NumberProblem(string expected) =>
                (AtEnd ? "the text ends" : Describe(_position) + " stands") + " inside a number; expected " + expected;

            private void SkipDigits()
            {
                while (!AtEnd && IsDigit(_text[_position]))
                {
                    _position++;
                }
            }

            private static bool IsDigit(char c) => c >= '0' && c <= '9';

            private static bool IsDelimiter(char c) =>
                c == ',' || c == ']' || c == '}' || c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '/';

            /// <summary>Reads a string starting at its opening quote; returns its value, unescaped.</summary>
            private string ParseString()
            {
                _position++; // '"'
                var start = _position;
                StringBuilder? value = null;
                while (true)
                {
                    if (AtEnd)
                    {
                        throw Error("the string is not closed: expected '\"'");
                    }

                    var c = _text[_position];
                    if (c == '"')
                    {
                        var result = value is null ? _text.Substring(start, _position - start) : value.Append(_text, start, _position - start).ToString();
                        _position++;
                        return result;
                    }

                    if (c == '\\')
                    {
                        value ??= new StringBuilder();
                        value.Append(_text, start, _position - start);
                        ParseEscape(value);
                        start = _position;
                        continue;
                    }

                    if (c < ' ')
                    {
                        throw Error($"the control character U+{(int)c:X4} must be escaped inside a string (for example \\n, \\t or \\u{(int)c:x4})");
                    }

                    if (char.IsSurrogate(c))
                    {
                        CheckSurrogatePair();
                        _position += 2;
                        continue;
                    }

                    _position++;
                }
            }

            private void ParseEscape(StringBuilder value)
            {
                var escapeStart = _position;
                _position++; // '\'
                if (AtEnd)
                {
                    throw Error("the string is not closed: expected '\"'");
                }

                var c = _text[_position];
                switch (c)
                {
                    case '"': value.Append('"'); break;
                    case '\\': value.Append('\\'); break;
                    case '/': value.Append('/'); break;
                    case 'b': value.Append('\b'); break;
                    case 'f': value.Append('\f'); break;
                    case 'n': value.Append('\n'); break;
                    case 'r': value.Append('\r'); break;
                    case 't': value.Append('\t'); break;
                    case 'u':
                        _position++;
                        var unit = ReadHex4();
                        if (char.IsHighSurrogate(unit))
                        {
                            // The low half must follow as an escape too: "\ud83d\ude00".
                            if (_position + 1 < _text.Length && _text[_position] == '\\' && _text[_position + 1] == 'u')
                            {
                                var lowStart = _position;
                                _position += 2;
                                var low = ReadHex4();
                                if (char.IsLowSurrogate(low))
                                {
                                    value.Append(unit).Append(low);
                                    return;
                                }

                                _position = lowStart;
                            }

                            throw LoneSurrogateEscape(escapeStart, unit);
                        }

                        if (char.IsLowSurrogate(unit))
                        {
                            throw LoneSurrogateEscape(escapeStart, unit);
                        }

                        value.Append(unit);
                        return;
                    default:
                        _position--;
                        throw Error($"'\\{Printable(c)}' is not an escape sequence; a string may use \\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t and \\uXXXX");
                }

                _position++;
            }

            private char ReadHex4()
            {
                var code = 0;
                for (var i = 0; i < 4; i++)
                {
                    if (AtEnd)
                    {
                        throw Error("the string ends inside a \\u escape; expected four hexadecimal digits");
                    }

                    var c = _text[_position];
                    var digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
                    if (digit < 0)
                    {
                        throw Error(Describe(_position) + " stands in a \\u escape; expected four hexadecimal digits");
                    }

                    code = (code * 16) + digit;
                    _position++;
                }

                return (char)code;
            }

            private JsonSyntaxError LoneSurrogateEscape(int escapeStart, char unit)
            {
                _position = escapeStart;
                return Error($"'\\u{(int)unit:x4}' is half of a UTF-16 surrogate pair without its other half; text must be valid Unicode");
            }

            /// <summary>A raw surrogate at the current position must be the high half of a pair.</summary>
            private void CheckSurrogatePair()
            {
                var c = _text[_position];
                if (!char.IsHighSurrogate(c) || _position + 1 >= _text.Length || !char.IsLowSurrogate(_text[_position + 1]))
                {
                    throw Error($"the character U+{(int)c:X4} is half of a UTF-16 surrogate pair without its other half; text must be valid Unicode");
                }
            }

            private void SkipWhitespace()
            {
                while (!AtEnd)
                {
                    var c = _text[_position];
                    if (c == '\n')
                    {
                        _position++;
                        _line++;
                        _lineStart = _position;
                    }
                    else if (c == ' ' || c == '\t' || c == '\r')
                    {
                        _position++;
                    }
                    else
                    {
                        return;
                    }
                }
            }

            /// <summary>Whitespace and comments.</summary>
            private void SkipTrivia()
            {
                while (true)
                {
                    SkipWhitespace();
                    if (AtEnd || _text[_position] != '/')
                    {
                        return;
                    }

                    if (_position + 1 < _text.Length && _text[_position + 1] == '/')
                    {
                        SkipLineComment();
                    }
                    else if (_position + 1 < _text.Length && _text[_position + 1] == '*')
                    {
                        SkipBlockComment();
                    }
                    else
                    {
                        throw Error("'/' starts nothing here; a comment starts with // or /*");
                    }
                }
            }

            private void SkipLineComment()
            {
                _position += 2;
                while (!AtEnd)
                {
                    var c = _text[_position];
                    if (c == '\n' || c == '\r')
                    {
                        return; // the newline itself is whitespace
                    }

                    if (c == '\u2028' || c == '\u2029')
                    {
                        // A line comment ends at \n or \r only; a JavaScript line terminator would hide what follows it.
                        throw Error($"a // comment must not contain U+{(int)c:X4} (a line or paragraph separator); end it with a newline");
                    }

                    if (char.IsSurrogate(c))
                    {
                        CheckSurrogatePair();
                        _position++;
                    }

                    _position++;
                }
            }

            private void SkipBlockComment()
            {
                int startLine = _line, startColumn = Column;
                _position += 2;
                while (true)
                {
                    if (AtEnd)
                    {
                        throw new JsonSyntaxError("invalid JSON: the /* comment is not closed: expected */", startLine, startColumn);
                    }

                    var c = _text[_position];
                    if (c == '*' && _position + 1 < _text.Length && _text[_position + 1] == '/')
                    {
                        _position += 2;
                        return;
                    }

                    if (c == '\n')
                    {
                        _position++;
                        _line++;
                        _lineStart = _position;
                        continue;
                    }

                    if (char.IsSurrogate(c))
                    {
                        CheckSurrogatePair();
                        _position++;
                    }

                    _position++;
                }
            }

            private string Describe(int position)
            {
                var c = _text[position];
                if (char.IsHighSurrogate(c) && position + 1 < _text.Length && char.IsLowSurrogate(_text[position + 1]))
                {
                    return "'" + _text.Substring(position, 2) + "'";
                }

                return "'" + Printable(c) + "'";
            }

            private static string Printable(char c) =>
                c < ' ' || c == '\u007F' || char.IsSurrogate(c) || c == '\u2028' || c == '\u2029' || c == '\uFEFF' || c == '\u00A0'
                    ? "U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture)
                    : c.ToString();

            private JsonSyntaxError Error(string message) => new JsonSyntaxError("invalid JSON: " + message, _line, Column);
        }
    }

    /// <summary>
    /// Writes JSON text: strings quoted and escaped per RFC 8259 (quote, backslash and control characters;
    /// everything else as is), and indented documents for the hand-over file.
    /// </summary>
    internal static class JsonText
    {
        /// <summary>
        /// <paramref name="value"/> as a JSON string literal. A lone surrogate, which no reader can take back
        /// as valid Unicode, is written as U+FFFD.
        /// </summary>
        public static string Quote(string value)
        {
            var text = new StringBuilder(value.Length + 2);
            AppendQuoted(text, value);
            return text.ToString();
        }

        public static void AppendQuoted(StringBuilder text, string value)
        {
            text.Append('"');
            for (var i = 0; i < value.Length; i++)
            {
                var c = value[i];
                switch (c)
                {
                    case '"': text.Append("\\\""); break;
                    case '\\': text.Append("\\\\"); break;
                    case '\b': text.Append("\\b"); break;
                    case '\f': text.Append("\\f"); break;
                    case '\n': text.Append("\\n"); break;
                    case '\r': text.Append("\\r"); break;
                    case '\t': text.Append("\\t"); break;
                    default:
                        if (c < ' ')
                        {
                            text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        }
                        else if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                        {
                            text.Append(c).Append(value[++i]);
                        }
                        else if (char.IsSurrogate(c))
                        {
                            text.Append('\uFFFD');
                        }
                        else
                        {
                            text.Append(c);
                        }

                        break;
                }
            }

            text.Append('"');
        }
    }

    /// <summary>An indented JSON document, written forward: objects, arrays, strings and numbers.</summary>
    internal sealed class JsonTextWriter
    {
        private readonly StringBuilder _text = new StringBuilder();
        private readonly Stack<(char Close, bool HasItems)> _open = new Stack<(char, bool)>();

        public JsonTextWriter StartObject(string? name = null) => Start(name, '{', '}');

        public JsonTextWriter StartArray(string? name = null) => Start(name, '[', ']');

        public JsonTextWriter End()
        {
            var (close, hasItems) = _open.Pop();
            if (hasItems)
            {
                NewLine();
            }

            _text.Append(close);
            return this;
        }

        public JsonTextWriter String(string? name, string value)
        {
            BeginItem(name);
            JsonText.AppendQuoted(_text, value);
            return this;
        }

        public JsonTextWriter Boolean(string? name, bool value)
        {
            BeginItem(name);
            _text.Append(value ? "true" : "false");
            return this;
        }

        public JsonTextWriter Number(string? name, int value)
        {
            BeginItem(name);
            _text.Append(value.ToString(CultureInfo.InvariantCulture));
            return this;
        }

        public override string ToString() => _text.ToString();

        private JsonTextWriter Start(string? name, char open, char close)
        {
            BeginItem(name);
            _text.Append(open);
            _open.Push((close, false));
            return this;
        }

        private void BeginItem(string? name)
        {
            if (_open.Count > 0)
            {
                var (close, hasItems) = _open.Pop();
                if (hasItems)
                {
                    _text.Append(',');
                }

                _open.Push((close, true));
                NewLine();
            }

            if (name is not null)
            {
                JsonText.AppendQuoted(_text, name);
                _text.Append(": ");
            }
        }

        private void NewLine() => _text.Append('\n').Append(' ', 2 * _open.Count);
    }
}
