using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace SupplyChainGuard.Benchmarks
{
    /// <summary>
    /// <c>--allocation-report &lt;label&gt;=&lt;trace.nettrace&gt; ...</c> (analyzer-allocations.sh): where a compile's
    /// allocations come from, read from the runtime's allocation samples (one GCAllocationTick event per ~100 KB
    /// allocated, with its managed stack). Each sample goes to the first frame, from the allocating one outwards,
    /// that belongs to one of <see cref="Parts"/>; the first label is the baseline (no analyzer) and every other
    /// one is also shown as what it adds to it, part by part.
    /// </summary>
    /// <remarks>
    /// Allocations, not CPU, because they are what this machine measures reproducibly: the compiler's CPU time
    /// moves by several seconds from run to run (analyzer-cost.sh), while the sampled allocations of the same
    /// compile agree within a few megabytes, and in the compiler's server GC the CPU a part costs follows the
    /// memory it allocates and keeps.
    /// </remarks>
    public static class AllocationReport
    {
        /// <summary>The parts, as (name, frame-name fragment); the first fragment found from the leaf wins.</summary>
        private static readonly (string Name, string Fragment)[] Parts =
        {
            ("the floor analyzer's own code", ".Benchmarks.Floor."),
            ("SupplyChainGuard's own code", "SupplyChainGuard."),
            ("BannedApiAnalyzers' own code", ".BannedApiAnalyzers."),
            ("[SuppressMessage] check of each reported diagnostic", "SuppressMessageAttributeState"),
            ("formatting the diagnostics' messages", "DiagnosticFormatter"),
            ("analyzer driver: events, tree walks, operation trees", ".AnalyzerDriver"),
            ("compiling method bodies", ".MethodCompiler"),
        };

        private const string Other = "everything else (parse, declarations, emit)";

        public static int Run(IReadOnlyList<string> arguments)
        {
            var traces = new List<(string Label, string Path)>();
            foreach (var argument in arguments)
            {
                var equals = argument.IndexOf('=', StringComparison.Ordinal);
                if (equals <= 0 || !File.Exists(argument.Substring(equals + 1)))
                {
                    Console.Error.WriteLine($"usage: --allocation-report <label>=<trace.nettrace> ... (not a trace: '{argument}')");
                    return 2;
                }

                traces.Add((argument.Substring(0, equals), argument.Substring(equals + 1)));
            }

            if (traces.Count == 0)
            {
                Console.Error.WriteLine("usage: --allocation-report <label>=<trace.nettrace> ...");
                return 2;
            }

            var results = traces.Select(t => (t.Label, Megabytes: Read(t.Path))).ToList();
            var names = Parts.Select(p => p.Name).Append(Other).ToList();
            var culture = CultureInfo.InvariantCulture;
            Console.WriteLine("Sampled allocations, MB (one sample per ~100 KB; the first column is the baseline):");
            Console.WriteLine(string.Format(culture, "  {0,-54}", "part") + string.Concat(results.Select(r => string.Format(culture, "{0,10}", r.Label))));
            foreach (var name in names.Append("total"))
            {
                Console.WriteLine(string.Format(culture, "  {0,-54}", name) + string.Concat(results.Select(r => string.Format(culture, "{0,10:F1}", Value(r.Megabytes, name)))));
            }

            var baseline = results[0];
            foreach (var result in results.Skip(1))
            {
                Console.WriteLine();
                Console.WriteLine($"What {result.Label} adds to {baseline.Label}, MB:");
                foreach (var name in names.Append("total"))
                {
                    var added = Value(result.Megabytes, name) - Value(baseline.Megabytes, name);
                    Console.WriteLine(string.Format(culture, "  {0,-54}{1,10:+0.0;-0.0;0.0}", name, added));
                }
            }

            return 0;
        }

        private static double Value(Dictionary<string, double> megabytes, string name) =>
            name == "total" ? megabytes.Values.Sum() : megabytes.TryGetValue(name, out var value) ? value : 0;

        private static Dictionary<string, double> Read(string path)
        {
            var megabytes = new Dictionary<string, double>(StringComparer.Ordinal);
            var etlx = TraceLog.CreateFromEventPipeDataFile(path, Path.ChangeExtension(path, ".etlx"));
            using var log = new TraceLog(etlx);
            foreach (var data in log.Events)
            {
                if (data is not GCAllocationTickTraceData tick)
                {
                    continue;
                }

                var part = Other;
                for (var frame = data.CallStack(); frame is not null && part == Other; frame = frame.Caller)
                {
                    var method = frame.CodeAddress.FullMethodName;
                    if (string.IsNullOrEmpty(method))
                    {
                        continue;
                    }

                    foreach (var (name, fragment) in Parts)
                    {
                        if (method.Contains(fragment, StringComparison.Ordinal))
                        {
                            part = name;
                            break;
                        }
                    }
                }

                megabytes[part] = megabytes.GetValueOrDefault(part) + tick.AllocationAmount64 / 1e6;
            }

            return megabytes;
        }
    }
}
