using System;

namespace SupplyChainGuard.Policy
{
    /// <summary>
    /// A case-insensitive glob over a whole name: <c>*</c> is any run of characters, <c>?</c> one character,
    /// everything else literal. Anchored at both ends, so <c>aliyun-net-sdk-*</c> does not match
    /// <c>wang.aliyun-net-sdk-dysmsapi</c>.
    /// </summary>
    public sealed class NamePattern
    {
        private readonly string _pattern;
        private readonly bool _hasWildcards;

        public NamePattern(string pattern)
        {
            _pattern = pattern ?? throw new ArgumentNullException(nameof(pattern));
            _hasWildcards = pattern.IndexOfAny(Wildcards) >= 0;
        }

        private static readonly char[] Wildcards = { '*', '?' };

        public string Pattern => _pattern;

        public bool HasWildcards => _hasWildcards;

        /// <summary>Written as <c>{ "pattern": …, "confidence": "unverified" }</c>: a match is at most a warning.</summary>
        public bool IsUnverified { get; internal set; }

        public bool IsMatch(string? value)
        {
            if (value is null)
            {
                return false;
            }

            return _hasWildcards
                ? GlobMatcher.IsMatch(_pattern, value, pathAware: false)
                : string.Equals(_pattern, value, StringComparison.OrdinalIgnoreCase);
        }

        public override string ToString() => _pattern;
    }

    /// <summary>
    /// A namespace prefix matched on whole segments: <c>Baidu.Aip</c> matches <c>Baidu.Aip</c> and
    /// <c>Baidu.Aip.Ocr</c>, not <c>Baidu.Aipx</c>. Case-sensitive, as C# namespaces are.
    /// </summary>
    public sealed class NamespacePattern
    {
        public NamespacePattern(string prefix)
        {
            Prefix = prefix ?? throw new ArgumentNullException(nameof(prefix));
        }

        public string Prefix { get; }

        /// <summary>Written as <c>{ "pattern": …, "confidence": "unverified" }</c>: a match is at most a warning.</summary>
        public bool IsUnverified { get; internal set; }

        public bool IsMatch(string? @namespace)
        {
            if (@namespace is null || !@namespace.StartsWith(Prefix, StringComparison.Ordinal))
            {
                return false;
            }

            return @namespace.Length == Prefix.Length || @namespace[Prefix.Length] == '.';
        }

        public override string ToString() => Prefix;
    }

    /// <summary>
    /// An author-signature certificate: either a SHA-256 fingerprint (<c>SHA256:5A29…</c>) or a glob over the
    /// subject. A subject glob containing <c>=</c> is tried against each relative distinguished name
    /// (<c>O=Baidu*</c>) and against the whole subject; one without is tried against the CN and O values.
    /// </summary>
    public sealed class CertificatePattern
    {
        private CertificatePattern(string text, string? fingerprint, NamePattern? subject)
        {
            Text = text;
            Fingerprint = fingerprint;
            Subject = subject;
        }

        public string Text { get; }

        /// <summary>Upper-case hex without separators, when the pattern is a fingerprint.</summary>
        public string? Fingerprint { get; }

        public NamePattern? Subject { get; }

        /// <summary>Written as <c>{ "pattern": …, "confidence": "unverified" }</c>: a match is at most a warning.</summary>
        public bool IsUnverified { get; internal set; }

        public static bool TryParse(string text, out CertificatePattern? pattern, out string? error)
        {
            pattern = null;
            error = null;
            var colon = text.IndexOf(':');
            if (colon > 0)
            {
                var algorithm = text.Substring(0, colon).Replace("-", string.Empty);
                if (IsOtherHashAlgorithm(algorithm))
                {
                    // Silently treating "SHA1:…" as a subject glob would make the entry match nothing.
                    error = $"'{text}' uses {text.Substring(0, colon)}; certificate fingerprints must be SHA-256 ('SHA256:' and 64 hexadecimal digits)";
                    return false;
                }

                if (string.Equals(algorithm, "SHA256", StringComparison.OrdinalIgnoreCase))
                {
                    var hex = NormalizeFingerprint(text.Substring(colon + 1));
                    if (hex.Length != 64 || !IsHex(hex))
                    {
                        error = $"'{text}' is not a SHA-256 fingerprint: expected 64 hexadecimal digits after 'SHA256:'";
                        return false;
                    }

                    pattern = new CertificatePattern(text, hex, null);
                    return true;
                }
            }

            pattern = new CertificatePattern(text, null, new NamePattern(text.Trim()));
            return true;
        }

        public static string NormalizeFingerprint(string hex) =>
            hex.Replace(":", string.Empty).Replace(" ", string.Empty).Replace("-", string.Empty).ToUpperInvariant();

        public bool IsMatchFingerprint(string? sha256Hex) =>
            Fingerprint is not null && sha256Hex is not null
            && string.Equals(Fingerprint, NormalizeFingerprint(sha256Hex), StringComparison.Ordinal);

        public bool IsMatchSubject(string? subject)
        {
            if (Subject is null || string.IsNullOrEmpty(subject))
            {
                return false;
            }

            if (Subject.IsMatch(subject))
            {
                return true;
            }

            var byKey = Subject.Pattern.IndexOf('=') > 0;
            foreach (var rdn in DistinguishedName.Split(subject!))
            {
                if (byKey)
                {
                    if (Subject.IsMatch(rdn.Key + "=" + rdn.Value))
                    {
                        return true;
                    }
                }
                else if ((rdn.Key == "CN" || rdn.Key == "O") && Subject.IsMatch(rdn.Value))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsOtherHashAlgorithm(string name) =>
            name.Equals("SHA1", StringComparison.OrdinalIgnoreCase) || name.Equals("SHA384", StringComparison.OrdinalIgnoreCase)
            || name.Equals("SHA512", StringComparison.OrdinalIgnoreCase) || name.Equals("MD5", StringComparison.OrdinalIgnoreCase);

        private static bool IsHex(string s)
        {
            foreach (var c in s)
            {
                if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F')))
                {
                    return false;
                }
            }

            return true;
        }

        public override string ToString() => Text;
    }

    /// <summary>
    /// A path glob relative to a policy file: <c>**</c> crosses directories, <c>*</c> and <c>?</c> do not.
    /// Separators are normalised to <c>/</c>; matching ignores case so one policy serves every OS.
    /// </summary>
    public sealed class PathPattern
    {
        public PathPattern(string pattern)
        {
            Pattern = Normalize(pattern).TrimStart('/');
            if (Pattern.StartsWith("./", StringComparison.Ordinal))
            {
                Pattern = Pattern.Substring(2);
            }
        }

        public string Pattern { get; }

        /// <summary>True when the relative project path, or one of its parent directories, matches.</summary>
        public bool IsMatch(string relativePath)
        {
            var path = Normalize(relativePath);
            return path.Length > 0 && GlobMatcher.IsPathOrParentMatch(Pattern, path, out _);
        }

        public static string Normalize(string path) => path.Replace('\\', '/');

        /// <summary>
        /// <paramref name="path"/> relative to <paramref name="baseDirectory"/>, or null when it is not below it: a
        /// project outside a policy's directory is outside every one of its project globs (its full path, with a
        /// drive such as <c>C:</c> as its first segment, would otherwise match <c>*</c>).
        /// </summary>
        public static string? MakeRelative(string baseDirectory, string path)
        {
            var basePath = Normalize(baseDirectory).TrimEnd('/') + "/";
            var full = Normalize(path);
            return full.StartsWith(basePath, StringComparison.OrdinalIgnoreCase) ? full.Substring(basePath.Length) : null;
        }

        public override string ToString() => Pattern;
    }
}
