using System;
using System.IO;
using System.Linq;
using Xunit;

namespace SupplyChainGuard.Policy.Tests
{
    /// <summary>The embedded confusables data: Unicode's UTS #39 mappings whose prototype is ASCII, as shipped.</summary>
    public sealed class ConfusablesDataTests
    {
        private static readonly string DataFile = Path.Combine(FindRoot(), "src", "SupplyChainGuard.Policy", "Matching", "Data", "confusables-ascii.txt");

        [Fact]
        public void The_file_names_its_source_version_and_date()
        {
            var header = File.ReadLines(DataFile).TakeWhile(l => l.StartsWith("#", StringComparison.Ordinal)).ToList();

            Assert.Contains(header, l => l.Contains("Unicode Security Mechanisms for UTS #39") && l.Contains("Version: " + Confusables.UnicodeVersion) && l.Contains("Date: 2025-07-22"));
            Assert.Contains(header, l => l.Contains("https://www.unicode.org/terms_of_use.html"));
        }

        [Fact]
        public void Every_prototype_is_ascii_letters_digits_or_package_id_separators()
        {
            Assert.Equal(1570, Confusables.All.Count);
            Assert.All(Confusables.All, entry => Assert.All(entry.Prototype, c => Assert.True(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_', $"U+{entry.CodePoint:X4} maps to '{entry.Prototype}'")));
            Assert.DoesNotContain(Confusables.All, entry => entry.Prototype == char.ConvertFromUtf32(entry.CodePoint));
        }

        [Theory]
        [InlineData(0x0430, "a", "Cyrillic", "CYRILLIC SMALL LETTER A")]
        [InlineData(0x0410, "A", "Cyrillic", "CYRILLIC CAPITAL LETTER A")]
        [InlineData(0x03BF, "o", "Greek", "GREEK SMALL LETTER OMICRON")]
        [InlineData(0x006D, "rn", "Latin", "LATIN SMALL LETTER M")]
        [InlineData(0x0049, "l", "Latin", "LATIN CAPITAL LETTER I")]
        [InlineData(0x0031, "l", "Common", "DIGIT ONE")]
        [InlineData(0x0030, "O", "Common", "DIGIT ZERO")]
        [InlineData(0x1D41A, "a", "Common", "MATHEMATICAL BOLD SMALL A")]
        [InlineData(0xFB01, "fi", "Latin", "LATIN SMALL LIGATURE FI")]
        [InlineData(0x2010, "-", "Common", "HYPHEN")]
        public void Known_mappings_are_there_as_Unicode_lists_them(int codePoint, string prototype, string script, string name)
        {
            var entry = Confusables.Find(codePoint);

            Assert.NotNull(entry);
            Assert.Equal((prototype, script, name), (entry!.Prototype, entry.Script, entry.Name));
        }

        [Theory]
        [InlineData(0x0061)] // 'a' is its own prototype
        [InlineData(0x006C)] // so is 'l'
        [InlineData(0x0436)] // CYRILLIC SMALL LETTER ZHE looks like nothing ASCII
        [InlineData(0x00E9)] // an accented letter is not confusable with the bare one
        public void Characters_without_an_ascii_prototype_are_not_in_the_data(int codePoint)
        {
            Assert.Null(Confusables.Find(codePoint));
        }

        private static string FindRoot()
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "SupplyChainGuard.sln")))
                {
                    return directory.FullName;
                }
            }

            throw new InvalidOperationException("repository root not found");
        }
    }
}
