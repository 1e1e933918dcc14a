using System.CommandLine;

namespace SupplyChainGuard.Cli.Commands
{
    internal static class InitCommand
    {
        public static Command Create(CliConsole console) => new Command("init");
    }
}
