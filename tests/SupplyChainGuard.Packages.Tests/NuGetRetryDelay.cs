using System;
using System.Runtime.CompilerServices;

namespace SupplyChainGuard.Packages.Tests
{
    /// <summary>
    /// NuGet's HTTP stack waits a second before each retry of a failed request (it reads the wait from
    /// <c>NUGET_ENHANCED_NETWORK_RETRY_DELAY_MILLISECONDS</c>). The tests that make a feed fail on purpose would wait
    /// seconds for nothing, so the test process makes it 10 ms before any test runs. The number of tries, which
    /// the tests check, stays NuGet's. A value the developer set is kept.
    /// </summary>
    internal static class NuGetRetryDelay
    {
        public const string Variable = "NUGET_ENHANCED_NETWORK_RETRY_DELAY_MILLISECONDS";

        [ModuleInitializer]
        internal static void Shorten()
        {
            if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(Variable)))
            {
                Environment.SetEnvironmentVariable(Variable, "10");
            }
        }
    }
}
