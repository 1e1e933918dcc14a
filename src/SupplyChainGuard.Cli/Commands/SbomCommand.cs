using System.CommandLine;

namespace SupplyChainGuard.Cli.Commands
{
    internal static class SbomCommand
    {
        public static Command Create(CliConsole console) => new Command("sbom");
    }
}
