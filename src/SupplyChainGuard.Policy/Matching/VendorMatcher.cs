using System;
using System.Collections.Generic;
using System.Linq;

namespace SupplyChainGuard.Policy
{
    /// <summary>One vendor that the evidence points to, with every signal that says so.</summary>
    public sealed class VendorAttribution
    {
        public VendorAttribution(VendorPolicy vendor, bool isRestricted, IReadOnlyList<MatchedSignal> signals, IReadOnlyList<MatchedSignal> overruled)
        {
            Vendor = vendor;
            IsRestricted = isRestricted;
            Signals = signals;
            Overruled = overruled;
        }

        public VendorPolicy Vendor { get; }

        public bool IsRestricted { get; }

        /// <summary>The signals that attribute the evidence to the vendor, strongest first.</summary>
        public IReadOnlyList<MatchedSignal> Signals { get; }

        /// <summary>Weak signals that matched but were overruled by signatures naming someone else.</summary>
        public IReadOnlyList<MatchedSignal> Overruled { get; }

        public MatchedSignal StrongestSignal => Signals[0];

        /// <summary>True when the vendor rests only on free text (authors, repository URLs, <c>AssemblyCompany</c>):
        /// such a finding is named as weak, and the policy's <c>weakSignals</c> decides what it does.</summary>
        public bool IsWeak => Signals.Count > 0 && Signals.All(s => s.Strength == SignalStrength.Weak);

        /// <summary>The policy's <c>weakSignals</c>, for hosts that judge a weak attribution's severity without the policy at hand.</summary>
        public WeakSignalsMode WeakSignals { get; internal set; }


        /// <summary>
        /// True when the attribution or the restriction rests only on facts the policy marks unverified: every
        /// matching signal is unverified, the vendor is, or only an unverified jurisdiction restricts it.
        /// Such a finding is never more than a warning (<see cref="CapSeverity"/>).
        /// </summary>
        public bool IsUnverified { get; internal set; }

        /// <summary>An error becomes a warning when the attribution <see cref="IsUnverified"/>; other severities stay.</summary>
        public PolicySeverity CapSeverity(PolicySeverity severity) =>
            IsUnverified && severity == PolicySeverity.Error ? PolicySeverity.Warning : severity;
    }

    /// <summary>
    /// Matches evidence against every vendor of a policy by name. No I/O, no NuGet: the analyzer, the build
    /// task and the CLI all decide "who published this" here.
    /// </summary>
    public sealed class VendorMatcher
    {
        private readonly SupplyChainPolicy _policy;

        public VendorMatcher(SupplyChainPolicy policy)
        {
            _policy = policy;
        }

        public SupplyChainPolicy Policy => _policy;

        /// <summary>Every vendor the evidence points to, in policy order; overruled-only vendors are kept
        /// with no signals so that <c>explain</c> can show why they were set aside.</summary>
        public IReadOnlyList<VendorAttribution> Match(PublisherEvidence evidence)
        {
            List<VendorAttribution>? result = null;
            foreach (var vendor in _policy.Vendors)
            {
                var attribution = MatchVendor(vendor, evidence);
                if (attribution is not null)
                {
                    (result ??= new List<VendorAttribution>()).Add(attribution);
                }
            }

            return (IReadOnlyList<VendorAttribution>?)result ?? Array.Empty<VendorAttribution>();
        }

        private VendorAttribution? MatchVendor(VendorPolicy vendor, PublisherEvidence evidence)
        {
            var match = vendor.Match;
            List<MatchedSignal>? signals = null;
            void Add(MatchedSignal signal) => (signals ??= new List<MatchedSignal>()).Add(signal);

            foreach (var owner in evidence.Owners)
            {
                foreach (var pattern in match.Owners)
                {
                    if (pattern.IsMatch(owner))
                    {
                        Add(new MatchedSignal(SignalKind.Owner, owner, pattern.Pattern, evidence.OwnersSource, pattern.IsUnverified));
                        break;
                    }
                }
            }

            // Owners the feed names: unsigned, so as strong as a signature's only when the feed is the registry itself.
            foreach (var owner in evidence.FeedOwners)
            {
                foreach (var pattern in match.Owners)
                {
                    if (pattern.IsMatch(owner))
                    {
                        var strength = evidence.FeedOwnersAuthoritative ? SignalStrength.Strong : SignalStrength.Medium;
                        var source = evidence.FeedOwnersSource + (evidence.FeedPrefixReserved ? " (id prefix reserved)" : string.Empty);
                        Add(new MatchedSignal(SignalKind.FeedOwner, owner, pattern.Pattern, source, pattern.IsUnverified, strength));
                        break;
                    }
                }
            }

            foreach (var pattern in match.Certificates)
            {
                if (pattern.IsMatchFingerprint(evidence.CertificateFingerprint))
                {
                    Add(new MatchedSignal(SignalKind.CertificateFingerprint, evidence.CertificateFingerprint!, pattern.Text, isUnverified: pattern.IsUnverified));
                }
                else if (pattern.IsMatchSubject(evidence.CertificateSubject))
                {
                    Add(new MatchedSignal(SignalKind.CertificateSubject, evidence.CertificateSubject!, pattern.Text, isUnverified: pattern.IsUnverified));
                }
            }

            if (evidence.PackageId is { } id)
            {
                var pattern = match.Packages.FirstOrDefault(p => p.IsMatch(id));
                if (pattern is not null)
                {
                    Add(new MatchedSignal(SignalKind.PackageId, id, pattern.Pattern, isUnverified: pattern.IsUnverified));
                }
            }

            AddAll(match.PublicKeyTokens, evidence.PublicKeyTokens, SignalKind.PublicKeyToken, null, Add);
            AddAll(match.Assemblies, evidence.Assemblies, SignalKind.Assembly, evidence.PackageId is null ? null : "the package", Add);

            foreach (var ns in evidence.Namespaces)
            {
                var pattern = match.Namespaces.FirstOrDefault(p => p.IsMatch(ns));
                if (pattern is not null)
                {
                    Add(new MatchedSignal(SignalKind.Namespace, ns, pattern.Prefix, isUnverified: pattern.IsUnverified));
                }
            }

            foreach (var repository in evidence.Repositories)
            {
                var normalized = NormalizeRepository(repository);
                var pattern = match.Repositories.FirstOrDefault(p => p.IsMatch(normalized));
                if (pattern is not null)
                {
                    Add(new MatchedSignal(SignalKind.Repository, normalized, pattern.Pattern, isUnverified: pattern.IsUnverified));
                }
            }

            AddAll(match.Authors, evidence.Authors, SignalKind.Author, null, Add);
            if (evidence.AssemblyCompany is { } company)
            {
                AddAll(match.Authors, new[] { company }, SignalKind.AssemblyCompany, null, Add);
            }

            if (signals is null)
            {
                return null;
            }

            // Free text loses to a signature: when the vendor says who its owners (or certificates) are and the
            // package is signed by someone else, authors and repository URLs claiming the vendor are set aside.
            var overruled = new List<MatchedSignal>();
            if (signals.All(s => s.Strength == SignalStrength.Weak) && IsContradictedBySignature(match, evidence))
            {
                overruled.AddRange(signals);
                signals.Clear();
            }

            // Strongest first, and in the order found within a strength (a stable sort), so that strong evidence
            // is always named before free text and the text is the same on every run.
            var ordered = signals.OrderByDescending(s => s.Strength).ToList();
            return ordered.Count == 0 && overruled.Count == 0
                ? null
                : Attribution(vendor, ordered, overruled);
        }

        private VendorAttribution Attribution(VendorPolicy vendor, IReadOnlyList<MatchedSignal> signals, IReadOnlyList<MatchedSignal> overruled) =>
            new VendorAttribution(vendor, _policy.IsRestricted(vendor), signals, overruled)
            {
                IsUnverified = _policy.IsRestrictionUnverified(vendor) || (signals.Count > 0 && signals.All(s => s.IsUnverified)),
                WeakSignals = _policy.WeakSignals,
            };

        /// <summary>Vendors whose <c>nativeLibraries</c> name the library of a P/Invoke or NativeLibrary.Load:
        /// compared without directories, extension (<c>.dll</c>, <c>.so</c>, <c>.so.1</c>, <c>.dylib</c>) or <c>lib</c> prefix.</summary>
        public IReadOnlyList<VendorAttribution> MatchNativeLibrary(string library)
        {
            var candidates = NativeLibraryNames(library);
            return MatchSingle(v => v.Match.NativeLibraries, candidates, SignalKind.NativeLibrary);
        }

        /// <summary>Vendors whose <c>endpoints</c> match a host; <c>*.example.com</c> also matches <c>example.com</c>.</summary>
        public IReadOnlyList<VendorAttribution> MatchEndpoint(string host)
        {
            var normalized = host.TrimEnd('.');
            List<VendorAttribution>? result = null;
            foreach (var vendor in _policy.Vendors)
            {
                foreach (var pattern in vendor.Match.Endpoints)
                {
                    var apex = pattern.Pattern.StartsWith("*.", StringComparison.Ordinal) ? pattern.Pattern.Substring(2) : null;
                    if (pattern.IsMatch(normalized) || (apex is not null && string.Equals(apex, normalized, StringComparison.OrdinalIgnoreCase)))
                    {
                        (result ??= new List<VendorAttribution>()).Add(Attribution(vendor,
                            new[] { new MatchedSignal(SignalKind.Endpoint, normalized, pattern.Pattern, isUnverified: pattern.IsUnverified) }, Array.Empty<MatchedSignal>()));
                        break;
                    }
                }
            }

            return (IReadOnlyList<VendorAttribution>?)result ?? Array.Empty<VendorAttribution>();
        }

        private IReadOnlyList<VendorAttribution> MatchSingle(Func<VendorPolicy, IReadOnlyList<NamePattern>> patterns, IReadOnlyList<string> candidates, SignalKind kind)
        {
            List<VendorAttribution>? result = null;
            foreach (var vendor in _policy.Vendors)
            {
                foreach (var pattern in patterns(vendor))
                {
                    var hit = candidates.FirstOrDefault(pattern.IsMatch);
                    if (hit is not null)
                    {
                        (result ??= new List<VendorAttribution>()).Add(Attribution(vendor,
                            new[] { new MatchedSignal(kind, candidates[0], pattern.Pattern, isUnverified: pattern.IsUnverified) }, Array.Empty<MatchedSignal>()));
                        break;
                    }
                }
            }

            return (IReadOnlyList<VendorAttribution>?)result ?? Array.Empty<VendorAttribution>();
        }

        /// <summary><c>./lib/libHCNetSDK.so.1</c> → <c>libHCNetSDK</c>, <c>HCNetSDK</c>.</summary>
        public static IReadOnlyList<string> NativeLibraryNames(string library)
        {
            var name = library.Trim();
            var slash = Math.Max(name.LastIndexOf('/'), name.LastIndexOf('\\'));
            if (slash >= 0)
            {
                name = name.Substring(slash + 1);
            }

            foreach (var extension in new[] { ".dll", ".dylib", ".so", ".exe" })
            {
                var at = name.IndexOf(extension, StringComparison.OrdinalIgnoreCase);
                if (at > 0 && (at + extension.Length == name.Length || name[at + extension.Length] == '.'))
                {
                    name = name.Substring(0, at);
                    break;
                }
            }

            return name.StartsWith("lib", StringComparison.Ordinal) && name.Length > 3
                ? new[] { name, name.Substring(3) }
                : new[] { name };
        }

        private static bool IsContradictedBySignature(VendorMatchPolicy match, PublisherEvidence evidence)
        {
            // A feed that is not the registry may be a mirror that says anything: it never overrules other evidence.
            var ownersSpeak = match.Owners.Count > 0 && (evidence.HasOwners || (evidence.FeedOwnersAuthoritative && evidence.FeedOwners.Count > 0));
            var certificateSpeaks = match.Certificates.Count > 0 && evidence.CertificateSubject is not null;
            return ownersSpeak || certificateSpeaks;
        }

        private static void AddAll(IReadOnlyList<NamePattern> patterns, IReadOnlyList<string> values, SignalKind kind, string? source, Action<MatchedSignal> add)
        {
            if (patterns.Count == 0)
            {
                return;
            }

            foreach (var value in values)
            {
                foreach (var pattern in patterns)
                {
                    if (pattern.IsMatch(value))
                    {
                        add(new MatchedSignal(kind, value, pattern.Pattern, source, pattern.IsUnverified));
                        break;
                    }
                }
            }
        }

        /// <summary><c>https://www.github.com/Baidu-AIP/dotnet-sdk.git/</c> → <c>github.com/Baidu-AIP/dotnet-sdk</c>.</summary>
        public static string NormalizeRepository(string url)
        {
            var text = url.Trim();
            var scheme = text.IndexOf("://", StringComparison.Ordinal);
            if (scheme >= 0)
            {
                text = text.Substring(scheme + 3);
            }

            if (text.StartsWith("git@", StringComparison.OrdinalIgnoreCase))
            {
                text = text.Substring(4).Replace(':', '/');
            }

            if (text.StartsWith("www.", StringComparison.OrdinalIgnoreCase))
            {
                text = text.Substring(4);
            }

            text = text.TrimEnd('/');
            if (text.EndsWith(".git", StringComparison.OrdinalIgnoreCase))
            {
                text = text.Substring(0, text.Length - 4);
            }

            return text;
        }
    }
}
