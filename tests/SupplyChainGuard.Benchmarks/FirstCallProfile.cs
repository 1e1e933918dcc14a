using System;
using System.Diagnostics;
using System.IO;
using SupplyChainGuard.Packages;
using SupplyChainGuard.Policy;

namespace SupplyChainGuard.Benchmarks
{
    /// <summary>
    /// <c>--first-call &lt;assets file&gt; &lt;policy file&gt; &lt;identity cache file&gt;</c>: the steps of a no-op build's check
    /// timed with a stopwatch in a fresh process, first call then second call. In a build with
    /// -nodeReuse:false every build is such a fresh process, so the first-call column (assembly loading and
    /// JIT of this code and of NuGet's libraries) is what the task costs there; the second call is the work.
    /// </summary>
    internal static class FirstCallProfile
    {
        public static int Run(string assetsFile, string policyFile, string cacheFile)
        {
            var sinceStart = DateTime.Now - Process.GetCurrentProcess().StartTime;
            Console.WriteLine($"first-call: process start to Main {sinceStart.TotalMilliseconds:F0} ms");
            Console.WriteLine($"first-call: {"step",-52} {"1st call",9} {"2nd call",9}");
            double[] totals = new double[2];
            var timings = new double[2, 5];
            for (var call = 0; call < 2; call++)
            {
                var stopwatch = Stopwatch.StartNew();
                var policy = PolicyLoader.LoadFile(policyFile).Policy ?? throw new InvalidOperationException("the policy is invalid");
                timings[call, 0] = Lap(stopwatch);
                var graph = ProjectAssetsReader.Read(assetsFile, null);
                timings[call, 1] = Lap(stopwatch);
                var cache = IdentityCache.Load(File.Exists(cacheFile) ? cacheFile : throw new FileNotFoundException("no identity cache", cacheFile));
                timings[call, 2] = Lap(stopwatch);
                var identities = cache.Resolve(graph.AllPackages, graph.PackageFolders);
                timings[call, 3] = Lap(stopwatch);
                var result = PackageChecker.Check(new PackageCheckRequest(graph, policy, identities) { ProjectPath = Path.GetFullPath("App.csproj") });
                timings[call, 4] = Lap(stopwatch);
                if (cache.ReadCount != 0)
                {
                    Console.WriteLine($"first-call: warning: {cache.ReadCount} packages were not in the cache");
                }

                if (call == 0)
                {
                    Console.WriteLine($"first-call: {result.Verdicts.Count} packages, {result.Findings.Count} findings, {result.Waived.Count} waived");
                }
            }

            string[] steps =
            {
                "PolicyLoader.LoadFile",
                "ProjectAssetsReader.Read (NuGet.ProjectModel)",
                "IdentityCache.Load (System.Text.Json)",
                "IdentityCache.Resolve (all from the cache)",
                "PackageChecker.Check",
            };
            for (var step = 0; step < steps.Length; step++)
            {
                Console.WriteLine($"first-call: {steps[step],-52} {timings[0, step],6:F1} ms {timings[1, step],6:F1} ms");
                totals[0] += timings[0, step];
                totals[1] += timings[1, step];
            }

            Console.WriteLine($"first-call: {"total",-52} {totals[0],6:F1} ms {totals[1],6:F1} ms");
            return 0;
        }

        private static double Lap(Stopwatch stopwatch)
        {
            var elapsed = stopwatch.Elapsed.TotalMilliseconds;
            stopwatch.Restart();
            return elapsed;
        }
    }
}
