using Xunit;

namespace SupplyChainGuard.Policy.Tests
{
    /// <summary>Waiver "projects": path globs relative to the policy file's directory.</summary>
    public class PathPatternTests
    {
        [Theory]
        [InlineData("src/Legacy/App/App.csproj")]
        [InlineData("src/Legacy/App.csproj")]
        [InlineData("src/Legacy/Deep/er/Still.csproj")]
        [InlineData("SRC/legacy/App/App.csproj")]
        public void Double_star_matches_everything_below_a_directory(string projectPath)
        {
            Assert.True(new PathPattern("src/Legacy/**").IsMatch(projectPath));
        }

        [Theory]
        [InlineData("src/Modern/App/App.csproj")]
        [InlineData("src/LegacyX/App.csproj")]
        [InlineData("other/src/Legacy/App.csproj")]
        public void Double_star_pattern_stays_anchored_at_the_policy_directory(string projectPath)
        {
            Assert.False(new PathPattern("src/Legacy/**").IsMatch(projectPath));
        }

        [Fact]
        public void Single_star_does_not_cross_a_directory_separator()
        {
            var pattern = new PathPattern("src/*.csproj");

            Assert.True(pattern.IsMatch("src/App.csproj"));
            Assert.False(pattern.IsMatch("src/Legacy/App.csproj"));
        }

        [Fact]
        public void Single_star_matches_one_directory_name()
        {
            var pattern = new PathPattern("src/*/App.csproj");

            Assert.True(pattern.IsMatch("src/Legacy/App.csproj"));
            Assert.False(pattern.IsMatch("src/Legacy/Old/App.csproj"));
            Assert.False(pattern.IsMatch("src/App.csproj"));
        }

        [Fact]
        public void Question_mark_is_one_character_but_never_a_separator()
        {
            var pattern = new PathPattern("src/App?.csproj");

            Assert.True(pattern.IsMatch("src/App1.csproj"));
            Assert.False(pattern.IsMatch("src/App.csproj"));
            Assert.False(new PathPattern("src?App.csproj").IsMatch("src/App.csproj"));
        }

        [Theory]
        [InlineData("App.csproj")]
        [InlineData("src/App.csproj")]
        [InlineData("src/Legacy/App.csproj")]
        public void Leading_double_star_slash_matches_zero_or_more_directories(string projectPath)
        {
            Assert.True(new PathPattern("**/App.csproj").IsMatch(projectPath));
        }

        [Fact]
        public void Inner_double_star_slash_matches_zero_directories()
        {
            var pattern = new PathPattern("src/**/App.csproj");

            Assert.True(pattern.IsMatch("src/App.csproj"));
            Assert.True(pattern.IsMatch("src/a/b/App.csproj"));
            Assert.False(pattern.IsMatch("test/App.csproj"));
        }

        [Fact]
        public void A_directory_pattern_covers_the_projects_inside_it()
        {
            Assert.True(new PathPattern("src/Legacy").IsMatch("src/Legacy/App/App.csproj"));
            Assert.True(new PathPattern("src/*").IsMatch("src/Legacy/App/App.csproj"));
            Assert.False(new PathPattern("src/Leg").IsMatch("src/Legacy/App/App.csproj"));
        }

        [Fact]
        public void Backslashes_are_normalised_in_pattern_and_path()
        {
            var pattern = new PathPattern(@"src\Legacy\**");

            Assert.Equal("src/Legacy/**", pattern.Pattern);
            Assert.True(pattern.IsMatch(@"src\Legacy\App\App.csproj"));
            Assert.True(new PathPattern("src/Legacy/**").IsMatch(@"src\Legacy\App\App.csproj"));
        }

        [Theory]
        [InlineData("./src/Legacy/**")]
        [InlineData("/src/Legacy/**")]
        [InlineData(@".\src\Legacy\**")]
        public void Leading_dot_slash_or_slash_is_dropped_from_the_pattern(string written)
        {
            var pattern = new PathPattern(written);

            Assert.Equal("src/Legacy/**", pattern.Pattern);
            Assert.True(pattern.IsMatch("src/Legacy/App/App.csproj"));
        }

        [Fact]
        public void Normalize_turns_backslashes_into_slashes()
        {
            Assert.Equal("C:/repo/src/App.csproj", PathPattern.Normalize(@"C:\repo\src\App.csproj"));
        }

        [Theory]
        [InlineData("/repo", "/repo/src/Legacy/App.csproj", "src/Legacy/App.csproj")]
        [InlineData("/repo/", "/repo/src/Legacy/App.csproj", "src/Legacy/App.csproj")]
        [InlineData(@"C:\Repo", @"C:\Repo\src\Legacy\App.csproj", "src/Legacy/App.csproj")]
        [InlineData(@"C:\Repo", @"c:\repo\src\App.csproj", "src/App.csproj")]
        [InlineData(@"C:\Repo", "C:/Repo/src/App.csproj", "src/App.csproj")]
        public void MakeRelative_strips_the_base_directory(string baseDirectory, string path, string expected)
        {
            Assert.Equal(expected, PathPattern.MakeRelative(baseDirectory, path));
        }

        [Theory]
        [InlineData("/repo", "/elsewhere/App.csproj")]
        [InlineData("/repo", "/repository/App.csproj")]
        [InlineData(@"C:\repo", @"D:\repo\App.csproj")]
        public void MakeRelative_has_no_relative_path_for_a_path_outside_the_base(string baseDirectory, string path)
        {
            Assert.Null(PathPattern.MakeRelative(baseDirectory, path));
        }
    }
}
