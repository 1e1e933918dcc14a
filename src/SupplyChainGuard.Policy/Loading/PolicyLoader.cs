using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using SupplyChainGuard.Policy.Loading;

namespace SupplyChainGuard.Policy
{
    /// <summary>The outcome of loading a policy: the merged policy, or the problems that stop it.</summary>
    public sealed class PolicyLoadResult
    {
        public PolicyLoadResult(SupplyChainPolicy? policy, IReadOnlyList<PolicyDiagnostic> diagnostics)
            : this(policy, diagnostics, Array.Empty<PolicyNote>())
        {
        }

        public PolicyLoadResult(SupplyChainPolicy? policy, IReadOnlyList<PolicyDiagnostic> diagnostics, IReadOnlyList<PolicyNote> notes)
        {
            Policy = policy;
            Diagnostics = diagnostics;
            Notes = notes;
        }

        /// <summary>
        /// Informational notes about a policy that loaded, such as SCG0203 for a preset not reviewed for over a
        /// year. They never stop the policy from applying; the build reports them as messages.
        /// </summary>
        public IReadOnlyList<PolicyNote> Notes { get; }

        /// <summary>Null whenever <see cref="Diagnostics"/> is not empty: a broken policy is never half-applied.</summary>
        public SupplyChainPolicy? Policy { get; }

        public IReadOnlyList<PolicyDiagnostic> Diagnostics { get; }

        public bool Succeeded => Policy is not null;
    }

    /// <summary>
    /// Reads <c>supplychainguard.json</c>, follows <c>extends</c> and merges the layers.
    /// Merge order: each entry of <c>extends</c> in the order written (each one itself already merged),
    /// then the file's own content on top. Later layers win: <c>mode</c> is replaced, a vendor with the same
    /// <c>id</c> is overridden key by key (its <c>match</c> lists accumulate), <c>restrictedJurisdictions</c> and
    /// <c>waivers</c> accumulate. See <see cref="OrderedVendors"/> and docs/policy.md.
    /// </summary>
    public sealed class PolicyLoader
    {
        private readonly IPolicyFileReader _reader;
        private readonly bool _loadEachFileOnce;

        public PolicyLoader(IPolicyFileReader reader)
            : this(reader, loadEachFileOnce: true)
        {
        }

        /// <summary>With <paramref name="loadEachFileOnce"/> false, a file reached through several paths is parsed and
        /// merged again on each (exponential on a diamond): the plain walk the tests hold the shortcut to.</summary>
        internal PolicyLoader(IPolicyFileReader reader, bool loadEachFileOnce)
        {
            _reader = reader;
            _loadEachFileOnce = loadEachFileOnce;
        }

        /// <summary>The date presets' <c>reviewed</c> dates are compared with (SCG0203); today (UTC) when not set.</summary>
        public DateTime? Today { get; set; }

        public static PolicyLoadResult LoadFile(string path) => new PolicyLoader(PhysicalPolicyFileReader.Instance).Load(path);

        public PolicyLoadResult Load(string path)
        {
            if (!TryGetFullPath(path, out var fullPath, out var problem))
            {
                return Failed(new PolicyDiagnostic(new SourceLocation(path, 0, 0), $"the policy file path '{DiagnosticText.Show(path)}' is not valid: {problem}"));
            }

            var run = new LoadRun(_reader, Today ?? DateTime.UtcNow.Date, _loadEachFileOnce);
            var content = run.Read(fullPath);
            switch (content.Status)
            {
                case PolicyFileStatus.NotFound:
                    return Failed(new PolicyDiagnostic(new SourceLocation(fullPath, 0, 0), "the policy file does not exist"));
                case PolicyFileStatus.Unreadable:
                    return Failed(new PolicyDiagnostic(new SourceLocation(fullPath, 0, 0), "the policy file could not be read: " + content.Reason));
            }

            return run.Finish(run.LoadFile(fullPath, content.Identity ?? fullPath, content, null));
        }

        public PolicyLoadResult LoadText(string path, string text)
        {
            var run = new LoadRun(_reader, Today ?? DateTime.UtcNow.Date, _loadEachFileOnce);
            return run.Finish(run.LoadFile(path, path, PolicyFileContent.FromText(text), null));
        }

        private static PolicyLoadResult Failed(params PolicyDiagnostic[] diagnostics) =>
            new PolicyLoadResult(null, diagnostics
                .GroupBy(d => (d.Location.FilePath, d.Location.Line, d.Location.Column, d.Message))
                .Select(g => g.First())
                .OrderBy(d => d.Location.FilePath, StringComparer.Ordinal)
                .ThenBy(d => d.Location.Line)
                .ThenBy(d => d.Location.Column)
                .ToArray());

        private static void ValidateWaiverVendors(MergedLayer layer, List<PolicyDiagnostic> diagnostics)
        {
            foreach (var (waiver, vendorLocation) in layer.WaiverVendorLocations)
            {
                if (!layer.Vendors.ContainsKey(waiver.Vendor))
                {
                    var known = layer.Vendors.Count == 0 ? "the policy defines no vendors" : "known vendors: " + string.Join(", ", layer.Vendors.Keys.OrderBy(k => k, StringComparer.Ordinal));
                    diagnostics.Add(new PolicyDiagnostic(vendorLocation, $"waiver names unknown vendor '{DiagnosticText.Show(waiver.Vendor)}' ({known})"));
                }
            }
        }

        /// <summary>The full path, or why <paramref name="path"/> cannot name a file here: NUL never can, Windows forbids more.</summary>
        private static bool TryGetFullPath(string path, out string fullPath, out string? problem)
        {
            fullPath = path;
            var bad = path.IndexOfAny(InvalidPathChars);
            if (bad >= 0)
            {
                problem = $"it contains {DiagnosticText.Describe(path[bad])}, which a file path cannot contain";
                return false;
            }

            try
            {
                fullPath = Path.GetFullPath(path);
                problem = null;
                return true;
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException or System.Security.SecurityException)
            {
                problem = e.Message.TrimEnd('.');
                return false;
            }
        }

        private static readonly char[] InvalidPathChars = Path.GetInvalidPathChars().Concat(new[] { '\0' }).Distinct().ToArray();

        /// <summary>
        /// One load: the files read, the problems found and, per file, the merged layer it gave. Each file
        /// (by its identity, as the file system names it) is read, parsed and merged once, however many paths
        /// through <c>extends</c> reach it; merging one layer twice gives what merging two copies of it did, so
        /// the result is the same as reading it each time, without the exponential cost of a diamond.
        /// </summary>
        private sealed class LoadRun
        {
            /// <summary>More files than this in one chain of <c>extends</c> is an error, not a policy.</summary>
            public const int MaxExtendsDepth = 64;

            private readonly IPolicyFileReader _reader;
            private readonly DateTime _today;
            private readonly bool _loadEachFileOnce;
            private readonly List<PolicyDiagnostic> _diagnostics = new();
            private readonly List<string> _files = new();
            private readonly List<(string Identity, string Path)> _chain = new();
            private readonly Dictionary<string, PolicyFileContent> _reads = new(StringComparer.Ordinal);
            private readonly Dictionary<string, MergedLayer?> _layers = new(StringComparer.Ordinal);

            public LoadRun(IPolicyFileReader reader, DateTime today, bool loadEachFileOnce)
            {
                _reader = reader;
                _today = today;
                _loadEachFileOnce = loadEachFileOnce;
            }

            /// <summary>What the reader gives for a path, asked once per path.</summary>
            public PolicyFileContent Read(string fullPath)
            {
                if (!_reads.TryGetValue(fullPath, out var content))
                {
                    content = _reader.Read(fullPath) ?? PolicyFileContent.NotFound;
                    _reads[fullPath] = content;
                }

                return content;
            }

            public PolicyLoadResult Finish(MergedLayer? layer)
            {
                if (layer is null || _diagnostics.Count > 0)
                {
                    return Failed(_diagnostics.ToArray());
                }

                ValidateWaiverVendors(layer, _diagnostics);
                _diagnostics.AddRange(layer.Problems);
                if (_diagnostics.Count > 0)
                {
                    return Failed(_diagnostics.ToArray());
                }

                var policy = new SupplyChainPolicy(
                    layer.Mode ?? PolicyMode.Deny,
                    layer.Jurisdictions.ToArray(),
                    layer.Vendors.Values.ToArray(),
                    layer.Waivers.ToArray(),
                    _files.ToArray())
                {
                    UnverifiedJurisdictions = layer.UnverifiedJurisdictions.ToArray(),
                    Presets = layer.Presets.ToArray(),
                    WeakSignals = layer.WeakSignals ?? WeakSignalsMode.Report,
                };
                return new PolicyLoadResult(policy, Array.Empty<PolicyDiagnostic>(), PresetFreshness.Notes(policy.Presets, _today));
            }

            /// <summary>Decodes, parses and binds one file, then loads and merges what it extends; null when it has problems.</summary>
            public MergedLayer? LoadFile(string path, string identity, PolicyFileContent content, SourceLocation? extendedAt)
            {
                if (!_loadEachFileOnce)
                {
                    return LoadLayer(path, identity, content, extendedAt);
                }

                if (_layers.TryGetValue(identity, out var loaded))
                {
                    return loaded;
                }

                _layers[identity] = null; // until it is done; the chain check keeps it from being asked meanwhile
                var layer = LoadLayer(path, identity, content, extendedAt);
                _layers[identity] = layer;
                return layer;
            }

            private MergedLayer? LoadLayer(string path, string identity, PolicyFileContent content, SourceLocation? extendedAt)
            {
                if (!_files.Contains(path, StringComparer.Ordinal))
                {
                    _files.Add(path);
                }

                JsonNode root;
                try
                {
                    var text = content.Text ?? PolicyTextDecoder.Decode(content.Bytes!);
                    if (text.Length > PolicyFileContent.MaxLength)
                    {
                        var problem = "it has more than 4 MiB; " + PolicyFileContent.RegularFileRule;
                        _diagnostics.Add(extendedAt is { } at
                            ? new PolicyDiagnostic(at, $"extended policy at '{path}' could not be read: {problem}")
                            : new PolicyDiagnostic(new SourceLocation(path, 0, 0), "the policy file could not be read: " + problem));
                        return null;
                    }

                    root = JsonTreeReader.Parse(text);
                }
                catch (JsonSyntaxError e)
                {
                    _diagnostics.Add(new PolicyDiagnostic(new SourceLocation(path, e.Line, e.Column), e.Message));
                    return null;
                }

                var own = new PolicyBinder(path, _diagnostics).BindRoot(root);
                if (own is null)
                {
                    return null;
                }

                var merged = new MergedLayer();
                _chain.Add((identity, path));
                foreach (var (reference, location) in own.Extends)
                {
                    var baseLayer = LoadExtended(path, reference, location);
                    if (baseLayer is not null)
                    {
                        merged.Apply(baseLayer);
                    }
                }

                _chain.RemoveAt(_chain.Count - 1);
                merged.Apply(own);
                return merged;
            }

            private MergedLayer? LoadExtended(string fromPath, string reference, SourceLocation location)
            {
                string targetPath;
                PolicyFileContent content;
                var shown = DiagnosticText.Show(reference);
                if (reference.StartsWith(PresetCatalog.Prefix, StringComparison.Ordinal))
                {
                    var name = reference.Substring(PresetCatalog.Prefix.Length);
                    targetPath = reference;
                    var text = PresetCatalog.Read(name);
                    if (text is null)
                    {
                        var names = PresetCatalog.Names();
                        var known = names.Length == 0 ? "this version ships no presets" : "known presets: " + string.Join(", ", names);
                        _diagnostics.Add(new PolicyDiagnostic(location, $"unknown preset '{DiagnosticText.Show(name)}' ({known})"));
                        return null;
                    }

                    content = PolicyFileContent.FromText(text);
                }
                else
                {
                    // The entry alone first: Path.Combine itself rejects some characters on .NET Framework.
                    if (!TryGetFullPath(reference, out _, out var problem)
                        || !TryGetFullPath(Path.Combine(Path.GetDirectoryName(fromPath) ?? string.Empty, reference), out targetPath, out problem))
                    {
                        _diagnostics.Add(new PolicyDiagnostic(location, $"extended policy '{shown}' is not a valid path: {problem}"));
                        return null;
                    }

                    content = Read(targetPath);
                    switch (content.Status)
                    {
                        case PolicyFileStatus.NotFound:
                            _diagnostics.Add(new PolicyDiagnostic(location, $"extended policy '{shown}' was not found at '{targetPath}'"));
                            return null;
                        case PolicyFileStatus.Unreadable:
                            _diagnostics.Add(new PolicyDiagnostic(location, $"extended policy '{shown}' could not be read at '{targetPath}': {content.Reason}"));
                            return null;
                    }
                }

                var identity = content.Identity ?? targetPath;
                if (_chain.Any(c => string.Equals(c.Identity, identity, StringComparison.Ordinal)))
                {
                    _diagnostics.Add(new PolicyDiagnostic(location, $"'{shown}' extends itself through a cycle: {string.Join(" -> ", _chain.Select(c => c.Path).Concat(new[] { targetPath }))}"));
                    return null;
                }

                if (_chain.Count >= MaxExtendsDepth && !_layers.ContainsKey(identity))
                {
                    _diagnostics.Add(new PolicyDiagnostic(location, $"extended policy '{shown}' is more than {MaxExtendsDepth} files deep in a chain of 'extends'"));
                    return null;
                }

                return LoadFile(targetPath, identity, content, location);
            }
        }

        /// <summary>What one file says, before merging.</summary>
        internal sealed class Layer
        {
            public List<(string Reference, SourceLocation Location)> Extends { get; } = new();
            public PolicyMode? Mode { get; set; }
            public WeakSignalsMode? WeakSignals { get; set; }
            public List<string> Jurisdictions { get; } = new();
            public List<VendorPolicy> Vendors { get; } = new();
            public List<(WaiverPolicy Waiver, SourceLocation VendorLocation)> Waivers { get; } = new();

            /// <summary>The file the layer was read from: a full path, or <c>preset:&lt;id&gt;</c>.</summary>
            public string Source { get; set; } = string.Empty;

            /// <summary>Codes of <see cref="Jurisdictions"/> written with <c>"confidence": "unverified"</c>.</summary>
            public List<string> UnverifiedJurisdictions { get; } = new();

            // What the file says about itself; presets use these to document their list.
            public string? Title { get; set; }
            public string? Basis { get; set; }
            public string? Scope { get; set; }
            public DateTime? Reviewed { get; set; }
            public List<PolicySource> Sources { get; } = new();
        }

        /// <summary>
        /// A file merged with everything it extends. Owns the merge rules for every key; <see cref="OrderedVendors"/>
        /// owns those of a vendor. Problems found while merging (an override that switches a vendor off without a
        /// reason) are collected in <see cref="Problems"/> and stop the load like any other SCG0901.
        /// </summary>
        private sealed class MergedLayer
        {
            public PolicyMode? Mode { get; private set; }
            public WeakSignalsMode? WeakSignals { get; private set; }
            public List<string> Jurisdictions { get; } = new();
            public List<string> UnverifiedJurisdictions { get; } = new();

            // Insertion-ordered so vendors keep the order in which the policy files list them.
            public OrderedVendors Vendors { get; } = new();
            public List<WaiverPolicy> Waivers { get; } = new();
            public List<(WaiverPolicy, SourceLocation)> WaiverVendorLocations { get; } = new();

            /// <summary>The presets this layer extends, directly or not, each once, in the order first met.</summary>
            public List<PresetUse> Presets { get; } = new();

            public List<PolicyDiagnostic> Problems { get; } = new();

            public void Apply(MergedLayer other)
            {
                Mode = other.Mode ?? Mode;
                WeakSignals = other.WeakSignals ?? WeakSignals;
                AddJurisdictions(other.Jurisdictions, other.UnverifiedJurisdictions);
                foreach (var vendor in other.Vendors.Values)
                {
                    Vendors.Set(vendor, Problems);
                }

                foreach (var (waiver, location) in other.WaiverVendorLocations)
                {
                    // The same file extended through two paths (a diamond) brings the same waiver twice.
                    if (!Waivers.Any(w => IsSameLocation(w.Location, waiver.Location)))
                    {
                        Waivers.Add(waiver);
                        WaiverVendorLocations.Add((waiver, location));
                    }
                }

                foreach (var preset in other.Presets)
                {
                    // A copy: the extends entry that brings it in here is this layer's to set, not the other's.
                    if (!Presets.Any(p => string.Equals(p.Id, preset.Id, StringComparison.Ordinal)))
                    {
                        Presets.Add(new PresetUse(preset.Id, preset.Title, preset.Reviewed, preset.Location));
                    }
                }

                Problems.AddRange(other.Problems);
            }

            private static bool IsSameLocation(SourceLocation a, SourceLocation b) =>
                string.Equals(a.FilePath, b.FilePath, StringComparison.Ordinal) && a.Line == b.Line && a.Column == b.Column;

            public void Apply(Layer own)
            {
                Mode = own.Mode ?? Mode;
                WeakSignals = own.WeakSignals ?? WeakSignals;
                AddJurisdictions(own.Jurisdictions, own.UnverifiedJurisdictions);
                foreach (var vendor in own.Vendors)
                {
                    Vendors.Set(vendor, Problems);
                }

                foreach (var (waiver, location) in own.Waivers)
                {
                    Waivers.Add(waiver);
                    WaiverVendorLocations.Add((waiver, location));
                }

                if (own.Source.StartsWith(PresetCatalog.Prefix, StringComparison.Ordinal))
                {
                    var id = own.Source.Substring(PresetCatalog.Prefix.Length);
                    if (!Presets.Any(p => string.Equals(p.Id, id, StringComparison.Ordinal)))
                    {
                        Presets.Add(new PresetUse(id, own.Title, own.Reviewed, null));
                    }
                }

                // The presets this file names itself are located at its own extends entries.
                foreach (var (reference, location) in own.Extends)
                {
                    if (reference.StartsWith(PresetCatalog.Prefix, StringComparison.Ordinal))
                    {
                        var id = reference.Substring(PresetCatalog.Prefix.Length);
                        var preset = Presets.FirstOrDefault(p => string.Equals(p.Id, id, StringComparison.Ordinal));
                        if (preset is not null && preset.Location is null)
                        {
                            preset.Location = location;
                        }
                    }
                }
            }

            /// <summary>Codes accumulate; the last layer that lists a code decides whether it is unverified.</summary>
            private void AddJurisdictions(IEnumerable<string> codes, ICollection<string> unverified)
            {
                foreach (var code in codes)
                {
                    if (!Jurisdictions.Contains(code, StringComparer.Ordinal))
                    {
                        Jurisdictions.Add(code);
                    }

                    UnverifiedJurisdictions.Remove(code);
                    if (unverified.Contains(code))
                    {
                        UnverifiedJurisdictions.Add(code);
                    }
                }
            }
        }

        /// <summary>
        /// The vendors of a merged layer, in the order first defined. A later vendor with the same id (ignoring
        /// case) overrides the earlier one key by key: <c>name</c>, <c>jurisdiction</c>, <c>restricted</c>,
        /// <c>reason</c>, <c>severity</c>, <c>confidence</c> and <c>reviewed</c> are replaced when the later layer
        /// sets them; <c>alternatives</c> is replaced when the later layer has the key; <c>entities</c>,
        /// <c>sources</c> and each <c>match</c> list accumulate (a pattern written again takes the later
        /// confidence). Switching an inherited vendor off (<c>"restricted": false</c> or <c>"severity": "none"</c>)
        /// needs a <c>reason</c> in the layer that does it.
        /// </summary>
        private sealed class OrderedVendors
        {
            private readonly List<VendorPolicy> _list = new();
            private readonly Dictionary<string, int> _index = new(StringComparer.OrdinalIgnoreCase);

            public int Count => _list.Count;
            public IEnumerable<string> Keys => _list.Select(v => v.Id);
            public IEnumerable<VendorPolicy> Values => _list;

            public bool ContainsKey(string id) => _index.ContainsKey(id);

            public void Set(VendorPolicy vendor, List<PolicyDiagnostic> problems)
            {
                if (_index.TryGetValue(vendor.Id, out var i))
                {
                    _list[i] = Override(_list[i], vendor, problems);
                }
                else
                {
                    _index[vendor.Id] = _list.Count;
                    _list.Add(vendor);
                }
            }

            private static VendorPolicy Override(VendorPolicy earlier, VendorPolicy later, List<PolicyDiagnostic> problems)
            {
                // The same definition reached twice (a diamond of extends) is not an override.
                if (ReferenceEquals(earlier, later) || later.Origins.All(o => earlier.Origins.Any(e => e.Location.Equals(o.Location))))
                {
                    return earlier;
                }

                if (later.Reason is null && SwitchesOff(earlier, later) is { } what)
                {
                    problems.Add(new PolicyDiagnostic(later.Location,
                        $"vendor '{later.Id}' sets {what} over the definition in {earlier.Location.FilePath}; give the 'reason' it is switched off, so that explain can report it"));
                }

                var match = new VendorMatchPolicy
                {
                    Packages = Union(earlier.Match.Packages, later.Match.Packages, p => p.Pattern, StringComparer.OrdinalIgnoreCase),
                    Owners = Union(earlier.Match.Owners, later.Match.Owners, p => p.Pattern, StringComparer.OrdinalIgnoreCase),
                    Authors = Union(earlier.Match.Authors, later.Match.Authors, p => p.Pattern, StringComparer.OrdinalIgnoreCase),
                    Certificates = Union(earlier.Match.Certificates, later.Match.Certificates, p => p.Text, StringComparer.OrdinalIgnoreCase),
                    Repositories = Union(earlier.Match.Repositories, later.Match.Repositories, p => p.Pattern, StringComparer.OrdinalIgnoreCase),
                    Assemblies = Union(earlier.Match.Assemblies, later.Match.Assemblies, p => p.Pattern, StringComparer.OrdinalIgnoreCase),
                    PublicKeyTokens = Union(earlier.Match.PublicKeyTokens, later.Match.PublicKeyTokens, p => p.Pattern, StringComparer.OrdinalIgnoreCase),
                    Namespaces = Union(earlier.Match.Namespaces, later.Match.Namespaces, p => p.Prefix, StringComparer.Ordinal),
                    NativeLibraries = Union(earlier.Match.NativeLibraries, later.Match.NativeLibraries, p => p.Pattern, StringComparer.OrdinalIgnoreCase),
                    Endpoints = Union(earlier.Match.Endpoints, later.Match.Endpoints, p => p.Pattern, StringComparer.OrdinalIgnoreCase),
                };

                return new VendorPolicy(
                    earlier.Id,
                    later.Name ?? earlier.Name,
                    later.Jurisdiction ?? earlier.Jurisdiction,
                    later.Restricted ?? earlier.Restricted,
                    later.Reason ?? earlier.Reason,
                    later.Severity ?? earlier.Severity,
                    match,
                    later.DeclaresAlternatives ? later.Alternatives : earlier.Alternatives,
                    later.Location)
                {
                    Entities = Union(earlier.Entities, later.Entities, e => e, StringComparer.OrdinalIgnoreCase),
                    Sources = Union(earlier.Sources, later.Sources, s => s.Citation + "\n" + s.Url, StringComparer.Ordinal),
                    Reviewed = later.Reviewed ?? earlier.Reviewed,
                    DeclaredConfidence = later.DeclaredConfidence ?? earlier.DeclaredConfidence,
                    DeclaresAlternatives = earlier.DeclaresAlternatives || later.DeclaresAlternatives,
                    Origins = earlier.Origins.Concat(later.Origins.Where(o => !earlier.Origins.Any(e => e.Location.Equals(o.Location)))).ToArray(),
                };
            }

            /// <summary>What the later layer does to switch an inherited vendor off, or null when it does not.</summary>
            private static string? SwitchesOff(VendorPolicy earlier, VendorPolicy later)
            {
                if (later.Restricted == false && earlier.Restricted != false)
                {
                    return "\"restricted\": false";
                }

                return later.Severity == PolicySeverity.None && earlier.Severity != PolicySeverity.None ? "\"severity\": \"none\"" : null;
            }

            /// <summary>The earlier entries not written again, then the later ones: a later entry replaces an equal one.</summary>
            private static IReadOnlyList<T> Union<T>(IReadOnlyList<T> earlier, IReadOnlyList<T> later, Func<T, string> key, StringComparer comparer)
            {
                if (later.Count == 0)
                {
                    return earlier;
                }

                if (earlier.Count == 0)
                {
                    return later;
                }

                var rewritten = new HashSet<string>(later.Select(key), comparer);
                return earlier.Where(e => !rewritten.Contains(key(e))).Concat(later).ToArray();
            }
        }
    }
}
