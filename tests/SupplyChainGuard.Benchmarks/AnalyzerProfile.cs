using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Linq;
using System.Reflection;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SupplyChainGuard.Benchmarks
{
    /// <summary>
    /// <c>--analyzer-profile [runs]</c>: where the analyzers' time goes on <see cref="AnalyzerCorpus"/>, without
    /// BenchmarkDotNet. Per configuration: wall time and allocations of warm runs, and Roslyn's own per-analyzer
    /// telemetry (execution time, action counts). For SupplyChainGuard also each analyzer alone, and how many
    /// syntax nodes its rules bind with GetSymbolInfo: the names that pass the candidate-name filter, counted from
    /// the filter's own set (read by reflection from the PublisherIndex the analyzer builds), split by what they
    /// turn out to denote.
    /// </summary>
    internal static class AnalyzerProfile
    {
        public static int Run(int runs)
        {
            Console.WriteLine($"analyzer-profile: {AnalyzerCorpus.FileCount} files, {AnalyzerCorpus.SdkFiles()} use the SDK, {Environment.ProcessorCount} cores, Roslyn {typeof(Compilation).Assembly.GetName().Version}");
            var stopwatch = Stopwatch.StartNew();
            var compilation = AnalyzerWorkload.Compilation;
            Console.WriteLine($"analyzer-profile: parsed in {stopwatch.ElapsedMilliseconds} ms; {compilation.SyntaxTrees.Sum(t => t.GetRoot().FullSpan.Length) / 1024} KiB of source, {compilation.References.Count()} references");

            var means = new Dictionary<string, (double Ms, double Mb)>();
            foreach (AnalyzerConfiguration configuration in Enum.GetValues(typeof(AnalyzerConfiguration)))
            {
                var workload = AnalyzerWorkload.Create(configuration);
                workload.Verify();
                Console.WriteLine($"\n{configuration}: {workload.Analyzers.Length} analyzers, reports {AnalyzerWorkload.Describe(AnalyzerWorkload.Expected(configuration))} (checked)");
                means[configuration.ToString()] = Measure(configuration.ToString(), workload.Analyzers, workload.Options, runs, telemetry: true);
            }

            Console.WriteLine("\nEach SupplyChainGuard analyzer alone (namespaces policy):");
            var namespaces = AnalyzerWorkload.Create(AnalyzerConfiguration.SupplyChainGuardNamespaces);
            foreach (var analyzer in namespaces.Analyzers)
            {
                var name = analyzer.GetType().Name;
                means[name] = Measure(name, ImmutableArray.Create(analyzer), namespaces.Options, runs, telemetry: false);
            }

            Console.WriteLine("\nThe driver's dispatch alone: a no-op action on every IdentifierName and GenericName:");
            means[nameof(NoOpIdentifierAnalyzer)] = Measure(nameof(NoOpIdentifierAnalyzer), ImmutableArray.Create<DiagnosticAnalyzer>(new NoOpIdentifierAnalyzer()), namespaces.Options, runs, telemetry: true);

            var banned = means[nameof(AnalyzerConfiguration.BannedApiAnalyzers)];
            var bannedCpu = CpuMedians[nameof(AnalyzerConfiguration.BannedApiAnalyzers)];
            foreach (var baselineName in new[] { nameof(AnalyzerConfiguration.Empty), nameof(AnalyzerConfiguration.CompileOnly) })
            {
                var baseline = means[baselineName];
                var baselineCpu = CpuMedians[baselineName];
                Console.WriteLine($"\nAbove {baselineName} ({baseline.Ms:F0} ms, CPU {baselineCpu:F0} ms, {baseline.Mb:F1} MB):");
                foreach (var (name, mean) in means.Where(m => m.Key is not (nameof(AnalyzerConfiguration.Empty) or nameof(AnalyzerConfiguration.CompileOnly))))
                {
                    var cpu = CpuMedians[name];
                    Console.WriteLine($"  {name,-36} {mean.Ms - baseline.Ms,8:F0} ms, CPU {cpu - baselineCpu,8:F0} ms, {mean.Mb - baseline.Mb,8:F1} MB" +
                        $"   vs BannedApiAnalyzers: time x{(mean.Ms - baseline.Ms) / (banned.Ms - baseline.Ms),5:F2}, CPU x{(cpu - baselineCpu) / (bannedCpu - baselineCpu),5:F2}, allocations x{(mean.Mb - baseline.Mb) / (banned.Mb - baseline.Mb),5:F2}");
                }
            }

            CandidateNames(namespaces);
            CandidateNames(AnalyzerWorkload.Create(AnalyzerConfiguration.SupplyChainGuardHandover));
            BindingCosts(namespaces);
            return 0;
        }

        private static readonly Dictionary<string, double> CpuMedians = new Dictionary<string, double>(StringComparer.Ordinal);

        private static string LoadAverage()
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

        /// <summary>
        /// What the semantic model work behind SupplyChainGuard's filters costs, single-threaded, each set on a fresh
        /// clone of the compilation (nothing bound yet): the using directives SCG0102 binds, the candidate names
        /// SCG0101 binds, the element accesses and target-typed new() it binds before looking at names, all three,
        /// and for scale every member body's IOperation tree (what BannedApiAnalyzers' operation actions need).
        /// </summary>
        private static void BindingCosts(AnalyzerWorkload workload)
        {
            var compilation = AnalyzerWorkload.Compilation;
            var indexType = typeof(SupplyChainGuard.Analyzers.RestrictedApiAnalyzer).Assembly.GetType("SupplyChainGuard.Analyzers.PublisherIndex", throwOnError: true)!;
            var index = indexType.GetMethod("Get", BindingFlags.Public | BindingFlags.Static)!.Invoke(null, new object[] { compilation, workload.Options, CancellationToken.None })!;
            var names = (HashSet<string>)indexType.GetField("_names", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(index)!;

            var usings = new List<SyntaxNode>();
            var candidates = new List<SyntaxNode>();
            var nameless = new List<SyntaxNode>();
            var bodies = new List<SyntaxNode>();
            foreach (var tree in compilation.SyntaxTrees)
            {
                foreach (var node in tree.GetRoot().DescendantNodes())
                {
                    switch (node)
                    {
                        case UsingDirectiveSyntax { Name: { } name }:
                            usings.Add(name);
                            break;
                        case SimpleNameSyntax simple when (node.IsKind(SyntaxKind.IdentifierName) || node.IsKind(SyntaxKind.GenericName))
                            && names.Contains(simple.Identifier.ValueText) && !simple.IsVar && simple.FirstAncestorOrSelf<UsingDirectiveSyntax>() is null:
                            candidates.Add(node);
                            break;
                        case ElementAccessExpressionSyntax:
                        case ImplicitObjectCreationExpressionSyntax:
                            nameless.Add(node);
                            break;
                        case BaseMethodDeclarationSyntax { Body: not null } or BaseMethodDeclarationSyntax { ExpressionBody: not null }:
                        case AccessorDeclarationSyntax { Body: not null } or AccessorDeclarationSyntax { ExpressionBody: not null }:
                        case ArrowExpressionClauseSyntax { Parent: PropertyDeclarationSyntax or IndexerDeclarationSyntax }:
                        case EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent.Parent: FieldDeclarationSyntax } or PropertyDeclarationSyntax }:
                            bodies.Add(node);
                            break;
                    }
                }
            }

            Console.WriteLine($"\nSemantic model work, single-threaded, each on a fresh compilation (load average {LoadAverage()}):");
            Bind("using directives (SCG0102 binds every one)", usings, (model, node) => model.GetSymbolInfo(node));
            Bind("candidate names (SCG0101)", candidates, (model, node) => model.GetSymbolInfo(node));
            Bind("element accesses, target-typed new() (SCG0101)", nameless, (model, node) => model.GetSymbolInfo(node));
            Bind("all three: what SupplyChainGuard binds", usings.Concat(candidates).Concat(nameless).ToList(), (model, node) => model.GetSymbolInfo(node));
            Bind("every member body's IOperation (operation actions)", bodies, (model, node) => model.GetOperation(node));
        }

        private static void Bind(string what, List<SyntaxNode> nodes, Action<SemanticModel, SyntaxNode> bind)
        {
            var compilation = AnalyzerWorkload.Compilation.Clone();
            var models = new Dictionary<SyntaxTree, SemanticModel>();
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var before = GC.GetTotalAllocatedBytes(precise: true);
            var process = Process.GetCurrentProcess();
            var cpuBefore = process.TotalProcessorTime;
            var stopwatch = Stopwatch.StartNew();
            foreach (var node in nodes)
            {
                if (!models.TryGetValue(node.SyntaxTree, out var model))
                {
                    model = compilation.GetSemanticModel(node.SyntaxTree);
                    models[node.SyntaxTree] = model;
                }

                bind(model, node);
            }

            var elapsed = stopwatch.Elapsed.TotalMilliseconds;
            process.Refresh();
            var cpu = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds;
            var mb = (GC.GetTotalAllocatedBytes(precise: true) - before) / 1e6;
            Console.WriteLine($"  {what,-52} {nodes.Count,7} nodes in {models.Count,4} files: {elapsed,7:F0} ms (CPU {cpu,6:F0} ms), {mb,7:F1} MB");
        }

        private static (double Ms, double Mb) Measure(string name, ImmutableArray<DiagnosticAnalyzer> analyzers, AnalyzerOptions options, int runs, bool telemetry)
        {
            var compilation = AnalyzerWorkload.Compilation;
            CompilationWithAnalyzers Fresh(bool log) =>
                compilation.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(options, null, concurrentAnalysis: true, logAnalyzerExecutionTime: log));

            // One warm-up run, then the measured ones (telemetry off: it adds its own stopwatches to every callback).
            Fresh(false).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
            var times = new List<double>();
            var cpu = new List<double>();
            var allocations = new List<double>();
            var process = Process.GetCurrentProcess();
            for (var run = 0; run < runs; run++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                var before = GC.GetTotalAllocatedBytes(precise: true);
                process.Refresh();
                var cpuBefore = process.TotalProcessorTime;
                var stopwatch = Stopwatch.StartNew();
                Fresh(false).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
                times.Add(stopwatch.Elapsed.TotalMilliseconds);
                process.Refresh();
                cpu.Add((process.TotalProcessorTime - cpuBefore).TotalMilliseconds);
                allocations.Add((GC.GetTotalAllocatedBytes(precise: true) - before) / 1e6);
            }

            times.Sort();
            cpu.Sort();
            var median = times[times.Count / 2];
            var mb = allocations.Average();
            Console.WriteLine($"  {name,-36} median {median,7:F0} ms (min {times[0]:F0}, max {times[^1]:F0}), CPU median {cpu[cpu.Count / 2],7:F0} ms, {mb,8:F1} MB allocated per run, load average {LoadAverage()}");
            CpuMedians[name] = cpu[cpu.Count / 2];

            if (telemetry)
            {
                var withTelemetry = Fresh(true);
                withTelemetry.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
                foreach (var analyzer in analyzers)
                {
                    var info = withTelemetry.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None).GetAwaiter().GetResult();
                    Console.WriteLine($"    {analyzer.GetType().Name,-40} {info.ExecutionTime.TotalMilliseconds,7:F0} ms in callbacks;" +
                        $" actions: syntax node {info.SyntaxNodeActionsCount}, operation {info.OperationActionsCount}, symbol {info.SymbolActionsCount}," +
                        $" compilation start {info.CompilationStartActionsCount}, additional file {info.AdditionalFileActionsCount}");
                }
            }

            return (median, mb);
        }

        /// <summary>
        /// Replays SupplyChainGuard's filters over the corpus: every IdentifierName and GenericName reaches
        /// RestrictedApiAnalyzer's callback, and the ones whose text is in the candidate set (outside using
        /// directives, not <c>var</c>) are bound; element accesses and target-typed <c>new()</c> are always bound.
        /// </summary>
        private static void CandidateNames(AnalyzerWorkload workload)
        {
            var compilation = AnalyzerWorkload.Compilation;
            var indexType = typeof(SupplyChainGuard.Analyzers.RestrictedApiAnalyzer).Assembly.GetType("SupplyChainGuard.Analyzers.PublisherIndex", throwOnError: true)!;
            var get = indexType.GetMethod("Get", BindingFlags.Public | BindingFlags.Static)!;
            var index = get.Invoke(null, new object[] { compilation, workload.Options, CancellationToken.None })
                ?? throw new InvalidOperationException("no PublisherIndex: the policy did not load");
            var names = (HashSet<string>)indexType.GetField("_names", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(index)!;

            var callbacks = 0;
            var bound = new Dictionary<string, (int Total, int Restricted)>(StringComparer.Ordinal);
            var alwaysBound = 0;
            var reflectionBound = 0;
            foreach (var tree in compilation.SyntaxTrees)
            {
                var model = compilation.GetSemanticModel(tree);
                foreach (var node in tree.GetRoot().DescendantNodes(descendIntoTrivia: false))
                {
                    switch (node)
                    {
                        case SimpleNameSyntax name when node.IsKind(SyntaxKind.IdentifierName) || node.IsKind(SyntaxKind.GenericName):
                            callbacks++;
                            var text = name.Identifier.ValueText;
                            if (!names.Contains(text) || name.IsVar || name.FirstAncestorOrSelf<UsingDirectiveSyntax>() is not null)
                            {
                                break;
                            }

                            var info = model.GetSymbolInfo(name);
                            var symbol = info.Symbol ?? (info.CandidateSymbols.Length > 0 ? info.CandidateSymbols[0] : null);
                            var restricted = symbol is not null and not INamespaceSymbol && symbol.ContainingAssembly?.Name == "AipSdk";
                            bound.TryGetValue(text, out var counts);
                            bound[text] = (counts.Total + 1, counts.Restricted + (restricted ? 1 : 0));
                            break;
                        case ElementAccessExpressionSyntax:
                        case ImplicitObjectCreationExpressionSyntax:
                            alwaysBound++;
                            break;
                        case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax member } invocation
                            when invocation.ArgumentList.Arguments.Count > 0
                                && (member.Name.Identifier.ValueText.StartsWith("Load", StringComparison.Ordinal)
                                    || member.Name.Identifier.ValueText == "GetType"
                                    || member.Name.Identifier.ValueText.StartsWith("CreateInstance", StringComparison.Ordinal)):
                            reflectionBound++;
                            break;
                    }
                }
            }

            var total = bound.Values.Sum(c => c.Total);
            var hits = bound.Values.Sum(c => c.Restricted);
            Console.WriteLine($"\n{workload.Configuration}: the candidate-name set has {names.Count} names;" +
                $" {callbacks} IdentifierName/GenericName callbacks, {total} of them bound with GetSymbolInfo ({hits} denote an AipSdk symbol, {total - hits} do not)," +
                $" plus {alwaysBound} element accesses / target-typed new() bound unconditionally, {reflectionBound} Load*/GetType/CreateInstance* invocations bound by SCG0104.");
            Console.WriteLine("  most bound names (bound, of which AipSdk): " + string.Join(", ",
                bound.OrderByDescending(b => b.Value.Total).ThenBy(b => b.Key, StringComparer.Ordinal).Take(15).Select(b => $"{b.Key} {b.Value.Total}/{b.Value.Restricted}")));
            Console.WriteLine("  a sample of the set: " + string.Join(", ", names.OrderBy(n => n, StringComparer.Ordinal).Where(n => n.Length < 12).Take(40)));
        }
    }
}
