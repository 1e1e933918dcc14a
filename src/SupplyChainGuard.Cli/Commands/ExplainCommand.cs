using System.CommandLine;

namespace SupplyChainGuard.Cli.Commands
{
    internal static class ExplainCommand
    {
        public static Command Create(CliConsole console) => new Command("explain");
    }
}
