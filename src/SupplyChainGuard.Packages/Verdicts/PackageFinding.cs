using System;
using System.Collections.Generic;
using SupplyChainGuard.Policy;

namespace SupplyChainGuard.Packages
{
    /// <summary>What the policy says about one package of the graph, whether or not it is a finding.</summary>
    public sealed class PackageVerdict
    {
        public PackageVerdict(PackageNode package, PackageIdentity identity, IReadOnlyList<VendorAttribution> attributions, VendorAttribution? restrictingVendor, VendorAttribution? allowingVendor)
        {
            Package = package;
            Identity = identity;
            Attributions = attributions;
            RestrictingVendor = restrictingVendor;
            AllowingVendor = allowingVendor;
        }

        public PackageNode Package { get; }
        public PackageIdentity Identity { get; }

        /// <summary>Every vendor the evidence points to, including set-aside ones (no signals, only overruled).</summary>
        public IReadOnlyList<VendorAttribution> Attributions { get; }

        /// <summary>The first restricted vendor, in policy order, that the evidence establishes.</summary>
        public VendorAttribution? RestrictingVendor { get; }

        /// <summary>The first non-restricted vendor established by more than free text.</summary>
        public VendorAttribution? AllowingVendor { get; }

        public bool IsRestricted => RestrictingVendor is not null;

        /// <summary>The vendor whose id this package's id imitates without being theirs (SCG0004), or null.</summary>
        public VendorLookalike? Lookalike { get; internal set; }

        /// <summary>How its publisher differs from what the lock file pinned (SCG0005), or null.</summary>
        public PublisherChange? PublisherChange { get; internal set; }
    }

    /// <summary>A diagnostic about a package: SCG0001–SCG0005 or SCG0902.</summary>
    public sealed class PackageFinding
    {
        public PackageFinding(string ruleId, PackageVerdict verdict, IReadOnlyList<string> path, string directPackageId, PolicySeverity severity, string message)
        {
            RuleId = ruleId;
            Verdict = verdict;
            Path = path;
            DirectPackageId = directPackageId;
            Severity = severity;
            Message = message;
        }

        public string RuleId { get; }
        public PackageVerdict Verdict { get; }
        public string PackageId => Verdict.Package.Id;
        public string Version => Verdict.Package.Version;

        /// <summary>The project, then each package down to this one: <c>App</c>, <c>A 1.0.0</c>, <c>B 2.0.0</c>.</summary>
        public IReadOnlyList<string> Path { get; }

        public bool IsDirect => Path.Count == 2;

        /// <summary>The direct reference that brings the package in; where the diagnostic is reported.</summary>
        public string DirectPackageId { get; }

        public PolicySeverity Severity { get; }
        public string Message { get; }

        /// <summary>
        /// How strong the evidence behind a restriction (SCG0001/SCG0002) is: <see cref="SignalStrength.Weak"/> when only
        /// free text says so, which SARIF and the hand-over carry as a property. Null for the other rules.
        /// </summary>
        public SignalStrength? Evidence =>
            RuleId is Diagnostics.RuleIdentifiers.DirectPackage or Diagnostics.RuleIdentifiers.TransitivePackage && Verdict.RestrictingVendor is { } vendor
                ? vendor.StrongestSignal.Strength
                : null;

        /// <summary>Set when a waiver silences the finding; such findings are not reported.</summary>
        public WaiverPolicy? Waiver { get; internal set; }

        public string PathText => string.Join(" -> ", Path);

        public override string ToString() => $"{RuleId} {PackageId} {Version}: {Message}";
    }

    /// <summary>A diagnostic about a waiver: SCG0201 (expired) or SCG0202 (matches nothing).</summary>
    public sealed class WaiverFinding
    {
        public WaiverFinding(string ruleId, WaiverPolicy waiver, string message)
        {
            RuleId = ruleId;
            Waiver = waiver;
            Message = message;
        }

        public string RuleId { get; }
        public WaiverPolicy Waiver { get; }
        public string Message { get; }
        public PolicySeverity Severity => PolicySeverity.Warning;
    }

    public sealed class PackageCheckResult
    {
        public PackageCheckResult(IReadOnlyList<PackageVerdict> verdicts, IReadOnlyList<PackageFinding> findings, IReadOnlyList<PackageFinding> waived, IReadOnlyList<WaiverFinding> waiverFindings)
        {
            Verdicts = verdicts;
            Findings = findings;
            Waived = waived;
            WaiverFindings = waiverFindings;
        }

        /// <summary>One verdict per reachable package, ordered by id.</summary>
        public IReadOnlyList<PackageVerdict> Verdicts { get; }

        /// <summary>What to report, ordered by package id then rule id.</summary>
        public IReadOnlyList<PackageFinding> Findings { get; }

        /// <summary>Findings a waiver silenced.</summary>
        public IReadOnlyList<PackageFinding> Waived { get; }

        public IReadOnlyList<WaiverFinding> WaiverFindings { get; }

        /// <summary>For the log: free text that a signature overruled, on packages no finding is about.</summary>
        public IReadOnlyList<string> Notes { get; internal set; } = Array.Empty<string>();
    }
}
