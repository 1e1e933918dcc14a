using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using SupplyChainGuard.Policy;

namespace SupplyChainGuard.Packages
{
    /// <summary>
    /// The publisher evidence pinned for one package id: who signed it (the nuget.org owners in the repository
    /// signature, the author certificate) as first seen or last accepted. NuGet's own lock file pins content; this
    /// pins the publisher, so that a package changing hands between versions shows (SCG0005).
    /// </summary>
    public sealed class PublisherRecord
    {
        public const string Repository = "repository";
        public const string Author = "author";
        public const string Unsigned = "unsigned";

        public PublisherRecord(string id, string? fromVersion, string signature, IEnumerable<string> owners, string? certificateFingerprint, string? certificateSubject)
        {
            Id = id;
            FromVersion = fromVersion;
            Signature = signature;
            Owners = owners.Distinct(StringComparer.OrdinalIgnoreCase).OrderBy(o => o, StringComparer.OrdinalIgnoreCase).ThenBy(o => o, StringComparer.Ordinal).ToArray();
            CertificateFingerprint = certificateFingerprint?.ToUpperInvariant();
            CertificateSubject = certificateSubject;
        }

        public string Id { get; }

        /// <summary>The version the evidence was recorded from; informative, not compared.</summary>
        public string? FromVersion { get; }

        /// <summary><see cref="Repository"/>, <see cref="Author"/> or <see cref="Unsigned"/>: the primary signature.</summary>
        public string Signature { get; }

        /// <summary>nuget.org owners (repository signature or countersignature), sorted.</summary>
        public IReadOnlyList<string> Owners { get; }

        /// <summary>SHA-256 of the author-signing certificate, upper-case hex.</summary>
        public string? CertificateFingerprint { get; }

        public string? CertificateSubject { get; }

        /// <summary>The record of a package as read now; null when its identity could not be read (SCG0902).</summary>
        public static PublisherRecord? From(PackageIdentity identity)
        {
            if (identity.Problem is not null)
            {
                return null;
            }

            var signature = identity.SignatureType switch
            {
                "Author" => Author,
                "Repository" => Repository,
                null => Unsigned,
                var other => other.ToLowerInvariant(),
            };

            return new PublisherRecord(identity.Id, identity.Version, signature, identity.Owners, identity.CertificateFingerprint, identity.CertificateSubject);
        }
    }

    /// <summary>How a package's publisher evidence differs from what the lock file pinned.</summary>
    public sealed class PublisherChange
    {
        private PublisherChange(PublisherRecord recorded, PublisherRecord current, IReadOnlyList<string> parts)
        {
            Recorded = recorded;
            Current = current;
            Parts = parts;
        }

        public PublisherRecord Recorded { get; }

        public PublisherRecord Current { get; }

        /// <summary>Each change, old → new: <c>owners 'acme' → 'mallory' in the repository signature</c>.</summary>
        public IReadOnlyList<string> Parts { get; }

        public IReadOnlyList<string> AddedOwners => Current.Owners.Except(Recorded.Owners, StringComparer.OrdinalIgnoreCase).ToArray();

        public IReadOnlyList<string> RemovedOwners => Recorded.Owners.Except(Current.Owners, StringComparer.OrdinalIgnoreCase).ToArray();

        public string Describe() => string.Join("; ", Parts);

        /// <summary>Null when the publisher is the same: the same owners, the same certificate, signed the same way.
        /// A new version is not a change; a renewed certificate is (its fingerprint differs).</summary>
        public static PublisherChange? Between(PublisherRecord recorded, PublisherRecord current)
        {
            var parts = new List<string>();
            var wasSigned = recorded.Signature != PublisherRecord.Unsigned;
            var isSigned = current.Signature != PublisherRecord.Unsigned;
            if (wasSigned != isSigned || (wasSigned && recorded.Signature != current.Signature))
            {
                parts.Add($"{SignedAs(recorded)} → {SignedAs(current)}");
            }

            var owners = new HashSet<string>(recorded.Owners, StringComparer.OrdinalIgnoreCase);
            if (!owners.SetEquals(current.Owners))
            {
                parts.Add($"owners {List(recorded.Owners)} → {List(current.Owners)}");
            }

            if (!string.Equals(recorded.CertificateFingerprint, current.CertificateFingerprint, StringComparison.OrdinalIgnoreCase))
            {
                parts.Add($"author certificate {Certificate(recorded)} → {Certificate(current)}");
            }

            return parts.Count == 0 ? null : new PublisherChange(recorded, current, parts);
        }

        private static string SignedAs(PublisherRecord record) => record.Signature switch
        {
            PublisherRecord.Repository => "repository-signed",
            PublisherRecord.Author => "author-signed",
            PublisherRecord.Unsigned => "unsigned",
            var other => other + "-signed",
        };

        private static string List(IReadOnlyList<string> owners) => owners.Count == 0 ? "none" : string.Join(", ", owners.Select(o => $"'{o}'"));

        private static string Certificate(PublisherRecord record) =>
            record.CertificateFingerprint is null ? "none"
            : $"SHA256:{record.CertificateFingerprint}" + (record.CertificateSubject is null ? string.Empty : $" ('{record.CertificateSubject}')");
    }

    /// <summary>A lock file that could not be used, and where.</summary>
    public sealed class PublisherLockProblem
    {
        public PublisherLockProblem(SourceLocation location, string message)
        {
            Location = location;
            Message = message;
        }

        public SourceLocation Location { get; }
        public string Message { get; }
    }

    /// <summary>
    /// <c>supplychainguard.lock.json</c>: the pinned publishers, sorted by package id, owners sorted, one layout, so
    /// that a change reviews well in a pull request. Non-ASCII characters are written escaped (<c>\u0430</c>), so a
    /// look-alike id stands out in a diff. Written by our own code with System.Text.Json: it is our format, not NuGet's.
    /// </summary>
    public static class PublisherLockFile
    {
        public const string DefaultFileName = "supplychainguard.lock.json";
        private const int FormatVersion = 1;

        /// <summary>
        /// The lock file a <c>SupplyChainGuardLockFile</c> value names: empty or <c>false</c> for none, <c>true</c> for
        /// <see cref="DefaultFileName"/> beside the policy, otherwise a path relative to the project directory.
        /// Uses only the base library, so the no-op replay can call it without loading NuGet.
        /// </summary>
        public static string? Resolve(string? setting, string? policyFile, string projectPath)
        {
            var value = setting?.Trim();
            if (string.IsNullOrEmpty(value) || string.Equals(value, "false", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            if (string.Equals(value, "true", StringComparison.OrdinalIgnoreCase))
            {
                var directory = string.IsNullOrWhiteSpace(policyFile) ? Path.GetDirectoryName(projectPath) : Path.GetDirectoryName(Path.GetFullPath(policyFile!));
                return Path.GetFullPath(Path.Combine(directory ?? string.Empty, DefaultFileName));
            }

            return Path.GetFullPath(Path.Combine(Path.GetDirectoryName(projectPath) ?? string.Empty, value!));
        }

        /// <summary>The records of a lock file; an empty set when there is none yet.</summary>
        public static (Dictionary<string, PublisherRecord>? Records, PublisherLockProblem? Problem) Read(string path)
        {
            var records = new Dictionary<string, PublisherRecord>(StringComparer.OrdinalIgnoreCase);
            if (!File.Exists(path))
            {
                return (records, null);
            }

            string text;
            try
            {
                text = File.ReadAllText(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return (null, new PublisherLockProblem(new SourceLocation(path, 0, 0), $"it could not be read: {e.Message}"));
            }

            try
            {
                using var document = JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    return (null, Problem(path, "it is not a JSON object"));
                }

                if (!root.TryGetProperty("version", out var version) || version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out var number) || number != FormatVersion)
                {
                    return (null, Problem(path, $"its \"version\" is not {FormatVersion}"));
                }

                if (!root.TryGetProperty("packages", out var packages))
                {
                    return (records, null);
                }

                if (packages.ValueKind != JsonValueKind.Object)
                {
                    return (null, Problem(path, "\"packages\" is not an object"));
                }

                foreach (var package in packages.EnumerateObject())
                {
                    if (package.Value.ValueKind != JsonValueKind.Object)
                    {
                        return (null, Problem(path, $"the entry for '{package.Name}' is not an object"));
                    }

                    var signature = String(package.Value, "signature");
                    if (signature is not (PublisherRecord.Repository or PublisherRecord.Author or PublisherRecord.Unsigned))
                    {
                        return (null, Problem(path, $"the entry for '{package.Name}' has no \"signature\" of \"repository\", \"author\" or \"unsigned\""));
                    }

                    var owners = new List<string>();
                    if (package.Value.TryGetProperty("owners", out var list))
                    {
                        if (list.ValueKind != JsonValueKind.Array || list.EnumerateArray().Any(o => o.ValueKind != JsonValueKind.String))
                        {
                            return (null, Problem(path, $"the \"owners\" of '{package.Name}' are not an array of strings"));
                        }

                        owners.AddRange(list.EnumerateArray().Select(o => o.GetString()!));
                    }

                    var certificate = String(package.Value, "certificate");
                    if (certificate is not null && !certificate.StartsWith("SHA256:", StringComparison.OrdinalIgnoreCase))
                    {
                        return (null, Problem(path, $"the \"certificate\" of '{package.Name}' is not SHA256:<fingerprint>"));
                    }

                    if (records.ContainsKey(package.Name))
                    {
                        return (null, Problem(path, $"'{package.Name}' appears twice"));
                    }

                    records[package.Name] = new PublisherRecord(package.Name, String(package.Value, "fromVersion"), signature!, owners,
                        certificate?.Substring("SHA256:".Length), String(package.Value, "certificateSubject"));
                }

                return (records, null);
            }
            catch (JsonException e)
            {
                // A merge conflict left in the file lands here, with the line of the first marker.
                var line = (int)(e.LineNumber ?? -1) + 1;
                var column = (int)(e.BytePositionInLine ?? -1) + 1;
                return (null, new PublisherLockProblem(new SourceLocation(path, line, column), "it is not valid JSON: " + e.Message));
            }
        }

        private static PublisherLockProblem Problem(string path, string message) => new PublisherLockProblem(new SourceLocation(path, 0, 0), message);

        private static string? String(JsonElement element, string name) =>
            element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        /// <summary>The file's text: sorted by id, fixed key order, two-space indents, <c>\n</c> line ends.</summary>
        public static string ToJson(IEnumerable<PublisherRecord> records)
        {
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
            {
                writer.WriteStartObject();
                writer.WriteNumber("version", FormatVersion);
                writer.WriteStartObject("packages");
                foreach (var record in records.OrderBy(r => r.Id, StringComparer.OrdinalIgnoreCase).ThenBy(r => r.Id, StringComparer.Ordinal))
                {
                    writer.WriteStartObject(record.Id);
                    if (record.FromVersion is not null)
                    {
                        writer.WriteString("fromVersion", record.FromVersion);
                    }

                    writer.WriteString("signature", record.Signature);
                    writer.WriteStartArray("owners");
                    foreach (var owner in record.Owners)
                    {
                        writer.WriteStringValue(owner);
                    }

                    writer.WriteEndArray();
                    if (record.CertificateFingerprint is not null)
                    {
                        writer.WriteString("certificate", "SHA256:" + record.CertificateFingerprint);
                    }

                    if (record.CertificateSubject is not null)
                    {
                        writer.WriteString("certificateSubject", record.CertificateSubject);
                    }

                    writer.WriteEndObject();
                }

                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            return Encoding.UTF8.GetString(stream.ToArray()).Replace("\r\n", "\n") + "\n";
        }
    }

    /// <summary>
    /// One project's use of the lock file: read it, compare, and record what is new or accepted, while holding a
    /// machine-wide mutex, because every project and target framework of a solution may share the file and
    /// builds run in parallel. The file itself is replaced atomically.
    /// </summary>
    public sealed class PublisherLockSession : IDisposable
    {
        private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
        private readonly Mutex? _mutex;
        private readonly bool _owned;

        private PublisherLockSession(string path, Mutex? mutex, bool owned)
        {
            Path = path;
            _mutex = mutex;
            _owned = owned;
            (Records, Problem) = PublisherLockFile.Read(path);
        }

        public string Path { get; }

        /// <summary>What the file pins; null when it could not be read (then nothing is compared, and it is not rewritten).</summary>
        public Dictionary<string, PublisherRecord>? Records { get; }

        public PublisherLockProblem? Problem { get; }

        public static PublisherLockSession Open(string path)
        {
            Mutex? mutex = null;
            var owned = false;
            try
            {
                mutex = new Mutex(false, MutexName(path));
                try
                {
                    owned = mutex.WaitOne(Wait);
                }
                catch (AbandonedMutexException)
                {
                    owned = true; // a build that died holding it; the file is replaced atomically, so it is whole
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException or WaitHandleCannotBeOpenedException)
            {
                mutex?.Dispose();
                mutex = null;
            }

            return new PublisherLockSession(path, mutex, owned);
        }

        /// <summary>
        /// Records packages the file does not know yet, and — with <paramref name="acceptChanges"/> — the current
        /// publisher of those whose publisher changed. Entries of packages this project doesn't use are kept: other
        /// projects may. Returns what to tell the user, and a problem when the file could not be written.
        /// </summary>
        public (List<string> Messages, PublisherLockProblem? Problem) Save(IEnumerable<PackageIdentity> identities, bool acceptChanges)
        {
            var messages = new List<string>();
            if (Records is null)
            {
                return (messages, null);
            }

            var added = new List<string>();
            var accepted = new List<string>();
            foreach (var current in identities.Select(PublisherRecord.From).OfType<PublisherRecord>())
            {
                if (!Records.TryGetValue(current.Id, out var recorded))
                {
                    Records[current.Id] = current;
                    added.Add(current.Id);
                }
                else if (acceptChanges && PublisherChange.Between(recorded, current) is not null)
                {
                    Records[recorded.Id] = new PublisherRecord(recorded.Id, current.FromVersion, current.Signature, current.Owners, current.CertificateFingerprint, current.CertificateSubject);
                    accepted.Add(current.Id);
                }
            }

            if (added.Count == 0 && accepted.Count == 0)
            {
                return (messages, null);
            }

            if (_mutex is not null && !_owned)
            {
                return (messages, new PublisherLockProblem(new SourceLocation(Path, 0, 0),
                    $"another build held it for {Wait.TotalSeconds:0} seconds, so the publishers of {Describe(added, accepted)} were not recorded; build again"));
            }

            try
            {
                AtomicFile.WriteAllText(Path, PublisherLockFile.ToJson(Records.Values));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return (messages, new PublisherLockProblem(new SourceLocation(Path, 0, 0), $"it could not be written ({e.Message}), so the publishers of {Describe(added, accepted)} were not recorded"));
            }

            if (added.Count > 0)
            {
                messages.Add($"SupplyChainGuard: recorded the publishers of {added.Count} package(s) in '{Path}': {string.Join(", ", added)}.");
            }

            foreach (var id in accepted)
            {
                messages.Add($"SupplyChainGuard: accepted the new publisher of '{id}' into '{Path}' (SupplyChainGuardUpdateLock).");
            }

            return (messages, null);
        }

        private static string Describe(List<string> added, List<string> accepted) => string.Join(", ", added.Concat(accepted).Select(id => $"'{id}'"));

        /// <summary>One name per lock file, the same in every process of this user.</summary>
        private static string MutexName(string path)
        {
            using var sha = SHA256.Create();
            var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(System.IO.Path.GetFullPath(path).ToUpperInvariant()));
            return "SupplyChainGuard.PublisherLock." + Hex.Upper(hash).Substring(0, 32);
        }

        public void Dispose()
        {
            if (_mutex is not null)
            {
                if (_owned)
                {
                    _mutex.ReleaseMutex();
                }

                _mutex.Dispose();
            }
        }
    }
}
