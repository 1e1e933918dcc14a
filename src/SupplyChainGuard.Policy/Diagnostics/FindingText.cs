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
    
        /// <summary>SCG0901's text after "The policy is invalid: ", punctuated once.</summary>
        public static string PolicyProblem(PolicyDiagnostic problem) =>
            problem.Message + (problem.Message.EndsWith("?", System.StringComparison.Ordinal) ? string.Empty : ".");

        /// <summary>SCG0201's text, the same from the build task and the analyzer.</summary>
        public static string WaiverExpired(WaiverPolicy waiver) =>
            $"{WaiverSubject(waiver)} expired on {waiver.Expires:yyyy-MM-dd} and no longer silences findings (reason given: {waiver.Reason.TrimEnd('.')}). Renew it with a new 'expires' date or remove it.";

        /// <summary><c>The waiver for vendor 'baidu' and package 'Baidu.AI'</c></summary>
        public static string WaiverSubject(WaiverPolicy waiver) =>
            $"The waiver for vendor '{waiver.Vendor}'" + (waiver.Package is null ? string.Empty : $" and package '{waiver.Package}'");
    }
}
