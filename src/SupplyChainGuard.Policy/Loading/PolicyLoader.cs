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
        {
            Policy = policy;
            Diagnostics = diagnostics;
        }

        /// <summary>Null whenever <see cref="Diagnostics"/> is not empty: a broken policy is never half-applied.</summary>
        public SupplyChainPolicy? Policy { get; }

        public IReadOnlyList<PolicyDiagnostic> Diagnostics { get; }

        public bool Succeeded => Policy is not null;
    }

    /// <summary>
    /// Reads <c>supplychainguard.json</c>, follows <c>extends</c> and merges the layers.
    /// Merge order: each entry of <c>extends</c> in the order written (each one itself already merged),
    /// then the file's own content on top. Later layers win: <c>mode</c> is replaced, a vendor with the same
    /// <c>id</c> is replaced as a whole, <c>restrictedJurisdictions</c> and <c>waivers</c> accumulate.
    /// </summary>
    public sealed class PolicyLoader
    {
        private readonly IPolicyFileReader _reader;

        public PolicyLoader(IPolicyFileReader reader)
        {
            _reader = reader;
        }

        public static PolicyLoadResult LoadFile(string path) => new PolicyLoader(PhysicalPolicyFileReader.Instance).Load(path);

        public PolicyLoadResult Load(string path)
        {
            var fullPath = Path.GetFullPath(path);
            var text = _reader.ReadAllText(fullPath);
            if (text is null)
            {
                return Failed(new PolicyDiagnostic(new SourceLocation(fullPath, 0, 0), "the policy file does not exist"));
            }

            return LoadText(fullPath, text);
        }

        public PolicyLoadResult LoadText(string path, string text)
        {
            var diagnostics = new List<PolicyDiagnostic>();
            var files = new List<string>();
            var layer = LoadLayer(path, text, diagnostics, files, new Stack<string>());
            if (layer is null || diagnostics.Count > 0)
            {
                return Failed(diagnostics.ToArray());
            }

            ValidateWaiverVendors(layer, diagnostics);
            if (diagnostics.Count > 0)
            {
                return Failed(diagnostics.ToArray());
            }

            var policy = new SupplyChainPolicy(
                layer.Mode ?? PolicyMode.Deny,
                layer.Jurisdictions.ToArray(),
                layer.Vendors.Values.ToArray(),
                layer.Waivers.ToArray(),
                files.ToArray());
            return new PolicyLoadResult(policy, Array.Empty<PolicyDiagnostic>());
        }

        private static PolicyLoadResult Failed(params PolicyDiagnostic[] diagnostics) =>
            new PolicyLoadResult(null, diagnostics
                // A file reached through two extends paths is read twice; report each of its problems once.
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
                    diagnostics.Add(new PolicyDiagnostic(vendorLocation, $"waiver names unknown vendor '{waiver.Vendor}' ({known})"));
                }
            }
        }

        /// <summary>Loads one file and everything it extends, merged; null when it cannot be read at all.</summary>
        private MergedLayer? LoadLayer(string path, string text, List<PolicyDiagnostic> diagnostics, List<string> files, Stack<string> chain)
        {
            if (!files.Contains(path, StringComparer.Ordinal))
            {
                files.Add(path);
            }

            JsonNode root;
            try
            {
                root = JsonTreeReader.Parse(text);
            }
            catch (JsonSyntaxError e)
            {
                diagnostics.Add(new PolicyDiagnostic(new SourceLocation(path, e.Line, e.Column), e.Message));
                return null;
            }

            var own = new PolicyBinder(path, diagnostics).BindRoot(root);
            if (own is null)
            {
                return null;
            }

            var merged = new MergedLayer();
            chain.Push(path);
            foreach (var (reference, location) in own.Extends)
            {
                var baseLayer = LoadExtended(path, reference, location, diagnostics, files, chain);
                if (baseLayer is not null)
                {
                    merged.Apply(baseLayer);
                }
            }

            chain.Pop();
            merged.Apply(own);
            return merged;
        }

        private MergedLayer? LoadExtended(string fromPath, string reference, SourceLocation location, List<PolicyDiagnostic> diagnostics, List<string> files, Stack<string> chain)
        {
            string targetPath;
            string? text;
            if (reference.StartsWith(PresetCatalog.Prefix, StringComparison.Ordinal))
            {
                var name = reference.Substring(PresetCatalog.Prefix.Length);
                targetPath = reference;
                text = PresetCatalog.Read(name);
                if (text is null)
                {
                    var names = PresetCatalog.Names();
                    var known = names.Length == 0 ? "this version ships no presets" : "known presets: " + string.Join(", ", names);
                    diagnostics.Add(new PolicyDiagnostic(location, $"unknown preset '{name}' ({known})"));
                    return null;
                }
            }
            else
            {
                targetPath = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(fromPath) ?? string.Empty, reference));
                text = _reader.ReadAllText(targetPath);
                if (text is null)
                {
                    diagnostics.Add(new PolicyDiagnostic(location, $"extended policy '{reference}' was not found at '{targetPath}'"));
                    return null;
                }
            }

            if (chain.Contains(targetPath, StringComparer.OrdinalIgnoreCase))
            {
                diagnostics.Add(new PolicyDiagnostic(location, $"'{reference}' extends itself through a cycle: {string.Join(" -> ", chain.Reverse().Concat(new[] { targetPath }))}"));
                return null;
            }

            return LoadLayer(targetPath, text, diagnostics, files, chain);
        }

        /// <summary>What one file says, before merging.</summary>
        internal sealed class Layer
        {
            public List<(string Reference, SourceLocation Location)> Extends { get; } = new();
            public PolicyMode? Mode { get; set; }
            public List<string> Jurisdictions { get; } = new();
            public List<VendorPolicy> Vendors { get; } = new();
            public List<(WaiverPolicy Waiver, SourceLocation VendorLocation)> Waivers { get; } = new();
        }

        private sealed class MergedLayer
        {
            public PolicyMode? Mode { get; private set; }
            public List<string> Jurisdictions { get; } = new();

            // Insertion-ordered so vendors keep the order in which the policy files list them.
            public OrderedVendors Vendors { get; } = new();
            public List<WaiverPolicy> Waivers { get; } = new();
            public List<(WaiverPolicy, SourceLocation)> WaiverVendorLocations { get; } = new();

            public void Apply(MergedLayer other)
            {
                Mode = other.Mode ?? Mode;
                AddJurisdictions(other.Jurisdictions);
                foreach (var vendor in other.Vendors.Values)
                {
                    Vendors.Set(vendor);
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
            }

            private static bool IsSameLocation(SourceLocation a, SourceLocation b) =>
                string.Equals(a.FilePath, b.FilePath, StringComparison.Ordinal) && a.Line == b.Line && a.Column == b.Column;

            public void Apply(Layer own)
            {
                Mode = own.Mode ?? Mode;
                AddJurisdictions(own.Jurisdictions);
                foreach (var vendor in own.Vendors)
                {
                    Vendors.Set(vendor);
                }

                foreach (var (waiver, location) in own.Waivers)
                {
                    Waivers.Add(waiver);
                    WaiverVendorLocations.Add((waiver, location));
                }
            }

            private void AddJurisdictions(IEnumerable<string> codes)
            {
                foreach (var code in codes)
                {
                    if (!Jurisdictions.Contains(code, StringComparer.Ordinal))
                    {
                        Jurisdictions.Add(code);
                    }
                }
            }
        }

        private sealed class OrderedVendors
        {
            private readonly List<VendorPolicy> _list = new();
            private readonly Dictionary<string, int> _index = new(StringComparer.OrdinalIgnoreCase);

            public int Count => _list.Count;
            public IEnumerable<string> Keys => _list.Select(v => v.Id);
            public IEnumerable<VendorPolicy> Values => _list;

            public bool ContainsKey(string id) => _index.ContainsKey(id);

            public void Set(VendorPolicy vendor)
            {
                if (_index.TryGetValue(vendor.Id, out var i))
                {
                    _list[i] = vendor;
                }
                else
                {
                    _index[vendor.Id] = _list.Count;
                    _list.Add(vendor);
                }
            }
        }
    }
}
