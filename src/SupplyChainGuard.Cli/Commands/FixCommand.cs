using System.CommandLine;

namespace SupplyChainGuard.Cli.Commands
{
    internal static class FixCommand
    {
        public static Command Create(CliConsole console) => new Command("fix");
    }
}
