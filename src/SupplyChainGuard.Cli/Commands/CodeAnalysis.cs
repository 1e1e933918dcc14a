using SupplyChainGuard.Cli.Checking;

namespace SupplyChainGuard.Cli.Commands
{
    internal sealed class CodeAnalysis
    {
        public CodeAnalysis(CliConsole console, CheckOptions options)
        {
        }

        public string? HandoverFileFor(ProjectReport project, string framework) => null;

        public void AddFindings(RepositoryReport report, ProgressLine progress)
        {
        }
    }
}
