using System;
using System.Collections.Generic;
using System.IO;
using SupplyChainGuard.TestKit;
using Xunit;

namespace SupplyChainGuard.Packages.Tests
{
    /// <summary>
    /// <see cref="FixtureCache"/>: with <c>SCG_TEST_FIXTURE_CACHE</c> set, a fixture built once is reused in place by
    /// later test hosts for the same inputs, and only a complete, unchanged entry is reused.
    /// </summary>
    public sealed class FixtureCacheTests : IDisposable
    {
        private readonly TempDirectory _folder = new TempDirectory("scg-fixture-cache-tests");
        private int _builds;

        public void Dispose()
        {
            foreach (var cache in _caches)
            {
                cache.Dispose();
            }

            _folder.Dispose();
        }

        private readonly List<FixtureCache> _caches = new List<FixtureCache>();

        private FixtureCache Cache()
        {
            // One cache is one test host: the one before it has ended (released its slot).
            foreach (var earlier in _caches)
            {
                earlier.Dispose();
            }

            var cache = new FixtureCache(_folder.Combine("cache"));
            _caches.Add(cache);
            return cache;
        }

        private FixtureFolder Get(FixtureCache cache, string inputs = "package A 1.0.0", Func<string, bool>? accept = null) =>
            cache.Get("scg-sample", () => inputs, folder =>
            {
                _builds++;
                File.WriteAllText(Path.Combine(folder, "built.txt"), inputs);
            }, accept);

        [Fact]
        public void The_same_inputs_reuse_the_folder_an_earlier_cache_built_in_place()
        {
            using var first = Get(Cache());
            using var second = Get(Cache()); // another test host: a new cache over the same directory

            Assert.Equal(1, _builds);
            Assert.Equal((false, true), (first.Reused, second.Reused));
            Assert.Equal(first.Path, second.Path);
            Assert.StartsWith(_folder.Combine("cache", FixtureCache.Key("scg-sample", "package A 1.0.0"), "slot-0") + Path.DirectorySeparatorChar, second.Path, StringComparison.Ordinal);
            Assert.Equal("package A 1.0.0", File.ReadAllText(Path.Combine(second.Path, "built.txt")));
        }

        [Fact]
        public void Changed_inputs_are_a_new_key_and_a_new_build()
        {
            using var first = Get(Cache(), "package A 1.0.0");
            using var changed = Get(Cache(), "package A 1.0.1");

            Assert.Equal(2, _builds);
            Assert.False(changed.Reused);
            Assert.NotEqual(FixtureCache.Key("scg-sample", "package A 1.0.0"), FixtureCache.Key("scg-sample", "package A 1.0.1"));
            Assert.NotEqual(FixtureCache.Key("scg-sample", "package A 1.0.0"), FixtureCache.Key("scg-other", "package A 1.0.0"));
            Assert.Equal("package A 1.0.1", File.ReadAllText(Path.Combine(changed.Path, "built.txt")));
        }

        [Fact]
        public void The_key_covers_the_fixture_code_and_the_month_its_certificates_start()
        {
            Assert.Contains($"testkit {typeof(FixturePackage).Assembly.ManifestModule.ModuleVersionId}\n", FixtureCache.CommonInputs, StringComparison.Ordinal);
            Assert.Contains($"month {DateTime.UtcNow:yyyy-MM}\n", FixtureCache.CommonInputs, StringComparison.Ordinal);
        }

        [Fact]
        public void An_entry_without_its_completion_marker_is_built_again_never_reused()
        {
            using var first = Get(Cache());
            File.Delete(Path.Combine(Path.GetDirectoryName(first.Path)!, FixtureCache.MarkerName)); // killed before the marker

            using var second = Get(Cache());

            Assert.Equal(2, _builds);
            Assert.False(second.Reused);
            Assert.NotEqual(first.Path, second.Path);
            using var third = Get(Cache());
            Assert.Equal((true, second.Path), (third.Reused, third.Path));
        }

        [Fact]
        public void A_build_that_throws_publishes_nothing_and_leaves_no_folder()
        {
            var cache = Cache();
            Assert.Throws<InvalidOperationException>(() => cache.Get("scg-sample", () => "inputs", folder =>
            {
                File.WriteAllText(Path.Combine(folder, "half.txt"), "half");
                throw new InvalidOperationException("restore failed");
            }));

            var entry = _folder.Combine("cache", FixtureCache.Key("scg-sample", "inputs"), "slot-0");
            Assert.Empty(Directory.GetFileSystemEntries(entry));
            using var next = cache.Get("scg-sample", () => "inputs", folder => _builds++);
            Assert.Equal((1, false), (_builds, next.Reused));
        }

        [Fact]
        public void An_entry_whose_files_changed_after_it_was_published_is_built_again()
        {
            using var first = Get(Cache());
            File.AppendAllText(Path.Combine(first.Path, "built.txt"), " changed by a test");

            using var second = Get(Cache());

            Assert.Equal(2, _builds);
            Assert.False(second.Reused);
            Assert.Equal("package A 1.0.0", File.ReadAllText(Path.Combine(second.Path, "built.txt")));
        }

        [Fact]
        public void Two_live_test_hosts_never_share_a_folder_and_the_next_one_reuses_the_first_slot()
        {
            using var first = new FixtureCache(_folder.Combine("cache"));
            using var second = new FixtureCache(_folder.Combine("cache"));
            using var built = Get(first);

            using var other = Get(second); // while the first host still runs: a slot of its own

            Assert.Equal((2, false), (_builds, other.Reused));
            Assert.Equal("slot-1", Path.GetFileName(Path.GetDirectoryName(other.Path)));
            first.Dispose();
            using var third = new FixtureCache(_folder.Combine("cache"));
            using var reused = Get(third);
            Assert.Equal((2, true, built.Path), (_builds, reused.Reused, reused.Path));
        }

        [Fact]
        public void An_entry_the_fixture_does_not_accept_is_built_again()
        {
            using var first = Get(Cache());

            using var refused = Get(Cache(), accept: _ => false);

            Assert.Equal(2, _builds);
            Assert.False(refused.Reused);
            Assert.NotEqual(first.Path, refused.Path);
        }

        [Fact]
        public void Without_a_cache_directory_every_fixture_is_built_in_a_temp_folder_of_its_own_and_deleted_after()
        {
            var uncached = new FixtureCache(null);
            var first = Get(uncached);
            var second = Get(uncached);

            Assert.Equal(2, _builds);
            Assert.NotEqual(first.Path, second.Path);
            Assert.StartsWith(Path.Combine(Path.GetTempPath(), "scg-sample-"), first.Path, StringComparison.Ordinal);
            first.Dispose();
            second.Dispose();
            Assert.False(Directory.Exists(first.Path));
            Assert.False(Directory.Exists(second.Path));
        }
    }
}
