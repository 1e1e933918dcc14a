using Xunit;

namespace SupplyChainGuard.Packages.Tests
{
    /// <summary>One diagnostic as every host prints it (the CLI's table, the replay's log), and when two are the same one.</summary>
    public sealed class CheckDiagnosticTests
    {
        private static CheckDiagnostic Diagnostic(ReportLevel level = ReportLevel.Warning, string code = "SCG0001", string file = "/src/App/App.csproj",
            int line = 12, int column = 6, string message = "Package 'Baidu.AI' 4.15.10 is published by Baidu.") =>
            new CheckDiagnostic(level, code, file, line, column, message);

        [Fact]
        public void A_diagnostic_at_a_line_prints_as_MSBuild_prints_one()
        {
            Assert.Equal("/src/App/App.csproj(12,6): warning SCG0001: Package 'Baidu.AI' 4.15.10 is published by Baidu.", Diagnostic().ToString());
            Assert.Equal("/src/App/App.csproj(1,1): error SCG0005: changed", Diagnostic(ReportLevel.Error, "SCG0005", line: 1, column: 1, message: "changed").ToString());
        }

        [Fact]
        public void A_diagnostic_about_the_whole_file_prints_without_a_position()
        {
            Assert.Equal("/src/App/App.csproj: message SCG0203: note", Diagnostic(ReportLevel.Message, "SCG0203", line: 0, column: 0, message: "note").ToString());
        }

        [Fact]
        public void Two_diagnostics_are_the_same_only_when_level_code_file_line_column_and_message_all_are()
        {
            Assert.Equal(Diagnostic(), Diagnostic());
            Assert.Equal(Diagnostic().GetHashCode(), Diagnostic().GetHashCode());
            Assert.Equal(Diagnostic(message: "a\tb"), Diagnostic(message: "a b")); // compared as printed, on one line

            Assert.NotEqual(Diagnostic(), Diagnostic(level: ReportLevel.Error));
            Assert.NotEqual(Diagnostic(), Diagnostic(code: "SCG0002"));
            Assert.NotEqual(Diagnostic(), Diagnostic(file: "/src/Lib/Lib.csproj"));
            Assert.NotEqual(Diagnostic(), Diagnostic(line: 13));
            Assert.NotEqual(Diagnostic(), Diagnostic(column: 7));
            Assert.NotEqual(Diagnostic(), Diagnostic(message: "Another message."));
            Assert.False(Diagnostic().Equals("/src/App/App.csproj(12,6): warning SCG0001: Package 'Baidu.AI' 4.15.10 is published by Baidu."));
            Assert.False(Diagnostic().Equals(null));
        }

        [Theory]
        [InlineData("tab\there", "tab here")]
        [InlineData("line\r\nbreak", "line  break")]
        [InlineData("nel\u0085and\u2028separators\u2029", "nel and separators ")]
        [InlineData("plain", "plain")]
        public void Messages_are_one_line_so_a_replay_prints_the_same_bytes(string text, string expected)
        {
            Assert.Equal(expected, new CheckDiagnostic(ReportLevel.Warning, "SCG0001", "App.csproj", 1, 1, text).Message);
        }

        [Fact]
        public void A_log_message_prints_as_its_text()
        {
            var message = new CheckMessage(isDetail: true, "SupplyChainGuard: checked 6 packages.");

            Assert.Equal("SupplyChainGuard: checked 6 packages.", message.ToString());
            Assert.True(message.IsDetail);
        }
    }
}
