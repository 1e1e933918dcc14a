using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace SupplyChainGuard.Benchmarks
{
    /// <summary>
    /// <c>--ide-edit [runs] [sdk every]</c>: what an editor pays per keystroke. One file of the 1,500-file corpus is
    /// edited (a comment appended, a new text each time); the compilation gets the new tree
    /// (<c>ReplaceSyntaxTree</c>, so every unchanged tree is reused, as in the IDE) and a fresh
    /// <c>CompilationWithAnalyzers</c> analyses that one document: syntax and semantic diagnostics, as the IDE's
    /// diagnostic service asks for an open file. Configurations run in turn within each run: the no-op baseline
    /// (which makes the driver bind the document as any semantic analyzer does), SupplyChainGuard (namespace
    /// policy) and BannedApiAnalyzers. Reported: wall and process CPU time per configuration, and above the baseline.
    /// </summary>
    public static class IdeEdit
    {
        private const int Files = 1500;

        public static int Run(int runs, int sdkEvery)
        {
            var configurations = new[] { AnalyzerConfiguration.CompileOnly, AnalyzerConfiguration.SupplyChainGuardNamespaces, AnalyzerConfiguration.BannedApiAnalyzers };
            var workloads = configurations.ToDictionary(c => c, AnalyzerWorkload.Create);
            var compilation = AnalyzerWorkload.CreateCompilation(Files, sdkEvery);
            var index = Enumerable.Range(0, Files).First(i => AnalyzerCorpus.UsesSdk(i, sdkEvery));
            var path = AnalyzerCorpus.Generate(Files, sdkEvery)[index].Path;
            var tree = compilation.SyntaxTrees.Single(t => t.FilePath.EndsWith(path, StringComparison.Ordinal));
            Console.WriteLine($"ide-edit: {Files} files, 1 in {sdkEvery} uses the SDK; editing {path}; {runs} runs after 3 warm-up runs; {Environment.ProcessorCount} cores; load average {Load()}");

            // A first full analysis, as an editor has done before the first keystroke (declarations, references bound).
            compilation.GetDiagnostics();
            var wall = configurations.ToDictionary(c => c, _ => new List<double>());
            var cpu = configurations.ToDictionary(c => c, _ => new List<double>());
            var counts = new Dictionary<AnalyzerConfiguration, string>();
            for (var run = -3; run < runs; run++)
            {
                foreach (var configuration in Rotate(configurations, run))
                {
                    var edited = tree.WithChangedText(tree.GetText().WithChanges(new TextChange(new TextSpan(tree.Length, 0), $"// edit {run} {configuration}\n")));
                    var next = compilation.ReplaceSyntaxTree(tree, edited);
                    var workload = workloads[configuration];
                    var analysis = next.WithAnalyzers(workload.Analyzers, new CompilationWithAnalyzersOptions(workload.Options, onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: false));
                    var process = Process.GetCurrentProcess();
                    var cpuBefore = process.TotalProcessorTime;
                    var clock = Stopwatch.StartNew();
                    var syntax = analysis.GetAnalyzerSyntaxDiagnosticsAsync(edited, CancellationToken.None).GetAwaiter().GetResult();
                    var semantic = analysis.GetAnalyzerSemanticDiagnosticsAsync(next.GetSemanticModel(edited), filterSpan: null, CancellationToken.None).GetAwaiter().GetResult();
                    clock.Stop();
                    process.Refresh();
                    var cpuMs = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds;
                    if (run >= 0)
                    {
                        wall[configuration].Add(clock.Elapsed.TotalMilliseconds);
                        cpu[configuration].Add(cpuMs);
                    }

                    counts[configuration] = AnalyzerWorkload.Describe(syntax.Concat(semantic).GroupBy(d => d.Id).ToDictionary(g => g.Key, g => g.Count()));
                }
            }

            Console.WriteLine();
            Console.WriteLine("| configuration | diagnostics in the file | wall, median (min–max) | CPU, median (min–max) | above the baseline: wall / CPU (medians) |");
            Console.WriteLine("|---|---|---:|---:|---:|");
            var baseWall = Median(wall[AnalyzerConfiguration.CompileOnly]);
            var baseCpu = Median(cpu[AnalyzerConfiguration.CompileOnly]);
            foreach (var configuration in configurations)
            {
                var above = configuration == AnalyzerConfiguration.CompileOnly ? "–" : $"{Median(wall[configuration]) - baseWall:+0.0;-0.0} ms / {Median(cpu[configuration]) - baseCpu:+0.0;-0.0} ms";
                Console.WriteLine($"| {configuration} | {counts[configuration]} | {Median(wall[configuration]):F1} ms ({Range(wall[configuration])}) | {Median(cpu[configuration]):F1} ms ({Range(cpu[configuration])}) | {above} |");
            }

            // Paired by run: each run measures all three back to back.
            var ratios = Enumerable.Range(0, runs)
                .Select(i => (wall[AnalyzerConfiguration.SupplyChainGuardNamespaces][i] - wall[AnalyzerConfiguration.CompileOnly][i]) / (wall[AnalyzerConfiguration.BannedApiAnalyzers][i] - wall[AnalyzerConfiguration.CompileOnly][i]))
                .ToList();
            Console.WriteLine();
            Console.WriteLine($"SupplyChainGuard above the baseline / BannedApiAnalyzers above it (wall, run by run): median {Median(ratios):F2}, min–max {Range(ratios, "F2")}; ratio of the medians {(Median(wall[AnalyzerConfiguration.SupplyChainGuardNamespaces]) - baseWall) / (Median(wall[AnalyzerConfiguration.BannedApiAnalyzers]) - baseWall):F2}");
            Console.WriteLine($"ide-edit: load average {Load()} at the end");
            return 0;
        }

        private static IEnumerable<AnalyzerConfiguration> Rotate(AnalyzerConfiguration[] configurations, int run)
        {
            var shift = ((run % configurations.Length) + configurations.Length) % configurations.Length;
            return configurations.Skip(shift).Concat(configurations.Take(shift));
        }

        private static string Load()
        {
            try
            {
                return System.IO.File.ReadAllText("/proc/loadavg").Split(' ')[0];
            }
            catch (System.IO.IOException)
            {
                return "?";
            }
        }

        private static double Median(List<double> values)
        {
            var sorted = values.OrderBy(v => v).ToList();
            return sorted.Count == 0 ? double.NaN : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
        }

        private static string Range(List<double> values, string format = "F1") =>
            values.Count == 0 ? "–" : values.Min().ToString(format, CultureInfo.InvariantCulture) + "–" + values.Max().ToString(format, CultureInfo.InvariantCulture);
    }
}
