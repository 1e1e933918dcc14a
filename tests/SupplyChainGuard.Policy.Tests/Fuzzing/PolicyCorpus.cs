using System;
using System.Linq;
using System.Text;
using CsCheck;

namespace SupplyChainGuard.Policy.Tests.Fuzzing
{
    /// <summary>
    /// Generated policy files, for the loader's and the analyzer's fuzz tests: well-formed policies built from
    /// the keys the loader knows, with values of every JSON type, then mutated (truncated, cut, spliced, with
    /// stray tokens) and dressed with what hostile or careless input brings: comments and trailing commas,
    /// BOMs, CRLF, surrogates (paired, lone, escaped), control characters, line separators, deep nesting,
    /// megabyte strings and pathological globs. Uses public API only: the analyzer tests compile this file too.
    /// </summary>
    public static class PolicyCorpus
    {
        private static readonly string[] RootKeys = { "$schema", "extends", "mode", "restrictedJurisdictions", "vendors", "waivers", "Vendors", "unknown" };
        private static readonly string[] VendorKeys = { "id", "name", "jurisdiction", "restricted", "reason", "severity", "match", "alternatives", "Id" };
        private static readonly string[] MatchKeys = { "packages", "owners", "authors", "certificates", "repositories", "assemblies", "publicKeyTokens", "namespaces", "nativeLibraries", "endpoints", "owner" };
        private static readonly string[] WaiverKeys = { "vendor", "package", "namespaces", "types", "reason", "expires", "projects" };
        private static readonly string[] AlternativeKeys = { "package", "note", "namespaces", "types" };

        /// <summary>Values a policy plausibly holds, and values that break one rule each.</summary>
        private static readonly string[] Words =
        {
            "baidu", "Baidu", "hikvision", "CN", "cn", "RU", "XX", "China", "deny", "allowlist", "strict", "error", "warning", "info", "none", "fatal",
            "Baidu.AI", "Baidu-AI*", "aliyun-net-sdk-*", "*.baidubce.com", "Baidu.Aip", "Baidu.Aip.Ocr", "AipSdk", "HCNetSDK", "0123456789ABCDEF",
            "O=Baidu*", "SHA256:5A29F3C15A29F3C15A29F3C15A29F3C15A29F3C15A29F3C15A29F3C15A29F3C1", "SHA1:3F1A", "github.com/Baidu-AIP/*",
            "2027-03-31", "31/03/2027", "2027-02-30", "src/Legacy/**", "**/*.csproj", "../org/supplychainguard.json", "preset:nope",
            "preset:us-fcc-covered-list", "./supplychainguard.json", "/dev/zero", "", " ", "Baidu AI", "a|b", "org\u0000.json", "百度", "Ω",
            "*********a", "*a*a*a*a*b", "??????????", "a**b", "Baidu.*", "Amazon.Textract", "AWSSDK.Textract",
        };

        /// <summary>Bits of text that make strings interesting: escapes, surrogates, controls, separators.</summary>
        private static readonly string[] StringPieces =
        {
            "a", "Z", "0", " ", "-", ".", "*", "?", "/", "\\\\", "\\\"", "\\n", "\\t", "\\/", "\\u0041", "\\u00e9", "\\u0000", "\\ud83d\\ude00",
            "\\ud800", "\\udc00", "\\ud800\\u0041", "\\uD83D", "é", "百度", "😀", "\ud83d\ude00", "\u0001", "\u001f", "\u007f",
            "\u2028", "\u2029", "\uFEFF", "\u00a0", "\\x", "\\u12", "\t",
        };

        /// <summary>What a mutation inserts: structure, stray tokens, and characters a reader must survive.</summary>
        private static readonly string[] Splices =
        {
            "{", "}", "[", "]", ",", ":", "\"", "\\", "/", "*", "//", "/*", "*/", "\u0000", "\\ud800", "\uFEFF", "\u2028",
            "é", "😀", "1e", "-", "01", "tru", "null", "true", ",,", "\r", "\n", "\r\n", "\"\\u", "[[[[", "]]]]", "{\"a\":", "\u0085",
        };

        /// <summary>Raw lone surrogates: text no valid encoding can hold, but a string in memory (or a UTF-16 file) can.</summary>
        private static readonly string[] LoneSurrogates = { "\ud800", "\udc00", "\udbff", "\ud83d" };

        private static readonly string[] Trivia = { "", "", "", " ", "\n", "\r\n", "\t", "  ", " /* note */ ", " // note\n", "/**/", "\n// line\n" };

        private static Gen<string> Pick(string[] values) => Gen.OneOf(values.Select(Gen.Const).ToArray());

        private static readonly Gen<string> TriviaGen = Pick(Trivia);

        /// <summary>Between a name and its colon: mostly nothing, now and then a comment (which JSON with comments still forbids there).</summary>
        private static readonly Gen<string> NameTrivia = Gen.Frequency((12, Gen.Const(string.Empty)), (4, Gen.Const(" ")), (1, Pick(Trivia)));

        private static readonly Gen<string> StringContent = Gen.Frequency(
            (6, Pick(Words).Select(EscapeForJson)),
            (3, Pick(StringPieces).Array[0, 8].Select(parts => string.Concat(parts))),
            (1, Gen.String[Gen.Char[' ', '~'], 0, 30].Select(EscapeForJson)),
            (1, Gen.Select(Pick(Words), Pick(LoneSurrogates), (word, lone) => EscapeForJson(word) + lone)));

        private static readonly Gen<string> StringValue = StringContent.Select(s => "\"" + s + "\"");

        private static readonly Gen<string> NumberValue = Pick(new[] { "0", "1", "-1", "42", "1.5", "-0", "1e5", "1E+2", "2.5e-3", "123456789012345678901234567890" });

        private static readonly Gen<string> Scalar = Gen.Frequency(
            (8, StringValue),
            (2, NumberValue),
            (1, Pick(new[] { "true", "false", "null" })));

        /// <summary>Any JSON value, to nest a few levels.</summary>
        private static readonly Gen<string> AnyValue = Gen.Recursive<string>((depth, inner) =>
            depth >= 3
                ? Scalar
                : Gen.Frequency(
                    (6, Scalar),
                    (2, Container(inner.Array[0, 4], '[', ']')),
                    (2, Container(Gen.Select(Pick(Words).Select(EscapeForJson), inner, (k, v) => "\"" + k + "\": " + v).Array[0, 3], '{', '}'))));

        private static Gen<string> Container(Gen<string[]> items, char open, char close) =>
            Gen.Select(items, TriviaGen, Gen.Int[0, 4], (parts, trivia, comma) =>
                open + trivia + string.Join("," + trivia, parts) + (comma == 0 && parts.Length > 0 ? "," : string.Empty) + trivia + close);

        /// <summary>An object with keys drawn from <paramref name="keys"/>, each value from <paramref name="value"/>.</summary>
        private static Gen<string> ObjectOf(string[] keys, Func<string, Gen<string>> value) =>
            Pick(keys).Array[0, 6].SelectMany(names =>
                Gen.Select(names.Select(k => Gen.Select(value(k), NameTrivia, TriviaGen, (v, t1, t2) => "\"" + k + "\"" + t1 + ":" + t2 + v)).ToArray().Let(SequenceOf), TriviaGen, Gen.Int[0, 3],
                    (members, trivia, comma) => "{" + trivia + string.Join("," + trivia, members) + (comma == 0 && members.Length > 0 ? "," : string.Empty) + trivia + "}"));

        private static Gen<string> ArrayOf(Gen<string> item) => Container(item.Array[0, 4], '[', ']');

        private static Gen<string> Typed(Gen<string> expected) => Gen.Frequency((9, expected), (1, AnyValue));

        private static readonly Gen<string> MatchObject = ObjectOf(MatchKeys, _ => Typed(ArrayOf(StringValue)));

        private static readonly Gen<string> AlternativeObject = ObjectOf(AlternativeKeys, key =>
            key == "namespaces" || key == "types"
                ? Typed(ObjectOf(new[] { "Baidu.Aip", "Baidu.Aip.Ocr.Ocr", "Baidu Aip" }, _ => StringValue))
                : Typed(StringValue));

        private static readonly Gen<string> VendorObject = ObjectOf(VendorKeys, key => key switch
        {
            "restricted" => Typed(Pick(new[] { "true", "false" })),
            "match" => Typed(MatchObject),
            "alternatives" => Typed(ArrayOf(AlternativeObject)),
            _ => Typed(StringValue),
        });

        private static readonly Gen<string> WaiverObject = ObjectOf(WaiverKeys, key =>
            key == "namespaces" || key == "types" || key == "projects" ? Typed(ArrayOf(StringValue)) : Typed(StringValue));

        /// <summary>A policy as a person (or a careless generator) would write it: mostly the right shape.</summary>
        public static readonly Gen<string> WellFormed = Gen.Select(
            ObjectOf(RootKeys, key => key switch
            {
                "vendors" or "Vendors" => Typed(ArrayOf(VendorObject)),
                "waivers" => Typed(ArrayOf(WaiverObject)),
                "extends" or "restrictedJurisdictions" => Typed(ArrayOf(StringValue)),
                _ => Typed(StringValue),
            }),
            TriviaGen,
            TriviaGen,
            Gen.Int[0, 9],
            (body, before, after, bom) => (bom == 0 ? "\uFEFF" : string.Empty) + before + body + after);

        /// <summary>One edit that breaks text the way truncation, merging and typing do.</summary>
        private static Gen<string> Mutate(string text) => Gen.Frequency(
            (3, Gen.Int[0, text.Length].Select(cut => text.Substring(0, cut))),
            (3, Gen.Select(Gen.Int[0, text.Length], Pick(Splices), (at, splice) => text.Insert(at, splice))),
            (1, Gen.Select(Gen.Int[0, text.Length], Pick(LoneSurrogates), (at, lone) => text.Insert(at, lone))),
            (2, Gen.Select(Gen.Int[0, text.Length], Pick(Trivia), (at, trivia) => text.Insert(at, trivia))),
            (2, Gen.Select(Gen.Int[0, text.Length], Gen.Int[0, 8], (at, length) => text.Remove(at, Math.Min(length, text.Length - at)))),
            (1, Gen.Select(Gen.Int[0, text.Length], Gen.Int[0, 40], (at, length) => text.Insert(at, text.Substring(at, Math.Min(length, text.Length - at))))),
            (1, Gen.Int[0, Math.Max(0, text.Length - 1)].Select(at => text.Length == 0 ? text : text.Remove(at, 1).Insert(at, "\u0000"))));

        /// <summary>Text nested around the 64-level limit, in arrays or objects, inside a policy key or at the root.</summary>
        public static readonly Gen<string> DeeplyNested = Gen.Select(Gen.Int[58, 70], Gen.Int[0, 2], (depth, shape) => shape switch
        {
            0 => "{\"vendors\": " + new string('[', depth - 1) + new string(']', depth - 1) + "}",
            1 => string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth),
            _ => "{\"vendors\": [" + string.Concat(Enumerable.Repeat("{\"match\":", depth - 2)) + "{}" + new string('}', depth - 2) + "]}",
        });

        /// <summary>Rare and large: a megabyte string as a value, a key or a glob.</summary>
        public static readonly Gen<string> Huge = Gen.Select(Gen.Int[0, 3], Gen.Int[512 * 1024, 1024 * 1024], (where, length) =>
        {
            var big = new string('a', length);
            return where switch
            {
                0 => "{\"vendors\": [ { \"id\": \"v\", \"reason\": \"" + big + "\" } ] }",
                1 => "{\"" + big + "\": 1}",
                2 => "{\"vendors\": [ { \"id\": \"v\", \"match\": { \"packages\": [\"" + big + "*\"] } } ] }",
                _ => "{\"vendors\": [ { \"id\": \"v\", \"name\": \"" + big + "\\ud800\" } ] }",
            };
        });

        /// <summary>Globs that a backtracking matcher takes exponential or quadratic time on.</summary>
        public static readonly Gen<string> PathologicalGlobPolicy = Gen.Select(Gen.Int[1, 40], Gen.Int[0, 2], (stars, shape) =>
        {
            var glob = shape switch
            {
                0 => new string('*', stars) + "a",
                1 => string.Concat(Enumerable.Repeat("*a", stars)) + "*b",
                _ => string.Concat(Enumerable.Repeat("?*", stars)) + "b",
            };
            return "{\"vendors\": [ { \"id\": \"v\", \"match\": { \"packages\": [\"" + glob + "\"], \"owners\": [\"" + glob + "\"] } } ],"
                + " \"waivers\": [ { \"vendor\": \"v\", \"reason\": \"r\", \"expires\": \"2027-03-31\", \"projects\": [\"" + glob.Replace("*a", "**/a") + "\"] } ] }";
        });

        /// <summary>Every kind of policy text, most of them broken: the corpus.</summary>
        public static readonly Gen<string> Text = Gen.Frequency(
            (150, WellFormed),
            (250, WellFormed.SelectMany(Mutate)),
            (75, WellFormed.SelectMany(Mutate).SelectMany(Mutate).SelectMany(Mutate)),
            (20, DeeplyNested),
            (15, PathologicalGlobPolicy),
            (1, Huge));

        /// <summary>Policy files as bytes: UTF-8 with or without BOM, UTF-16 with BOM, then bytes broken in place.</summary>
        public static readonly Gen<byte[]> Bytes = Gen.Select(Text, Gen.Int[0, 5], Gen.Int[0, 9], Gen.Int[0, int.MaxValue], Pick(new[] { "\u00FF", "\u00C3", "\u00ED\u00A0\u0080", "\u00F4\u0090", "\u00C0\u00AF", "\u00E2\u0082", "\u0080" }),
            (text, encoding, breakage, where, badBytes) =>
            {
                var body = text.Length > 0 && text[0] == '\uFEFF' ? text.Substring(1) : text;
                var bytes = encoding switch
                {
                    0 => Concat(new byte[] { 0xEF, 0xBB, 0xBF }, Encoding.UTF8.GetBytes(body)),
                    1 => Concat(new byte[] { 0xFF, 0xFE }, Encoding.Unicode.GetBytes(body)),
                    2 => Concat(new byte[] { 0xFE, 0xFF }, Encoding.BigEndianUnicode.GetBytes(body)),
                    _ => Encoding.UTF8.GetBytes(body),
                };

                if (breakage >= 5 || bytes.Length == 0)
                {
                    return bytes;
                }

                var at = where % bytes.Length;
                var bad = badBytes.Select(c => (byte)c).ToArray();
                return breakage switch
                {
                    0 => bytes.Take(at).ToArray(), // cut, possibly inside a character
                    1 => Concat(bytes.Take(at).ToArray(), Concat(bad, bytes.Skip(at).ToArray())),
                    _ => bytes.Select((b, i) => i == at ? (byte)(b ^ 0x80) : b).ToArray(),
                };
            });

        /// <summary>Shows a failing case without a megabyte of it.</summary>
        public static string Print(string text)
        {
            var shown = text.Length > 2000 ? text.Substring(0, 2000) + $"… ({text.Length} characters)" : text;
            var escaped = new StringBuilder();
            foreach (var c in shown)
            {
                escaped.Append(c < ' ' || char.IsSurrogate(c) || c > '~' ? $"\\u{(int)c:x4}" : c.ToString());
            }

            return "\"" + escaped + "\"";
        }

        public static string Print(byte[] bytes) => Convert.ToHexString(bytes.Take(2000).ToArray()) + (bytes.Length > 2000 ? $"… ({bytes.Length} bytes)" : string.Empty);

        private static string EscapeForJson(string value)
        {
            var text = new StringBuilder();
            foreach (var c in value)
            {
                text.Append(c switch
                {
                    '"' => "\\\"",
                    '\\' => "\\\\",
                    < ' ' => $"\\u{(int)c:x4}",
                    _ => c.ToString(),
                });
            }

            return text.ToString();
        }

        private static Gen<string[]> SequenceOf(Gen<string>[] gens) =>
            gens.Aggregate(Gen.Const(Array.Empty<string>()), (acc, g) => Gen.Select(acc, g, (list, item) => list.Append(item).ToArray()));

        private static TResult Let<T, TResult>(this T value, Func<T, TResult> f) => f(value);

        private static byte[] Concat(byte[] a, byte[] b)
        {
            var result = new byte[a.Length + b.Length];
            a.CopyTo(result, 0);
            b.CopyTo(result, a.Length);
            return result;
        }
    }
}
