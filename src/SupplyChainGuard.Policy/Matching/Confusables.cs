using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace SupplyChainGuard.Policy
{
    /// <summary>
    /// Unicode's confusable mappings (UTS #39, confusables.txt 17.0.0), limited to those whose prototype is made of
    /// ASCII letters, digits and the separators of package ids. That is all a look-alike of an ASCII package id
    /// can use, and it keeps the embedded data small. Loaded once, on first use.
    /// </summary>
    public static class Confusables
    {
        /// <summary>The version of confusables.txt the data file was taken from.</summary>
        public const string UnicodeVersion = "17.0.0";

        private const string ResourceName = "SupplyChainGuard.Policy.Matching.confusables-ascii.txt";

        private static readonly Lazy<Dictionary<int, Confusable>> Table = new Lazy<Dictionary<int, Confusable>>(Load);

        /// <summary>The mapping of one code point, or null when Unicode maps it to nothing ASCII.</summary>
        public static Confusable? Find(int codePoint) => Table.Value.TryGetValue(codePoint, out var entry) ? entry : null;

        /// <summary>Every mapping, for tests and documentation.</summary>
        public static IReadOnlyCollection<Confusable> All => Table.Value.Values;

        private static Dictionary<int, Confusable> Load()
        {
            using var stream = typeof(Confusables).Assembly.GetManifestResourceStream(ResourceName)
                ?? throw new InvalidOperationException($"the resource '{ResourceName}' is missing from {typeof(Confusables).Assembly.GetName().Name}");
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var table = new Dictionary<int, Confusable>();
            string? line;
            var number = 0;
            while ((line = reader.ReadLine()) is not null)
            {
                number++;
                if (line.Length == 0 || line[0] == '#')
                {
                    continue;
                }

                var entry = Parse(line, number);
                table.Add(entry.CodePoint, entry);
            }

            return table;
        }

        /// <summary><c>0430 ; 0061 ; Cyrillic # CYRILLIC SMALL LETTER A</c></summary>
        private static Confusable Parse(string line, int number)
        {
            var hash = line.IndexOf('#');
            var name = hash < 0 ? string.Empty : line.Substring(hash + 1).Trim();
            var fields = (hash < 0 ? line : line.Substring(0, hash)).Split(';');
            if (fields.Length != 3)
            {
                throw new InvalidDataException($"{ResourceName} line {number}: expected 'source ; prototype ; script # name'");
            }

            var source = int.Parse(fields[0].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            var prototype = new StringBuilder();
            foreach (var part in fields[1].Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries))
            {
                prototype.Append(char.ConvertFromUtf32(int.Parse(part, NumberStyles.HexNumber, CultureInfo.InvariantCulture)));
            }

            return new Confusable(source, prototype.ToString(), fields[2].Trim(), name);
        }
    }

    /// <summary>One line of the data: a code point, the ASCII text it is confusable with, and what it is.</summary>
    public sealed class Confusable
    {
        public Confusable(int codePoint, string prototype, string script, string name)
        {
            CodePoint = codePoint;
            Prototype = prototype;
            Script = script;
            Name = name;
        }

        public int CodePoint { get; }

        /// <summary>What it looks like: <c>a</c> for U+0430, <c>rn</c> for <c>m</c>, <c>l</c> for <c>I</c>.</summary>
        public string Prototype { get; }

        /// <summary>The Unicode script of the source (<c>Cyrillic</c>, <c>Greek</c>, <c>Common</c>, …).</summary>
        public string Script { get; }

        /// <summary>The Unicode name, e.g. <c>CYRILLIC SMALL LETTER A</c>; empty when the data has none.</summary>
        public string Name { get; }
    }
}
