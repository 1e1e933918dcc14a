using System.Security;

namespace SupplyChainGuard.TestKit
{
    /// <summary>The nuget.config texts fixtures write beside their projects.</summary>
    public static class NuGetConfigs
    {
        /// <summary>
        /// A nuget.config that lets restore see <paramref name="source"/> and nothing of the machine's: the sources and
        /// fallback package folders inherited from user and machine configs are cleared. <paramref name="insecureHttp"/>
        /// allows a plain-http source (a <see cref="V3TestFeed"/>), which NuGet otherwise refuses.
        /// </summary>
        public static string SingleSource(string key, string source, bool insecureHttp = false) => $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="{SecurityElement.Escape(key)}" value="{SecurityElement.Escape(source)}"{(insecureHttp ? " allowInsecureConnections=\"true\"" : string.Empty)} />
              </packageSources>
              <fallbackPackageFolders>
                <clear />
              </fallbackPackageFolders>
            </configuration>

            """;
    }
}
