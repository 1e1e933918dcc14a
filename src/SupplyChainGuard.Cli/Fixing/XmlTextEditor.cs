using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace SupplyChainGuard.Cli.Fixing
{
    /// <summary>
    /// Edits an MSBuild file as text, so everything outside the edited values stays byte for byte: comments,
    /// indentation, attribute order, line endings, the byte-order mark. XML is parsed only to find where an element's
    /// attribute value (or element text) starts and ends; a file that does not parse is never written.
    /// </summary>
    internal sealed class XmlTextEditor
    {
        private readonly List<(int Start, int Length, string Text)> _edits = new List<(int, int, string)>();
        private readonly int[] _lineStarts;

        private XmlTextEditor(string path, string text, Encoding encoding, bool byteOrderMark, XDocument document)
        {
            Path = path;
            Text = text;
            Encoding = encoding;
            ByteOrderMark = byteOrderMark;
            Document = document;
            var starts = new List<int> { 0 };
            for (var i = 0; i < text.Length; i++)
            {
                if (text[i] == '\n')
                {
                    starts.Add(i + 1);
                }
            }

            _lineStarts = starts.ToArray();
        }

        public string Path { get; }
        public string Text { get; }
        public Encoding Encoding { get; }
        public bool ByteOrderMark { get; }
        public XDocument Document { get; }
        public bool HasEdits => _edits.Count > 0;

        /// <summary>Reads a file for editing; throws <see cref="FixException"/> when it is not well-formed XML.</summary>
        public static XmlTextEditor Open(string path)
        {
            var bytes = File.ReadAllBytes(path);
            var bom = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF;
            var unicodeBom = bytes.Length >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF));
            string text;
            Encoding encoding;
            using (var reader = new StreamReader(new MemoryStream(bytes), new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true))
            {
                text = reader.ReadToEnd();
                encoding = reader.CurrentEncoding;
            }

            try
            {
                var document = XDocument.Parse(text, LoadOptions.SetLineInfo | LoadOptions.PreserveWhitespace);
                return new XmlTextEditor(path, text, encoding, bom || unicodeBom, document);
            }
            catch (XmlException e)
            {
                throw new FixException($"'{path}' is not well-formed XML ({e.Message}); it was left alone");
            }
        }

        /// <summary>The element named <paramref name="name"/> whose start tag begins on 1-based <paramref name="line"/>.</summary>
        public XElement? ElementAt(string name, int line) =>
            Document.Descendants().FirstOrDefault(e => e.Name.LocalName == name && ((IXmlLineInfo)e).LineNumber == line);

        public IEnumerable<XElement> Elements(string name) => Document.Descendants().Where(e => e.Name.LocalName == name);

        /// <summary>Replaces an attribute's value, leaving its quotes and everything around it as it was.</summary>
        public void SetAttribute(XAttribute attribute, string value)
        {
            var info = (IXmlLineInfo)attribute;
            var at = Offset(info.LineNumber, info.LinePosition);
            var equals = Text.IndexOf('=', at);
            var quoteAt = equals + 1;
            while (quoteAt < Text.Length && char.IsWhiteSpace(Text[quoteAt]))
            {
                quoteAt++;
            }

            var quote = Text[quoteAt];
            var end = Text.IndexOf(quote, quoteAt + 1);
            if (equals < 0 || (quote != '"' && quote != '\'') || end < 0)
            {
                throw new FixException($"the attribute '{attribute.Name.LocalName}' in '{Path}' could not be located in the text");
            }

            _edits.Add((quoteAt + 1, end - quoteAt - 1, Escape(value)));
        }

        /// <summary>Replaces the text of an element like <c>&lt;Version&gt;1.0&lt;/Version&gt;</c>.</summary>
        public void SetElementText(XElement element, string value)
        {
            var info = (IXmlLineInfo)element;
            var start = Text.IndexOf('>', Offset(info.LineNumber, info.LinePosition)) + 1;
            var end = Text.IndexOf("</", start, StringComparison.Ordinal);
            if (start <= 0 || end < 0 || element.HasElements)
            {
                throw new FixException($"the element '{element.Name.LocalName}' in '{Path}' could not be located in the text");
            }

            _edits.Add((start, end - start, Escape(value)));
        }

        /// <summary>Inserts a copy of <paramref name="element"/>'s line right after it, with the given values.</summary>
        public void InsertLineAfter(XElement element, Func<string, string> rewrite)
        {
            var line = ((IXmlLineInfo)element).LineNumber;
            var start = _lineStarts[line - 1];
            var next = line < _lineStarts.Length ? _lineStarts[line] : Text.Length;
            var original = Text.Substring(start, next - start);
            var newline = original.EndsWith("\r\n", StringComparison.Ordinal) ? "\r\n" : original.EndsWith("\n", StringComparison.Ordinal) ? "\n" : Environment.NewLine;
            _edits.Add((next, 0, (original.EndsWith("\n", StringComparison.Ordinal) ? string.Empty : newline) + rewrite(original.TrimEnd('\r', '\n')) + (original.EndsWith("\n", StringComparison.Ordinal) ? newline : string.Empty)));
        }

        /// <summary>The text with every edit applied; it must still parse, or nothing is written.</summary>
        public string Result()
        {
            var builder = new StringBuilder(Text);
            foreach (var (start, length, text) in _edits.OrderByDescending(e => e.Start))
            {
                builder.Remove(start, length).Insert(start, text);
            }

            var result = builder.ToString();
            try
            {
                XDocument.Parse(result);
            }
            catch (XmlException e)
            {
                throw new FixException($"editing '{Path}' would leave it malformed ({e.Message}); it was left alone");
            }

            return result;
        }

        public void Save(string result)
        {
            var encoding = Encoding is UTF8Encoding ? new UTF8Encoding(ByteOrderMark) : Encoding;
            var preamble = ByteOrderMark ? encoding.GetPreamble() : Array.Empty<byte>();
            File.WriteAllBytes(Path, preamble.Concat(encoding.GetBytes(result)).ToArray());
        }

        private int Offset(int line, int column) => _lineStarts[line - 1] + column - 1;

        private static string Escape(string value) => SecurityElement.Escape(value) ?? value;
    }

    internal sealed class FixException : Exception
    {
        public FixException(string message)
            : base(message)
        {
        }
    }
}
