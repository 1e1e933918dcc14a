using System;
using System.Collections.Generic;
using System.Linq;
using SupplyChainGuard.Diagnostics;
using SupplyChainGuard.Policy;

namespace SupplyChainGuard.Packages
{
    public sealed class PackageCheckRequest
    {
        public PackageCheckRequest(PackageGraph graph, SupplyChainPolicy policy, IReadOnlyDictionary<string, PackageIdentity> identities)
        {
            Graph = graph;
            Policy = policy;
            Identities = identities;
        }

        public PackageGraph Graph { get; }
        public SupplyChainPolicy Policy { get; }

        /// <summary>Identity of every package in the graph, by id.</summary>
        public IReadOnlyDictionary<string, PackageIdentity> Identities { get; }

        /// <summary>The project file; waivers' <c>projects</c> globs are matched against it.</summary>
        public string ProjectPath { get; set; } = string.Empty;

        /// <summary>Today's date, for waiver expiry.</summary>
        public DateTime Today { get; set; } = DateTime.UtcNow.Date;

        /// <summary>
        /// True when the <c>PackageReference</c> of the given direct package carries <c>NoWarn</c> for the rule.
        /// As in NuGet, such a NoWarn covers what the reference brings in: a transitive finding is dropped when
        /// every direct reference that leads to it suppresses the rule.
        /// </summary>
        public Func<string, string, bool> IsSuppressedOnReference { get; set; } = (_, _) => false;
    }

    /// <summary>
    /// The verdict step: policy + identities + graph → findings. A package's verdict rests on its own
    /// evidence only, so a restriction never spreads to the restricted package's dependencies.
    /// </summary>
    public static class PackageChecker
    {
        public static PackageCheckResult Check(PackageCheckRequest request)
        {
            var graph = request.Graph;
            var matcher = new VendorMatcher(request.Policy);
            var routes = Routes(graph);

            var verdicts = new List<PackageVerdict>();
            var findings = new List<PackageFinding>();
            foreach (var package in routes.Keys.Select(graph.Find).OfType<PackageNode>().OrderBy(p => p.Id, StringComparer.OrdinalIgnoreCase))
            {
                var identity = request.Identities.TryGetValue(package.Id, out var known)
                    ? known
                    : new PackageIdentity { Id = package.Id, Version = package.Version, Problem = "no identity was read for it" };
                var verdict = Judge(matcher, package, identity);
                verdicts.Add(verdict);

                var ruleId = RuleFor(request.Policy, verdict);
                if (ruleId is null)
                {
                    continue;
                }

                var severity = ruleId is RuleIdentifiers.DirectPackage or RuleIdentifiers.TransitivePackage or RuleIdentifiers.PackageNotAllowed
                    ? verdict.RestrictingVendor?.Vendor.Severity ?? PolicySeverity.Warning
                    : PolicySeverity.Warning;
                if (verdict.RestrictingVendor is { } restricting)
                {
                    severity = restricting.CapSeverity(severity); // unverified facts: a warning at most
                }

                if (severity == PolicySeverity.None)
                {
                    continue;
                }

                // NoWarn silences warnings, never errors: a vendor the policy makes an error stays one.
                var isSuppressed = severity == PolicySeverity.Error ? NeverSuppressed : request.IsSuppressedOnReference;
                var route = ChooseRoute(routes[package.Id], ruleId, isSuppressed);
                if (route is null)
                {
                    continue; // NoWarn on every reference that brings it in
                }

                if (ruleId == RuleIdentifiers.DirectPackage && route.Count > 1)
                {
                    ruleId = RuleIdentifiers.TransitivePackage;
                }
                else if (ruleId == RuleIdentifiers.TransitivePackage && route.Count == 1)
                {
                    ruleId = RuleIdentifiers.DirectPackage;
                }

                var path = new[] { graph.ProjectName }.Concat(route.Select(id => graph.Find(id)!.ToString())).ToArray();
                findings.Add(new PackageFinding(ruleId, verdict, path, route[0], severity, Message(ruleId, verdict, path)));
            }

            var (waived, waiverFindings) = ApplyWaivers(request, verdicts, findings);
            var reported = findings.Where(f => f.Waiver is null)
                .OrderBy(f => f.PackageId, StringComparer.OrdinalIgnoreCase)
                .ThenBy(f => f.RuleId, StringComparer.Ordinal)
                .ToArray();
            return new PackageCheckResult(verdicts, reported, waived, waiverFindings);
        }

        private static readonly Func<string, string, bool> NeverSuppressed = (_, _) => false;

        /// <summary>Decides who published one package from its own evidence.</summary>
        public static PackageVerdict Judge(VendorMatcher matcher, PackageNode package, PackageIdentity identity)
        {
            var attributions = matcher.Match(identity.ToEvidence(package.Assemblies));
            var restricting = attributions.FirstOrDefault(a => a.IsRestricted && a.Signals.Count > 0);
            // Allowlist mode asks for a vendor the policy explicitly allows ("restricted": false), established
            // by more than free text; a vendor that is merely not restricted does not vouch for a package.
            var allowing = attributions.FirstOrDefault(a => a.Vendor.Restricted == false && a.Signals.Count > 0 && !a.IsWeak);
            return new PackageVerdict(package, identity, attributions, restricting, allowing);
        }

        private static string? RuleFor(SupplyChainPolicy policy, PackageVerdict verdict)
        {
            if (verdict.IsRestricted)
            {
                return RuleIdentifiers.DirectPackage; // or SCG0002, decided by the route
            }

            if (verdict.Identity.Problem is not null)
            {
                return RuleIdentifiers.UnreadablePackage;
            }

            return policy.Mode == PolicyMode.Allowlist && verdict.AllowingVendor is null ? RuleIdentifiers.PackageNotAllowed : null;
        }

        /// <summary>
        /// For every package reachable from a direct package reference: the shortest route from each direct
        /// reference that reaches it (breadth-first, dependencies in id order, so the result is stable).
        /// </summary>
        private static Dictionary<string, List<List<string>>> Routes(PackageGraph graph)
        {
            var routes = new Dictionary<string, List<List<string>>>(StringComparer.OrdinalIgnoreCase);
            foreach (var direct in graph.Direct)
            {
                if (graph.Find(direct.Id) is not { } root)
                {
                    continue;
                }

                var parents = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase) { [root.Id] = null };
                var queue = new Queue<PackageNode>();
                queue.Enqueue(root);
                while (queue.Count > 0)
                {
                    var node = queue.Dequeue();
                    foreach (var dependencyId in node.Dependencies.OrderBy(d => d, StringComparer.OrdinalIgnoreCase))
                    {
                        if (graph.Find(dependencyId) is { } dependency && !parents.ContainsKey(dependency.Id))
                        {
                            parents[dependency.Id] = node.Id;
                            queue.Enqueue(dependency);
                        }
                    }
                }

                foreach (var reached in parents.Keys)
                {
                    var route = new List<string>();
                    for (string? at = reached; at is not null; at = parents[at])
                    {
                        route.Insert(0, at);
                    }

                    if (!routes.TryGetValue(reached, out var list))
                    {
                        routes[reached] = list = new List<List<string>>();
                    }

                    list.Add(route);
                }
            }

            return routes;
        }

        /// <summary>The direct reference itself when the package is one; else the shortest unsuppressed route.</summary>
        private static List<string>? ChooseRoute(List<List<string>> candidates, string ruleId, Func<string, string, bool> isSuppressed)
        {
            var ordered = candidates.OrderBy(r => r.Count).ToList();
            var direct = ordered.FirstOrDefault(r => r.Count == 1);
            if (direct is not null)
            {
                return isSuppressed(direct[0], RuleIdFor(ruleId, direct)) ? null : direct;
            }

            return ordered.FirstOrDefault(r => !isSuppressed(r[0], RuleIdFor(ruleId, r)));
        }

        private static string RuleIdFor(string ruleId, List<string> route) =>
            ruleId == RuleIdentifiers.DirectPackage && route.Count > 1 ? RuleIdentifiers.TransitivePackage : ruleId;

        private static bool Covers(WaiverPolicy waiver, PackageVerdict verdict) =>
            verdict.RestrictingVendor?.Vendor is { } vendor
            && string.Equals(waiver.Vendor, vendor.Id, StringComparison.OrdinalIgnoreCase)
            && (waiver.Package is null || waiver.Package.IsMatch(verdict.Package.Id));

        private static string Message(string ruleId, PackageVerdict verdict, IReadOnlyList<string> path)
        {
            var package = verdict.Package;
            var via = path.Count > 2 ? $" It comes in through '{path[1].Split(' ')[0]}': {string.Join(" -> ", path)}." : string.Empty;
            switch (ruleId)
            {
                case RuleIdentifiers.DirectPackage:
                case RuleIdentifiers.TransitivePackage:
                    var vendor = verdict.RestrictingVendor!;
                    var kind = ruleId == RuleIdentifiers.DirectPackage ? "Package" : "Transitive package";
                    return $"{kind} '{package.Id}' {package.Version} is published by {FindingText.Vendor(vendor.Vendor)}, which the policy restricts: "
                        + FindingText.Signals(vendor.Signals) + "." + via + FindingText.ReasonAndAlternatives(vendor.Vendor)
                        + (vendor.IsUnverified ? " The policy marks what this finding rests on as unverified, so it is at most a warning." : string.Empty);
                case RuleIdentifiers.PackageNotAllowed:
                    var weak = verdict.Attributions.FirstOrDefault(a => a.Vendor.Restricted == false && a.Signals.Count > 0);
                    var hint = weak is null
                        ? "no vendor with \"restricted\": false matches it"
                        : $"only free text points to {FindingText.Vendor(weak.Vendor)} ({FindingText.Signals(weak.Signals)}), which cannot establish a publisher";
                    return $"Package '{package.Id}' {package.Version} cannot be established as published by an allowed vendor (the policy is in allowlist mode): {hint}." + via;
                default:
                    return $"Package '{package.Id}' {package.Version} could not be read, so its publisher is unknown and it was not checked: {verdict.Identity.Problem?.TrimEnd('.')}. The rest of the graph was checked." + via;
            }
        }

        private static (IReadOnlyList<PackageFinding> Waived, IReadOnlyList<WaiverFinding> WaiverFindings) ApplyWaivers(
            PackageCheckRequest request, IReadOnlyList<PackageVerdict> verdicts, List<PackageFinding> findings)
        {
            // Waivers that name namespaces or types are about SDK usages: the analyzer applies them, but their
            // expiry is reported here, once per build, like every other waiver's.
            var scoped = request.Policy.Waivers.Where(w => w.IsScopedTo(request.ProjectPath)).ToList();
            var waivers = scoped.Where(w => !w.IsForSymbolsOnly).ToList();

            // A waiver is in use when it covers a restricted package of the graph, even one that NoWarn or a
            // "none" severity keeps quiet: removing the waiver would not change what the build says, but the
            // waiver still documents an accepted exception.
            var matched = new HashSet<WaiverPolicy>(waivers.Where(w => verdicts.Any(v => Covers(w, v))));
            var waived = new List<PackageFinding>();
            foreach (var finding in findings)
            {
                var waiver = waivers.FirstOrDefault(w => !w.IsExpired(request.Today) && Covers(w, finding.Verdict));
                if (waiver is not null)
                {
                    finding.Waiver = waiver;
                    waived.Add(finding);
                }
            }

            var waiverFindings = new List<WaiverFinding>();
            foreach (var waiver in scoped)
            {
                if (waiver.IsExpired(request.Today))
                {
                    waiverFindings.Add(new WaiverFinding(RuleIdentifiers.WaiverExpired, waiver, FindingText.WaiverExpired(waiver)));
                }
                else if (!waiver.IsForSymbolsOnly && !matched.Contains(waiver))
                {
                    waiverFindings.Add(new WaiverFinding(RuleIdentifiers.WaiverUnused, waiver,
                        $"{FindingText.WaiverSubject(waiver)} matches nothing in project '{request.Graph.ProjectName}'. Remove it, or limit it to the projects that need it with 'projects'."));
                }
            }

            return (waived, waiverFindings);
        }
    }
}
