using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SupplyChainGuard.TestKit;
using Xunit;

namespace SupplyChainGuard.Packages.Tests
{
    /// <summary>Two repository-signed packages and an unsigned one, installed once for the cache tests.</summary>
    public sealed class CacheFixtures : IDisposable
    {
        private static readonly FixturePackage[] Packages =
        {
            new FixturePackage("Cache.Alpha", "1.0.0") { RepositoryOwners = new[] { "alpha-owner" } },
            new FixturePackage("Cache.Beta", "1.0.0") { RepositoryOwners = new[] { "beta-owner" } },
            new FixturePackage("Cache.Beta", "2.0.0") { RepositoryOwners = new[] { "beta-owner" } },
            new FixturePackage("Cache.Gamma", "1.0.0"),
        };

        private readonly FixtureFolder _root;

        public CacheFixtures()
        {
            _root = FixtureCache.Shared.Get("scg-cache", () => string.Concat(Packages.Select(FixtureCache.Describe)), root =>
            {
                foreach (var package in Packages)
                {
                    package.InstallTo(Path.Combine(root, "packages"));
                }
            });
            PackagesFolder = _root.Combine("packages");
            Alpha = Node(Packages[0]);
            Beta = Node(Packages[1]);
            BetaUpgraded = Node(Packages[2]);
            Gamma = Node(Packages[3]);
        }

        public string PackagesFolder { get; }

        public IReadOnlyList<string> Folders => new[] { PackagesFolder };

        public PackageNode Alpha { get; }
        public PackageNode Beta { get; }
        public PackageNode BetaUpgraded { get; }
        public PackageNode Gamma { get; }

        private PackageNode Node(FixturePackage package)
        {
            var install = Path.Combine(PackagesFolder, package.Id.ToLowerInvariant(), package.Version);
            var hash = FixturePackagesFolder.ContentHash(Directory.GetFiles(install, "*.nupkg").Single());
            return new PackageNode(package.Id, package.Version, hash, $"{package.Id.ToLowerInvariant()}/{package.Version}", Array.Empty<string>(), Array.Empty<string>());
        }

        public void Dispose() => _root.Dispose();
    }

    public sealed class IdentityCacheTests : IClassFixture<CacheFixtures>, IDisposable
    {
        private readonly CacheFixtures _fixtures;
        private readonly TempDirectory _obj = new TempDirectory("scg-cache-obj");

        public IdentityCacheTests(CacheFixtures fixtures)
        {
            _fixtures = fixtures;
            CachePath = _obj.Combine("obj", "supplychainguard.cache.json");
        }

        private string CachePath { get; }

        public void Dispose() => _obj.Dispose();

        private static PackageNode WithHash(PackageNode node, string hash) =>
            new PackageNode(node.Id, node.Version, hash, node.Path, node.Dependencies, node.Assemblies);

        [Fact]
        public void First_run_reads_every_package()
        {
            var cache = IdentityCache.Load(CachePath);

            var identities = cache.Resolve(new[] { _fixtures.Alpha, _fixtures.Beta }, _fixtures.Folders);

            Assert.Equal(2, cache.ReadCount);
            Assert.Equal(new[] { "alpha-owner" }, identities["Cache.Alpha"].Owners);
            Assert.Equal(new[] { "beta-owner" }, identities["Cache.Beta"].Owners);
        }

        [Fact]
        public void Second_run_after_save_and_load_reads_no_package_and_gives_the_same_identities()
        {
            var first = IdentityCache.Load(CachePath);
            first.Resolve(new[] { _fixtures.Alpha, _fixtures.Beta }, _fixtures.Folders);
            first.Save(CachePath);

            var second = IdentityCache.Load(CachePath);
            var identities = second.Resolve(new[] { _fixtures.Alpha, _fixtures.Beta }, _fixtures.Folders);

            Assert.Equal(0, second.ReadCount);
            Assert.Equal(2, second.Count);
            var alpha = identities["Cache.Alpha"];
            Assert.Equal(new[] { "alpha-owner" }, alpha.Owners);
            Assert.Equal("repository signature", alpha.OwnersSource);
            Assert.Equal("Repository", alpha.SignatureType);
            Assert.Equal(_fixtures.Alpha.Sha512, alpha.ContentHash);
            Assert.Null(alpha.Problem);
        }

        [Fact]
        public void Cached_identities_are_found_by_id_case_insensitively()
        {
            var first = IdentityCache.Load(CachePath);
            first.Resolve(new[] { _fixtures.Alpha }, _fixtures.Folders);
            first.Save(CachePath);

            var second = IdentityCache.Load(CachePath);
            var lower = new PackageNode("cache.alpha", "1.0.0", _fixtures.Alpha.Sha512, null, Array.Empty<string>(), Array.Empty<string>());
            var identities = second.Resolve(new[] { lower }, _fixtures.Folders);

            Assert.Equal(0, second.ReadCount);
            Assert.Equal(new[] { "alpha-owner" }, identities["Cache.Alpha"].Owners);
        }

        [Fact]
        public void A_changed_content_hash_reads_the_package_again()
        {
            var first = IdentityCache.Load(CachePath);
            first.Resolve(new[] { _fixtures.Alpha, _fixtures.Beta }, _fixtures.Folders);
            first.Save(CachePath);

            var second = IdentityCache.Load(CachePath);
            var identities = second.Resolve(new[] { _fixtures.Alpha, WithHash(_fixtures.Beta, "a-different-hash") }, _fixtures.Folders);

            Assert.Equal(1, second.ReadCount);
            Assert.Equal("a-different-hash", identities["Cache.Beta"].ContentHash);
        }

        [Fact]
        public void A_package_file_swapped_under_an_unchanged_assets_hash_is_read_again_and_found_to_differ()
        {
            // A private copy of the packages folder: the shared one stays as the other tests expect it.
            using var folder = new TempDirectory("scg-cache-swap");
            var packages = folder.Combine("packages");
            var install = new FixturePackage("Cache.Swapped", "1.0.0") { RepositoryOwners = new[] { "tencentcloudapi" } }.InstallTo(packages);
            var nupkg = Directory.GetFiles(install, "*.nupkg").Single();
            var node = new PackageNode("Cache.Swapped", "1.0.0", FixturePackagesFolder.ContentHash(nupkg), "cache.swapped/1.0.0", Array.Empty<string>(), Array.Empty<string>());
            var first = IdentityCache.Load(CachePath);
            Assert.Null(first.Resolve(new[] { node }, new[] { packages })["Cache.Swapped"].Problem);
            first.Save(CachePath);

            // Same nuspec and files, another repository signature (other owners): restore's content hash, which leaves the
            // signature out, may well be the same, so only the file hash beside it tells them apart.
            var impostor = new FixturePackage("Cache.Swapped", "1.0.0") { RepositoryOwners = new[] { "acme" } }.WriteTo(folder.Combine("impostor"));
            File.Copy(impostor, nupkg, overwrite: true);
            var second = IdentityCache.Load(CachePath);
            var identity = second.Resolve(new[] { node }, new[] { packages })["Cache.Swapped"];

            Assert.Equal(1, second.ReadCount);
            Assert.Contains("content differs from what restore recorded", identity.Problem);
            Assert.Empty(identity.Owners);
        }

        [Fact]
        public void A_cache_entry_with_a_null_owner_is_not_trusted()
        {
            var first = IdentityCache.Load(CachePath);
            first.Resolve(new[] { _fixtures.Alpha }, _fixtures.Folders);
            first.Save(CachePath);
            File.WriteAllText(CachePath, File.ReadAllText(CachePath).Replace("\"alpha-owner\"", "null", StringComparison.Ordinal));

            var second = IdentityCache.Load(CachePath);
            var identities = second.Resolve(new[] { _fixtures.Alpha }, _fixtures.Folders);

            Assert.Equal(1, second.ReadCount);
            Assert.Equal(new[] { "alpha-owner" }, identities["Cache.Alpha"].Owners);
        }

        [Fact]
        public void Resolving_the_same_nodes_twice_in_one_run_reads_them_once()
        {
            var cache = IdentityCache.InMemory();
            cache.Resolve(new[] { _fixtures.Alpha }, _fixtures.Folders);
            cache.Resolve(new[] { _fixtures.Alpha }, _fixtures.Folders);

            Assert.Equal(1, cache.ReadCount);
        }

        [Theory]
        [InlineData("{ this is not json")]
        [InlineData("")]
        [InlineData("[]")]
        [InlineData("null")]
        [InlineData("{\"Version\":1,\"Entries\":[null]}")]
        [InlineData("{\"Version\":1,\"Entries\":[{\"Id\":null,\"Version\":null}]}")]
        [InlineData("{\"Version\":1,\"Entries\":[{\"Id\":\"Cache.Alpha\",\"Version\":\"1.0.0\",\"Owners\":null,\"Authors\":null}]}")]
        [InlineData("{\"Version\":1,\"Entries\":{\"not\":\"a list\"}}")]
        [InlineData("{\"Version\":99,\"Entries\":[]}")]
        public void A_damaged_or_foreign_cache_file_is_ignored_and_packages_are_read_afresh(string content)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(CachePath)!);
            File.WriteAllText(CachePath, content);

            var cache = IdentityCache.Load(CachePath);
            var identities = cache.Resolve(new[] { _fixtures.Alpha }, _fixtures.Folders);

            Assert.Equal(1, cache.ReadCount);
            Assert.Equal(new[] { "alpha-owner" }, identities["Cache.Alpha"].Owners);
            Assert.NotNull(identities["Cache.Alpha"].Authors);
        }

        [Fact]
        public void A_cache_entry_without_lists_is_not_trusted()
        {
            // A hand-edited or half-written entry under the right key must not hand null lists to the verdict step.
            var key = _fixtures.Alpha;
            Directory.CreateDirectory(Path.GetDirectoryName(CachePath)!);
            File.WriteAllText(CachePath,
                $"{{\"Version\":1,\"Entries\":[{{\"Id\":\"{key.Id}\",\"Version\":\"{key.Version}\",\"ContentHash\":\"{key.Sha512}\",\"Owners\":null,\"Authors\":null}}]}}");

            var cache = IdentityCache.Load(CachePath);
            var identities = cache.Resolve(new[] { key }, _fixtures.Folders);

            Assert.NotNull(identities[key.Id].Owners);
            Assert.NotNull(identities[key.Id].Authors);
            Assert.Equal(new[] { "alpha-owner" }, identities[key.Id].Owners);
        }

        [Fact]
        public void A_missing_cache_file_or_no_path_gives_an_empty_cache()
        {
            Assert.Equal(0, IdentityCache.Load(CachePath).Count);
            Assert.Equal(0, IdentityCache.Load(null).Count);
            Assert.Equal(0, IdentityCache.Load(string.Empty).Count);
        }

        [Fact]
        public void Save_creates_the_directory_and_leaves_no_temporary_files()
        {
            var cache = IdentityCache.Load(CachePath);
            cache.Resolve(new[] { _fixtures.Alpha, _fixtures.Beta }, _fixtures.Folders);

            cache.Save(CachePath);
            cache.Save(CachePath);

            Assert.True(File.Exists(CachePath));
            var directory = Path.GetDirectoryName(CachePath)!;
            Assert.Empty(Directory.GetFiles(directory, "*.tmp"));
            Assert.Equal(new[] { CachePath }, Directory.GetFiles(directory));
        }

        [Fact]
        public void Save_overwrites_an_existing_cache_file()
        {
            Directory.CreateDirectory(Path.GetDirectoryName(CachePath)!);
            File.WriteAllText(CachePath, "old and damaged");
            var cache = IdentityCache.Load(CachePath);
            cache.Resolve(new[] { _fixtures.Alpha }, _fixtures.Folders);

            cache.Save(CachePath);

            Assert.Equal(1, IdentityCache.Load(CachePath).Count);
        }

        [Fact]
        public void Nothing_is_written_when_nothing_was_read()
        {
            var cache = IdentityCache.Load(CachePath);
            cache.Resolve(Array.Empty<PackageNode>(), _fixtures.Folders);

            cache.Save(CachePath);

            Assert.False(File.Exists(CachePath));
        }

        [Fact]
        public void Entries_not_used_in_the_run_are_dropped_when_the_cache_is_saved()
        {
            var first = IdentityCache.Load(CachePath);
            first.Resolve(new[] { _fixtures.Alpha, _fixtures.Beta }, _fixtures.Folders);
            first.Save(CachePath);

            // Beta is upgraded: the old version is no longer in the graph.
            var second = IdentityCache.Load(CachePath);
            second.Resolve(new[] { _fixtures.Alpha, _fixtures.BetaUpgraded }, _fixtures.Folders);
            Assert.Equal(1, second.ReadCount);
            second.Save(CachePath);

            var third = IdentityCache.Load(CachePath);
            Assert.Equal(2, third.Count);
            third.Resolve(new[] { _fixtures.Alpha, _fixtures.BetaUpgraded }, _fixtures.Folders);
            Assert.Equal(0, third.ReadCount);
            third.Resolve(new[] { _fixtures.Beta }, _fixtures.Folders);
            Assert.Equal(1, third.ReadCount);
        }

        [Fact]
        public void Problems_are_not_cached_so_a_repaired_package_is_read_again()
        {
            var missing = new PackageNode("Cache.Missing", "1.0.0", "hash-of-missing", null, Array.Empty<string>(), Array.Empty<string>());
            var first = IdentityCache.Load(CachePath);
            var identities = first.Resolve(new[] { _fixtures.Alpha, missing }, _fixtures.Folders);
            Assert.NotNull(identities["Cache.Missing"].Problem);
            first.Save(CachePath);

            var second = IdentityCache.Load(CachePath);
            Assert.Equal(1, second.Count);
            var again = second.Resolve(new[] { _fixtures.Alpha, missing }, _fixtures.Folders);

            Assert.Equal(1, second.ReadCount);
            Assert.NotNull(again["Cache.Missing"].Problem);
            Assert.Null(again["Cache.Alpha"].Problem);
        }

        [Fact]
        public void Unsigned_packages_are_cached_like_signed_ones()
        {
            var first = IdentityCache.Load(CachePath);
            first.Resolve(new[] { _fixtures.Gamma }, _fixtures.Folders);
            first.Save(CachePath);

            var second = IdentityCache.Load(CachePath);
            var identities = second.Resolve(new[] { _fixtures.Gamma }, _fixtures.Folders);

            Assert.Equal(0, second.ReadCount);
            Assert.Empty(identities["Cache.Gamma"].Owners);
            Assert.Null(identities["Cache.Gamma"].SignatureType);
        }
    }
}
