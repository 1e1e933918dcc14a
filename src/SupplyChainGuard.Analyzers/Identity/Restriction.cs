using System.Linq;
using SupplyChainGuard.Diagnostics;
using SupplyChainGuard.Policy;

namespace SupplyChainGuard.Analyzers
{
    /// <summary>Why a symbol, assembly or namespace counts as published by a restricted vendor.</summary>
    internal sealed class Restriction
    {
        public Restriction(VendorPolicy vendor, string evidence, string? packageId, bool isWeak = false, WeakSignalsMode weakSignals = WeakSignalsMode.Report)
        {
            Vendor = vendor;
            Evidence = evidence;
            PackageId = packageId;
            IsWeak = isWeak;
            WeakSignals = weakSignals;
        }

        /// <summary>A restriction resting on what a vendor's patterns matched (namespace, name, host, library).</summary>
        public static Restriction From(VendorAttribution attribution) =>
            new Restriction(attribution.Vendor,
                $"its {attribution.StrongestSignal.Describe()} is the vendor's" + (FindingText.WeakNote(attribution) is { } weak ? $" ({weak})" : string.Empty),
                null, attribution.IsWeak, attribution.WeakSignals)
            {
                IsUnverified = attribution.IsUnverified,
            };

        /// <summary>The restriction rests only on facts the policy marks unverified: reported as a warning at most.</summary>
        public bool IsUnverified { get; set; }

        /// <summary>Only free text says so (an <c>AssemblyCompany</c>, or a package the task found weakly restricted):
        /// the policy's <c>weakSignals</c> caps or drops the finding, as it does for the package itself.</summary>
        public bool IsWeak { get; }

        public WeakSignalsMode WeakSignals { get; }

        public VendorPolicy Vendor { get; }

        /// <summary>The signal, phrased for a reviewer: <c>it comes from package 'Baidu.AI' 4.15.10 (owner 'Baidu-AI' in the repository signature)</c>.</summary>
        public string Evidence { get; }

        /// <summary>The package the symbol's assembly came from, when the build task said so.</summary>
        public string? PackageId { get; }

        public string VendorText => FindingText.Vendor(Vendor);

        /// <summary>Reason, alternatives and, when the policy maps it, the replacement for this very name.</summary>
        public string Advice(string? qualifiedName, bool namespaceMaps = false)
        {
            var text = FindingText.ReasonAndAlternatives(Vendor);
            var replacement = qualifiedName is null ? null : ReplacementFor(qualifiedName, namespaceMaps);
            if (replacement is null)
            {
                return text;
            }

            var what = replacement.Kind == ReplacementKind.Namespace ? "namespace " : string.Empty;
            return text + $" Use {what}'{replacement.Name}'" + (replacement.Package is null ? "." : $" from {replacement.Package}.");
        }

        /// <summary>
        /// What the policy's <c>alternatives</c> map this name to: an exact <c>types</c> entry (a type or a
        /// member), else — for namespaces only — the longest <c>namespaces</c> entry that the name starts
        /// with, the rest carried over. A type is never guessed from a namespace map.
        /// </summary>
        public Replacement? ReplacementFor(string qualifiedName, bool namespaceMaps)
        {
            foreach (var alternative in Vendor.Alternatives)
            {
                if (alternative.Types.TryGetValue(qualifiedName, out var type))
                {
                    return new Replacement(ReplacementKind.Type, type, alternative.Package);
                }
            }

            if (!namespaceMaps)
            {
                return null;
            }

            Replacement? best = null;
            var bestLength = -1;
            foreach (var alternative in Vendor.Alternatives)
            {
                foreach (var pair in alternative.Namespaces)
                {
                    var isPrefix = qualifiedName == pair.Key || qualifiedName.StartsWith(pair.Key + ".", System.StringComparison.Ordinal);
                    if (isPrefix && pair.Key.Length > bestLength)
                    {
                        bestLength = pair.Key.Length;
                        best = new Replacement(ReplacementKind.Namespace, pair.Value + qualifiedName.Substring(pair.Key.Length), alternative.Package);
                    }
                }
            }

            return best;
        }
    }

    internal static class TypeMaps
    {
        /// <summary>The policy's <c>types</c> entries whose key is <paramref name="prefix"/> or lies under it
        /// (<c>Baidu.Aip.Ocr.Ocr</c> and <c>Baidu.Aip.Ocr.Ocr.GeneralBasic</c> under <c>Baidu.Aip.Ocr</c>), as <c>Old=New</c> joined by ';'.</summary>
        public static string? Under(VendorPolicy vendor, string prefix)
        {
            var pairs = vendor.Alternatives
                .SelectMany(a => a.Types)
                .Where(t => t.Key == prefix || t.Key.StartsWith(prefix + ".", System.StringComparison.Ordinal))
                .Select(t => t.Key + "=" + t.Value)
                .Distinct()
                .OrderBy(p => p, System.StringComparer.Ordinal)
                .ToList();
            return pairs.Count == 0 ? null : string.Join(";", pairs);
        }
    }

    internal enum ReplacementKind
    {
        /// <summary>A <c>types</c> entry: a type, or a member when the key names one.</summary>
        Type,

        /// <summary>A <c>namespaces</c> entry, applied to the start of the name.</summary>
        Namespace,
    }

    internal sealed class Replacement
    {
        public Replacement(ReplacementKind kind, string name, string? package)
        {
            Kind = kind;
            Name = name;
            Package = package;
        }

        public ReplacementKind Kind { get; }

        public string Name { get; }

        public string? Package { get; }
    }
}
