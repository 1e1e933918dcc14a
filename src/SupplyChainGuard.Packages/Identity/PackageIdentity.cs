using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using SupplyChainGuard.Policy;

namespace SupplyChainGuard.Packages
{
    /// <summary>
    /// Everything the offline evidence says about who published one package version. Read once per
    /// content hash and cached, so its shape is also the cache's: keep it plain data.
    /// </summary>
    public sealed class PackageIdentity
    {
        public string Id { get; set; } = string.Empty;
        public string Version { get; set; } = string.Empty;
        public string? ContentHash { get; set; }

        /// <summary>nuget.org owners, from the repository primary signature or its countersignature.</summary>
        public List<string> Owners { get; set; } = new();

        /// <summary>"repository signature" or "repository countersignature".</summary>
        public string? OwnersSource { get; set; }

        /// <summary>Primary signature type: Author, Repository, or null when unsigned.</summary>
        public string? SignatureType { get; set; }

        public string? CertificateSubject { get; set; }
        public string? CertificateFingerprint { get; set; }
        public List<string> Authors { get; set; } = new();
        public string? RepositoryUrl { get; set; }
        public string? ProjectUrl { get; set; }

        /// <summary>The feed restore took the package from (<c>.nupkg.metadata</c>).</summary>
        public string? Source { get; set; }

        /// <summary>The <c>.nupkg</c> the identity was read from, and its length and last write time (UTC ticks) then:
        /// the identity cache trusts an entry only while the file on disk still has them.</summary>
        public string? PackageFile { get; set; }

        public long PackageFileLength { get; set; }

        public long PackageFileTime { get; set; }

        /// <summary>Why the package could not be read (SCG0902), or null.</summary>
        public string? Problem { get; set; }

        // What the feed said (SupplyChainGuardOnline), for a package whose signature names no owners. Never part of
        // the identity cache: the feed's answer has its own cache, with a time to live.

        /// <summary>Owners the package's feed names for its id (online lookup); empty when not asked or none.</summary>
        [JsonIgnore]
        public List<string> FeedOwners { get; set; } = new();

        /// <summary>The feed that named <see cref="FeedOwners"/>, by its service index URL.</summary>
        [JsonIgnore]
        public string? FeedOwnersSource { get; set; }

        /// <summary>The feed is the registry itself (nuget.org): its owners weigh as a signature's do.</summary>
        [JsonIgnore]
        public bool FeedIsAuthoritative { get; set; }

        /// <summary>The feed's <c>verified</c> flag: the id's prefix is reserved for its owners. Null when the feed was not asked.</summary>
        [JsonIgnore]
        public bool? PrefixReserved { get; set; }

        /// <summary>A copy that also carries what the feed said; this identity (possibly the cache's) stays as read.</summary>
        internal PackageIdentity WithFeedAnswer(FeedOwnerAnswer answer)
        {
            var copy = (PackageIdentity)MemberwiseClone();
            copy.FeedOwners = new List<string>(answer.Owners);
            copy.FeedOwnersSource = answer.Feed;
            copy.FeedIsAuthoritative = answer.IsAuthoritative;
            copy.PrefixReserved = answer.PrefixReserved;
            return copy;
        }

        public PublisherEvidence ToEvidence(IReadOnlyList<string> assemblies)
        {
            var repositories = new List<string>(2);
            if (!string.IsNullOrWhiteSpace(RepositoryUrl))
            {
                repositories.Add(RepositoryUrl!);
            }

            if (!string.IsNullOrWhiteSpace(ProjectUrl) && !string.Equals(ProjectUrl, RepositoryUrl, StringComparison.OrdinalIgnoreCase))
            {
                repositories.Add(ProjectUrl!);
            }

            return new PublisherEvidence
            {
                PackageId = Id,
                Owners = Owners,
                OwnersSource = OwnersSource ?? "repository signature",
                Authors = Authors,
                // Signature owners always win: the feed is asked only when the signature names none.
                FeedOwners = Owners.Count == 0 ? FeedOwners : (IReadOnlyList<string>)Array.Empty<string>(),
                FeedOwnersSource = FeedOwnersSource,
                FeedOwnersAuthoritative = FeedIsAuthoritative,
                FeedPrefixReserved = PrefixReserved == true,
                CertificateSubject = CertificateSubject,
                CertificateFingerprint = CertificateFingerprint,
                Repositories = repositories,
                Assemblies = assemblies,
            };
        }
    }
}
