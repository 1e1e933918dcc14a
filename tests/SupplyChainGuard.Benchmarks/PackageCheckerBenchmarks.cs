using System;
using System.Collections.Generic;
using System.IO;
using BenchmarkDotNet.Attributes;
using SupplyChainGuard.Packages;
using SupplyChainGuard.Policy;

namespace SupplyChainGuard.Benchmarks
{
    /// <summary>
    /// The package checker's steps on a generated world of N repository-signed packages (see
    /// <see cref="BenchmarkWorld"/>). "Cold" means the identity cache is empty, so every package's .nupkg is
    /// opened and its signature parsed; the files themselves are in the OS page cache (they were just
    /// generated or read by the previous iteration), as they are in a build right after restore.
    /// </summary>
    [MemoryDiagnoser]
    [SimpleJob(warmupCount: 2, iterationCount: 5)]
    [MinColumn, MedianColumn, MaxColumn]
    public class PackageCheckerBenchmarks
    {
        private BenchmarkWorld _world = null!;
        private PackageGraph _graph = null!;
        private SupplyChainPolicy _policy = null!;
        private string _cacheFile = null!;

        [Params(50, 300, 1000)]
        public int Packages { get; set; }

        [GlobalSetup]
        public void Setup()
        {
            // A tenth of the packages are referenced directly (a typical app), the rest come in transitively.
            _world = BenchmarkWorld.GetOrCreate(Packages, Math.Max(1, Packages / 10));
            _graph = ProjectAssetsReader.Read(_world.AssetsFile, BenchmarkWorld.TargetFramework);
            var load = PolicyLoader.LoadFile(_world.PolicyFile);
            _policy = load.Policy ?? throw new InvalidOperationException("the benchmark policy is invalid: " + string.Join("; ", load.Diagnostics));

            // The cache file the task keeps under obj/, as the first build after restore leaves it.
            _cacheFile = Path.Combine(_world.Root, "obj", $"supplychainguard.identity.{Environment.ProcessId}.json");
            var cache = IdentityCache.InMemory();
            var result = Check(cache);
            cache.Save(_cacheFile);

            // Make sure the world is what it claims to be, or the numbers mean nothing.
            if (result.Verdicts.Count != Packages || cache.ReadCount != Packages)
            {
                throw new InvalidOperationException($"expected {Packages} verdicts and reads, got {result.Verdicts.Count} and {cache.ReadCount}");
            }

            foreach (var verdict in result.Verdicts)
            {
                if (verdict.Identity.Problem is not null || verdict.Identity.Owners.Count == 0)
                {
                    throw new InvalidOperationException($"{verdict.Package} was not read as a repository-signed package: {verdict.Identity.Problem}");
                }
            }

            var restricted = 0;
            for (var index = 0; index < Packages; index++)
            {
                restricted += index % 50 is 7 or 23 ? 1 : 0;
            }

            if (result.Waived.Count != restricted || result.Findings.Count != 0)
            {
                throw new InvalidOperationException($"expected {restricted} waived findings and none reported, got {result.Waived.Count} and {result.Findings.Count}");
            }
        }

        [GlobalCleanup]
        public void Cleanup()
        {
            if (File.Exists(_cacheFile))
            {
                File.Delete(_cacheFile);
            }
        }

        /// <summary>A new in-memory cache: every package's nuspec and signature is read, then the verdicts.</summary>
        [Benchmark]
        public PackageCheckResult ColdIdentityCheck() => Check(IdentityCache.InMemory());

        /// <summary>What a no-op build does after the assets file: load the cache file, resolve (all hits), check.</summary>
        [Benchmark]
        public PackageCheckResult WarmCheck() => Check(IdentityCache.Load(_cacheFile));

        /// <summary>ProjectAssetsReader on a real project.assets.json of that many packages.</summary>
        [Benchmark]
        public PackageGraph AssetsRead() => ProjectAssetsReader.Read(_world.AssetsFile, BenchmarkWorld.TargetFramework);

        /// <summary>
        /// Everything CheckPackages.Run does in a no-op build except MSBuild's logging: load the policy file,
        /// read the assets file, load the identity cache, resolve, check.
        /// </summary>
        [Benchmark]
        public PackageCheckResult WarmTaskPipeline()
        {
            var policy = PolicyLoader.LoadFile(_world.PolicyFile).Policy!;
            var graph = ProjectAssetsReader.Read(_world.AssetsFile, BenchmarkWorld.TargetFramework);
            var cache = IdentityCache.Load(_cacheFile);
            var identities = cache.Resolve(graph.AllPackages, graph.PackageFolders);
            return PackageChecker.Check(new PackageCheckRequest(graph, policy, identities) { ProjectPath = _world.ProjectFile });
        }

        private PackageCheckResult Check(IdentityCache cache)
        {
            IReadOnlyDictionary<string, PackageIdentity> identities = cache.Resolve(_graph.AllPackages, _graph.PackageFolders);
            return PackageChecker.Check(new PackageCheckRequest(_graph, _policy, identities) { ProjectPath = _world.ProjectFile });
        }
    }
}
