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

        public VendorPolicy? FindVendor(string id) => _vendorsById.TryGetValue(id, out var vendor) ? vendor : null;

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
            return Projects.Any(p => p.IsMatch(relative));
        }
    }
}
