using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace SupplyChainGuard.Policy
{
    /// <summary>How a look-alike id differs from the id it imitates.</summary>
    public enum LookalikeKind
    {
        /// <summary>A character Unicode lists as confusable with an ASCII one (UTS #39): Cyrillic <c>а</c> for <c>a</c>.</summary>
        Confusable,

        /// <summary>ASCII that reads as other ASCII: <c>l</c> for <c>I</c>, <c>rn</c> for <c>m</c>, <c>0</c> for <c>O</c>.</summary>
        AsciiLookalike,

        /// <summary>A separator swapped, dropped or added: <c>Baidu-AI</c>, <c>BaiduAI</c> for <c>Baidu.AI</c>.</summary>
        Separator,

        /// <summary>One letter added, missing, replaced, or two swapped.</summary>
        OneEdit,

        /// <summary>A letter of another script than the rest of the id, with no ASCII look-alike.</summary>
        OtherScript,
    }

    /// <summary>One place where a look-alike id differs from the id it imitates.</summary>
    public sealed class IdDifference
    {
        public IdDifference(string found, string expected, LookalikeKind kind)
        {
            Found = found;
            Expected = expected;
            Kind = kind;
        }

        /// <summary>The characters in the package id; empty when they are missing.</summary>
        public string Found { get; }

        /// <summary>The characters of the imitated id; empty when the package id adds them.</summary>
        public string Expected { get; }

        public LookalikeKind Kind { get; }

        /// <summary><c>'а' (U+0430 CYRILLIC SMALL LETTER A) in place of 'a' (U+0061), a Unicode confusable (UTS #39)</c></summary>
        public string Describe()
        {
            var what = Kind switch
            {
                LookalikeKind.Confusable => "a Unicode confusable (UTS #39)",
                LookalikeKind.AsciiLookalike => "an ASCII look-alike",
                LookalikeKind.Separator => Found.Length == 0 ? "a dropped separator" : Expected.Length == 0 ? "an added separator" : "a swapped separator",
                LookalikeKind.OtherScript => "a letter of another script",
                _ => "one edit away",
            };

            if (Kind == LookalikeKind.OtherScript)
            {
                return $"{Quote(Found)} is not Latin, {what}";
            }

            if (Found.Length == 0)
            {
                return $"{Quote(Expected)} missing, {what}";
            }

            return Expected.Length == 0 ? $"{Quote(Found)} added, {what}" : $"{Quote(Found)} in place of {Quote(Expected)}, {what}";
        }

        /// <summary><c>'а' (U+0430 CYRILLIC SMALL LETTER A)</c>, <c>'rn' (U+0072 U+006E)</c></summary>
        public static string Quote(string text)
        {
            var codes = new List<string>();
            var names = new List<string>();
            for (var i = 0; i < text.Length; i += char.IsSurrogatePair(text, i) ? 2 : 1)
            {
                var codePoint = char.ConvertToUtf32(text, i);
                codes.Add("U+" + codePoint.ToString("X4", CultureInfo.InvariantCulture));
                if (codePoint >= 0x80 && Confusables.Find(codePoint) is { Name.Length: > 0 } known)
                {
                    names.Add(known.Name);
                }
            }

            var detail = codes.Count == 1 && names.Count == 1 ? codes[0] + " " + names[0] : string.Join(" ", codes);
            return $"'{text}' ({detail})";
        }

        public override string ToString() => Describe();
    }

    /// <summary>A package id that looks like an id a policy pattern stands for, and how.</summary>
    public sealed class IdLookalike
    {
        public IdLookalike(string packageId, NamePattern pattern, string imitatedId, IReadOnlyList<IdDifference> differences, IReadOnlyList<string> scripts)
        {
            PackageId = packageId;
            Pattern = pattern;
            ImitatedId = imitatedId;
            Differences = differences;
            Scripts = scripts;
        }

        public string PackageId { get; }

        /// <summary>The vendor's <c>packages</c> glob the id imitates.</summary>
        public NamePattern Pattern { get; }

        /// <summary>The id it reads as: the glob itself, or the glob with its wildcards filled from the package id.</summary>
        public string ImitatedId { get; }

        public IReadOnlyList<IdDifference> Differences { get; }

        /// <summary>The scripts of the id's letters when it mixes scripts (<c>Latin</c>, <c>Cyrillic</c>); empty otherwise.</summary>
        public IReadOnlyList<string> Scripts { get; }

        public bool MixesScripts => Scripts.Count > 1;

        /// <summary>True when the id is one edit away rather than equal once look-alike characters are folded.</summary>
        public bool IsOneEditAway => Differences.Any(d => d.Kind == LookalikeKind.OneEdit);

        public override string ToString() => $"{PackageId} ~ {ImitatedId}: {string.Join("; ", Differences.Select(d => d.Describe()))}";
    }

    /// <summary>
    /// Decides whether a package id imitates an id a <c>packages</c> glob stands for. Both are folded the same way:
    /// every character is replaced by its UTS #39 prototype (limited to ASCII), case and the ASCII look-alikes that
    /// case-insensitive ids make equal (<c>I</c>, <c>l</c>, <c>1</c>; <c>O</c>, <c>0</c>) are merged, and the
    /// separators <c>.</c>, <c>-</c>, <c>_</c> count as one. An id that is equal to the glob after folding, or one
    /// edit away from it, imitates it. No I/O: the analyzer, the task and the CLI can all ask.
    /// </summary>
    public static class LookalikeMatcher
    {
        /// <summary>An id needs at least this many letters and digits before one edit makes a look-alike; a shorter
        /// one (<c>Tea</c>) is one edit away from too many unrelated ids.</summary>
        public const int MinimumLengthForEdits = 5;

        /// <summary>The same for a glob with wildcards (<c>System.*</c>), which stands for a whole family of ids.</summary>
        public const int MinimumPrefixLengthForEdits = 8;

        private const char SeparatorKey = '.';

        /// <summary>The look-alike relation between <paramref name="packageId"/> and <paramref name="pattern"/>, or null.
        /// An id the glob matches as written is a look-alike only when it mixes scripts.</summary>
        public static IdLookalike? Match(string packageId, NamePattern pattern)
        {
            if (packageId.Length == 0 || pattern.Pattern.Length == 0)
            {
                return null;
            }

            var literal = pattern.IsMatch(packageId);
            if (literal && IsAscii(packageId))
            {
                return null;
            }

            var text = FoldedText(packageId);
            var folded = FoldedPatterns.GetValue(pattern, p => new FoldedPattern(FoldPattern(p.Pattern)));
            var elements = folded.Elements;
            var allowEdit = !literal && folded.Letters >= (pattern.HasWildcards ? MinimumPrefixLengthForEdits : MinimumLengthForEdits);
            if (CannotMatch(folded, text, allowEdit))
            {
                return null;
            }

            var path = Align(elements, text, allowEdit);
            if (path is null)
            {
                return null;
            }

            var (imitated, differences) = Compare(packageId, pattern.Pattern, elements, text, path);
            var scripts = MixedScripts(packageId);
            if (scripts.Count > 1)
            {
                foreach (var letter in OtherScriptLetters(packageId, scripts))
                {
                    if (!differences.Any(d => d.Found.Contains(letter)))
                    {
                        differences.Add(new IdDifference(letter, string.Empty, LookalikeKind.OtherScript));
                    }
                }
            }

            if (differences.Count == 0)
            {
                return null; // the glob matches it as written, and nothing in it reads as something else
            }

            return new IdLookalike(packageId, pattern, imitated, differences, scripts.Count > 1 ? scripts : Array.Empty<string>());
        }

        /// <summary>Globs are folded once, not once per package id.</summary>
        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<NamePattern, FoldedPattern> FoldedPatterns =
            new System.Runtime.CompilerServices.ConditionalWeakTable<NamePattern, FoldedPattern>();

        private sealed class FoldedPattern
        {
            public FoldedPattern(List<Unit> elements)
            {
                Elements = elements;
                Letters = elements.Count(e => e.Kind == ElementKind.Literal && e.Key != SeparatorKey);
                FixedLength = elements.Count(e => e.Kind != ElementKind.Star);
                HasStar = FixedLength != elements.Count;
            }

            /// <summary>Elements that take exactly one character: all but the stars.</summary>
            public int FixedLength { get; }

            public bool HasStar { get; }

            public List<Unit> Elements { get; }

            /// <summary>Letters and digits, the length the edit thresholds compare.</summary>
            public int Letters { get; }
        }

        /// <summary>Cheap tests that rule most pairs out before the alignment runs: the length, and the first character.</summary>
        private static bool CannotMatch(FoldedPattern pattern, List<Unit> t, bool allowEdit)
        {
            var p = pattern.Elements;
            var slack = allowEdit ? 1 : 0;
            if (t.Count + slack < pattern.FixedLength || (!pattern.HasStar && t.Count > pattern.FixedLength + slack))
            {
                return true;
            }

            if (p.Count == 0 || t.Count == 0 || p[0].Kind != ElementKind.Literal)
            {
                return false;
            }

            // Within one edit the id starts with the glob's first character, or its second does (insert), or the id
            // starts with the glob's second (delete, transpose), or both second characters agree (substitute).
            var first = p[0].Key;
            if (t[0].Key == first)
            {
                return false;
            }

            if (!allowEdit)
            {
                return true;
            }

            if (p.Count < 2 || p[1].Kind != ElementKind.Literal || t.Count < 2)
            {
                return false;
            }

            return t[1].Key != first && t[0].Key != p[1].Key && t[1].Key != p[1].Key;
        }

        // ---- folding --------------------------------------------------------------------------------

        private enum ElementKind
        {
            Literal,
            Star,
            Question,
        }

        /// <summary>One folded character and the characters of the original it came from.</summary>
        private readonly struct Unit
        {
            public Unit(char key, int start, int length, ElementKind kind = ElementKind.Literal)
            {
                Key = key;
                Start = start;
                Length = length;
                Kind = kind;
            }

            public char Key { get; }
            public int Start { get; }
            public int Length { get; }
            public ElementKind Kind { get; }
        }

        private static readonly Lazy<char[]> AsciiClasses = new Lazy<char[]>(BuildAsciiClasses);

        /// <summary>
        /// One representative per class of ASCII characters a case-insensitive reader can't tell apart: each letter
        /// with its other case, and every ASCII character with its ASCII prototype (<c>I</c>→<c>l</c>, <c>1</c>→<c>l</c>,
        /// <c>0</c>→<c>O</c>), closed transitively.
        /// </summary>
        private static char[] BuildAsciiClasses()
        {
            var parent = new char[128];
            for (var c = 0; c < 128; c++)
            {
                parent[c] = (char)c;
            }

            char Find(char c) => parent[c] == c ? c : parent[c] = Find(parent[c]);
            void Union(char a, char b)
            {
                var (ra, rb) = (Find(a), Find(b));
                if (ra != rb)
                {
                    parent[Math.Max(ra, rb)] = (char)Math.Min(ra, rb);
                }
            }

            for (var c = 'a'; c <= 'z'; c++)
            {
                Union(c, char.ToUpperInvariant(c));
            }

            foreach (var entry in Confusables.All)
            {
                if (entry.CodePoint < 128 && entry.Prototype.Length == 1 && entry.Prototype[0] < 128)
                {
                    Union((char)entry.CodePoint, entry.Prototype[0]);
                }
            }

            var classes = new char[128];
            for (var c = 0; c < 128; c++)
            {
                classes[c] = Find((char)c);
            }

            return classes;
        }

        private static bool IsSeparator(char c) => c == '.' || c == '-' || c == '_';

        private static char KeyOf(char c)
        {
            if (IsSeparator(c))
            {
                return SeparatorKey;
            }

            return c < 128 ? AsciiClasses.Value[c] : char.ToLowerInvariant(c);
        }

        /// <summary>The ASCII a code point reads as: its own prototype, else its lower case's; null when none.</summary>
        private static string? PrototypeOf(int codePoint)
        {
            if (Confusables.Find(codePoint) is { } direct)
            {
                return direct.Prototype;
            }

            if (codePoint <= 0xFFFF && char.ToLowerInvariant((char)codePoint) is var lower && lower != codePoint)
            {
                return Confusables.Find(lower)?.Prototype;
            }

            return null;
        }

        /// <summary>The detector asks about one id against every glob in turn: the last id's folding is kept per thread.</summary>
        [ThreadStatic]
        private static (string Id, List<Unit> Units)? _lastFolded;

        private static List<Unit> FoldedText(string id)
        {
            if (_lastFolded is { } last && ReferenceEquals(last.Id, id))
            {
                return last.Units;
            }

            var units = FoldText(id);
            _lastFolded = (id, units);
            return units;
        }

        private static readonly Lazy<string?[]> AsciiPrototypes = new Lazy<string?[]>(() =>
        {
            var prototypes = new string?[128];
            for (var c = 0; c < 128; c++)
            {
                prototypes[c] = PrototypeOf(c);
            }

            return prototypes;
        });

        private static List<Unit> FoldText(string text)
        {
            var units = new List<Unit>(text.Length);
            var ascii = AsciiPrototypes.Value;
            for (var i = 0; i < text.Length;)
            {
                if (text[i] < 128)
                {
                    foreach (var c in ascii[text[i]] ?? text[i].ToString())
                    {
                        units.Add(new Unit(KeyOf(c), i, 1));
                    }

                    i++;
                    continue;
                }

                var length = char.IsSurrogatePair(text, i) ? 2 : 1;
                var original = text.Substring(i, length);
                foreach (var codePoint in CodePoints(Decompose(original)))
                {
                    var prototype = PrototypeOf(codePoint) ?? char.ConvertFromUtf32(codePoint);
                    foreach (var c in prototype)
                    {
                        units.Add(new Unit(KeyOf(c), i, length));
                    }
                }

                i += length;
            }

            return units;
        }

        /// <summary>A glob is ASCII (the policy loader allows nothing else in <c>packages</c>); its wildcards stay wildcards.</summary>
        private static List<Unit> FoldPattern(string pattern)
        {
            var elements = new List<Unit>(pattern.Length);
            for (var i = 0; i < pattern.Length; i++)
            {
                var c = pattern[i];
                if (c == '*' || c == '?')
                {
                    elements.Add(new Unit(c, i, 1, c == '*' ? ElementKind.Star : ElementKind.Question));
                    continue;
                }

                foreach (var p in PrototypeOf(c) ?? c.ToString())
                {
                    elements.Add(new Unit(KeyOf(p), i, 1));
                }
            }

            return elements;
        }

        /// <summary>NFD, as UTS #39's skeleton asks; where the host cannot normalize, the character as written.</summary>
        private static string Decompose(string text)
        {
            try
            {
                return text.Normalize(NormalizationForm.FormD);
            }
            catch (ArgumentException)
            {
                return text; // an unpaired surrogate
            }
            catch (PlatformNotSupportedException)
            {
                return text;
            }
        }

        private static IEnumerable<int> CodePoints(string text)
        {
            for (var i = 0; i < text.Length; i += char.IsSurrogatePair(text, i) ? 2 : 1)
            {
                yield return char.IsSurrogatePair(text, i) ? char.ConvertToUtf32(text, i) : text[i];
            }
        }

        // ---- alignment ------------------------------------------------------------------------------

        private enum Step
        {
            None,
            Match,
            StarSkip,   // the star matches nothing more
            StarTake,   // the star takes one more text unit
            Question,
            Substitute,
            Insert,     // a text unit the glob does not have
            Delete,     // a glob character the text does not have
            Transpose,
        }

        private readonly struct Back
        {
            public Back(Step step, int i, int j, int e)
            {
                Step = step;
                I = i;
                J = j;
                E = e;
            }

            public Step Step { get; }
            public int I { get; }
            public int J { get; }
            public int E { get; }
        }

        /// <summary>One step of the alignment: which glob element and which text units it relates.</summary>
        private readonly struct Op
        {
            public Op(Step step, int element, int elementCount, int unit, int unitCount)
            {
                Step = step;
                Element = element;
                ElementCount = elementCount;
                Unit = unit;
                UnitCount = unitCount;
            }

            public Step Step { get; }
            public int Element { get; }
            public int ElementCount { get; }
            public int Unit { get; }
            public int UnitCount { get; }
        }

        /// <summary>
        /// Glob matching with at most one edit (Damerau: insert, delete, substitute, transpose), by dynamic programming
        /// over (glob elements used, text units used, edits). Returns the steps of an alignment with the fewest edits.
        /// </summary>
        // The alignment's tables, kept per thread: the detector runs thousands of alignments per build.
        [ThreadStatic]
        private static bool[]? _reached;

        [ThreadStatic]
        private static Back[]? _back;

        [ThreadStatic]
        private static byte[]? _rank;

        private static List<Op>? Align(List<Unit> p, List<Unit> t, bool allowEdit)
        {
            int n = p.Count, m = t.Count;
            var width = (m + 1) * 2;
            int At(int i, int j, int e) => (i * (m + 1) + j) * 2 + e;
            var size = (n + 1) * width;
            if (_reached is null || _reached.Length < size)
            {
                _reached = new bool[size];
                _back = new Back[size];
                _rank = new byte[size];
            }
            else
            {
                Array.Clear(_reached, 0, size); // only reached states are read from the other two
            }

            var (reached, back, rank) = (_reached, _back!, _rank!);
            reached[At(0, 0, 0)] = true;
            var lastRow = 0;

            // Where two alignments with one edit meet, keep the one a reader recognises first: a separator dropped or
            // added, then two letters swapped, a letter added or missing, a letter replaced. Every predecessor of a
            // state is processed before the state itself, so replacing its back pointer is safe.
            byte RankOf(Step step, int i, int j) => step switch
            {
                Step.Delete => (byte)(p[i].Key == SeparatorKey ? 0 : 2),
                Step.Insert => (byte)(t[j].Key == SeparatorKey ? 0 : 2),
                Step.Transpose => 1,
                _ => 3,
            };

            void Reach(int i, int j, int e, Step step, int fi, int fj, int fe)
            {
                var to = At(i, j, e);
                var r = e == 0 ? (byte)0 : fe == 0 ? RankOf(step, fi, fj) : rank[At(fi, fj, fe)];
                if (!reached[to] || (e == 1 && r < rank[to]))
                {
                    reached[to] = true;
                    back[to] = new Back(step, fi, fj, fe);
                    rank[to] = r;
                    lastRow = Math.Max(lastRow, i);
                }
            }

            // Rows are glob elements; once no state reaches a row, none after it can be reached either.
            for (var i = 0; i <= n && i <= lastRow; i++)
            {
                for (var j = 0; j <= m; j++)
                {
                    for (var e = 0; e < 2; e++)
                    {
                        if (!reached[At(i, j, e)])
                        {
                            continue;
                        }

                        if (i < n)
                        {
                            var element = p[i];
                            switch (element.Kind)
                            {
                                case ElementKind.Star:
                                    Reach(i + 1, j, e, Step.StarSkip, i, j, e);
                                    if (j < m)
                                    {
                                        Reach(i, j + 1, e, Step.StarTake, i, j, e);
                                    }

                                    break;
                                case ElementKind.Question:
                                    if (j < m)
                                    {
                                        Reach(i + 1, j + 1, e, Step.Question, i, j, e);
                                    }

                                    break;
                                default:
                                    if (j < m && t[j].Key == element.Key)
                                    {
                                        Reach(i + 1, j + 1, e, Step.Match, i, j, e);
                                    }

                                    break;
                            }
                        }

                        if (!allowEdit || e == 1)
                        {
                            continue;
                        }

                        var literal = i < n && p[i].Kind == ElementKind.Literal;
                        if (literal)
                        {
                            if (j < m && t[j].Key != p[i].Key)
                            {
                                Reach(i + 1, j + 1, 1, Step.Substitute, i, j, e);
                            }

                            Reach(i + 1, j, 1, Step.Delete, i, j, e);
                        }

                        if (j < m)
                        {
                            Reach(i, j + 1, 1, Step.Insert, i, j, e);
                        }

                        if (literal && i + 1 < n && p[i + 1].Kind == ElementKind.Literal && j + 1 < m
                            && p[i].Key != p[i + 1].Key && t[j].Key == p[i + 1].Key && t[j + 1].Key == p[i].Key)
                        {
                            Reach(i + 2, j + 2, 1, Step.Transpose, i, j, e);
                        }
                    }
                }
            }

            var end = reached[At(n, m, 0)] ? 0 : reached[At(n, m, 1)] ? 1 : -1;
            if (end < 0)
            {
                return null;
            }

            var ops = new List<Op>();
            for (int i = n, j = m, e = end; i > 0 || j > 0;)
            {
                var b = back[At(i, j, e)];
                ops.Add(new Op(b.Step, b.I, i - b.I, b.J, j - b.J));
                (i, j, e) = (b.I, b.J, b.E);
            }

            ops.Reverse();
            return ops;
        }

        // ---- differences ----------------------------------------------------------------------------

        /// <summary>
        /// Groups the alignment by original characters (<c>m</c> folds to two units, <c>rn</c> is two characters) and
        /// compares each group as written: what the id has, what the imitated id has there.
        /// </summary>
        private static (string Imitated, List<IdDifference> Differences) Compare(string id, string glob, List<Unit> p, List<Unit> t, List<Op> ops)
        {
            var groups = new List<List<Op>>();
            foreach (var op in ops)
            {
                if (op.Step == Step.StarSkip)
                {
                    continue;
                }

                var last = groups.Count == 0 ? null : groups[groups.Count - 1];
                if (last is not null && Shares(last, op, p, t))
                {
                    last.Add(op);
                }
                else
                {
                    groups.Add(new List<Op> { op });
                }
            }

            var imitated = new StringBuilder();
            var differences = new List<IdDifference>();
            foreach (var group in groups)
            {
                var found = Span(id, group.Where(o => o.UnitCount > 0).SelectMany(o => Enumerable.Range(o.Unit, o.UnitCount)).Select(u => t[u]));
                var wildcard = group.Any(o => o.Step == Step.StarTake || o.Step == Step.Question);
                if (wildcard)
                {
                    // The glob takes whatever the id has here; only confusable characters in it are worth a word.
                    foreach (var (text, prototype) in Characters(found))
                    {
                        imitated.Append(prototype ?? text);
                        if (prototype is not null)
                        {
                            differences.Add(new IdDifference(text, prototype, LookalikeKind.Confusable));
                        }
                    }

                    continue;
                }

                var expected = Span(glob, group.Where(o => o.ElementCount > 0).SelectMany(o => Enumerable.Range(o.Element, o.ElementCount)).Select(e => p[e]));
                imitated.Append(expected);
                if (!string.Equals(found, expected, StringComparison.OrdinalIgnoreCase))
                {
                    differences.Add(new IdDifference(found, expected, KindOf(found, expected, group)));
                }
            }

            return (imitated.ToString(), differences);
        }

        private static bool Shares(List<Op> group, Op op, List<Unit> p, List<Unit> t)
        {
            var previous = group[group.Count - 1];
            if (previous.Step == Step.StarTake && op.Step == Step.StarTake && previous.Element == op.Element)
            {
                return true;
            }

            if (previous.ElementCount > 0 && op.ElementCount > 0
                && (previous.Element == op.Element || p[previous.Element + previous.ElementCount - 1].Start == p[op.Element].Start))
            {
                return true;
            }

            return previous.UnitCount > 0 && op.UnitCount > 0 && t[previous.Unit + previous.UnitCount - 1].Start == t[op.Unit].Start;
        }

        /// <summary>The original characters that some folded units came from, in order, each once.</summary>
        private static string Span(string original, IEnumerable<Unit> units)
        {
            var list = units.ToList();
            if (list.Count == 0)
            {
                return string.Empty;
            }

            var start = list.Min(u => u.Start);
            var end = list.Max(u => u.Start + u.Length);
            return original.Substring(start, end - start);
        }

        private static IEnumerable<(string Text, string? Prototype)> Characters(string text)
        {
            for (var i = 0; i < text.Length; i += char.IsSurrogatePair(text, i) ? 2 : 1)
            {
                var codePoint = char.ConvertToUtf32(text, i);
                var character = char.ConvertFromUtf32(codePoint);
                yield return (character, codePoint >= 0x80 ? PrototypeOf(codePoint) : null);
            }
        }

        private static LookalikeKind KindOf(string found, string expected, List<Op> group)
        {
            if (group.Any(o => o.Step is Step.Substitute or Step.Insert or Step.Delete or Step.Transpose))
            {
                var separatorsOnly = (found + expected).All(IsSeparator);
                return separatorsOnly ? LookalikeKind.Separator : LookalikeKind.OneEdit;
            }

            if ((found + expected).All(IsSeparator))
            {
                return LookalikeKind.Separator;
            }

            return IsAscii(found) ? LookalikeKind.AsciiLookalike : LookalikeKind.Confusable;
        }

        // ---- scripts --------------------------------------------------------------------------------

        /// <summary>
        /// The scripts of the id's letters when they are more than one, as UTS #39's restriction levels see it: Latin
        /// with Han, Hiragana, Katakana, Hangul or Bopomofo is still one writing system. Letters outside the data's
        /// scripts count as "another script".
        /// </summary>
        private static List<string> MixedScripts(string id)
        {
            var scripts = new List<string>();
            foreach (var (text, _) in Characters(id))
            {
                var codePoint = char.ConvertToUtf32(text, 0);
                if (!char.IsLetter(text, 0) || ScriptOf(codePoint) is not { } script || scripts.Contains(script))
                {
                    continue;
                }

                scripts.Add(script);
            }

            var withLatin = new[] { "Latin", "Han", "Hiragana", "Katakana", "Hangul", "Bopomofo" };
            return scripts.Count > 1 && !scripts.All(s => withLatin.Contains(s)) ? scripts : new List<string>();
        }

        private static IEnumerable<string> OtherScriptLetters(string id, List<string> scripts)
        {
            foreach (var (text, _) in Characters(id))
            {
                if (char.IsLetter(text, 0) && ScriptOf(char.ConvertToUtf32(text, 0)) is { } script && script != "Latin")
                {
                    yield return text;
                }
            }
        }

        /// <summary>The script of a letter: from the confusables data where it has the letter, else by Unicode block
        /// for Latin and the East Asian scripts, else "another script".</summary>
        private static string? ScriptOf(int codePoint)
        {
            if (codePoint < 0x80 || (codePoint >= 0xC0 && codePoint <= 0x24F) || (codePoint >= 0x1E00 && codePoint <= 0x1EFF))
            {
                return "Latin";
            }

            if (Confusables.Find(codePoint) is { } known && known.Script is not ("Common" or "Inherited" or "Unknown"))
            {
                return known.Script;
            }

            if ((codePoint >= 0x4E00 && codePoint <= 0x9FFF) || (codePoint >= 0x3400 && codePoint <= 0x4DBF) || (codePoint >= 0x20000 && codePoint <= 0x3134F))
            {
                return "Han";
            }

            if (codePoint >= 0x3040 && codePoint <= 0x309F)
            {
                return "Hiragana";
            }

            if (codePoint >= 0x30A0 && codePoint <= 0x30FF)
            {
                return "Katakana";
            }

            if ((codePoint >= 0xAC00 && codePoint <= 0xD7AF) || (codePoint >= 0x1100 && codePoint <= 0x11FF) || (codePoint >= 0x3130 && codePoint <= 0x318F))
            {
                return "Hangul";
            }

            if (codePoint >= 0x3100 && codePoint <= 0x312F)
            {
                return "Bopomofo";
            }

            return Confusables.Find(codePoint) is { Script: "Common" or "Inherited" } ? null : ScriptByBlock(codePoint);
        }

        private static string ScriptByBlock(int codePoint) => codePoint switch
        {
            >= 0x0370 and <= 0x03FF => "Greek",
            >= 0x1F00 and <= 0x1FFF => "Greek",
            >= 0x0400 and <= 0x052F => "Cyrillic",
            >= 0x0530 and <= 0x058F => "Armenian",
            >= 0x0590 and <= 0x05FF => "Hebrew",
            >= 0x0600 and <= 0x06FF => "Arabic",
            >= 0x13A0 and <= 0x13FF => "Cherokee",
            _ => "another script",
        };

        private static bool IsAscii(string text) => text.All(c => c < 128);
    }
}
