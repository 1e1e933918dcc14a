using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SupplyChainGuard.Diagnostics;
using SupplyChainGuard.Policy;

namespace SupplyChainGuard.Packages
{
    /// <summary>What one project's package check needs: the same inputs whether the build task or the CLI asks.</summary>
    public sealed class ProjectCheckRequest
    {
        public ProjectCheckRequest(string projectPath)
        {
            ProjectPath = projectPath;
        }

        /// <summary>The project file; waivers' <c>projects</c> globs and project-level diagnostics use it.</summary>
        public string ProjectPath { get; }

        /// <summary><c>project.assets.json</c>; null or empty for a project restore does not manage.</summary>
        public string? AssetsFile { get; set; }

        /// <summary>
        /// <see cref="AssetsFile"/> as NuGet.ProjectModel read it, when the host has read it already (the CLI reads
        /// it to learn a project's target frameworks, then checks each): the file is not parsed again.
        /// </summary>
        public NuGet.ProjectModel.LockFile? Assets { get; set; }

        /// <summary>The target framework alias to check; empty picks the only one.</summary>
        public string? TargetFramework { get; set; }

        /// <summary>The policy in force; null or empty when none was found (then nothing is checked).</summary>
        public string? PolicyFile { get; set; }

        /// <summary>Reads policy files; the disk unless a test or host says otherwise.</summary>
        public IPolicyFileReader PolicyReader { get; set; } = PhysicalPolicyFileReader.Instance;

        public IReadOnlyList<ReferenceDeclaration> PackageReferences { get; set; } = Array.Empty<ReferenceDeclaration>();

        public IReadOnlyList<ReferenceDeclaration> PackageVersions { get; set; } = Array.Empty<ReferenceDeclaration>();

        /// <summary><c>GlobalPackageReference</c> items (central package management), for their line in Directory.Packages.props.</summary>
        public IReadOnlyList<ReferenceDeclaration> GlobalPackageReferences { get; set; } = Array.Empty<ReferenceDeclaration>();

        /// <summary><c>PackageDownload</c> items, for their line; the packages themselves come from the assets file.</summary>
        public IReadOnlyList<ReferenceDeclaration> PackageDownloads { get; set; } = Array.Empty<ReferenceDeclaration>();

        /// <summary><c>ProjectReference</c> items (ids as written), for the line that brings a project's packages in.</summary>
        public IReadOnlyList<ReferenceDeclaration> ProjectReferences { get; set; } = Array.Empty<ReferenceDeclaration>();

        /// <summary>
        /// The referenced projects that run the guard themselves, with the policy each one applies. A package that
        /// comes in through one of them under the same policy is reported there, not here.
        /// </summary>
        public IReadOnlyList<GuardedProject> GuardedProjects { get; set; } = Array.Empty<GuardedProject>();

        public bool CentralPackageManagement { get; set; }

        public string? NoWarn { get; set; }

        public string? WarningsAsErrors { get; set; }

        public string? WarningsNotAsErrors { get; set; }

        public bool TreatWarningsAsErrors { get; set; }

        /// <summary><c>SupplyChainGuardFailClosed</c>: "could not check" (SCG0902, SCG0999) is an error.</summary>
        public bool FailClosed { get; set; }

        /// <summary>The identity cache file; null or empty keeps identities in memory only.</summary>
        public string? CacheFile { get; set; }

        /// <summary>
        /// A cache the host shares across the projects it checks (the CLI checks a whole repository in one
        /// process, in parallel). When set, <see cref="CacheFile"/> is neither read nor written: the host loads
        /// and saves the shared cache once.
        /// </summary>
        public IdentityCache? SharedIdentityCache { get; set; }

        /// <summary>Where to write what the analyzer needs to know about packages; null or empty writes nothing.</summary>
        public string? HandoverFile { get; set; }

        /// <summary><c>SupplyChainGuardLockFile</c> as written: a path (relative to the project), <c>true</c> for
        /// <c>supplychainguard.lock.json</c> beside the policy, empty for none. Enables SCG0005.</summary>
        public string? LockFile { get; set; }

        /// <summary><c>SupplyChainGuardUpdateLock</c>: accept the current publishers into the lock file.</summary>
        public bool UpdateLock { get; set; }

        /// <summary>
        /// The lock file is compared against and never written: packages it does not know yet are not recorded
        /// (they are listed in <see cref="ProjectCheckResult.UnpinnedPackages"/>). For <c>scg</c>, a check that must not
        /// change the repository; the build records them.
        /// </summary>
        public bool LockFileReadOnly { get; set; }

        /// <summary>
        /// <c>SupplyChainGuardOnline</c> / <c>scg --online</c>: for packages whose signature names no owners, ask the feed
        /// each came from for its owners (<see cref="Packages.FeedOwnerLookup"/>). Off by default: the offline check is complete.
        /// </summary>
        public bool Online { get; set; }

        /// <summary>With <see cref="Online"/>: a lookup shared by a host that checks many projects; null makes one per check.</summary>
        public FeedOwnerLookup? FeedOwnerLookup { get; set; }

        /// <summary>With <see cref="Online"/>: the nuget.config restore was given (<c>RestoreConfigFile</c>); null reads the
        /// nuget.config files NuGet finds from the project's folder up, then the user's and the machine's.</summary>
        public string? NuGetConfigFile { get; set; }

        /// <summary>Today's date (UTC) for waiver expiry; injected so that no result depends on when a test runs.</summary>
        public Func<DateTime> Today { get; set; } = () => DateTime.UtcNow.Date;
    }

    /// <summary>A referenced project that runs the package check itself, and the policy file in force there.</summary>
    public sealed class GuardedProject
    {
        public GuardedProject(string projectPath, string policyFile)
        {
            ProjectPath = projectPath;
            PolicyFile = policyFile;
        }

        public string ProjectPath { get; }

        public string PolicyFile { get; }
    }

    /// <summary>Everything one check found out, for the host to report and for the CLI to explain.</summary>
    public sealed class ProjectCheckResult
    {
        internal ProjectCheckResult()
        {
        }

        /// <summary>What to report, in the order to report it.</summary>
        public List<CheckDiagnostic> Diagnostics { get; } = new List<CheckDiagnostic>();

        public List<CheckMessage> Messages { get; } = new List<CheckMessage>();

        /// <summary>The merged policy, when it could be read.</summary>
        public SupplyChainPolicy? Policy { get; internal set; }

        /// <summary>Every policy file on disk the policy was read from (the root, then extended files).</summary>
        public IReadOnlyList<string> PolicyFiles { get; internal set; } = Array.Empty<string>();

        public PackageGraph? Graph { get; internal set; }

        public IReadOnlyDictionary<string, PackageIdentity>? Identities { get; internal set; }

        /// <summary>The verdicts and findings, when the graph was checked.</summary>
        public PackageCheckResult? Check { get; internal set; }

        /// <summary>What was handed to the analyzer (also when no hand-over file was asked for).</summary>
        public PackageHandover? Handover { get; internal set; }

        /// <summary>What the feeds said, when <see cref="ProjectCheckRequest.Online"/> asked any.</summary>
        public FeedLookupResult? FeedLookup { get; internal set; }

        /// <summary>With <see cref="ProjectCheckRequest.LockFileReadOnly"/>: the packages the lock file has no entry for, so
        /// their publisher was compared with nothing (a build would have recorded them), by id.</summary>
        public IReadOnlyList<string> UnpinnedPackages { get; internal set; } = Array.Empty<string>();

        /// <summary>How many packages were read from disk rather than the identity cache.</summary>
        public int PackagesRead { get; internal set; }

        /// <summary>True when a valid policy was applied to a readable graph (and, online, every feed answered): the result may be replayed.</summary>
        public bool Completed { get; internal set; }
    }

    /// <summary>
    /// One project's package check, for one target framework: policy → identity → verdict → diagnostic. The
    /// build task and the CLI both call this, so they report the same findings with the same text at the same
    /// lines. Never throws: a broken policy is SCG0901, an unreadable graph or package SCG0902, and our own
    /// defect SCG0999 — each one said, none a quiet skip.
    /// </summary>
    public static class ProjectCheck
    {
        public static ProjectCheckResult Run(ProjectCheckRequest request)
        {
            var result = new ProjectCheckResult();
            var levels = new Levels(request);
            try
            {
                Check(request, levels, result);
            }
            catch (Exception e)
            {
                result.Completed = false;
                result.Diagnostics.Add(levels.Diagnostic(RuleIdentifiers.InternalError, PolicySeverity.Warning, new SourceLocation(request.ProjectPath, 0, 0),
                    "SupplyChainGuard could not check this project's packages because of an internal error; please report it. " + e.GetType().Name + ": " + e.Message));
            }

            try
            {
                HandOver(request, result);
            }
            catch (Exception e)
            {
                // Without a current hand-over the editor would show the last one's findings: say so.
                result.Completed = false;
                result.Diagnostics.Add(levels.Diagnostic(RuleIdentifiers.InternalError, PolicySeverity.Warning, new SourceLocation(request.ProjectPath, 0, 0),
                    "SupplyChainGuard could not hand its findings to the compiler because of an internal error; please report it. " + e.GetType().Name + ": " + e.Message));
            }

            return result;
        }

        private static void Check(ProjectCheckRequest request, Levels levels, ProjectCheckResult result)
        {
            if (string.IsNullOrWhiteSpace(request.PolicyFile))
            {
                result.Messages.Add(new CheckMessage(true, $"SupplyChainGuard: no supplychainguard.json above '{request.ProjectPath}'; nothing to check."));
                return;
            }

            var load = new PolicyLoader(request.PolicyReader) { Today = request.Today() }.Load(request.PolicyFile!);
            if (load.Policy is null)
            {
                foreach (var problem in load.Diagnostics)
                {
                    // Always an error: a policy that cannot be read must never quietly turn the guard off.
                    result.Diagnostics.Add(levels.Diagnostic(RuleIdentifiers.InvalidPolicy, PolicySeverity.Error, problem.Location, "The policy is invalid: " + FindingText.PolicyProblem(problem)));
                }

                return;
            }

            var policy = load.Policy;
            result.Policy = policy;

            // Notes about the policy itself (a preset not reviewed for a year): said once, at info level.
            foreach (var note in load.Notes)
            {
                result.Diagnostics.Add(levels.Diagnostic(note.RuleId, PolicySeverity.Info, note.Location, note.Message));
            }

            result.PolicyFiles = policy.SourceFiles.Where(f => !f.StartsWith("preset:", StringComparison.Ordinal)).ToArray();
            var handover = new PackageHandover();
            handover.PolicyFiles.AddRange(policy.SourceFiles);
            result.Handover = handover;

            if (string.IsNullOrWhiteSpace(request.AssetsFile))
            {
                result.Messages.Add(new CheckMessage(true, $"SupplyChainGuard: '{request.ProjectPath}' has no assets file (restore does not manage its packages); nothing to check."));
                return;
            }

            PackageGraph graph;
            try
            {
                if (request.Assets is { } assets)
                {
                    graph = ProjectAssetsReader.FromLockFile(assets, request.TargetFramework);
                }
                else
                {
                    if (!File.Exists(request.AssetsFile))
                    {
                        throw new ProjectAssetsException($"the assets file '{request.AssetsFile}' does not exist; run restore");
                    }

                    graph = ProjectAssetsReader.Read(request.AssetsFile!, request.TargetFramework);
                }
            }
            catch (ProjectAssetsException e)
            {
                result.Diagnostics.Add(levels.Diagnostic(RuleIdentifiers.UnreadablePackage, PolicySeverity.Warning, new SourceLocation(request.ProjectPath, 0, 0),
                    "The package graph could not be read, so no package was checked: " + e.Message + "."));
                return;
            }

            result.Graph = graph;
            var cache = request.SharedIdentityCache ?? IdentityCache.Load(request.CacheFile);
            var identities = cache.Resolve(graph.AllPackages, graph.PackageFolders, out var read);
            result.Identities = identities;
            result.PackagesRead = read;
            if (request.Online)
            {
                identities = FeedOwnerEvidence.Apply(request, policy, identities, result, message => result.Diagnostics.Add(
                    levels.Diagnostic(RuleIdentifiers.FeedUnavailable, PolicySeverity.Warning, new SourceLocation(request.ProjectPath, 0, 0), message)));
                result.Identities = identities;
            }

            var locator = new ReferenceLocator(request.ProjectPath, request.CentralPackageManagement, request.PackageReferences, request.PackageVersions,
                request.ProjectReferences, request.GlobalPackageReferences, request.PackageDownloads);
            using var publisherLock = OpenPublisherLock(request, levels, result);
            var check = PackageChecker.Check(new PackageCheckRequest(graph, policy, identities)
            {
                ProjectPath = request.ProjectPath,
                Today = request.Today(),
                IsSuppressedOnReference = (root, code) =>
                    Declaration(graph, locator, root) is { } item && WarningLevels.Codes(item.NoWarn).Contains(code),
                IsReportedByReferencedProject = name =>
                    graph.FindProject(name)?.FullPath is { } path
                    && request.GuardedProjects.Any(g => SamePath(g.ProjectPath, path) && SamePath(g.PolicyFile, request.PolicyFile)),
                PublisherLock = publisherLock?.Records,
                PublisherLockFile = publisherLock?.Path,
                AcceptPublisherChanges = request.UpdateLock,
            });
            result.Check = check;
            SavePublisherLock(publisherLock, check, request, levels, result);

            foreach (var verdict in check.Verdicts.Where(v => v.IsRestricted && v.Package.Assemblies.Count > 0))
            {
                var weak = verdict.RestrictingVendor!.IsWeak;
                if (weak && policy.WeakSignals == WeakSignalsMode.Ignore)
                {
                    continue; // "weakSignals": "ignore" covers the SDK usages of such a package too
                }

                handover.Packages.Add(new PackageHandover.RestrictedPackage
                {
                    Id = verdict.Package.Id,
                    Version = verdict.Package.Version,
                    Vendor = verdict.RestrictingVendor!.Vendor.Id,
                    Assemblies = verdict.Package.Assemblies.ToList(),
                    Signals = verdict.RestrictingVendor.Signals.Select(s => s.Describe()).ToList(),
                    Unverified = verdict.RestrictingVendor.IsUnverified,
                    Weak = weak,
                });
            }

            foreach (var finding in check.Findings)
            {
                result.Diagnostics.Add(levels.Diagnostic(finding.RuleId, finding.Severity, Locate(graph, locator, finding.DirectPackageId), finding.Message));
            }

            foreach (var finding in check.WaiverFindings)
            {
                result.Diagnostics.Add(levels.Diagnostic(finding.RuleId, finding.Severity, finding.Waiver.Location, finding.Message));
            }

            result.Messages.AddRange(check.Notes.Select(note => new CheckMessage(false, note)));
            foreach (var waived in check.Waived)
            {
                result.Messages.Add(new CheckMessage(false, $"SupplyChainGuard: {waived.RuleId} for '{waived.PackageId}' is waived until {waived.Waiver!.Expires:yyyy-MM-dd} ({CheckDiagnostic.SingleLine(waived.Waiver.Reason)})."));
            }

            result.Messages.Add(new CheckMessage(false,
                $"SupplyChainGuard: checked {check.Verdicts.Count} packages of '{graph.ProjectName}' ({graph.TargetFramework}) against '{request.PolicyFile}'; {read} read, {check.Verdicts.Count - read} from the cache."));

            try
            {
                if (request.SharedIdentityCache is null)
                {
                    cache.Save(request.CacheFile);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A lost cache costs the next run its speed, not its result.
                result.Messages.Add(new CheckMessage(true, $"SupplyChainGuard: the identity cache '{request.CacheFile}' could not be written: {e.Message}"));
            }

            // A feed that could not be asked leaves the check done on offline evidence only: not a result to replay.
            result.Completed = result.FeedLookup is not { Failures.Count: > 0 };
        }

        /// <summary>The lock file session when <c>SupplyChainGuardLockFile</c> asks for one; a file that can't be read is
        /// SCG0005 at its line, compared against nothing and never overwritten.</summary>
        private static PublisherLockSession? OpenPublisherLock(ProjectCheckRequest request, Levels levels, ProjectCheckResult result)
        {
            var path = PublisherLockFile.Resolve(request.LockFile, request.PolicyFile, request.ProjectPath);
            if (path is null)
            {
                if (request.UpdateLock)
                {
                    result.Messages.Add(new CheckMessage(false, "SupplyChainGuard: SupplyChainGuardUpdateLock is set, but SupplyChainGuardLockFile is not, so there is no lock file to update."));
                }

                return null;
            }

            var session = PublisherLockSession.Open(path);
            if (session.Problem is { } problem)
            {
                AddLockProblem(problem, "so no publisher was compared with it and it was not rewritten; fix it, or delete it and build again", request, levels, result);
            }

            return session;
        }

        private static void SavePublisherLock(PublisherLockSession? session, PackageCheckResult check, ProjectCheckRequest request, Levels levels, ProjectCheckResult result)
        {
            if (session is null)
            {
                return;
            }

            if (request.LockFileReadOnly)
            {
                var records = session.Records;
                result.UnpinnedPackages = records is null
                    ? Array.Empty<string>()
                    : check.Verdicts.Select(v => PublisherRecord.From(v.Identity)).OfType<PublisherRecord>()
                        .Where(r => !records.ContainsKey(r.Id)).Select(r => r.Id).Distinct(StringComparer.OrdinalIgnoreCase)
                        .OrderBy(id => id, StringComparer.OrdinalIgnoreCase).ToArray();
                return;
            }

            var (messages, problem) = session.Save(check.Verdicts.Select(v => v.Identity), request.UpdateLock);
            result.Messages.AddRange(messages.Select(m => new CheckMessage(false, m)));
            if (problem is not null)
            {
                AddLockProblem(problem, "so those publishers are not pinned yet", request, levels, result);
            }
        }

        private static void AddLockProblem(PublisherLockProblem problem, string consequence, ProjectCheckRequest request, Levels levels, ProjectCheckResult result) =>
            result.Diagnostics.Add(levels.Diagnostic(RuleIdentifiers.PublisherChanged, request.FailClosed ? PolicySeverity.Error : PolicySeverity.Warning, problem.Location,
                $"The publisher lock file '{problem.Location.FilePath}' could not be used: {problem.Message}, {consequence}."));

        /// <summary>
        /// Completes the hand-over with every diagnostic reported (the editor shows them after a design-time build)
        /// and writes it, whichever way the check ended: a hand-over left from an earlier run would show findings
        /// that no longer hold.
        /// </summary>
        private static void HandOver(ProjectCheckRequest request, ProjectCheckResult result)
        {
            var handover = result.Handover ??= new PackageHandover();
            handover.Project = request.ProjectPath;
            var findings = (result.Check?.Findings ?? Enumerable.Empty<PackageFinding>())
                .GroupBy(f => (f.RuleId, CheckDiagnostic.SingleLine(f.Message)))
                .ToDictionary(g => g.Key, g => g.First());
            foreach (var diagnostic in result.Diagnostics.Where(d => d.Level != ReportLevel.Suppressed))
            {
                findings.TryGetValue((diagnostic.Code, diagnostic.Message), out var finding);
                handover.Findings.Add(new PackageHandover.Finding
                {
                    RuleId = diagnostic.Code,
                    Level = diagnostic.Level switch
                    {
                        ReportLevel.Error => PackageHandover.FindingLevel.Error,
                        ReportLevel.Warning => PackageHandover.FindingLevel.Warning,
                        _ => PackageHandover.FindingLevel.Info,
                    },
                    File = diagnostic.File,
                    Line = diagnostic.Line,
                    Column = diagnostic.Line > 0 ? diagnostic.Column : 0,
                    Message = diagnostic.Message,
                    Package = finding?.PackageId ?? string.Empty,
                    Vendor = finding?.Verdict.RestrictingVendor?.Vendor.Id ?? string.Empty,
                });
            }

            WriteHandover(request.HandoverFile, handover, result);
        }

        /// <summary>The item that declares a route's first step: a package reference, or a project reference.</summary>
        private static ReferenceDeclaration? Declaration(PackageGraph graph, ReferenceLocator locator, string root) =>
            graph.FindProject(root) is { } project
                ? (project.FullPath is null ? null : locator.FindProjectReference(project.FullPath))
                : locator.FindReference(graph.Find(root)?.Id ?? root);

        /// <summary>Where a finding is reported: the line of its route's first step.</summary>
        private static SourceLocation Locate(PackageGraph graph, ReferenceLocator locator, string root) =>
            graph.FindProject(root) is { } project ? locator.LocateProject(project.FullPath) : locator.Locate(graph.Find(root)?.Id ?? root);

        private static bool SamePath(string? a, string? b)
        {
            if (string.IsNullOrEmpty(a) || string.IsNullOrEmpty(b))
            {
                return false;
            }

            try
            {
                return string.Equals(Path.GetFullPath(a), Path.GetFullPath(b), StringComparison.OrdinalIgnoreCase);
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
            {
                return false;
            }
        }

        /// <summary>Rewrites the hand-over file only when its content changes, so a no-op build does not make the
        /// compiler run again.</summary>
        private static void WriteHandover(string? path, PackageHandover handover, ProjectCheckResult result)
        {
            if (string.IsNullOrWhiteSpace(path))
            {
                return;
            }

            try
            {
                var json = handover.ToJson();
                if (File.Exists(path) && File.ReadAllText(path!) == json)
                {
                    return;
                }

                AtomicFile.WriteAllText(path!, json);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                result.Messages.Add(new CheckMessage(true, $"SupplyChainGuard: '{path}' could not be written: {e.Message}"));
            }
        }

        /// <summary>The project's warning settings, plus fail-closed mode, applied to one diagnostic.</summary>
        private sealed class Levels
        {
            private readonly WarningLevels _warnings;
            private readonly bool _failClosed;

            public Levels(ProjectCheckRequest request)
            {
                _warnings = new WarningLevels(request.NoWarn, request.WarningsAsErrors, request.WarningsNotAsErrors, request.TreatWarningsAsErrors);
                _failClosed = request.FailClosed;
            }

            public CheckDiagnostic Diagnostic(string code, PolicySeverity severity, SourceLocation location, string message)
            {
                // In fail-closed mode "could not check" stops the build, whatever NoWarn says.
                if (_failClosed && (code == RuleIdentifiers.UnreadablePackage || code == RuleIdentifiers.InternalError || code == RuleIdentifiers.FeedUnavailable))
                {
                    severity = PolicySeverity.Error;
                }

                return new CheckDiagnostic(_warnings.LevelOf(code, severity), code, location.FilePath, location.Line, location.Column, message);
            }
        }
    }
}
