using System.Linq;
using Xunit;

namespace SupplyChainGuard.Policy.Tests
{
    /// <summary>SCG0004's name test: which ids read as an id a vendor's <c>packages</c> glob stands for, and how.</summary>
    public sealed class LookalikeMatcherTests
    {
        private static IdLookalike? Match(string id, string glob) => LookalikeMatcher.Match(id, new NamePattern(glob));

        private static IdLookalike Lookalike(string id, string glob)
        {
            var lookalike = Match(id, glob);
            Assert.True(lookalike is not null, $"'{id}' should look like '{glob}'");
            return lookalike!;
        }

        // ---- Unicode confusables and mixed scripts ----------------------------------------------------

        [Fact]
        public void A_Cyrillic_a_in_a_Latin_id_is_a_confusable_named_with_its_code_point_and_the_id_mixes_scripts()
        {
            var lookalike = Lookalike("B\u0430idu.AI", "Baidu.AI");

            Assert.Equal("Baidu.AI", lookalike.ImitatedId);
            var difference = Assert.Single(lookalike.Differences);
            Assert.Equal(LookalikeKind.Confusable, difference.Kind);
            Assert.Equal("'\u0430' (U+0430 CYRILLIC SMALL LETTER A) in place of 'a' (U+0061), a Unicode confusable (UTS #39)", difference.Describe());
            Assert.Equal(new[] { "Latin", "Cyrillic" }, lookalike.Scripts);
            Assert.True(lookalike.MixesScripts);
        }

        [Fact]
        public void A_Greek_omicron_is_a_confusable_of_o()
        {
            var lookalike = Lookalike("Newtonsoft.Js\u03BFn", "Newtonsoft.Json");

            Assert.Equal("'\u03BF' (U+03BF GREEK SMALL LETTER OMICRON) in place of 'o' (U+006F), a Unicode confusable (UTS #39)", Assert.Single(lookalike.Differences).Describe());
            Assert.Equal(new[] { "Latin", "Greek" }, lookalike.Scripts);
        }

        [Fact]
        public void Capital_confusables_count_too_because_ids_ignore_case()
        {
            var lookalike = Lookalike("\u0412AIDU.AI", "Baidu.AI"); // Cyrillic capital VE for B

            Assert.Equal(LookalikeKind.Confusable, Assert.Single(lookalike.Differences).Kind);
            Assert.Equal("Baidu.AI", lookalike.ImitatedId);
        }

        [Fact]
        public void An_id_the_glob_matches_as_written_is_a_lookalike_when_its_wildcard_part_hides_a_confusable()
        {
            var lookalike = Lookalike("Newtonsoft.Js\u03BFn", "Newtonsoft.*");

            Assert.Equal("Newtonsoft.Json", lookalike.ImitatedId);
            Assert.Equal(LookalikeKind.Confusable, Assert.Single(lookalike.Differences).Kind);
        }

        [Fact]
        public void A_letter_of_another_script_without_a_lookalike_makes_a_mixed_script_id()
        {
            var lookalike = Lookalike("Baidu.AI\u0436", "Baidu.AI*");

            var difference = Assert.Single(lookalike.Differences);
            Assert.Equal(LookalikeKind.OtherScript, difference.Kind);
            Assert.Equal("'\u0436' (U+0436) is not Latin, a letter of another script", difference.Describe());
            Assert.Equal(new[] { "Latin", "Cyrillic" }, lookalike.Scripts);
        }

        [Theory]
        [InlineData("Baidu.AI.Café", "Baidu.AI*")]             // Latin with an accent is still one script
        [InlineData("Baidu.AI.\u4E2D\u6587", "Baidu.AI*")]     // Latin with Han is one writing system in UTS #39
        public void An_id_the_glob_matches_as_written_and_in_one_writing_system_is_not_a_lookalike(string id, string glob)
        {
            Assert.Null(Match(id, glob));
        }

        [Fact]
        public void Mathematical_letters_are_confusables_but_not_another_script()
        {
            var lookalike = Lookalike("\U0001D401aidu.AI", "Baidu.AI"); // MATHEMATICAL BOLD CAPITAL B

            Assert.Equal("'\U0001D401' (U+1D401 MATHEMATICAL BOLD CAPITAL B) in place of 'B' (U+0042), a Unicode confusable (UTS #39)", Assert.Single(lookalike.Differences).Describe());
            Assert.False(lookalike.MixesScripts);
        }

        // ---- ASCII tricks ---------------------------------------------------------------------------

        [Fact]
        public void Lower_case_L_for_capital_I_is_an_ascii_lookalike()
        {
            var lookalike = Lookalike("Baidu.Al", "Baidu.AI");

            Assert.Equal("'l' (U+006C) in place of 'I' (U+0049), an ASCII look-alike", Assert.Single(lookalike.Differences).Describe());
            Assert.False(lookalike.MixesScripts);
        }

        [Theory]
        [InlineData("Rnicrosoft.Extensions", "Microsoft.Extensions", "Rn", "M")]
        [InlineData("Micros0ft.Extensions", "Microsoft.Extensions", "0", "o")]
        [InlineData("Baidu.A1", "Baidu.AI", "1", "I")]
        [InlineData("BAIDU.AL", "baidu.ai", "L", "i")]
        public void Ascii_characters_that_read_as_others_are_lookalikes(string id, string glob, string found, string expected)
        {
            var difference = Assert.Single(Lookalike(id, glob).Differences);

            Assert.Equal((found, expected, LookalikeKind.AsciiLookalike), (difference.Found, difference.Expected, difference.Kind));
        }

        [Theory]
        [InlineData("Baidu-AI", "-", ".", "a swapped separator")]
        [InlineData("Baidu_AI", "_", ".", "a swapped separator")]
        [InlineData("BaiduAI", "", ".", "a dropped separator")]
        [InlineData("Bai.du.AI", ".", "", "an added separator")]
        public void Swapped_dropped_or_added_separators_are_lookalikes(string id, string found, string expected, string what)
        {
            var difference = Assert.Single(Lookalike(id, "Baidu.AI").Differences);

            Assert.Equal((found, expected, LookalikeKind.Separator), (difference.Found, difference.Expected, difference.Kind));
            Assert.EndsWith(what, difference.Describe());
        }

        [Fact]
        public void A_separator_swapped_before_a_wildcard_names_the_id_with_the_wildcard_filled_in()
        {
            var lookalike = Lookalike("HuaweiCloud-SDK-Ocr", "HuaweiCloud.SDK.*");

            Assert.Equal("HuaweiCloud.SDK.Ocr", lookalike.ImitatedId);
            Assert.Equal(2, lookalike.Differences.Count);
            Assert.All(lookalike.Differences, d => Assert.Equal(LookalikeKind.Separator, d.Kind));
        }

        // ---- one edit away --------------------------------------------------------------------------

        [Theory]
        [InlineData("Baidu.AIx", "x", "", "added")]
        [InlineData("Baid.AI", "", "u", "missing")]
        [InlineData("Baidw.AI", "w", "u", "in place of")]
        [InlineData("Biadu.AI", "ia", "ai", "in place of")]
        public void One_letter_added_missing_replaced_or_two_swapped_is_one_edit_away(string id, string found, string expected, string how)
        {
            var lookalike = Lookalike(id, "Baidu.AI");

            var difference = Assert.Single(lookalike.Differences);
            Assert.Equal((found, expected, LookalikeKind.OneEdit), (difference.Found, difference.Expected, difference.Kind));
            Assert.Contains(how, difference.Describe());
            Assert.True(lookalike.IsOneEditAway);
            Assert.Equal("Baidu.AI", lookalike.ImitatedId);
        }

        [Fact]
        public void A_dropped_separator_before_the_wildcard_of_a_long_prefix_is_one_edit()
        {
            var lookalike = Lookalike("HuaweiCloud.SDKOcr", "HuaweiCloud.SDK.*");

            Assert.Equal("HuaweiCloud.SDK.Ocr", lookalike.ImitatedId);
            Assert.Equal("'.' (U+002E) missing, a dropped separator", Assert.Single(lookalike.Differences).Describe());
        }

        [Fact]
        public void A_long_prefix_glob_also_catches_one_edit_in_its_literal_part()
        {
            var lookalike = Lookalike("HuaweiCloud.SKD.Ocr", "HuaweiCloud.SDK.*");

            Assert.Equal("HuaweiCloud.SDK.Ocr", lookalike.ImitatedId);
            Assert.Equal("'KD' (U+004B U+0044) in place of 'DK' (U+0044 U+004B), one edit away", Assert.Single(lookalike.Differences).Describe());
        }

        [Theory]
        [InlineData("Teas", "Tea")]                   // a three-letter id is one edit away from too much
        [InlineData("Azura.Storage", "Azure.*")]      // so is a short prefix
        [InlineData("Systemd.Net", "System.*")]       // and a six-letter prefix is too short for edits
        [InlineData("Baidu.AI.Ocr.Extra", "Baidu.AI")] // more than one edit
        [InlineData("Newtonsoft.Json", "Baidu.AI")]
        public void Ids_that_are_not_close_enough_are_not_lookalikes(string id, string glob)
        {
            Assert.Null(Match(id, glob));
        }

        // ---- what is not a look-alike ---------------------------------------------------------------

        [Theory]
        [InlineData("Baidu.AI", "Baidu.AI")]
        [InlineData("baidu.ai", "Baidu.AI")]          // NuGet ids ignore case: this is the same package
        [InlineData("Baidu-AI.Ocr", "Baidu-AI*")]
        [InlineData("aliyun-net-sdk-core", "aliyun-net-sdk-*")]
        public void An_ascii_id_the_glob_matches_as_written_is_the_vendors_id_not_a_lookalike(string id, string glob)
        {
            Assert.Null(Match(id, glob));
        }

        [Fact]
        public void Unrelated_re_uploads_with_a_different_first_segment_are_not_lookalikes_of_a_prefix()
        {
            Assert.Null(Match("wang.aliyun-net-sdk-dysmsapi", "aliyun-net-sdk-*"));
        }

        // ---- scripts, block by block ----------------------------------------------------------------

        [Theory]
        [InlineData("\u00C0")]        // Latin-1: first letter
        [InlineData("\u024F")]        // Latin Extended-B: last letter
        [InlineData("\u1E00")]        // Latin Extended Additional
        [InlineData("\u4E00")]        // Han
        [InlineData("\u3400")]        // Han, Extension A
        [InlineData("\u4DBF")]
        [InlineData("\U00020000")]    // Han, Extension B
        [InlineData("\U00030000")]    // Han, Extension G
        [InlineData("\u3042")]        // Hiragana
        [InlineData("\u309F")]
        [InlineData("\u30A2")]        // Katakana
        [InlineData("\u30FF")]
        [InlineData("\uAC00")]        // Hangul syllables
        [InlineData("\u1100")]        // Hangul Jamo
        [InlineData("\u11FF")]
        [InlineData("\u3131")]        // Hangul compatibility Jamo
        [InlineData("\u3105")]        // Bopomofo
        [InlineData("\u312F")]
        public void Latin_with_letters_of_its_own_writing_system_is_not_mixed(string letter)
        {
            Assert.Null(Match("Baidu.AI." + letter, "Baidu.AI*"));
        }

        [Theory]
        [InlineData("\u0370", "Greek")]
        [InlineData("\u03FF", "Greek")]
        [InlineData("\u1F00", "Greek")]           // Greek Extended
        [InlineData("\u0400", "Cyrillic")]
        [InlineData("\u052F", "Cyrillic")]        // Cyrillic Supplement
        [InlineData("\u0562", "Armenian")]
        [InlineData("\u05D0", "Hebrew")]
        [InlineData("\u0628", "Arabic")]
        [InlineData("\u06FF", "Arabic")]
        [InlineData("\u13A3", "Cherokee")]
        [InlineData("\u10D0", "another script")]  // Georgian: a script the matcher does not name
        public void A_letter_of_another_script_is_named_by_its_script(string letter, string script)
        {
            var lookalike = Lookalike("Baidu.AI." + letter, "Baidu.AI*");

            Assert.Equal(new[] { "Latin", script }, lookalike.Scripts);
            var difference = Assert.Single(lookalike.Differences);
            Assert.Equal((letter, string.Empty, LookalikeKind.OtherScript), (difference.Found, difference.Expected, difference.Kind));
        }

        // ---- what the description says ----------------------------------------------------------------

        [Fact]
        public void A_lookalike_reads_as_the_id_the_id_it_imitates_and_each_difference()
        {
            var lookalike = Lookalike("B\u0430idw.AI", "Baidu.AI");

            Assert.Equal("B\u0430idw.AI ~ Baidu.AI: '\u0430' (U+0430 CYRILLIC SMALL LETTER A) in place of 'a' (U+0061), a Unicode confusable (UTS #39); 'w' (U+0077) in place of 'u' (U+0075), one edit away", lookalike.ToString());
            Assert.Equal(new[] { LookalikeKind.Confusable, LookalikeKind.OneEdit }, lookalike.Differences.Select(d => d.Kind));
            Assert.True(lookalike.IsOneEditAway);
        }

        [Fact]
        public void A_lookalike_without_an_edit_is_not_one_edit_away()
        {
            Assert.False(Lookalike("B\u0430idu.AI", "Baidu.AI").IsOneEditAway);
        }

        [Fact]
        public void A_letter_in_place_of_a_separator_is_one_edit_not_a_separator_swap()
        {
            var difference = Assert.Single(Lookalike("BaiduxAI", "Baidu.AI").Differences);

            Assert.Equal("'x' (U+0078) in place of '.' (U+002E), one edit away", difference.Describe());
        }

        [Fact]
        public void A_dot_leader_in_place_of_a_dot_is_a_confusable_not_a_separator_swap()
        {
            var difference = Assert.Single(Lookalike("Baidu\u2024AI", "Baidu.AI").Differences);

            Assert.Equal("'\u2024' (U+2024 ONE DOT LEADER) in place of '.' (U+002E), a Unicode confusable (UTS #39)", difference.Describe());
        }

        [Fact]
        public void A_letter_with_a_diacritic_is_the_letter_and_a_mark_so_one_edit_away()
        {
            var difference = Assert.Single(Lookalike("Ba\u00EFdu.AI", "Baidu.AI").Differences);

            Assert.Equal(("\u00EF", "i", LookalikeKind.OneEdit), (difference.Found, difference.Expected, difference.Kind));
        }

        [Fact]
        public void A_control_character_in_place_of_a_separator_is_one_edit_away()
        {
            var difference = Assert.Single(Lookalike("Baidu\u0080AI", "Baidu.AI").Differences);

            Assert.Equal("'\u0080' (U+0080) in place of '.' (U+002E), one edit away", difference.Describe());
        }

        // ---- the cheap filters never rule out a real look-alike -----------------------------------------

        [Theory]
        [InlineData("aBidu.AI", "aB", "Ba")]    // the first two letters swapped
        [InlineData("Xaidu.AI", "X", "B")]      // the first letter replaced
        [InlineData("aidu.AI", "", "B")]        // the first letter missing
        [InlineData("XBaidu.AI", "X", "")]      // a letter added in front
        [InlineData("Baidu.A", "", "I")]        // the last letter missing
        public void An_edit_at_the_first_letter_is_still_one_edit_away(string id, string found, string expected)
        {
            var difference = Assert.Single(Lookalike(id, "Baidu.AI").Differences);

            Assert.Equal((found, expected, LookalikeKind.OneEdit), (difference.Found, difference.Expected, difference.Kind));
        }

        [Fact]
        public void An_m_in_place_of_rn_is_one_ascii_lookalike_not_two_differences()
        {
            var difference = Assert.Single(Lookalike("Comell.Sdk", "Cornell.Sdk").Differences);

            Assert.Equal(("m", "rn", LookalikeKind.AsciiLookalike), (difference.Found, difference.Expected, difference.Kind));
        }

        [Fact]
        public void A_glob_that_starts_with_a_wildcard_still_catches_a_confusable()
        {
            var lookalike = Lookalike("Wang.B\u0430idu", "*.Baidu");

            Assert.Equal("Wang.Baidu", lookalike.ImitatedId);
            Assert.Equal(LookalikeKind.Confusable, Assert.Single(lookalike.Differences).Kind);
        }

        [Fact]
        public void A_question_mark_stands_for_exactly_one_character()
        {
            Assert.Null(Match("Baidu.\u0410\u0406", "Baidu.?"));
            var lookalike = Lookalike("Baidu.\u0410", "Baidu.?");
            Assert.Equal("Baidu.A", lookalike.ImitatedId);
        }

        [Theory]
        [InlineData("Azura", "Azure")]                 // five letters: long enough for an edit
        [InlineData("Kingsoff.Cloud", "Kingsoft.*")]   // an eight-letter prefix: long enough for an edit
        public void Ids_just_long_enough_for_one_edit_are_lookalikes(string id, string glob)
        {
            Assert.True(Lookalike(id, glob).IsOneEditAway);
        }
    }
}
