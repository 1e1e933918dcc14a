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

        /// <summary>What a finding resting only on nuspec free text says about itself.</summary>
        public const string WeakNuspecEvidence = "weak: free text in the nuspec, not verified by a signature";

        /// <summary>The same for an assembly's <c>AssemblyCompany</c>, which the analyzer matches against <c>authors</c>.</summary>
        public const string WeakAssemblyEvidence = "weak: free text in the assembly, not verified by a signature";

        /// <summary>The note for an attribution that rests only on free text, or null when a stronger signal matched.</summary>
        public static string? WeakNote(VendorAttribution attribution) =>
            !attribution.IsWeak ? null
            : attribution.Signals.All(s => s.Kind == SignalKind.AssemblyCompany) ? WeakAssemblyEvidence
            : WeakNuspecEvidence;

        /// <summary>The evidence for a vendor, strongest first, and said to be weak when it is only free text:
        /// <c>author 'Baidu' in the nuspec (weak: free text in the nuspec, not verified by a signature)</c>.</summary>
        public static string Evidence(VendorAttribution attribution) =>
            Signals(attribution.Signals) + (WeakNote(attribution) is { } note ? $" ({note})" : string.Empty);

        /// <summary>
        /// What the signature overruled: <c>Its nuspec claims 'Microsoft Corporation' (vendor 'microsoft') with author
        /// 'Microsoft' in the nuspec, but its signature names someone else, so the claim is set aside.</c>
        /// </summary>
        public static string SetAside(VendorAttribution attribution) =>
            $"Its nuspec claims {Vendor(attribution.Vendor)} with {Signals(attribution.Overruled)}, but its signature names someone else, so the claim is set aside.";

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
