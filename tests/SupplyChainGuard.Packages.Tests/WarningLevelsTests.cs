using SupplyChainGuard.Policy;
using Xunit;

namespace SupplyChainGuard.Packages.Tests
{
    /// <summary>The project's NoWarn / WarningsAsErrors / TreatWarningsAsErrors / WarningsNotAsErrors applied to a finding.</summary>
    public sealed class WarningLevelsTests
    {
        private static WarningLevels Levels(string? noWarn = null, string? warningsAsErrors = null, string? warningsNotAsErrors = null, bool treatWarningsAsErrors = false) =>
            new WarningLevels(noWarn, warningsAsErrors, warningsNotAsErrors, treatWarningsAsErrors);

        [Fact]
        public void With_no_settings_each_severity_keeps_its_level()
        {
            var levels = Levels();

            Assert.Equal(ReportLevel.Warning, levels.LevelOf("SCG0001", PolicySeverity.Warning));
            Assert.Equal(ReportLevel.Error, levels.LevelOf("SCG0001", PolicySeverity.Error));
            Assert.Equal(ReportLevel.Message, levels.LevelOf("SCG0001", PolicySeverity.Info));
            Assert.Equal(ReportLevel.Suppressed, levels.LevelOf("SCG0001", PolicySeverity.None));
        }

        [Fact]
        public void NoWarn_suppresses_the_codes_it_lists()
        {
            var levels = Levels(noWarn: "CS1591;SCG0002");

            Assert.Equal(ReportLevel.Suppressed, levels.LevelOf("SCG0002", PolicySeverity.Warning));
            Assert.Equal(ReportLevel.Warning, levels.LevelOf("SCG0001", PolicySeverity.Warning));
        }

        [Theory]
        [InlineData("SCG0001")]
        [InlineData("scg0001")]
        [InlineData(" SCG0001 ")]
        [InlineData("NU1603, SCG0001")]
        [InlineData("$(NoWarn);;SCG0001;")]
        [InlineData("1701;1702;SCG0001")]
        public void NoWarn_lists_are_split_on_semicolons_and_commas_trimmed_and_case_insensitive(string noWarn)
        {
            Assert.Equal(ReportLevel.Suppressed, Levels(noWarn: noWarn).LevelOf("SCG0001", PolicySeverity.Warning));
        }

        [Fact]
        public void NoWarn_wins_over_WarningsAsErrors_and_TreatWarningsAsErrors()
        {
            var levels = Levels(noWarn: "SCG0001", warningsAsErrors: "SCG0001", treatWarningsAsErrors: true);

            Assert.Equal(ReportLevel.Suppressed, levels.LevelOf("SCG0001", PolicySeverity.Warning));
        }

        [Fact]
        public void NoWarn_never_silences_an_error_severity()
        {
            Assert.Equal(ReportLevel.Error, Levels(noWarn: "SCG0001").LevelOf("SCG0001", PolicySeverity.Error));
        }

        [Fact]
        public void WarningsAsErrors_makes_only_the_listed_codes_errors()
        {
            var levels = Levels(warningsAsErrors: "SCG0002;NU1605");

            Assert.Equal(ReportLevel.Error, levels.LevelOf("SCG0002", PolicySeverity.Warning));
            Assert.Equal(ReportLevel.Warning, levels.LevelOf("SCG0001", PolicySeverity.Warning));
        }

        [Fact]
        public void TreatWarningsAsErrors_makes_every_warning_an_error()
        {
            var levels = Levels(treatWarningsAsErrors: true);

            Assert.Equal(ReportLevel.Error, levels.LevelOf("SCG0001", PolicySeverity.Warning));
            Assert.Equal(ReportLevel.Error, levels.LevelOf("SCG0902", PolicySeverity.Warning));
        }

        [Fact]
        public void WarningsNotAsErrors_exempts_codes_from_TreatWarningsAsErrors()
        {
            var levels = Levels(warningsNotAsErrors: "SCG0202", treatWarningsAsErrors: true);

            Assert.Equal(ReportLevel.Warning, levels.LevelOf("SCG0202", PolicySeverity.Warning));
            Assert.Equal(ReportLevel.Error, levels.LevelOf("SCG0201", PolicySeverity.Warning));
        }

        [Fact]
        public void WarningsNotAsErrors_alone_changes_nothing()
        {
            Assert.Equal(ReportLevel.Warning, Levels(warningsNotAsErrors: "SCG0001").LevelOf("SCG0001", PolicySeverity.Warning));
        }

        [Fact]
        public void Messages_stay_messages_under_TreatWarningsAsErrors_and_WarningsAsErrors()
        {
            var levels = Levels(warningsAsErrors: "SCG0001", treatWarningsAsErrors: true);

            Assert.Equal(ReportLevel.Message, levels.LevelOf("SCG0001", PolicySeverity.Info));
        }

        [Fact]
        public void An_error_severity_stays_an_error_even_when_listed_in_WarningsNotAsErrors()
        {
            Assert.Equal(ReportLevel.Error, Levels(warningsNotAsErrors: "SCG0001").LevelOf("SCG0001", PolicySeverity.Error));
        }

        [Fact]
        public void Codes_parses_an_empty_or_missing_list_as_empty()
        {
            Assert.Empty(WarningLevels.Codes(null));
            Assert.Empty(WarningLevels.Codes(string.Empty));
            Assert.Empty(WarningLevels.Codes(" ; , "));
            Assert.Equal(new[] { "SCG0001", "SCG0002" }, WarningLevels.Codes("SCG0001, SCG0002;scg0001"));
        }
    }
}
