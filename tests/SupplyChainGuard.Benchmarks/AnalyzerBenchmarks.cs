using System.Collections.Immutable;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.CodeAnalysis;

namespace SupplyChainGuard.Benchmarks
{
    /// <summary>
    /// SupplyChainGuard's analyzers against Microsoft.CodeAnalysis.BannedApiAnalyzers 5.6.0 on the
    /// <see cref="AnalyzerCorpus"/> (1,500 files, 150 of them calling Baidu's OCR SDK). Each invocation is a fresh
    /// CompilationWithAnalyzers over a fresh compilation, so it binds everything again, as one build does. Two
    /// baselines: an analyzer that registers nothing (the driver then compiles nothing: the cost of the driver
    /// alone), and one with a syntax node action for a kind the corpus lacks (the driver compiles every method
    /// body for the compilation events and walks every tree, as it must for any syntax node, operation or
    /// semantic model rule; a build's compiler does that compile anyway). Each setup first checks that its configuration reports
    /// exactly the diagnostics it should, so the configurations do equal work.
    /// Run: dotnet run -c Release --project tests/SupplyChainGuard.Benchmarks -- --filter '*AnalyzerBenchmarks*'
    /// </summary>
    [MemoryDiagnoser]
    [SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 10)]
    public class AnalyzerBenchmarks
    {
        private AnalyzerWorkload _workload = null!;

        [GlobalSetup(Target = nameof(EmptyAnalyzer))]
        public void SetupEmpty() => Setup(AnalyzerConfiguration.Empty);

        [GlobalSetup(Target = nameof(CompileOnly))]
        public void SetupCompileOnly() => Setup(AnalyzerConfiguration.CompileOnly);

        [GlobalSetup(Target = nameof(SupplyChainGuardNamespaces))]
        public void SetupNamespaces() => Setup(AnalyzerConfiguration.SupplyChainGuardNamespaces);

        [GlobalSetup(Target = nameof(SupplyChainGuardHandover))]
        public void SetupHandover() => Setup(AnalyzerConfiguration.SupplyChainGuardHandover);

        [GlobalSetup(Target = nameof(BannedApiAnalyzers))]
        public void SetupBanned() => Setup(AnalyzerConfiguration.BannedApiAnalyzers);

        [Benchmark(Baseline = true)]
        public Task<ImmutableArray<Diagnostic>> EmptyAnalyzer() => _workload.RunAsync();

        /// <summary>A syntax node action that never runs: the compile and tree walk every such analyzer makes the driver do.</summary>
        [Benchmark]
        public Task<ImmutableArray<Diagnostic>> CompileOnly() => _workload.RunAsync();

        [Benchmark]
        public Task<ImmutableArray<Diagnostic>> SupplyChainGuardNamespaces() => _workload.RunAsync();

        [Benchmark]
        public Task<ImmutableArray<Diagnostic>> SupplyChainGuardHandover() => _workload.RunAsync();

        [Benchmark]
        public Task<ImmutableArray<Diagnostic>> BannedApiAnalyzers() => _workload.RunAsync();

        private void Setup(AnalyzerConfiguration configuration)
        {
            _workload = AnalyzerWorkload.Create(configuration);
            _workload.Verify();
        }
    }
}
