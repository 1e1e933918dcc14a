using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SupplyChainGuard.Policy;

namespace SupplyChainGuard.Packages.Tests.Identity
{
    /// <summary>A synthetic graph with hand-made identities, for the identity rules (SCG0004, SCG0005, weak signals).</summary>
    internal sealed class IdentityScenario
    {
        public static readonly string AppProject = Path.Combine(Policies.Directory, "src", "App", "App.csproj");

        private readonly List<DirectDependency> _direct = new List<DirectDependency>();
        private readonly List<PackageNode> _nodes = new List<PackageNode>();
        private readonly Dictionary<string, PackageIdentity> _identities = new Dictionary<string, PackageIdentity>(StringComparer.OrdinalIgnoreCase);

        public IdentityScenario Direct(params string[] ids)
        {
            _direct.AddRange(ids.Select(id => new DirectDependency(id, false)));
            return this;
        }

        /// <summary>A package with its identity as the reader would have it; owners empty means none in a signature.</summary>
        public IdentityScenario Package(string id, string version = "1.0.0", string[]? owners = null, string? authors = null,
            string? signature = null, string? certificateSubject = null, string? fingerprint = null, params string[] dependencies)
        {
            owners ??= Array.Empty<string>();
            _nodes.Add(new PackageNode(id, version, "sha-" + id, id.ToLowerInvariant() + "/" + version, dependencies, Array.Empty<string>()));
            _identities[id] = new PackageIdentity
            {
                Id = id,
                Version = version,
                Owners = owners.ToList(),
                OwnersSource = owners.Length > 0 ? (signature == "Author" ? "repository countersignature" : "repository signature") : null,
                SignatureType = signature ?? (owners.Length > 0 ? "Repository" : null),
                Authors = authors is null ? new List<string>() : PackageIdentityReader.SplitAuthors(authors),
                CertificateSubject = certificateSubject,
                CertificateFingerprint = fingerprint,
            };
            return this;
        }

        public PackageIdentity IdentityOf(string id) => _identities[id];

        public PackageCheckRequest Request(SupplyChainPolicy policy) =>
            new PackageCheckRequest(new PackageGraph("App", "net10.0", _direct.ToArray(), _nodes, new[] { "/packages" }), policy, _identities)
            {
                ProjectPath = AppProject,
                Today = new DateTime(2026, 6, 1),
            };

        public PackageCheckResult Check(SupplyChainPolicy policy, Action<PackageCheckRequest>? configure = null)
        {
            var request = Request(policy);
            configure?.Invoke(request);
            return PackageChecker.Check(request);
        }
    }
}
