using System;
using System.Collections.Generic;

namespace SupplyChainGuard.Policy
{
    /// <summary>
    /// What is known about who published something: a package (read by the Packages layer from the
    /// assets file, nuspec and signatures) or an assembly (seen by the analyzer). Empty lists mean
    /// "not known", never "known to be empty".
    /// </summary>
    public sealed class PublisherEvidence
    {
        public string? PackageId { get; set; }

        /// <summary>nuget.org account names from the repository signature.</summary>
        public IReadOnlyList<string> Owners { get; set; } = Array.Empty<string>();

        /// <summary>Where the owners were read: the repository primary signature or countersignature.</summary>
        public string OwnersSource { get; set; } = "repository signature";

        public IReadOnlyList<string> Authors { get; set; } = Array.Empty<string>();

        public string? CertificateSubject { get; set; }

        /// <summary>SHA-256 of the author-signing certificate, upper-case hex.</summary>
        public string? CertificateFingerprint { get; set; }

        public IReadOnlyList<string> Repositories { get; set; } = Array.Empty<string>();

        public IReadOnlyList<string> Assemblies { get; set; } = Array.Empty<string>();

        public IReadOnlyList<string> PublicKeyTokens { get; set; } = Array.Empty<string>();

        public IReadOnlyList<string> Namespaces { get; set; } = Array.Empty<string>();

        /// <summary>An assembly's <c>[AssemblyCompany]</c>, matched like nuspec authors: free text.</summary>
        public string? AssemblyCompany { get; set; }

        public bool HasOwners => Owners.Count > 0;
    }
}
