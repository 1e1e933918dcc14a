namespace SupplyChainGuard.Cli
{
    public static class Program
    {
        public static int Main(string[] args) => ScgApp.Run(args, CliConsole.FromProcess());
    }
}
