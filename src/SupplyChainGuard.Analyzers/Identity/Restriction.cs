using System.Linq;
using SupplyChainGuard.Diagnostics;
using SupplyChainGuard.Policy;

namespace SupplyChainGuard.Analyzers
{
    /// <summary>Why a symbol, assembly or namespace counts as published by a restricted vendor.</summary>
    internal sealed class Restriction
    {
        public Restriction(VendorPolicy vendor, string evidence, string? packageId)
        {
            Vendor = vendor;
            Evidence = evidence;
            PackageId = packageId;
        }

        public VendorPolicy Vendor { get; }

        /// <summary>The signal, phrased for a reviewer: <c>it comes from package 'Baidu.AI' 4.15.10 (owner 'Baidu-AI' in the repository signature)</c>.</summary>
        public string Evidence { get; }

        /// <summary>The package the symbol's assembly came from, when the build task said so.</summary>
        public string? PackageId { get; }

        public string VendorText => FindingText.Vendor(Vendor);

        /// <summary>Reason, alternatives and, when the policy maps it, the replacement for this very name.</summary>
        public string Advice(string? qualifiedName)
        {
            var text = FindingText.ReasonAndAlternatives(Vendor);
            if (qualifiedName is null)
            {
                return text;
            }

            foreach (var alternative in Vendor.Alternatives)
            {
                if (alternative.Types.TryGetValue(qualifiedName, out var type))
                {
                    return text + $" Use '{type}'" + (alternative.Package is null ? "." : $" from {alternative.Package}.");
                }
            }

            foreach (var alternative in Vendor.Alternatives)
            {
                var mapped = alternative.Namespaces
                    .Where(n => qualifiedName == n.Key || qualifiedName.StartsWith(n.Key + ".", System.StringComparison.Ordinal))
                    .OrderByDescending(n => n.Key.Length)
                    .FirstOrDefault();
                if (mapped.Key is not null)
                {
                    return text + $" Use namespace '{mapped.Value}'" + (alternative.Package is null ? "." : $" from {alternative.Package}.");
                }
            }

            return text;
        }
    }
}
