using System;
using System.Collections.Generic;
using System.Linq;

namespace SupplyChainGuard.Policy
{
    public enum PolicyMode
    {
        /// <summary>Packages of restricted vendors are findings; everything else passes.</summary>
        Deny,

        /// <summary>Every package must belong to a vendor with <c>"restricted": false</c>.</summary>
        Allowlist,
    }

    /// <summary>How loud a finding is. Mirrors the severities of .editorconfig and MSBuild.</summary>
    public enum PolicySeverity
    {
        None,
        Info,
        Warning,
        Error,
    }

    /// <summary>
    /// How sure a policy is of a fact. A vendor, a signal or a jurisdiction marked <c>"unverified"</c> can still
    /// attribute and restrict, but a finding that rests only on unverified facts is never more than a warning.
    /// </summary>
    public enum PolicyConfidence
    {
        Verified,
        Unverified,
    }

    /// <summary>Where a fact in a policy comes from: a citation (a statute, a rule, a page) and its address.</summary>
    public sealed class PolicySource
    {
        public PolicySource(string citation, string? url)
        {
            Citation = citation;
            Url = url;
        }

        public string Citation { get; }
        public string? Url { get; }

        public override string ToString() => Url is null ? Citation : $"{Citation} <{Url}>";
    }

    /// <summary>A preset that a policy extends, directly or through another file, and when it was last reviewed.</summary>
    public sealed class PresetUse
    {
        public PresetUse(string id, string? title, DateTime? reviewed, SourceLocation? location)
        {
            Id = id;
            Title = title;
            Reviewed = reviewed;
            Location = location;
        }

        /// <summary><c>us-fcc-covered-list</c>, without the <c>preset:</c> prefix.</summary>
        public string Id { get; }
        public string? Title { get; }
        public DateTime? Reviewed { get; }

        /// <summary>The <c>extends</c> entry that brings the preset in; null when it is not known.</summary>
        public SourceLocation? Location { get; internal set; }
    }

    /// <summary>One layer that defined or overrode a vendor, in merge order: what it said, where and why.</summary>
    public sealed class VendorOrigin
    {
        public VendorOrigin(SourceLocation location, bool? restricted, PolicySeverity? severity, string? reason, PolicyConfidence? confidence)
        {
            Location = location;
            Restricted = restricted;
            Severity = severity;
            Reason = reason;
            Confidence = confidence;
        }

        /// <summary>The vendor object in its file; for a preset the file is <c>preset:&lt;id&gt;</c>.</summary>
        public SourceLocation Location { get; }
        public bool? Restricted { get; }
        public PolicySeverity? Severity { get; }
        public string? Reason { get; }
        public PolicyConfidence? Confidence { get; }

        /// <summary><c>preset:us-fcc-covered-list(12,7): "restricted": false, "severity": "error"; reason: …</c></summary>
        public string Describe()
        {
            var said = new List<string>();
            if (Restricted.HasValue)
            {
                said.Add(Restricted.Value ? "\"restricted\": true" : "\"restricted\": false");
            }

            if (Severity.HasValue)
            {
                said.Add($"\"severity\": \"{Severity.Value.ToString().ToLowerInvariant()}\"");
            }

            if (Confidence == PolicyConfidence.Unverified)
            {
                said.Add("\"confidence\": \"unverified\"");
            }

            var text = Location + ": " + (said.Count == 0 ? "defines the vendor" : string.Join(", ", said));
            return Reason is null ? text : text + "; reason: " + Reason;
        }
    }

    /// <summary>A policy after <c>extends</c> is resolved and every layer merged.</summary>
    public sealed class SupplyChainPolicy
    {
        public SupplyChainPolicy(
            PolicyMode mode,
            IReadOnlyList<string> restrictedJurisdictions,
            IReadOnlyList<VendorPolicy> vendors,
            IReadOnlyList<WaiverPolicy> waivers,
            IReadOnlyList<string> sourceFiles)
        {
            Mode = mode;
            RestrictedJurisdictions = restrictedJurisdictions;
            Vendors = vendors;
            Waivers = waivers;
            SourceFiles = sourceFiles;
            _vendorsById = vendors.ToDictionary(v => v.Id, StringComparer.OrdinalIgnoreCase);
        }

        private readonly Dictionary<string, VendorPolicy> _vendorsById;

        public PolicyMode Mode { get; }

        /// <summary>ISO 3166-1 alpha-2 codes, upper case; a vendor there is restricted unless it says otherwise.</summary>
        public IReadOnlyList<string> RestrictedJurisdictions { get; }

        public IReadOnlyList<VendorPolicy> Vendors { get; }

        public IReadOnlyList<WaiverPolicy> Waivers { get; }

        /// <summary>Every file the policy was read from, the root first, then what it extends.</summary>
        public IReadOnlyList<string> SourceFiles { get; }

        public static SupplyChainPolicy Empty { get; } = new SupplyChainPolicy(
            PolicyMode.Deny, Array.Empty<string>(), Array.Empty<VendorPolicy>(), Array.Empty<WaiverPolicy>(), Array.Empty<string>());

        /// <summary>Codes of <see cref="RestrictedJurisdictions"/> listed as <c>{ "code": …, "confidence": "unverified" }</c>.</summary>
        public IReadOnlyList<string> UnverifiedJurisdictions { get; internal set; } = Array.Empty<string>();

        /// <summary>The presets the policy extends, directly or through other files, each once.</summary>
        public IReadOnlyList<PresetUse> Presets { get; internal set; } = Array.Empty<PresetUse>();

        /// <summary>What findings resting only on free text do (policy key <c>weakSignals</c>).</summary>
        public WeakSignalsMode WeakSignals { get; internal set; } = WeakSignalsMode.Report;

        public VendorPolicy? FindVendor(string id) => _vendorsById.TryGetValue(id, out var vendor) ? vendor : null;

        /// <summary>
        /// True when the vendor's restriction rests on an unverified fact: the vendor itself is marked unverified,
        /// or nothing but an unverified entry of <c>restrictedJurisdictions</c> restricts it. Its findings are then
        /// at most warnings.
        /// </summary>
        public bool IsRestrictionUnverified(VendorPolicy vendor) =>
            vendor.Confidence == PolicyConfidence.Unverified
            || (!vendor.Restricted.HasValue && vendor.Jurisdiction is { } jurisdiction
                && UnverifiedJurisdictions.Contains(jurisdiction, StringComparer.OrdinalIgnoreCase));

        /// <summary>A vendor's own <c>restricted</c> wins; otherwise its jurisdiction decides.</summary>
        public bool IsRestricted(VendorPolicy vendor)
        {
            if (vendor.Restricted.HasValue)
            {
                return vendor.Restricted.Value;
            }

            return vendor.Jurisdiction is { } jurisdiction
                && RestrictedJurisdictions.Contains(jurisdiction, StringComparer.OrdinalIgnoreCase);
        }
    }

    public sealed class VendorPolicy
    {
        public VendorPolicy(
            string id,
            string? name,
            string? jurisdiction,
            bool? restricted,
            string? reason,
            PolicySeverity? severity,
            VendorMatchPolicy match,
            IReadOnlyList<AlternativePolicy> alternatives,
            SourceLocation location)
        {
            Id = id;
            Name = name;
            Jurisdiction = jurisdiction;
            Restricted = restricted;
            Reason = reason;
            Severity = severity;
            Match = match;
            Alternatives = alternatives;
            Location = location;
        }

        public string Id { get; }
        public string? Name { get; }
        public string? Jurisdiction { get; }
        public bool? Restricted { get; }
        public string? Reason { get; }
        public PolicySeverity? Severity { get; }
        public VendorMatchPolicy Match { get; }
        public IReadOnlyList<AlternativePolicy> Alternatives { get; }
        public SourceLocation Location { get; }

        public string DisplayName => Name ?? Id;

        /// <summary>The legal entities the vendor stands for, subsidiaries and affiliates included, as a list names them.</summary>
        public IReadOnlyList<string> Entities { get; internal set; } = Array.Empty<string>();

        /// <summary>Where the vendor's facts come from (the list, the package pages); accumulates across layers.</summary>
        public IReadOnlyList<PolicySource> Sources { get; internal set; } = Array.Empty<PolicySource>();

        /// <summary>When the vendor's entry was last checked against its sources.</summary>
        public DateTime? Reviewed { get; internal set; }

        /// <summary>What the policy says of the vendor's listing; unverified caps its findings at warnings.</summary>
        public PolicyConfidence Confidence => DeclaredConfidence ?? PolicyConfidence.Verified;

        /// <summary>The vendor's own <c>confidence</c> key, or null when no layer set it.</summary>
        internal PolicyConfidence? DeclaredConfidence { get; set; }

        /// <summary>Whether the layer that declared this vendor had an <c>alternatives</c> key (even an empty one).</summary>
        internal bool DeclaresAlternatives { get; set; }

        /// <summary>Every layer that defined or overrode the vendor, in merge order, for <c>explain</c>.</summary>
        public IReadOnlyList<VendorOrigin> Origins { get; internal set; } = Array.Empty<VendorOrigin>();

        /// <summary>The last layer that switched the vendor off (<c>"restricted": false</c> over an inherited definition), or null.</summary>
        public VendorOrigin? SwitchedOffBy => Origins.Count > 1 && Restricted == false
            ? Origins.LastOrDefault(o => o.Restricted == false)
            : null;

        /// <summary>One line per layer that defined or overrode the vendor, oldest first, for <c>explain</c>.</summary>
        public IReadOnlyList<string> DescribeOrigins() => Origins.Select(o => o.Describe()).ToArray();
    }

    /// <summary>The signals that attribute something to a vendor. Any one matching is enough.</summary>
    public sealed class VendorMatchPolicy
    {
        public static VendorMatchPolicy Empty { get; } = new VendorMatchPolicy();

        public IReadOnlyList<NamePattern> Packages { get; set; } = Array.Empty<NamePattern>();
        public IReadOnlyList<NamePattern> Owners { get; set; } = Array.Empty<NamePattern>();
        public IReadOnlyList<NamePattern> Authors { get; set; } = Array.Empty<NamePattern>();
        public IReadOnlyList<CertificatePattern> Certificates { get; set; } = Array.Empty<CertificatePattern>();
        public IReadOnlyList<NamePattern> Repositories { get; set; } = Array.Empty<NamePattern>();
        public IReadOnlyList<NamePattern> Assemblies { get; set; } = Array.Empty<NamePattern>();
        public IReadOnlyList<NamePattern> PublicKeyTokens { get; set; } = Array.Empty<NamePattern>();
        public IReadOnlyList<NamespacePattern> Namespaces { get; set; } = Array.Empty<NamespacePattern>();
        public IReadOnlyList<NamePattern> NativeLibraries { get; set; } = Array.Empty<NamePattern>();
        public IReadOnlyList<NamePattern> Endpoints { get; set; } = Array.Empty<NamePattern>();
    }

    public sealed class AlternativePolicy
    {
        public AlternativePolicy(
            string? package,
            string? note,
            IReadOnlyDictionary<string, string> namespaces,
            IReadOnlyDictionary<string, string> types)
        {
            Package = package;
            Note = note;
            Namespaces = namespaces;
            Types = types;
        }

        public string? Package { get; }
        public string? Note { get; }

        /// <summary>Restricted namespace → replacement namespace, for code fixes.</summary>
        public IReadOnlyDictionary<string, string> Namespaces { get; }

        /// <summary>Restricted type or member → replacement, for code fixes.</summary>
        public IReadOnlyDictionary<string, string> Types { get; }

        public override string ToString()
        {
            var text = Package ?? string.Join(", ", Namespaces.Values.Concat(Types.Values));
            return string.IsNullOrEmpty(Note) ? text : $"{text} ({Note})";
        }
    }

    public sealed class WaiverPolicy
    {
        public WaiverPolicy(
            string vendor,
            NamePattern? package,
            string reason,
            DateTime expires,
            IReadOnlyList<PathPattern> projects,
            string baseDirectory,
            SourceLocation location)
        {
            Vendor = vendor;
            Package = package;
            Reason = reason;
            Expires = expires;
            Projects = projects;
            BaseDirectory = baseDirectory;
            Location = location;
        }

        public string Vendor { get; }

        /// <summary>When set, only packages whose id matches are waived; otherwise the whole vendor is.</summary>
        public NamePattern? Package { get; }

        /// <summary>When set, only SDK usages in these namespaces are waived (analyzer findings only).</summary>
        public IReadOnlyList<NamespacePattern> Namespaces { get; set; } = Array.Empty<NamespacePattern>();

        /// <summary>When set, only SDK usages of these fully qualified types are waived (analyzer findings only).</summary>
        public IReadOnlyList<NamePattern> Types { get; set; } = Array.Empty<NamePattern>();

        /// <summary>A waiver that names namespaces or types is about SDK usages, not packages.</summary>
        public bool IsForSymbolsOnly => Namespaces.Count > 0 || Types.Count > 0;

        /// <summary>Whether the waiver covers a use of <paramref name="typeFullName"/> in <paramref name="namespace"/>
        /// coming from <paramref name="packageId"/> (null when not known to come from a package).</summary>
        public bool CoversSymbol(string vendorId, string? packageId, string? @namespace, string? typeFullName)
        {
            if (!string.Equals(Vendor, vendorId, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            if (Package is not null && (packageId is null || !Package.IsMatch(packageId)))
            {
                return false;
            }

            if (Namespaces.Count > 0 && !Namespaces.Any(n => n.IsMatch(@namespace)))
            {
                return false;
            }

            return Types.Count == 0 || Types.Any(t => t.IsMatch(typeFullName));
        }

        public string Reason { get; }

        /// <summary>The last day (inclusive) on which the waiver holds.</summary>
        public DateTime Expires { get; }

        /// <summary>Project path globs relative to <see cref="BaseDirectory"/>; empty means every project.</summary>
        public IReadOnlyList<PathPattern> Projects { get; }

        /// <summary>The directory of the policy file that declares the waiver.</summary>
        public string BaseDirectory { get; }

        public SourceLocation Location { get; }

        public bool IsExpired(DateTime today) => today.Date > Expires.Date;

        public bool IsScopedTo(string projectPath)
        {
            if (Projects.Count == 0)
            {
                return true;
            }

            var relative = PathPattern.MakeRelative(BaseDirectory, projectPath);
            return relative is not null && Projects.Any(p => p.IsMatch(relative));
        }
    }
}
