using System;
using System.IO;
using Xunit;

namespace SupplyChainGuard.Policy.Tests
{
    /// <summary>Waivers: when they expire and which projects they cover.</summary>
    public class WaiverPolicyTests
    {
        private static readonly string RepoDirectory = TestPaths.At("repo");

        private static WaiverPolicy Waiver(DateTime expires, params string[] projects) =>
            new WaiverPolicy("baidu", new NamePattern("Baidu.AI"), "legacy OCR, ticket SEC-481", expires,
                Array.ConvertAll(projects, p => new PathPattern(p)), RepoDirectory, new SourceLocation(TestPaths.Policy, 1, 1));

        [Fact]
        public void Waiver_still_holds_on_its_expiry_date()
        {
            var waiver = Waiver(new DateTime(2027, 3, 31));

            Assert.False(waiver.IsExpired(new DateTime(2027, 3, 31)));
            Assert.False(waiver.IsExpired(new DateTime(2027, 3, 31, 23, 59, 59)));
        }

        [Fact]
        public void Waiver_is_expired_from_the_day_after()
        {
            var waiver = Waiver(new DateTime(2027, 3, 31));

            Assert.True(waiver.IsExpired(new DateTime(2027, 4, 1)));
            Assert.True(waiver.IsExpired(new DateTime(2027, 4, 1, 0, 0, 1)));
            Assert.True(waiver.IsExpired(new DateTime(2030, 1, 1)));
        }

        [Fact]
        public void Waiver_holds_before_its_expiry_date()
        {
            Assert.False(Waiver(new DateTime(2027, 3, 31)).IsExpired(new DateTime(2026, 1, 1)));
        }

        [Fact]
        public void Waiver_without_projects_covers_every_project()
        {
            var waiver = Waiver(new DateTime(2027, 3, 31));

            Assert.True(waiver.IsScopedTo(Path.Combine(RepoDirectory, "src", "App", "App.csproj")));
            Assert.True(waiver.IsScopedTo(TestPaths.At("elsewhere", "Other.csproj")));
        }

        [Fact]
        public void Waiver_with_projects_covers_only_matching_projects_relative_to_its_policy_file()
        {
            var waiver = Waiver(new DateTime(2027, 3, 31), "src/Legacy/**");

            Assert.True(waiver.IsScopedTo(Path.Combine(RepoDirectory, "src", "Legacy", "App", "App.csproj")));
            Assert.False(waiver.IsScopedTo(Path.Combine(RepoDirectory, "src", "Modern", "App.csproj")));
            Assert.False(waiver.IsScopedTo(TestPaths.At("elsewhere", "src", "Legacy", "App.csproj")));
        }

        [Fact]
        public void Waiver_with_several_projects_covers_any_of_them()
        {
            var waiver = Waiver(new DateTime(2027, 3, 31), "src/Legacy/**", "tools/*.csproj");

            Assert.True(waiver.IsScopedTo(Path.Combine(RepoDirectory, "tools", "Gen.csproj")));
            Assert.True(waiver.IsScopedTo(Path.Combine(RepoDirectory, "src", "Legacy", "Old.csproj")));
            Assert.False(waiver.IsScopedTo(Path.Combine(RepoDirectory, "tools", "sub", "Gen.csproj")));
        }

        [Fact]
        public void Loaded_waiver_is_scoped_relative_to_the_directory_of_its_policy_file()
        {
            var policy = PolicyAssert.Valid("""
                {
                  "vendors": [ { "id": "baidu" } ],
                  "waivers": [
                    { "vendor": "baidu", "package": "Baidu.*", "reason": "legacy OCR", "expires": "2027-03-31", "projects": ["src/Legacy/**"] }
                  ]
                }
                """);
            var policyDirectory = Path.GetDirectoryName(TestPaths.Policy)!;

            var waiver = Assert.Single(policy.Waivers);
            Assert.True(waiver.IsScopedTo(Path.Combine(policyDirectory, "src", "Legacy", "App", "App.csproj")));
            Assert.False(waiver.IsScopedTo(Path.Combine(policyDirectory, "src", "App", "App.csproj")));
            Assert.True(waiver.Package!.IsMatch("Baidu.AI"));
            Assert.False(waiver.IsExpired(new DateTime(2027, 3, 31)));
            Assert.True(waiver.IsExpired(new DateTime(2027, 4, 1)));
        }
    }
}
