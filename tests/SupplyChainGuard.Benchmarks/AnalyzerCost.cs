using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace SupplyChainGuard.Benchmarks
{
    /// <summary>
    /// The two halves of analyzer-cost.sh that need more than coreutils: taking the Csc task's command line out
    /// of a detailed build log, and summarising the timed compiles (medians, ranges, ratios round by round).
    /// </summary>
    public static class AnalyzerCost
    {
        /// <summary>
        /// <c>--csc-command &lt;log&gt; &lt;rsp&gt; &lt;out dir&gt;</c>: writes the command line the Csc task ran (at <c>-v:d</c>
        /// MSBuild logs it after the tool path) as a response file, with <c>/out:</c> and <c>/refout:</c> moved to
        /// <paramref name="outDirectory"/> so that configurations do not overwrite each other's assembly; prints the
        /// compiler's csc.dll. The command is then <c>dotnet exec csc.dll /noconfig @rsp</c>.
        /// </summary>
        public static int WriteCommand(string log, string rsp, string outDirectory)
        {
            // The corpus's own compile: a build of the scg configuration also compiles the analyzer projects it references.
            var line = File.ReadLines(log).FirstOrDefault(l => l.Contains("/Roslyn/bincore/csc ", StringComparison.Ordinal)
                && l.Contains(" /noconfig ", StringComparison.Ordinal) && l.Contains(" /out:obj/Debug/net10.0/Corpus.dll ", StringComparison.Ordinal));
            if (line is null)
            {
                Console.Error.WriteLine($"no Csc command line in {log}");
                return 1;
            }

            line = line.Trim();
            var tool = line.Substring(0, line.IndexOf(' ', StringComparison.Ordinal));
            var arguments = line.Substring(tool.Length + 1);
            Directory.CreateDirectory(Path.Combine(outDirectory, "ref"));
            // /noconfig only counts on the command line (in a response file csc ignores it and warns): the script passes it.
            arguments = Regex.Replace(arguments, @"^/noconfig ", string.Empty);
            arguments = Regex.Replace(arguments, @"(?<= )/out:\S+", "/out:" + Path.Combine(outDirectory, "Corpus.dll"));
            arguments = Regex.Replace(arguments, @"(?<= )/refout:\S+", "/refout:" + Path.Combine(outDirectory, "ref", "Corpus.dll"));
            // This repository's analyzers are copied beside the command, so that a later build of src/ cannot change
            // what a run that is under way measures.
            arguments = Regex.Replace(arguments, @"(?<= )/analyzer:(\S+)", match =>
            {
                var path = match.Groups[1].Value;
                if (!path.Contains("/src/SupplyChainGuard.", StringComparison.Ordinal))
                {
                    return match.Value;
                }

                var copy = Path.Combine(outDirectory, "analyzers", Path.GetFileName(path));
                Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
                File.Copy(path, copy, overwrite: true);
                return "/analyzer:" + copy;
            });
            File.WriteAllText(rsp, arguments + "\n");
            Console.Error.WriteLine($"{Path.GetFileName(rsp)}: {Regex.Matches(arguments, @"(?<= )/analyzer:").Count} analyzer assemblies, {Regex.Matches(arguments, @"(?<= )/additionalfile:").Count} additional files");
            Console.WriteLine(tool + ".dll");
            return 0;
        }

        /// <summary>
        /// <c>--floor-command &lt;scg rsp&gt; &lt;scg sarif&gt; &lt;floor rsp&gt; &lt;out dir&gt; &lt;floor analyzer&gt;</c>: the
        /// <c>floor</c> configuration. Writes the findings the scg compile reported (its <c>/errorlog:</c>, SARIF 2.1) to
        /// <c>floor-findings.tsv</c> in <paramref name="outDirectory"/>, and the scg command line with SupplyChainGuard's
        /// analyzers and policy file replaced by the floor analyzer (copied beside it) and that list. The floor analyzer
        /// reports exactly those findings and does nothing else.
        /// </summary>
        public static int WriteFloorCommand(string scgRsp, string sarif, string rsp, string outDirectory, string floorAnalyzer)
        {
            Directory.CreateDirectory(Path.Combine(outDirectory, "ref"));
            Directory.CreateDirectory(Path.Combine(outDirectory, "analyzers"));
            var findings = new System.Text.StringBuilder();
            var count = 0;
            using (var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(sarif)))
            {
                foreach (var result in document.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray())
                {
                    var id = result.GetProperty("ruleId").GetString() ?? string.Empty;
                    if (!id.StartsWith("SCG", StringComparison.Ordinal) || result.TryGetProperty("suppressions", out _))
                    {
                        continue;
                    }

                    var location = result.GetProperty("locations")[0].GetProperty("physicalLocation");
                    var path = new Uri(location.GetProperty("artifactLocation").GetProperty("uri").GetString()!).LocalPath;
                    var region = location.GetProperty("region");
                    int Field(string name) => region.GetProperty(name).GetInt32();
                    var message = result.GetProperty("message").GetProperty("text").GetString()!.Replace('\t', ' ').Replace('\n', ' ').Replace('\r', ' ');
                    findings.Append(CultureInfo.InvariantCulture, $"{path}\t{Field("startLine")}\t{Field("startColumn")}\t{Field("endLine")}\t{Field("endColumn")}\t{id}\t{message}\n");
                    count++;
                }
            }

            if (count == 0)
            {
                Console.Error.WriteLine($"no SupplyChainGuard findings in {sarif}: the floor would measure nothing");
                return 1;
            }

            var list = Path.Combine(outDirectory, "floor-findings.tsv");
            File.WriteAllText(list, findings.ToString());
            var analyzer = Path.Combine(outDirectory, "analyzers", Path.GetFileName(floorAnalyzer));
            File.Copy(floorAnalyzer, analyzer, overwrite: true);

            var arguments = File.ReadAllText(scgRsp).TrimEnd('\n');
            var before = arguments;
            arguments = Regex.Replace(arguments, @"(?<= )/out:\S+", "/out:" + Path.Combine(outDirectory, "Corpus.dll"));
            arguments = Regex.Replace(arguments, @"(?<= )/refout:\S+", "/refout:" + Path.Combine(outDirectory, "ref", "Corpus.dll"));
            arguments = Regex.Replace(arguments, @" /analyzer:\S+/SupplyChainGuard\.Policy\.dll(?= )", string.Empty);
            arguments = Regex.Replace(arguments, @"(?<= )/analyzer:\S+/SupplyChainGuard\.Analyzers\.dll(?= )", "/analyzer:" + analyzer);
            arguments = Regex.Replace(arguments, @"(?<= )/additionalfile:supplychainguard\.json(?= )", "/additionalfile:" + list);
            if (arguments.Contains("SupplyChainGuard.Analyzers.dll", StringComparison.Ordinal) || !arguments.Contains("/analyzer:" + analyzer, StringComparison.Ordinal)
                || !arguments.Contains("/additionalfile:" + list, StringComparison.Ordinal) || arguments == before)
            {
                Console.Error.WriteLine($"{scgRsp} is not the scg configuration's command line (its analyzers or policy file were not found)");
                return 1;
            }

            File.WriteAllText(rsp, arguments + "\n");
            Console.Error.WriteLine($"{Path.GetFileName(rsp)}: the floor analyzer and {count} findings from {Path.GetFileName(sarif)}");
            return 0;
        }

        /// <summary>
        /// <c>--cost-summary &lt;results.tsv&gt;</c>: one row per compile (corpus, configuration, round, user s, sys s,
        /// wall s, load average, compiler output file); prints per corpus the CPU time per configuration (median,
        /// min–max), what each analyzer set adds over <c>none</c> in the same round, and SupplyChainGuard's added
        /// time over BannedApiAnalyzers' round by round.
        /// </summary>
        public static int Summarize(string results)
        {
            var rows = File.ReadLines(results)
                .Select(l => l.Split('\t'))
                .Where(f => f.Length >= 8)
                .Select(f => new Row(f[0], f[1], int.Parse(f[2], CultureInfo.InvariantCulture), Seconds(f[3]) + Seconds(f[4]), Seconds(f[5]), Seconds(f[6]), f[7]))
                .ToList();
            foreach (var corpus in rows.Select(r => r.Corpus).Distinct())
            {
                var here = rows.Where(r => r.Corpus == corpus).ToList();
                Console.WriteLine();
                Console.WriteLine($"corpus {corpus}: {here.Select(r => r.Round).Distinct().Count()} rounds, load average {Range(here.Select(r => r.Load))}");
                Console.WriteLine();
                Console.WriteLine("| configuration | compiler CPU (user+sys), median (min–max) | wall, median | warnings SCG0101 / SCG0102 / RS0030 | added CPU over none, median (min–max) | added, % of none |");
                Console.WriteLine("|---|---:|---:|---:|---:|---:|");
                var none = here.Where(r => r.Configuration == "none").ToDictionary(r => r.Round, r => r.Cpu);
                foreach (var configuration in here.Select(r => r.Configuration).Distinct())
                {
                    var runs = here.Where(r => r.Configuration == configuration).ToList();
                    var added = runs.Where(r => none.ContainsKey(r.Round)).Select(r => r.Cpu - none[r.Round]).ToList();
                    var percent = runs.Where(r => none.ContainsKey(r.Round)).Select(r => 100 * (r.Cpu - none[r.Round]) / none[r.Round]).ToList();
                    var warnings = Warnings(runs[0].Output);
                    Console.WriteLine($"| {configuration} | {Median(runs.Select(r => r.Cpu)):F2} s ({Range(runs.Select(r => r.Cpu))}) | {Median(runs.Select(r => r.Wall)):F1} s | {warnings} | "
                        + (configuration == "none" ? "– | – |" : $"{Median(added):+0.00;-0.00} s ({Range(added)}) | {Median(percent):+0.0;-0.0}% ({Range(percent, "F1")}) |"));
                }

                Dictionary<int, double> Added(string configuration) =>
                    here.Where(r => r.Configuration == configuration && none.ContainsKey(r.Round)).ToDictionary(r => r.Round, r => r.Cpu - none[r.Round]);
                var banned = Added("banned");
                // floor: no analysis, SupplyChainGuard's findings only (the least any analyzer reporting them adds).
                foreach (var (configuration, label) in new[] { ("scg", "SupplyChainGuard's"), ("floor", "The floor analyzer's") })
                {
                    var added = Added(configuration);
                    var ratios = added.Keys.Where(banned.ContainsKey).OrderBy(k => k).Select(k => added[k] / banned[k]).ToList();
                    if (ratios.Count == 0)
                    {
                        continue;
                    }

                    var pooled = added.Values.Sum() / banned.Values.Sum();
                    Console.WriteLine();
                    Console.WriteLine($"{label} added CPU / BannedApiAnalyzers', round by round: {string.Join(", ", ratios.Select(r => r.ToString("F2", CultureInfo.InvariantCulture)))}");
                    Console.WriteLine($"  median {Median(ratios):F2}, min–max {Range(ratios)}; ratio of the medians {Median(added.Values) / Median(banned.Values):F2}; of the sums {pooled:F2} (goal: at most 0.50)");
                }
            }

            return 0;
        }

        /// <summary><c>--report-table &lt;compiler output&gt;</c>: the analyzer rows of the compiler's /reportanalyzer table.</summary>
        public static int ReportTable(string output)
        {
            var inTable = false;
            foreach (var line in File.ReadLines(output))
            {
                if (line.StartsWith("Total analyzer execution time", StringComparison.Ordinal))
                {
                    inTable = true;
                    Console.WriteLine("    " + line);
                    continue;
                }

                if (line.StartsWith("Total generator execution time", StringComparison.Ordinal) || line.StartsWith("NOTE:", StringComparison.Ordinal))
                {
                    inTable = false;
                }

                if (inTable && Regex.IsMatch(line, @"^\s+<?[0-9.]+\s+<?[0-9]+\s+(SupplyChainGuard|Microsoft\.CodeAnalysis\.(CSharp\.)?BannedApiAnalyzers)"))
                {
                    Console.WriteLine("    " + Regex.Replace(line.Trim(), @", Version=.*$", string.Empty));
                }
            }

            return 0;
        }

        private static string Warnings(string output)
        {
            if (!File.Exists(output))
            {
                return "?";
            }

            var text = File.ReadAllText(output);
            int Count(string id) => Regex.Matches(text, @"warning " + id + ":").Count;
            var floor = Count("SCGFLOOR");
            return $"{Count("SCG0101")} / {Count("SCG0102")} / {Count("RS0030")}" + (floor > 0 ? $" (and {floor} SCGFLOOR: the floor did not report its list)" : string.Empty);
        }

        private static double Seconds(string text) => double.Parse(text, CultureInfo.InvariantCulture);

        private static double Median(IEnumerable<double> values)
        {
            var sorted = values.OrderBy(v => v).ToList();
            if (sorted.Count == 0)
            {
                return double.NaN;
            }

            return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
        }

        private static string Range(IEnumerable<double> values, string format = "F2")
        {
            var list = values.ToList();
            return list.Count == 0 ? "–" : list.Min().ToString(format, CultureInfo.InvariantCulture) + "–" + list.Max().ToString(format, CultureInfo.InvariantCulture);
        }

        private sealed record Row(string Corpus, string Configuration, int Round, double Cpu, double Wall, double Load, string Output);
    }
}
