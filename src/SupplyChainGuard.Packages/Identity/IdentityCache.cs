using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace SupplyChainGuard.Packages
{
    /// <summary>
    /// Package identities keyed by id, version and content hash, kept in a file under obj/ so that a
    /// no-op build reads no package again. A changed package has a new hash and is read afresh. An entry is
    /// trusted only while its <c>.nupkg</c> still has the length and write time it had when it was read: a file
    /// swapped in after restore (the assets file's hash unchanged) is read, and its hash checked, again. The file
    /// is replaced atomically (write to a temporary file, then rename), so parallel builds never see half of it.
    /// </summary>
    public sealed class IdentityCache
    {
        /// <summary>Bump when what is read from a package changes; older caches are then ignored.</summary>
        private const int FormatVersion = 2;

        private static readonly JsonSerializerOptions JsonOptions = new JsonSerializerOptions { WriteIndented = false };

        private readonly ConcurrentDictionary<string, PackageIdentity> _entries;
        private readonly ConcurrentDictionary<string, bool> _used = new(StringComparer.OrdinalIgnoreCase);
        private int _readCount;
        private volatile bool _changed;

        private IdentityCache(ConcurrentDictionary<string, PackageIdentity> entries)
        {
            _entries = entries;
        }

        public int Count => _entries.Count;

        /// <summary>How many identities this run had to read from packages (0 on a no-op build).</summary>
        public int ReadCount => _readCount;

        public static IdentityCache InMemory() => new IdentityCache(new ConcurrentDictionary<string, PackageIdentity>(StringComparer.OrdinalIgnoreCase));

        /// <summary>Loads the cache file; a missing, stale or damaged file gives an empty cache.</summary>
        public static IdentityCache Load(string? path)
        {
            var cache = InMemory();
            if (string.IsNullOrEmpty(path) || !File.Exists(path))
            {
                return cache;
            }

            try
            {
                var file = JsonSerializer.Deserialize<CacheFile>(File.ReadAllBytes(path!), JsonOptions);
                // A file with an entry that lacks what every written entry has was not written by this cache
                // (or was damaged after): trust none of it rather than hand null lists to the verdict step.
                if (file?.Version == FormatVersion && file.Entries is not null && file.Entries.All(IsComplete))
                {
                    foreach (var entry in file.Entries)
                    {
                        cache._entries[Key(entry.Id, entry.Version, entry.ContentHash)] = entry;
                    }
                }
            }
            catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException or NotSupportedException)
            {
                // A damaged cache is only a lost speed-up.
            }

            return cache;
        }

        /// <summary>Identities for every node, reading (in parallel) only what the cache lacks.</summary>
        public IReadOnlyDictionary<string, PackageIdentity> Resolve(IEnumerable<PackageNode> nodes, IReadOnlyList<string> packageFolders) =>
            Resolve(nodes, packageFolders, out _);

        /// <summary>As <see cref="Resolve(IEnumerable{PackageNode}, IReadOnlyList{string})"/>, and says how many
        /// packages this call read. Safe to call from several threads at once on one cache.</summary>
        public IReadOnlyDictionary<string, PackageIdentity> Resolve(IEnumerable<PackageNode> nodes, IReadOnlyList<string> packageFolders, out int read)
        {
            var result = new ConcurrentDictionary<string, PackageIdentity>(StringComparer.OrdinalIgnoreCase);
            var missing = new List<PackageNode>();
            foreach (var node in nodes)
            {
                _used[Key(node)] = true;
                if (_entries.TryGetValue(Key(node), out var cached) && IsUnchangedOnDisk(cached))
                {
                    result[node.Key] = cached;
                }
                else
                {
                    missing.Add(node);
                }
            }

            if (missing.Count > 0)
            {
                Parallel.ForEach(missing, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, node =>
                {
                    var identity = PackageIdentityReader.Read(node.Id, node.Version, node.Sha512, packageFolders);
                    result[node.Key] = identity;

                    // A package that could not be read is not remembered, so a repaired one is read again.
                    if (identity.Problem is null)
                    {
                        _entries[Key(node)] = identity;
                    }
                });
                Interlocked.Add(ref _readCount, missing.Count);
                _changed = true;
            }

            read = missing.Count;
            return result;
        }

        /// <summary>Writes the cache if this run read any package; only the entries this run used are kept,
        /// so the file tracks the project's current graph instead of growing with every upgrade.</summary>
        public void Save(string? path)
        {
            if (!_changed || string.IsNullOrEmpty(path))
            {
                return;
            }

            var file = new CacheFile
            {
                Version = FormatVersion,
                Entries = _entries
                    .Where(e => _used.ContainsKey(e.Key))
                    .OrderBy(e => e.Key, StringComparer.OrdinalIgnoreCase)
                    .Select(e => e.Value)
                    .ToList(),
            };

            AtomicFile.WriteAllBytes(path!, JsonSerializer.SerializeToUtf8Bytes(file, JsonOptions));
        }

        private static bool IsComplete(PackageIdentity? entry) =>
            entry is not null && entry.Id is not null && entry.Version is not null && entry.PackageFile is not null
            && entry.Owners is not null && entry.Owners.All(o => o is not null)
            && entry.Authors is not null && entry.Authors.All(a => a is not null);

        /// <summary>True while the package file the entry was read from is, by length and write time, the same file.</summary>
        private static bool IsUnchangedOnDisk(PackageIdentity entry)
        {
            try
            {
                var file = new FileInfo(entry.PackageFile!);
                return file.Exists && file.Length == entry.PackageFileLength && file.LastWriteTimeUtc.Ticks == entry.PackageFileTime;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                return false;
            }
        }

        private static string Key(PackageNode node) => Key(node.Id, node.Version, node.Sha512);

        private static string Key(string id, string version, string? hash) => $"{id}/{version}/{hash}";

        private sealed class CacheFile
        {
            public int Version { get; set; }
            public List<PackageIdentity>? Entries { get; set; }
        }
    }
}
