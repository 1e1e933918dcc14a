using System;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using CsCheck;
using SupplyChainGuard.Policy.Loading;
using Xunit;

namespace SupplyChainGuard.Policy.Tests.Fuzzing
{
    /// <summary>
    /// Property-based tests of the loader over <see cref="PolicyCorpus"/>: whatever the text, the loader gives a
    /// policy or SCG0901 diagnostics inside the file, never an exception; and the hand-written reader agrees
    /// with System.Text.Json, except where it is stricter on purpose. A failure prints CsCheck's seed: set
    /// it as <c>seed:</c> in the test (or the CsCheck_Seed environment variable) to run that case again.
    /// </summary>
    public sealed class PolicyFuzzTests
    {
        private const long Iterations = 10_000;

        private static readonly string LongId = string.Concat(Enumerable.Repeat("a", 2_000));
        private static readonly string LongPath = string.Join("/", Enumerable.Repeat("aaaa", 400)) + "/App.csproj";

        [Fact]
        public void Every_generated_policy_loads_or_fails_with_SCG0901_inside_the_file()
        {
            PolicyCorpus.Text.Sample(text =>
            {
                var result = new PolicyLoader(new InMemoryPolicyFiles()).LoadText(TestPaths.Policy, text);
                AssertLoadedOrReportedInside(result, WithoutBom(text));
            }, iter: Iterations, print: PolicyCorpus.Print);
        }

        [Fact]
        public void Every_generated_policy_file_loads_from_its_bytes_or_fails_with_SCG0901_inside_the_file()
        {
            PolicyCorpus.Bytes.Sample(bytes =>
            {
                var result = new PolicyLoader(new BytesReader(bytes)).Load(TestPaths.Policy);
                AssertLoadedOrReportedInside(result, LenientlyDecoded(bytes));
            }, iter: Iterations / 2, print: PolicyCorpus.Print);
        }

        [Fact]
        public void The_reader_and_System_Text_Json_agree_on_every_generated_text_except_lone_surrogates()
        {
            PolicyCorpus.Text.Sample(text =>
            {
                JsonNode? ours;
                string? ourError = null;
                try
                {
                    ours = JsonTreeReader.Parse(text);
                }
                catch (JsonSyntaxError e)
                {
                    ours = null;
                    ourError = e.Message;
                }

                if (HasLoneSurrogate(WithoutBom(text)))
                {
                    // Deliberate: System.Text.Json reads a raw lone surrogate as U+FFFD; the policy reader rejects it.
                    Assert.True(ours is null, "a text with a raw lone surrogate was accepted");
                    return;
                }

                var theirs = SystemTextJsonTree.Parse(text, out var theirError);
                Assert.True((ours is null) == (theirs is null), $"accept/reject differ: ours {ourError ?? "accepts"}; System.Text.Json {theirError ?? "accepts"}");
                if (ours is not null)
                {
                    AssertSameTree(theirs!, ours, "$");
                }
            }, iter: Iterations, print: PolicyCorpus.Print);
        }

        /// <summary>Globs of *, ? and letters against long texts: the same answer as a non-backtracking regular expression, in bounded steps.</summary>
        [Fact]
        public void Generated_globs_match_as_a_regular_expression_does_within_a_linear_number_of_steps()
        {
            var glob = Gen.String[Gen.Char["ab*?"], 0, 24];
            var text = Gen.Select(Gen.String[Gen.Char["abAB"], 0, 12], Gen.Int[0, 3000], Gen.Char["ab"], (head, repeat, tail) => head + new string('a', repeat) + tail);
            Gen.Select(glob, text).Sample((pattern, value) =>
            {
                var matched = GlobMatcher.IsMatch(pattern, value, pathAware: false, out var steps);
                var regex = new Regex("^" + string.Concat(pattern.Select(c => c == '*' ? ".*" : c == '?' ? "." : Regex.Escape(c.ToString()))) + "$",
                    RegexOptions.NonBacktracking | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline);
                Assert.Equal(regex.IsMatch(value), matched);
                Assert.True(steps <= (2L * (value.Length + 1) * (pattern.Length + 1)), $"{steps} steps for a pattern of {pattern.Length} and a text of {value.Length}");
            }, iter: 2_000);
        }

        private static void AssertLoadedOrReportedInside(PolicyLoadResult result, string content)
        {
            Assert.Equal(result.Policy is not null, result.Diagnostics.Count == 0);
            var lines = content.Split('\n');
            foreach (var diagnostic in result.Diagnostics)
            {
                var location = diagnostic.Location;
                Assert.False(string.IsNullOrWhiteSpace(diagnostic.Message));
                Assert.Equal(TestPaths.Policy, location.FilePath);
                if (location.Line == 0)
                {
                    Assert.Equal(0, location.Column);
                    continue;
                }

                Assert.InRange(location.Line, 1, lines.Length);
                Assert.InRange(location.Column, 1, lines[location.Line - 1].Length + 1);
            }

            if (result.Policy is { } policy)
            {
                // Whatever globs it holds match long names without an exception (their cost: the glob test above).
                foreach (var vendor in policy.Vendors)
                {
                    _ = vendor.Match.Packages.Concat(vendor.Match.Owners).Concat(vendor.Match.Authors).Any(p => p.IsMatch(LongId));
                }

                foreach (var waiver in policy.Waivers)
                {
                    _ = waiver.Projects.Any(p => p.IsMatch(LongPath));
                }
            }
        }

        private static void AssertSameTree(JsonNode expected, JsonNode actual, string path)
        {
            Assert.True(expected.Kind == actual.Kind, $"{path}: {expected.Kind} vs {actual.Kind}");
            Assert.True(expected.Text == actual.Text, $"{path}: text differs");
            Assert.True(expected.Boolean == actual.Boolean, $"{path}: boolean differs");
            Assert.True((expected.Line, expected.Column) == (actual.Line, actual.Column), $"{path}: at ({expected.Line},{expected.Column}) vs ({actual.Line},{actual.Column})");
            Assert.True((expected.StartOffset, expected.EndOffset) == (actual.StartOffset, actual.EndOffset),
                $"{path}: offsets {expected.StartOffset}..{expected.EndOffset} vs {actual.StartOffset}..{actual.EndOffset}");
            Assert.Equal(expected.Items?.Count, actual.Items?.Count);
            for (var i = 0; i < (expected.Items?.Count ?? 0); i++)
            {
                AssertSameTree(expected.Items![i], actual.Items![i], $"{path}[{i}]");
            }

            Assert.Equal(expected.Properties?.Count, actual.Properties?.Count);
            for (var i = 0; i < (expected.Properties?.Count ?? 0); i++)
            {
                var (e, a) = (expected.Properties![i], actual.Properties![i]);
                Assert.True(e.Name == a.Name, $"{path}: property {i} named differently");
                Assert.True((e.Line, e.Column) == (a.Line, a.Column), $"{path}.{e.Name}: name at ({e.Line},{e.Column}) vs ({a.Line},{a.Column})");
                AssertSameTree(e.Value, a.Value, path + "." + e.Name);
            }
        }

        internal static bool HasLoneSurrogate(string text)
        {
            for (var i = 0; i < text.Length; i++)
            {
                if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    i++;
                }
                else if (char.IsSurrogate(text[i]))
                {
                    return true;
                }
            }

            return false;
        }

        private static string WithoutBom(string text) => text.Length > 0 && text[0] == '\uFEFF' ? text.Substring(1) : text;

        /// <summary>The file as a lenient reader sees it (bad bytes as U+FFFD): the lines a position must fall in.</summary>
        private static string LenientlyDecoded(byte[] bytes)
        {
            if (bytes.Length >= 4 && bytes[0] == 0xFF && bytes[1] == 0xFE && bytes[2] == 0 && bytes[3] == 0)
            {
                return Encoding.UTF32.GetString(bytes, 4, bytes.Length - 4);
            }

            if (bytes.Length >= 4 && bytes[0] == 0 && bytes[1] == 0 && bytes[2] == 0xFE && bytes[3] == 0xFF)
            {
                return new UTF32Encoding(bigEndian: true, byteOrderMark: false).GetString(bytes, 4, bytes.Length - 4);
            }

            if (bytes.Length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE)
            {
                return Encoding.Unicode.GetString(bytes, 2, bytes.Length - 2);
            }

            if (bytes.Length >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF)
            {
                return Encoding.BigEndianUnicode.GetString(bytes, 2, bytes.Length - 2);
            }

            var start = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
            return Encoding.UTF8.GetString(bytes, start, bytes.Length - start);
        }

        /// <summary>A disk that holds one file, as bytes.</summary>
        private sealed class BytesReader : IPolicyFileReader
        {
            private readonly byte[] _bytes;

            public BytesReader(byte[] bytes) => _bytes = bytes;

            public PolicyFileContent Read(string fullPath) =>
                fullPath == TestPaths.Policy ? PolicyFileContent.FromBytes(_bytes) : PolicyFileContent.NotFound;
        }
    }
}
