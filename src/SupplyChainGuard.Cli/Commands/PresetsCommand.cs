using System.CommandLine;

namespace SupplyChainGuard.Cli.Commands
{
    internal static class PresetsCommand
    {
        public static Command Create(CliConsole console) => new Command("presets");
    }
}
