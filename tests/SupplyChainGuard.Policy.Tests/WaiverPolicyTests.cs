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

        [Fact]
        public void A_waiver_scoped_to_one_directory_level_does_not_cover_a_project_outside_its_policy_directory()
        {
            var waiver = new WaiverPolicy("baidu", null, "legacy OCR", new DateTime(2030, 1, 1), new[] { new PathPattern("*") }, "/repo", new SourceLocation(TestPaths.Policy, 1, 1));

            Assert.True(waiver.IsScopedTo("/repo/App/App.csproj"));
            Assert.False(waiver.IsScopedTo("/elsewhere/App/App.csproj"));
        }

        /// <summary>A Windows path outside the policy's directory keeps its drive: "C:" must not count as a
        /// directory that "*" matches, or the waiver would cover every project on the drive.</summary>
        [Theory]
        [InlineData(@"C:\elsewhere\App\App.csproj")]
        [InlineData(@"D:\App\App.csproj")]
        [InlineData(@"\\server\share\App\App.csproj")]
        public void A_waiver_scoped_to_one_directory_level_does_not_cover_a_project_on_another_windows_path(string project)
        {
            var waiver = new WaiverPolicy("baidu", null, "legacy OCR", new DateTime(2030, 1, 1), new[] { new PathPattern("*") }, @"C:\repo", new SourceLocation(TestPaths.Policy, 1, 1));

            Assert.True(waiver.IsScopedTo(@"C:\repo\App\App.csproj"));
            Assert.True(waiver.IsScopedTo(@"c:\Repo\App\App.csproj"));
            Assert.False(waiver.IsScopedTo(project));
        }

        [Fact]
        public void A_project_outside_the_policy_directory_is_not_relative_to_it()
        {
            Assert.Equal("src/App/App.csproj", PathPattern.MakeRelative("/repo", "/repo/src/App/App.csproj"));
            Assert.Equal("src/App/App.csproj", PathPattern.MakeRelative(@"C:\repo\", @"C:\repo\src\App\App.csproj"));
            Assert.Null(PathPattern.MakeRelative(@"C:\repo", @"C:\elsewhere\App.csproj"));
            Assert.Null(PathPattern.MakeRelative("/repo", "/repository/App.csproj"));
        }

        // ---- SDK usages (CoversSymbol) ------------------------------------------------------------------

        private static WaiverPolicy SymbolWaiver(string? package, string[] namespaces, string[] types) =>
            new WaiverPolicy("baidu", package is null ? null : new NamePattern(package), "legacy OCR", new DateTime(2030, 1, 1),
                Array.Empty<PathPattern>(), RepoDirectory, new SourceLocation(TestPaths.Policy, 1, 1))
            {
                Namespaces = Array.ConvertAll(namespaces, n => new NamespacePattern(n)),
                Types = Array.ConvertAll(types, t => new NamePattern(t)),
            };

        [Theory]
        [InlineData("baidu", "Baidu.AI", "Baidu.Aip.Ocr", "Baidu.Aip.Ocr.Ocr", true)]
        [InlineData("BAIDU", "Baidu.AI", "Baidu.Aip.Ocr", "Baidu.Aip.Ocr.Ocr", true)]     // vendor ids ignore case
        [InlineData("tencent", "Baidu.AI", "Baidu.Aip.Ocr", "Baidu.Aip.Ocr.Ocr", false)]  // another vendor's usage
        [InlineData("baidu", null, "Baidu.Aip.Ocr", "Baidu.Aip.Ocr.Ocr", true)]          // no package named: any source
        public void A_waiver_without_package_namespaces_or_types_covers_every_usage_of_its_vendor(string vendor, string? package, string? ns, string? type, bool covered)
        {
            Assert.Equal(covered, SymbolWaiver(null, Array.Empty<string>(), Array.Empty<string>()).CoversSymbol(vendor, package, ns, type));
        }

        [Theory]
        [InlineData("Baidu.AI", true)]
        [InlineData("baidu.ai", true)]
        [InlineData("Baidu.AI.Ocr", false)]
        [InlineData(null, false)]   // a usage not known to come from a package is not the waived package's
        public void A_waiver_for_a_package_covers_only_usages_from_that_package(string? package, bool covered)
        {
            Assert.Equal(covered, SymbolWaiver("Baidu.AI", Array.Empty<string>(), Array.Empty<string>()).CoversSymbol("baidu", package, "Baidu.Aip.Ocr", "Baidu.Aip.Ocr.Ocr"));
        }

        [Theory]
        [InlineData("Baidu.Aip.Ocr", "Baidu.Aip.Ocr.Ocr", true)]
        [InlineData("Baidu.Aip.Ocr.Internal", "Baidu.Aip.Ocr.Internal.X", true)]
        [InlineData("Baidu.Aip.Nlp", "Baidu.Aip.Nlp.Nlp", true)]
        [InlineData("Baidu.Aip.Face", "Baidu.Aip.Face.Face", false)]
        [InlineData("Baidu.Aip.OcrExtra", "Baidu.Aip.OcrExtra.X", false)]
        [InlineData(null, "Baidu.Aip.Ocr.Ocr", false)]
        public void A_waiver_for_namespaces_covers_usages_in_any_of_them(string? ns, string type, bool covered)
        {
            var waiver = SymbolWaiver(null, new[] { "Baidu.Aip.Ocr", "Baidu.Aip.Nlp" }, Array.Empty<string>());

            Assert.True(waiver.IsForSymbolsOnly);
            Assert.Equal(covered, waiver.CoversSymbol("baidu", "Baidu.AI", ns, type));
        }

        [Theory]
        [InlineData("Baidu.Aip.Ocr.Ocr", true)]
        [InlineData("Baidu.Aip.Nlp.Nlp", true)]
        [InlineData("Baidu.Aip.Ocr.OcrV2", false)]
        [InlineData(null, false)]
        public void A_waiver_for_types_covers_usages_of_any_of_them(string? type, bool covered)
        {
            var waiver = SymbolWaiver(null, Array.Empty<string>(), new[] { "Baidu.Aip.Ocr.Ocr", "Baidu.Aip.Nlp.*" });

            Assert.True(waiver.IsForSymbolsOnly);
            Assert.Equal(covered, waiver.CoversSymbol("baidu", null, "Baidu.Aip", type));
        }

        [Fact]
        public void A_waiver_for_a_namespace_and_a_type_needs_both()
        {
            var waiver = SymbolWaiver("Baidu.AI", new[] { "Baidu.Aip.Ocr" }, new[] { "Baidu.Aip.Ocr.Ocr" });

            Assert.True(waiver.CoversSymbol("baidu", "Baidu.AI", "Baidu.Aip.Ocr", "Baidu.Aip.Ocr.Ocr"));
            Assert.False(waiver.CoversSymbol("baidu", "Baidu.AI", "Baidu.Aip.Ocr", "Baidu.Aip.Ocr.Other"));
            Assert.False(waiver.CoversSymbol("baidu", "Baidu.AI", "Baidu.Aip.Nlp", "Baidu.Aip.Ocr.Ocr"));
            Assert.False(waiver.CoversSymbol("baidu", "Other.Package", "Baidu.Aip.Ocr", "Baidu.Aip.Ocr.Ocr"));
        }

        [Fact]
        public void A_waiver_without_namespaces_or_types_is_about_packages()
        {
            Assert.False(SymbolWaiver("Baidu.AI", Array.Empty<string>(), Array.Empty<string>()).IsForSymbolsOnly);
        }
    }
}
