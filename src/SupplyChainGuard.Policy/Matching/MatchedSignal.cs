namespace SupplyChainGuard.Policy
{
    public enum SignalKind
    {
        Owner,
        CertificateFingerprint,
        CertificateSubject,
        PackageId,
        PublicKeyToken,
        Assembly,
        Namespace,
        Repository,
        Author,
        AssemblyCompany,
        NativeLibrary,
        Endpoint,

        /// <summary>An owner the package's feed names (online lookup); its strength depends on the feed.</summary>
        FeedOwner,
    }

    /// <summary>
    /// How much a signal proves. Owners and certificates come from signatures nobody but the publisher
    /// (or nuget.org) can produce; ids, assembly names and namespaces are chosen by the publisher but can
    /// be copied; authors and repository URLs are free text.
    /// </summary>
    public enum SignalStrength
    {
        Weak,
        Medium,
        Strong,
    }

    /// <summary>One piece of evidence that matched one pattern of a vendor.</summary>
    public sealed class MatchedSignal
    {
        public MatchedSignal(SignalKind kind, string value, string pattern, string? source = null, bool isUnverified = false)
        {
            Kind = kind;
            Value = value;
            Pattern = pattern;
            Source = source;
            IsUnverified = isUnverified;
        }

        /// <summary>A signal whose strength depends on where it came from rather than on its kind alone.</summary>
        public MatchedSignal(SignalKind kind, string value, string pattern, string? source, bool isUnverified, SignalStrength strength)
            : this(kind, value, pattern, source, isUnverified)
        {
            _strength = strength;
        }

        private readonly SignalStrength? _strength;

        /// <summary>The pattern it matched is marked unverified in the policy: on its own it raises at most a warning.</summary>
        public bool IsUnverified { get; }

        public SignalKind Kind { get; }

        /// <summary>The evidence, e.g. the owner name read from the signature.</summary>
        public string Value { get; }

        /// <summary>The policy pattern it matched.</summary>
        public string Pattern { get; }

        /// <summary>Where the evidence came from, when the kind alone does not say.</summary>
        public string? Source { get; }

        public SignalStrength Strength => _strength ?? Kind switch
        {
            SignalKind.Owner or SignalKind.CertificateFingerprint or SignalKind.CertificateSubject => SignalStrength.Strong,
            SignalKind.Author or SignalKind.Repository or SignalKind.AssemblyCompany => SignalStrength.Weak,
            _ => SignalStrength.Medium,
        };

        /// <summary>A phrase a reviewer can judge, e.g. <c>owner 'Baidu-AI' in the repository signature</c>.</summary>
        public string Describe() => IsUnverified ? DescribeSignal() + " (a signal the policy marks unverified)" : DescribeSignal();

        private string DescribeSignal()
        {
            var matches = string.Equals(Value, Pattern, System.StringComparison.OrdinalIgnoreCase) ? string.Empty : $" (matches '{Pattern}')";
            return Kind switch
            {
                SignalKind.Owner => $"owner '{Value}' in the {Source ?? "repository signature"}{matches}",
                SignalKind.FeedOwner => $"owner '{Value}' on the feed {Source}{matches}",
                SignalKind.CertificateFingerprint => $"author-signature certificate SHA256:{Value}",
                SignalKind.CertificateSubject => $"author-signature certificate '{Value}'{matches}",
                SignalKind.PackageId => $"package id '{Value}'{matches}",
                SignalKind.PublicKeyToken => $"public key token '{Value}'",
                SignalKind.Assembly => $"assembly '{Value}'{(Source is null ? string.Empty : " in " + Source)}{matches}",
                SignalKind.Namespace => $"namespace '{Value}'{matches}",
                SignalKind.Repository => $"repository '{Value}' in the nuspec{matches}",
                SignalKind.Author => $"author '{Value}' in the nuspec{matches}",
                SignalKind.AssemblyCompany => $"AssemblyCompany '{Value}'{matches}",
                SignalKind.NativeLibrary => $"native library '{Value}'{matches}",
                SignalKind.Endpoint => $"host '{Value}'{matches}",
                _ => Value,
            };
        }

        public override string ToString() => Describe();
    }
}
