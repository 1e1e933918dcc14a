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

        /// <summary>
        /// Owners that the package's feed names for its id (the online lookup), known only when the signature names
        /// none. Unsigned: as strong as signature owners only when <see cref="FeedOwnersAuthoritative"/>.
        /// </summary>
        public IReadOnlyList<string> FeedOwners { get; set; } = Array.Empty<string>();

        /// <summary>The feed that named <see cref="FeedOwners"/>, by its service index URL.</summary>
        public string? FeedOwnersSource { get; set; }

        /// <summary>The feed is the registry itself (nuget.org), whose answer is what its signatures would say.</summary>
        public bool FeedOwnersAuthoritative { get; set; }

        /// <summary>The feed marks the id's prefix as reserved for its owners (search's <c>verified</c>).</summary>
        public bool FeedPrefixReserved { get; set; }

        public bool HasOwners => Owners.Count > 0;
    }
}
