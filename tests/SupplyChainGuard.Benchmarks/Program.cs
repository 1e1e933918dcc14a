using System;
using System.IO;
using System.Linq;
using BenchmarkDotNet.Running;

namespace SupplyChainGuard.Benchmarks
{
    public static class Program
    {
        /// <summary>
        /// <c>--generate-feed &lt;feed dir&gt; &lt;count&gt; [&lt;app dir&gt;]</c> writes the fixture packages (and, given an
        /// app directory, a Packages.props referencing all of them and the policy) for noop-build.sh;
        /// <c>--first-call &lt;assets&gt; &lt;policy&gt; &lt;cache&gt;</c> times a no-op build's check steps in a fresh process
        /// (see <see cref="FirstCallProfile"/>); anything else goes to BenchmarkDotNet (e.g. <c>--filter '*'</c>).
        /// </summary>
        public static int Main(string[] args)
        {
            if (args.Length > 0 && args[0] == "--generate-feed")
            {
                if (args.Length < 3 || !int.TryParse(args[2], out var count) || count < 1)
                {
                    Console.Error.WriteLine("usage: --generate-feed <feed dir> <count> [<app dir>]");
                    return 2;
                }

                BenchmarkWorld.WriteFeed(args[1], count);
                if (args.Length > 3)
                {
                    Directory.CreateDirectory(args[3]);
                    File.WriteAllText(Path.Combine(args[3], "Packages.props"), BenchmarkWorld.PackageReferencesProps(count));
                    File.WriteAllText(Path.Combine(args[3], "supplychainguard.json"), BenchmarkWorld.PolicyJson());
                }

                Console.WriteLine($"wrote {count} fixture packages to {args[1]}");
                return 0;
            }

            if (args.Length > 0 && args[0] == "--first-call")
            {
                if (args.Length != 4)
                {
                    Console.Error.WriteLine("usage: --first-call <assets file> <policy file> <identity cache file>");
                    return 2;
                }

                return FirstCallProfile.Run(args[1], args[2], args[3]);
            }

            // --write-corpus <dir> <repository root> [<files> [<sdk every>]]: AnalyzerCorpus as a project, for
            // analyzer-build.sh and analyzer-cost.sh.
            if (args.Length > 0 && args[0] == "--write-corpus")
            {
                var count = AnalyzerCorpus.FileCount;
                var every = AnalyzerCorpus.DefaultSdkEvery;
                if (args.Length < 3 || args.Length > 5
                    || (args.Length > 3 && (!int.TryParse(args[3], out count) || count < 1))
                    || (args.Length > 4 && (!int.TryParse(args[4], out every) || every < 1)))
                {
                    Console.Error.WriteLine("usage: --write-corpus <corpus dir> <repository root> [<files> [<one file in N uses the SDK>]]");
                    return 2;
                }

                AnalyzerCorpus.WriteProject(Path.GetFullPath(args[1]), Path.GetFullPath(args[2]), count, every);
                Console.WriteLine($"wrote {count} files ({AnalyzerCorpus.SdkFiles(count, every)} use Baidu.AI) and Corpus.csproj to {args[1]}");
                return 0;
            }

            // analyzer-cost.sh's helpers: the Csc command line from a build log, the summary of the timed compiles.
            if (args.Length == 4 && args[0] == "--csc-command")
            {
                return AnalyzerCost.WriteCommand(args[1], args[2], args[3]);
            }

            if (args.Length == 6 && args[0] == "--floor-command")
            {
                return AnalyzerCost.WriteFloorCommand(args[1], args[2], args[3], args[4], args[5]);
            }

            if (args.Length == 2 && args[0] == "--cost-summary")
            {
                return AnalyzerCost.Summarize(args[1]);
            }

            if (args.Length == 2 && args[0] == "--report-table")
            {
                return AnalyzerCost.ReportTable(args[1]);
            }

            // --allocation-report <label>=<trace> ...: where a traced compile's allocations come from (analyzer-allocations.sh).
            if (args.Length > 0 && args[0] == "--allocation-report")
            {
                return AllocationReport.Run(args.Skip(1).ToArray());
            }

            // --ide-edit [runs] [sdk every]: re-analysing one edited document of 1,500 (see IdeEdit).
            if (args.Length > 0 && args[0] == "--ide-edit")
            {
                return IdeEdit.Run(args.Length > 1 && int.TryParse(args[1], out var editRuns) && editRuns > 0 ? editRuns : 15,
                    args.Length > 2 && int.TryParse(args[2], out var every) && every > 0 ? every : 1);
            }

            // --analyzer-profile [runs]: per-analyzer telemetry and bound-name counts on the corpus (see AnalyzerProfile).
            if (args.Length > 0 && args[0] == "--analyzer-profile")
            {
                return AnalyzerProfile.Run(args.Length > 1 && int.TryParse(args[1], out var runs) && runs > 0 ? runs : 5);
            }

            BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
            return 0;
        }
    }
}
