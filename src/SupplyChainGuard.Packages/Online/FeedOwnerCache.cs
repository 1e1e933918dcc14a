using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace SupplyChainGuard.Packages
{
    /// <summary>
    /// Feed answers on disk, one small file per feed and package id, so that a build asks a feed about a package
    /// at most once per time to live, however many projects, target frameworks and parallel builds ask. One file
    /// per answer means writers never merge: each file is replaced in one step (<see cref="AtomicFile"/>), and two
    /// builds that fetch the same answer at once write the same content. A file that is damaged, of another format,
    /// for another feed or id, or dated in the future is ignored and fetched again. Failures are never written.
    /// </summary>
    internal sealed class FeedOwnerCache
    {
        /// <summary>Bump when the answer's shape or meaning changes; the folder name keeps formats apart.</summary>
        private const string FormatFolder = "v1";

        private static readonly Regex PlainId = new Regex("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$", RegexOptions.CultureInvariant);

        private readonly string? _folder;
        private readonly TimeSpan _timeToLive;

        public FeedOwnerCache(string? folder, TimeSpan timeToLive)
        {
            _folder = string.IsNullOrWhiteSpace(folder) ? null : Path.Combine(folder, FormatFolder);
            _timeToLive = timeToLive;
        }

        /// <summary>A fresh answer for the feed and id, or null.</summary>
        public FeedOwnerAnswer? TryRead(string feed, string packageId, DateTimeOffset now)
        {
            var path = PathOf(feed, packageId);
            if (path is null || !File.Exists(path))
            {
                return null;
            }

            try
            {
                var entry = JsonSerializer.Deserialize<Entry>(File.ReadAllBytes(path));
                if (entry is null || entry.Owners is null || entry.Owners.Any(o => string.IsNullOrWhiteSpace(o))
                    || !string.Equals(entry.Feed, feed, StringComparison.OrdinalIgnoreCase)
                    || !string.Equals(entry.Id, packageId, StringComparison.OrdinalIgnoreCase))
                {
                    return null;
                }

                // An answer from the future (a clock set back, a hand-edited file) is not trusted to be fresh.
                var age = now - entry.Fetched;
                if (age < TimeSpan.Zero || age >= _timeToLive)
                {
                    return null;
                }

                return new FeedOwnerAnswer(feed, packageId, entry.Found, entry.Owners, entry.Verified, entry.Fetched) { FromCache = true };
            }
            catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
            {
                return null; // a damaged entry is only a lost answer: ask the feed again
            }
        }

        /// <summary>Keeps an answer; false (and nothing else) when the folder cannot be written.</summary>
        public bool Write(FeedOwnerAnswer answer)
        {
            var path = PathOf(answer.Feed, answer.PackageId);
            if (path is null)
            {
                return true;
            }

            var entry = new Entry
            {
                Feed = answer.Feed,
                Id = answer.PackageId,
                Found = answer.Found,
                Owners = answer.Owners.ToList(),
                Verified = answer.PrefixReserved,
                Fetched = answer.Fetched,
            };
            try
            {
                AtomicFile.WriteAllBytes(path, JsonSerializer.SerializeToUtf8Bytes(entry));
                return true;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
            {
                return false;
            }
        }

        /// <summary><c>{folder}/v1/{sha256(feed)[..16]}/{id}.json</c>; an id that is not a plain NuGet id is hashed too.</summary>
        internal string? PathOf(string feed, string packageId)
        {
            if (_folder is null)
            {
                return null;
            }

            var id = packageId.ToLowerInvariant();
            var name = PlainId.IsMatch(id) && !id.EndsWith(".", StringComparison.Ordinal) ? id : "id-" + Digest(id);
            return Path.Combine(_folder, Digest(FeedOwnerLookup.NormalizeFeed(feed).ToLowerInvariant()), name + ".json");
        }

        private static string Digest(string text)
        {
            using var sha = SHA256.Create();
            return Hex.Upper(sha.ComputeHash(Encoding.UTF8.GetBytes(text))).Substring(0, 16).ToLowerInvariant();
        }

        private sealed class Entry
        {
            public string? Feed { get; set; }
            public string? Id { get; set; }
            public bool Found { get; set; }
            public List<string>? Owners { get; set; }
            public bool Verified { get; set; }
            public DateTimeOffset Fetched { get; set; }
        }
    }
}
