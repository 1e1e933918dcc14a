using System.Linq;
using Xunit;

namespace SupplyChainGuard.Policy.Tests
{
    /// <summary>
    /// Ordinary policy inputs that used to switch the guard off (an exception instead of a diagnostic, or a
    /// value quietly changed): each must be SCG0901 at the line and column of the offending token.
    /// </summary>
    public sealed class HostilePolicyInputTests
    {
        private const string LoneSurrogateMessage = "half of a UTF-16 surrogate pair without its other half; text must be valid Unicode";

        [Fact]
        public void Lone_surrogate_escape_in_a_string_value_is_SCG0901_at_the_escape()
        {
            var result = PolicyAssert.Load("""
                {
                  "vendors": [
                    { "id": "baidu", "reason": "SEC-\ud800-12" }
                  ]
                }
                """);

            PolicyAssert.SingleError(result, 3, 37, "invalid JSON: '\\ud800' is " + LoneSurrogateMessage);
        }

        [Fact]
        public void Lone_low_surrogate_escape_as_a_key_is_SCG0901_at_the_escape()
        {
            var result = PolicyAssert.Load("""
                {
                  "\udc00": "x"
                }
                """);

            PolicyAssert.SingleError(result, 2, 4, "invalid JSON: '\\udc00' is " + LoneSurrogateMessage);
        }

        [Fact]
        public void High_surrogate_escape_followed_by_another_escape_is_SCG0901_at_the_first()
        {
            var result = PolicyAssert.Load("""{ "vendors": [ { "id": "baidu", "name": "\ud800\u0041" } ] }""");

            PolicyAssert.SingleError(result, 1, 42, "invalid JSON: '\\ud800' is " + LoneSurrogateMessage);
        }

        [Fact]
        public void Raw_lone_surrogate_character_in_a_string_is_SCG0901_at_the_character()
        {
            var result = PolicyAssert.Load("{ \"reason\": \"SEC-\ud800-12\" }");

            PolicyAssert.SingleError(result, 1, 18, "invalid JSON: the character U+D800 is " + LoneSurrogateMessage);
        }

        [Fact]
        public void Raw_lone_surrogate_character_in_a_comment_is_SCG0901_at_the_character()
        {
            var result = PolicyAssert.Load("// note \udc00\n{}");

            PolicyAssert.SingleError(result, 1, 9, "invalid JSON: the character U+DC00 is " + LoneSurrogateMessage);
        }

        [Fact]
        public void Surrogate_pairs_escaped_or_raw_are_read_as_one_character()
        {
            var policy = PolicyAssert.Valid("{ \"vendors\": [ { \"id\": \"baidu\", \"name\": \"\\ud83d\\ude00 \\uD83D\\uDE00 \ud83d\ude00\" } ] }");

            Assert.Equal("😀 😀 😀", Assert.Single(policy.Vendors).Name);
        }

        [Fact]
        public void Nul_in_an_extends_entry_is_SCG0901_at_the_entry()
        {
            var result = PolicyAssert.Load("""
                {
                  "extends": ["org\u0000.json"]
                }
                """);

            PolicyAssert.SingleError(result, 2, 15, "extended policy 'org\\u0000.json' is not a valid path: it contains the character U+0000, which a file path cannot contain");
        }

        [Fact]
        public void A_character_Windows_forbids_in_paths_is_SCG0901_there_and_an_ordinary_name_elsewhere()
        {
            var result = PolicyAssert.Load("""
                {
                  "extends": ["a|b.json"]
                }
                """);

            PolicyAssert.SingleError(result, 2, 15, System.OperatingSystem.IsWindows()
                ? "extended policy 'a|b.json' is not a valid path: it contains the character U+007C, which a file path cannot contain"
                : $"extended policy 'a|b.json' was not found at '{TestPaths.At("a", "a|b.json")}'");
        }

        [Fact]
        public void A_comment_between_a_property_name_and_its_colon_is_SCG0901_as_System_Text_Json_has_it()
        {
            var result = PolicyAssert.Load("""{ "mode" /* x */ : "deny" }""");

            PolicyAssert.SingleError(result, 1, 10, "invalid JSON: '/' stands after the property name; expected ':'");
        }

        [Fact]
        public void A_line_separator_inside_a_line_comment_is_SCG0901_at_the_separator()
        {
            var result = PolicyAssert.Load("// a\u2028b\n{}");

            PolicyAssert.SingleError(result, 1, 5, "invalid JSON: a // comment must not contain U+2028 (a line or paragraph separator); end it with a newline");
        }

        [Fact]
        public void An_unclosed_block_comment_is_SCG0901_where_it_opens()
        {
            var result = PolicyAssert.Load("{\n  /* never closed\n  \"mode\": \"deny\" }");

            PolicyAssert.SingleError(result, 2, 3, "invalid JSON: the /* comment is not closed: expected */");
        }

        [Fact]
        public void A_megabyte_string_is_read_whole()
        {
            var reason = new string('a', 1024 * 1024);

            var policy = PolicyAssert.Valid($$"""{ "vendors": [ { "id": "v", "reason": "{{reason}}" } ] }""");

            Assert.Equal(reason, Assert.Single(policy.Vendors).Reason);
        }

        [Fact]
        public void Text_of_more_than_4_MiB_is_SCG0901_for_the_file_as_a_whole()
        {
            var text = "{ \"$schema\": \"" + new string('a', PolicyFileContent.MaxLength) + "\" }";

            var result = new PolicyLoader(new InMemoryPolicyFiles()).LoadText(TestPaths.Policy, text);

            PolicyAssert.SingleError(result, 0, 0, "the policy file could not be read: it has more than 4 MiB; a policy must be a regular file of at most 4 MiB");
        }

        [Fact]
        public void Text_of_exactly_4_MiB_is_read()
        {
            var text = "{ \"$schema\": \"" + new string('a', PolicyFileContent.MaxLength - 17) + "\" }";
            Assert.Equal(PolicyFileContent.MaxLength, text.Length);

            var result = new PolicyLoader(new InMemoryPolicyFiles()).LoadText(TestPaths.Policy, text);

            Assert.True(result.Succeeded);
        }

        [Fact]
        public void An_extended_text_of_more_than_4_MiB_is_SCG0901_at_the_extends_entry()
        {
            var big = TestPaths.At("a", "big.json");
            var files = new InMemoryPolicyFiles().Add(big, "{ \"$schema\": \"" + new string('a', PolicyFileContent.MaxLength) + "\" }");

            var result = PolicyAssert.Load("""{ "extends": ["big.json"] }""", files);

            PolicyAssert.SingleError(result, 1, 15, $"extended policy at '{big}' could not be read: it has more than 4 MiB; a policy must be a regular file of at most 4 MiB");
        }

        [Fact]
        public void A_policy_path_starting_with_nul_is_SCG0901_for_the_path()
        {
            var result = new PolicyLoader(new InMemoryPolicyFiles()).Load("\0supplychainguard.json");

            PolicyAssert.SingleError(result, "\0supplychainguard.json", 0, 0,
                "the policy file path '\\u0000supplychainguard.json' is not valid: it contains the character U+0000, which a file path cannot contain");
        }

        [Fact]
        public void An_empty_policy_path_is_SCG0901_for_the_path_not_an_exception()
        {
            var files = new InMemoryPolicyFiles();

            var result = new PolicyLoader(files).Load(string.Empty);

            Assert.Null(result.Policy);
            var diagnostic = Assert.Single(result.Diagnostics);
            Assert.StartsWith("the policy file path '' is not valid: ", diagnostic.Message);
            Assert.Equal((string.Empty, 0, 0), (diagnostic.Location.FilePath, diagnostic.Location.Line, diagnostic.Location.Column));
            Assert.Empty(files.Reads);
        }

        [Fact]
        public void A_glob_longer_than_1024_characters_is_SCG0901_saying_so()
        {
            var glob = new string('*', 1025);

            var result = PolicyAssert.Load($$"""{ "vendors": [ { "id": "v", "match": { "packages": ["{{glob}}"] } } ] }""");

            PolicyAssert.SingleError(result, 1, 53, "an entry of 'packages' has 1025 characters; a glob may have at most 1024");
        }

        [Fact]
        public void Nul_in_a_package_glob_is_SCG0901_not_a_glob_that_matches_nothing()
        {
            var result = PolicyAssert.Load("""{ "vendors": [ { "id": "v", "match": { "packages": ["Bai\u0000du"] } } ] }""");

            PolicyAssert.SingleError(result, 1, 53, "'Bai\\u0000du' in 'packages' is not a valid glob for a NuGet package id: the character U+0000 is not allowed (use * and ? as wildcards)");
        }

        [Fact]
        public void A_huge_unknown_key_is_quoted_shortened()
        {
            var key = new string('k', 5000);

            var result = PolicyAssert.Load($$"""{ "{{key}}": 1 }""");

            var diagnostic = Assert.Single(result.Diagnostics);
            Assert.StartsWith("unknown key '" + new string('k', 120) + "…' in the policy; expected one of:", diagnostic.Message);
        }

        [Fact]
        public void Control_characters_of_a_value_are_escaped_in_the_message()
        {
            var result = PolicyAssert.Load("""{ "mode": "de\u0007ny" }""");

            PolicyAssert.SingleError(result, 1, 11, "'mode' must be \"deny\" or \"allowlist\", not \"de\\u0007ny\"");
        }
    }
}
