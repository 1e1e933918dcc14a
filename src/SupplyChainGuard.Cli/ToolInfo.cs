using System.Reflection;

namespace SupplyChainGuard.Cli
{
    internal static class ToolInfo
    {
        public const string InformationUri = "https://github.com/supplychainguard/supplychainguard";

        /// <summary>The package version, without the commit suffix the SDK appends to the informational version.</summary>
        public static readonly string Version = (typeof(ToolInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0").Split('+')[0];
    }
}
