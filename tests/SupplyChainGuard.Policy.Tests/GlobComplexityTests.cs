using System.Linq;
using Xunit;

namespace SupplyChainGuard.Policy.Tests
{
    /// <summary>
    /// Globs cost at most one automaton step per pattern position per character, whatever the pattern:
    /// no backtracking, so hostile globs stay linear in the length of the name. Counted, not timed.
    /// </summary>
    public sealed class GlobComplexityTests
    {
        private static readonly string TenThousandA = new string('a', 10_000);

        [Theory]
        [InlineData("*********a", true)]
        [InlineData("*a*a*a*a*b", false)]
        [InlineData("?*?*?*?*?*?*?*?*b", false)]
        [InlineData("a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a", true)]
        public void A_pathological_name_glob_against_a_10000_character_id_takes_linear_steps(string pattern, bool expected)
        {
            Assert.Equal(expected, GlobMatcher.IsMatch(pattern, TenThousandA, pathAware: false, out var steps));
            Assert.True(steps <= 2L * (TenThousandA.Length + 1) * (pattern.Length + 1), $"{steps} steps");
            Assert.True(steps >= TenThousandA.Length, $"{steps} steps: the counter must count the work, or the bound proves nothing");

            // Twice the text, at most twice the steps (plus the pattern once): linear in the text.
            GlobMatcher.IsMatch(pattern, TenThousandA + TenThousandA, pathAware: false, out var doubled);
            Assert.True(doubled <= (2 * steps) + (2 * (pattern.Length + 1)), $"{steps} steps, then {doubled} for twice the text");
        }

        [Theory]
        [InlineData("**/a*a*a*a*a/**/b", false)]
        [InlineData("**/**/**/**/**/**/x", false)]
        [InlineData("*a*a*a*a*b", false)]
        public void A_pathological_path_glob_against_a_long_path_takes_linear_steps_with_every_parent_in_one_pass(string pattern, bool expected)
        {
            var path = string.Join("/", Enumerable.Repeat("aaaaaaaaaa", 1_000));

            Assert.Equal(expected, GlobMatcher.IsPathOrParentMatch(pattern, path, out var steps));
            Assert.True(steps <= 2L * (path.Length + 1) * (pattern.Length + 1), $"{steps} steps");
            Assert.Equal(expected, new PathPattern(pattern).IsMatch(path));
        }

        [Theory]
        [InlineData("src/**", "src/Legacy/App/App.csproj", true)]
        [InlineData("**/Legacy", "src/Legacy/App/App.csproj", true)]
        [InlineData("src/*/App", "src/Legacy/App/App.csproj", true)]
        [InlineData("src/*", "src/Legacy/App/App.csproj", true)]
        [InlineData("src/?egacy/App/App.csproj", "src/Legacy/App/App.csproj", true)]
        [InlineData("src/**/App.csproj", "src/App.csproj", true)]
        [InlineData("src/*/App.csproj", "src/a/b/App.csproj", false)]
        [InlineData("src?Legacy", "src/Legacy", false)]
        [InlineData("**", "", false)]
        public void Path_globs_keep_their_meaning(string pattern, string path, bool expected)
        {
            Assert.Equal(expected, new PathPattern(pattern).IsMatch(path));
        }
    }
}
