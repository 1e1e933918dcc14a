using System;
using System.Collections.Generic;
using System.IO;
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

        /// <summary>
        /// True when the referenced project of this name reports what comes in through it itself (it runs the guard
        /// under the same policy), so a route through it is not this project's to report. Its packages still get a
        /// verdict here: this project compiles against them.
        /// </summary>
        public Func<string, bool> IsReportedByReferencedProject { get; set; } = _ => false;

        /// <summary>The publishers the lock file pinned, by package id; null when no lock file is in use (no SCG0005).</summary>
        public IReadOnlyDictionary<string, PublisherRecord>? PublisherLock { get; set; }

        /// <summary>The lock file, as messages name it.</summary>
        public string? PublisherLockFile { get; set; }

        /// <summary><c>SupplyChainGuardUpdateLock</c>: publisher changes are accepted, not reported.</summary>
        public bool AcceptPublisherChanges { get; set; }
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
            foreach (var package in routes.Keys.Select(graph.Find).OfType<PackageNode>().OrderBy(p => p.Id, StringComparer.OrdinalIgnoreCase).ThenBy(p => p.Key, StringComparer.OrdinalIgnoreCase))
            {
                var identity = request.Identities.TryGetValue(package.Key, out var known)
                    ? known
                    : new PackageIdentity { Id = package.Id, Version = package.Version, Problem = "no identity was read for it" };
                var verdict = Judge(matcher, package, identity);
                verdict.PublisherChange = PublisherChangeOf(request, identity);
                verdicts.Add(verdict);

                foreach (var rule in RulesFor(request.Policy, verdict))
                {
                    var ruleId = rule;
                    var severity = SeverityFor(request.Policy, ruleId, verdict);
                    if (severity == PolicySeverity.None)
                    {
                        continue;
                    }

                    // NoWarn silences warnings, never errors: a vendor the policy makes an error stays one.
                    var isSuppressed = severity == PolicySeverity.Error ? NeverSuppressed : request.IsSuppressedOnReference;
                    var route = ChooseRoute(routes[package.Key], ruleId, isSuppressed, request.IsReportedByReferencedProject);
                    if (route is null)
                    {
                        continue; // NoWarn on every reference that brings it in, or reported by the projects it comes through
                    }

                    // RulesFor says SCG0001 for a restricted package; the route decides whether it is SCG0002.
                    ruleId = RuleIdFor(ruleId, route);

                    var path = new[] { graph.ProjectName }.Concat(route.Select(key => Describe(graph, key))).ToArray();
                    findings.Add(new PackageFinding(ruleId, verdict, path, route[0], severity, Message(ruleId, verdict, path, request)));
                }
            }

            var (waived, waiverFindings) = ApplyWaivers(request, verdicts, findings);
            var reported = findings.Where(f => f.Waiver is null)
                .OrderBy(f => f.PackageId, StringComparer.OrdinalIgnoreCase)
                .ThenBy(f => f.RuleId, StringComparer.Ordinal)
                .ToArray();
            return new PackageCheckResult(verdicts, reported, waived, waiverFindings) { Notes = SetAsideNotes(verdicts, reported) };
        }

        private static readonly Func<string, string, bool> NeverSuppressed = (_, _) => false;

        /// <summary>Decides who published one package from its own evidence, and whether its id imitates a vendor's.</summary>
        public static PackageVerdict Judge(VendorMatcher matcher, PackageNode package, PackageIdentity identity)
        {
            var attributions = matcher.Match(identity.ToEvidence(package.Assemblies));
            var restricting = attributions.FirstOrDefault(a => a.IsRestricted && a.Signals.Count > 0);
            // Allowlist mode asks for a vendor the policy explicitly allows ("restricted": false), established
            // by more than free text; a vendor that is merely not restricted does not vouch for a package.
            var allowing = attributions.FirstOrDefault(a => a.Vendor.Restricted == false && a.Signals.Count > 0 && !a.IsWeak);
            return new PackageVerdict(package, identity, attributions, restricting, allowing)
            {
                Lookalike = LookalikeDetector.Detect(matcher.Policy, package.Id, attributions),
            };
        }

        /// <summary>Every rule one package's verdict breaks, in id order: a look-alike of one vendor can be restricted as
        /// another's, and a package can change hands whatever else is true of it.</summary>
        private static IEnumerable<string> RulesFor(SupplyChainPolicy policy, PackageVerdict verdict)
        {
            if (verdict.IsRestricted)
            {
                yield return RuleIdentifiers.DirectPackage; // or SCG0002, decided by the route
            }
            else if (verdict.Identity.Problem is null && policy.Mode == PolicyMode.Allowlist && verdict.AllowingVendor is null)
            {
                yield return RuleIdentifiers.PackageNotAllowed;
            }

            if (verdict.Lookalike is not null)
            {
                yield return RuleIdentifiers.LookalikePackage;
            }

            if (verdict.PublisherChange is not null)
            {
                yield return RuleIdentifiers.PublisherChanged;
            }

            if (!verdict.IsRestricted && verdict.Identity.Problem is not null)
            {
                yield return RuleIdentifiers.UnreadablePackage;
            }
        }

        /// <summary>
        /// The rule's severity for this verdict: the restricting vendor's for SCG0001/SCG0002 — capped by
        /// <c>weakSignals</c> when only free text restricts it —, at least a warning for a look-alike (a vendor's
        /// severity may raise it, never lower it), a warning otherwise.
        /// </summary>
        private static PolicySeverity SeverityFor(SupplyChainPolicy policy, string ruleId, PackageVerdict verdict)
        {
            switch (ruleId)
            {
                case RuleIdentifiers.DirectPackage:
                case RuleIdentifiers.TransitivePackage:
                    var restricting = verdict.RestrictingVendor!;
                    var severity = restricting.CapSeverity(restricting.Vendor.Severity ?? PolicySeverity.Warning); // unverified facts: a warning at most
                    return restricting.IsWeak ? WeakSignals.SeverityOf(severity, policy.WeakSignals) : severity;
                case RuleIdentifiers.LookalikePackage:
                    // A vendor's "error" raises it, unless the id it imitates is one the policy marks unverified.
                    var imitated = verdict.Lookalike!;
                    return imitated.Vendor.Severity == PolicySeverity.Error && !imitated.Lookalike.Pattern.IsUnverified && !policy.IsRestrictionUnverified(imitated.Vendor)
                        ? PolicySeverity.Error
                        : PolicySeverity.Warning;
                default:
                    return PolicySeverity.Warning;
            }
        }

        /// <summary>SCG0005's evidence: how the package's publisher differs from what the lock file pinned.</summary>
        private static PublisherChange? PublisherChangeOf(PackageCheckRequest request, PackageIdentity identity)
        {
            if (request.PublisherLock is null || request.AcceptPublisherChanges
                || !request.PublisherLock.TryGetValue(identity.Id, out var recorded)
                || PublisherRecord.From(identity) is not { } current)
            {
                return null;
            }

            return PublisherChange.Between(recorded, current);
        }

        /// <summary>Free text the signature overruled, said where no finding on the package says it already.</summary>
        private static IReadOnlyList<string> SetAsideNotes(IReadOnlyList<PackageVerdict> verdicts, IReadOnlyList<PackageFinding> reported)
        {
            var notes = new List<string>();
            foreach (var verdict in verdicts)
            {
                if (reported.Any(f => ReferenceEquals(f.Verdict, verdict)))
                {
                    continue;
                }

                foreach (var set in verdict.Attributions.Where(a => a.Signals.Count == 0 && a.Overruled.Count > 0))
                {
                    notes.Add($"SupplyChainGuard: '{verdict.Package.Id}' {verdict.Package.Version}: {FindingText.SetAside(set)}");
                }
            }

            return notes;
        }

        /// <summary>
        /// For every package reachable from a direct package reference or a referenced project: the shortest route
        /// from each such root that reaches it (breadth-first, dependencies in id order, so the result is stable).
        /// A route is a list of keys: packages (<see cref="PackageNode.Key"/>) and projects (<see cref="ProjectNode.Name"/>).
        /// A package of the graph that no root reaches is its own route: it is checked, never skipped.
        /// </summary>
        private static Dictionary<string, List<List<string>>> Routes(PackageGraph graph)
        {
            var routes = new Dictionary<string, List<List<string>>>(StringComparer.OrdinalIgnoreCase);
            var roots = graph.Direct.Select(d => d.Id).Where(id => graph.Find(id) is not null)
                .Concat(graph.DirectProjects.Where(name => graph.FindProject(name) is not null));
            foreach (var root in roots)
            {
                var parents = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase) { [root] = null };
                var queue = new Queue<string>();
                queue.Enqueue(root);
                while (queue.Count > 0)
                {
                    var at = queue.Dequeue();
                    var dependencies = graph.Find(at)?.Dependencies ?? graph.FindProject(at)?.Dependencies ?? Array.Empty<string>();
                    foreach (var dependency in dependencies.OrderBy(d => d, StringComparer.OrdinalIgnoreCase))
                    {
                        var key = graph.Find(dependency)?.Key ?? graph.FindProject(dependency)?.Name;
                        if (key is not null && !parents.ContainsKey(key))
                        {
                            parents[key] = at;
                            queue.Enqueue(key);
                        }
                    }
                }

                foreach (var reached in parents.Keys.Where(k => graph.Find(k) is not null))
                {
                    var route = new List<string>();
                    for (string? at = reached; at is not null; at = parents[at])
                    {
                        route.Insert(0, at);
                    }

                    Add(routes, reached, route);
                }
            }

            foreach (var unreached in graph.AllPackages.Where(p => !routes.ContainsKey(p.Key)))
            {
                Add(routes, unreached.Key, new List<string> { unreached.Key });
            }

            return routes;
        }

        private static void Add(Dictionary<string, List<List<string>>> routes, string key, List<string> route)
        {
            if (!routes.TryGetValue(key, out var list))
            {
                routes[key] = list = new List<List<string>>();
            }

            list.Add(route);
        }

        /// <summary>How a route element reads in a message: <c>Baidu.AI 4.15.10</c> or <c>Lib (project)</c>.</summary>
        private static string Describe(PackageGraph graph, string key) =>
            graph.Find(key)?.ToString() ?? graph.FindProject(key)?.ToString() ?? key;

        /// <summary>
        /// The direct reference itself when the package is one; else the shortest route that is neither suppressed
        /// nor reported by the referenced project it starts at.
        /// </summary>
        private static List<string>? ChooseRoute(List<List<string>> candidates, string ruleId, Func<string, string, bool> isSuppressed, Func<string, bool> isReportedByReferencedProject)
        {
            var ordered = candidates.Where(r => !isReportedByReferencedProject(r[0])).OrderBy(r => r.Count).ToList();
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

        private static string Message(string ruleId, PackageVerdict verdict, IReadOnlyList<string> path, PackageCheckRequest request)
        {
            var package = verdict.Package;
            var via = path.Count > 2 ? $" It comes in through '{path[1].Split(' ')[0]}': {string.Join(" -> ", path)}." : string.Empty;
            var setAside = string.Concat(verdict.Attributions.Where(a => a.Signals.Count == 0 && a.Overruled.Count > 0).Select(a => " " + FindingText.SetAside(a)));
            switch (ruleId)
            {
                case RuleIdentifiers.DirectPackage:
                case RuleIdentifiers.TransitivePackage:
                    var vendor = verdict.RestrictingVendor!;
                    var kind = ruleId == RuleIdentifiers.DirectPackage ? "Package" : "Transitive package";
                    var capped = vendor.IsWeak && vendor.Vendor.Severity == PolicySeverity.Error && request.Policy.WeakSignals != WeakSignalsMode.Ignore
                        ? $" Resting on free text only, it is a warning, not an error (\"weakSignals\": \"{request.Policy.WeakSignals.ToString().ToLowerInvariant()}\")." : string.Empty;
                    return $"{kind} '{package.Id}' {package.Version} is published by {FindingText.Vendor(vendor.Vendor)}, which the policy restricts: "
                        + FindingText.Evidence(vendor) + "." + capped + setAside + via + FindingText.ReasonAndAlternatives(vendor.Vendor)
                        + (vendor.IsUnverified ? " The policy marks what this finding rests on as unverified, so it is at most a warning." : string.Empty);
                case RuleIdentifiers.PackageNotAllowed:
                    var weak = verdict.Attributions.FirstOrDefault(a => a.Vendor.Restricted == false && a.Signals.Count > 0);
                    var hint = weak is null
                        ? "no vendor with \"restricted\": false matches it"
                        : $"only free text points to {FindingText.Vendor(weak.Vendor)} ({FindingText.Signals(weak.Signals)}), which cannot establish a publisher";
                    return $"Package '{package.Id}' {package.Version} cannot be established as published by an allowed vendor (the policy is in allowlist mode): {hint}." + setAside + via;
                case RuleIdentifiers.LookalikePackage:
                    var lookalike = verdict.Lookalike!;
                    var scripts = lookalike.Lookalike.MixesScripts ? $" The id mixes scripts: {string.Join(", ", lookalike.Lookalike.Scripts)}." : string.Empty;
                    return $"Package '{package.Id}' {package.Version} has an id that looks like '{lookalike.Lookalike.ImitatedId}' of {FindingText.Vendor(lookalike.Vendor)}, "
                        + $"but that vendor's owners or certificate do not sign it: {string.Join("; ", lookalike.Lookalike.Differences.Select(d => d.Describe()))}.{scripts} "
                        + SignedBy(verdict.Identity) + setAside + via;
                case RuleIdentifiers.PublisherChanged:
                    var change = verdict.PublisherChange!;
                    var recorded = change.Recorded.FromVersion is null ? string.Empty : $" (recorded from {change.Recorded.FromVersion})";
                    return $"The publisher of package '{package.Id}' {package.Version} differs from what '{Path.GetFileName(request.PublisherLockFile ?? PublisherLockFile.DefaultFileName)}' pinned{recorded}: "
                        + change.Describe() + ". A package sold to another company or an account taken over looks like this; if the change is expected, "
                        + "accept it with 'dotnet build -p:SupplyChainGuardUpdateLock=true' and review the lock file's diff." + via;
                default:
                    return $"Package '{package.Id}' {package.Version} could not be read, so its publisher is unknown and it was not checked: {verdict.Identity.Problem?.TrimEnd('.')}. The rest of the graph was checked." + via;
            }
        }

        /// <summary>Who did sign a package, for a reviewer to compare: <c>It is signed with owner 'mallory' in the repository signature.</c></summary>
        private static string SignedBy(PackageIdentity identity)
        {
            if (identity.Problem is not null)
            {
                return "Its signature could not be read.";
            }

            if (identity.Owners.Count > 0)
            {
                return $"It is signed with {(identity.Owners.Count == 1 ? "owner" : "owners")} {string.Join(", ", identity.Owners.Select(o => $"'{o}'"))} in the {identity.OwnersSource ?? "repository signature"}.";
            }

            return identity.CertificateSubject is { } subject ? $"It is author-signed by '{subject}'." : "It is not signed.";
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
            // A waiver accepts a restricted vendor's package; it never covers a look-alike or a change of hands.
            foreach (var finding in findings.Where(f => f.RuleId is RuleIdentifiers.DirectPackage or RuleIdentifiers.TransitivePackage))
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
