using System.Collections.Generic;
using System.Linq;
using SupplyChainGuard.Policy;

namespace SupplyChainGuard.Diagnostics
{
    /// <summary>
    /// The phrases every finding shares, whoever raises it (build task, analyzer, CLI), so a vendor reads
    /// the same everywhere: who, where, why, which evidence, and what to use instead.
    /// </summary>
    public static class FindingText
    {
        /// <summary><c>'Baidu, Inc.' (vendor 'baidu', CN)</c></summary>
        public static string Vendor(VendorPolicy vendor)
        {
            var details = vendor.Jurisdiction is null ? $"vendor '{vendor.Id}'" : $"vendor '{vendor.Id}', {vendor.Jurisdiction}";
            return $"'{vendor.DisplayName}' ({details})";
        }

        /// <summary>The evidence, strongest first: <c>owner 'Baidu-AI' in the repository signature; author 'Baidu' in the nuspec</c>.</summary>
        public static string Signals(IEnumerable<MatchedSignal> signals) => string.Join("; ", signals.Select(s => s.Describe()));

        /// <summary><c> Reason: …</c> and <c> Alternatives: …</c>, each only when the policy gives one.</summary>
        public static string ReasonAndAlternatives(VendorPolicy vendor)
        {
            var text = string.Empty;
            if (!string.IsNullOrWhiteSpace(vendor.Reason))
            {
                text += " Reason: " + vendor.Reason!.TrimEnd('.') + ".";
            }

            if (vendor.Alternatives.Count > 0)
            {
                text += " Alternatives: " + string.Join(", ", vendor.Alternatives.Select(a => a.ToString())) + ".";
            }

            return text;
        }
    }
}
