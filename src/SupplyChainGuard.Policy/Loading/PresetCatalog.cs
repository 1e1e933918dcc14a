using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace SupplyChainGuard.Policy.Loading
{
    /// <summary>
    /// Presets (<c>"extends": ["preset:us-fcc-covered-list"]</c>) ship inside this assembly as embedded policy
    /// files, so they need no file on disk and the build task, the analyzer and the CLI read the same ones.
    /// </summary>
    public static class PresetCatalog
    {
        public const string Prefix = "preset:";

        private const string ResourcePrefix = "SupplyChainGuard.Policy.Presets.";

        private static readonly Lazy<IReadOnlyList<PresetInfo>> Loaded = new Lazy<IReadOnlyList<PresetInfo>>(() => Names().Select(Describe).ToArray());

        /// <summary>The text of a preset's JSON file, or null when no preset has that id.</summary>
        public static string? Read(string name)
        {
            var assembly = typeof(PresetCatalog).Assembly;
            using var stream = assembly.GetManifestResourceStream(ResourcePrefix + name + ".json");
            if (stream is null)
            {
                return null;
            }

            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }

        /// <summary>Every preset id, in ordinal order.</summary>
        public static string[] Names()
        {
            var names = new List<string>();
            foreach (var resource in typeof(PresetCatalog).Assembly.GetManifestResourceNames())
            {
                if (resource.StartsWith(ResourcePrefix, StringComparison.Ordinal) && resource.EndsWith(".json", StringComparison.Ordinal))
                {
                    names.Add(resource.Substring(ResourcePrefix.Length, resource.Length - ResourcePrefix.Length - ".json".Length));
                }
            }

            names.Sort(StringComparer.Ordinal);
            return names.ToArray();
        }

        /// <summary>Every preset with what it says about itself, in id order (for <c>scg presets list</c>).</summary>
        public static IReadOnlyList<PresetInfo> All => Loaded.Value;

        /// <summary>One preset (for <c>scg presets show</c>), or null when no preset has that id.</summary>
        public static PresetInfo? Find(string id) => All.FirstOrDefault(p => string.Equals(p.Id, id, StringComparison.Ordinal));

        private static PresetInfo Describe(string id)
        {
            var path = Prefix + id;
            var text = Read(id)!;
            var problems = new List<PolicyDiagnostic>();
            PolicyLoader.Layer? layer = null;
            try
            {
                layer = new PolicyBinder(path, problems).BindRoot(JsonTreeReader.Parse(text));
            }
            catch (JsonSyntaxError e)
            {
                problems.Add(new PolicyDiagnostic(new SourceLocation(path, e.Line, e.Column), e.Message));
            }

            return new PresetInfo(id, text, layer, problems);
        }
    }

    /// <summary>A preset as it describes itself: its list, the list's legal basis, its scope, sources and review date.</summary>
    public sealed class PresetInfo
    {
        internal PresetInfo(string id, string text, PolicyLoader.Layer? layer, IReadOnlyList<PolicyDiagnostic> problems)
        {
            Id = id;
            Text = text;
            Problems = problems;
            Title = layer?.Title;
            Basis = layer?.Basis;
            Scope = layer?.Scope;
            Reviewed = layer?.Reviewed;
            Sources = layer?.Sources.ToArray() ?? Array.Empty<PolicySource>();
            Vendors = layer?.Vendors.ToArray() ?? Array.Empty<VendorPolicy>();
            RestrictedJurisdictions = layer?.Jurisdictions.ToArray() ?? Array.Empty<string>();
            UnverifiedJurisdictions = layer?.UnverifiedJurisdictions.ToArray() ?? Array.Empty<string>();
        }

        /// <summary><c>us-fcc-covered-list</c></summary>
        public string Id { get; }

        /// <summary><c>preset:us-fcc-covered-list</c>, as written in <c>extends</c>.</summary>
        public string Reference => PresetCatalog.Prefix + Id;

        /// <summary>The list the preset follows, e.g. <c>FCC Covered List</c>.</summary>
        public string? Title { get; }

        /// <summary>The list's legal basis, e.g. <c>47 CFR 1.50002; Secure and Trusted Communications Networks Act of 2019</c>.</summary>
        public string? Basis { get; }

        /// <summary>What the list covers, and what a match does and does not mean.</summary>
        public string? Scope { get; }

        /// <summary>When the preset as a whole was last checked against its sources.</summary>
        public DateTime? Reviewed { get; }

        public IReadOnlyList<PolicySource> Sources { get; }

        /// <summary>The vendors the preset lists, as written in it (before any policy overrides them).</summary>
        public IReadOnlyList<VendorPolicy> Vendors { get; }

        public IReadOnlyList<string> RestrictedJurisdictions { get; }

        public IReadOnlyList<string> UnverifiedJurisdictions { get; }

        /// <summary>The preset's JSON, for <c>scg presets show</c>.</summary>
        public string Text { get; }

        /// <summary>Empty for every shipped preset (a test makes sure); a preset with problems fails to load as SCG0901.</summary>
        public IReadOnlyList<PolicyDiagnostic> Problems { get; }

        public bool IsStale(DateTime today) => Reviewed is { } reviewed && PresetFreshness.IsStale(reviewed, today);
    }
}
