using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using NuGet.Common;
using NuGet.ProjectModel;
using SupplyChainGuard.Cli.Projects;
using SupplyChainGuard.Diagnostics;
using SupplyChainGuard.Packages;

namespace SupplyChainGuard.Cli.Checking
{
    /// <summary>How to run the check over a repository.</summary>
    public sealed class CheckOptions
    {
        /// <summary>Global properties for the project read (<c>-p:Name=Value</c>), as <c>dotnet build</c> takes them.</summary>
        public Dictionary<string, string> Properties { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        /// <summary>The shared identity cache; null keeps identities for this run only.</summary>
        public string? CacheFile { get; set; }

        public int MaxParallelism { get; set; } = Environment.ProcessorCount;

        /// <summary>Today (UTC) for waiver expiry.</summary>
        public Func<DateTime> Today { get; set; } = () => DateTime.UtcNow.Date;

        /// <summary>Where to write each project's hand-over for the analyzer (<c>--include-code</c>); null writes none.</summary>
        public Func<ProjectReport, string, string?>? HandoverFile { get; set; }

        /// <summary><c>--online</c>: every project asks the feeds for the owners its packages' signatures lack. A project
        /// that sets <c>SupplyChainGuardOnline</c> to <c>true</c> asks them without it, as its build does.</summary>
        public bool Online { get; set; }

        /// <summary>How the feeds are asked; one lookup serves every project of the run, so each (feed, id) is asked once.</summary>
        public FeedOwnerLookupOptions FeedLookup { get; set; } = new FeedOwnerLookupOptions();
    }

    /// <summary>
    /// The CLI's host of the package check: for every project and target framework, works out what MSBuild would
    /// hand the build task (assets file, references and the file that declares each, warning properties, policy
    /// file) and runs the same engine, <see cref="ProjectCheck"/>. Projects are checked in parallel, and share
    /// one identity cache, so a package used by 200 projects is read once.
    /// </summary>
    internal sealed class RepositoryChecker
    {
        /// <summary>The package whose targets run the check in a build (and answer <c>SupplyChainGuardGetGuardState</c>).</summary>
        private const string GuardPackageId = "SupplyChainGuard";

        private readonly CheckOptions _options;
        private readonly StaticProjectEvaluator _evaluator;
        private readonly ConcurrentDictionary<string, string?> _guardStates = new ConcurrentDictionary<string, string?>(PathText.Comparer);
        private readonly Lazy<FeedOwnerLookup> _feedLookup;
        private HashSet<string> _checkedInThisRun = new HashSet<string>(PathText.Comparer);

        public RepositoryChecker(CheckOptions options, IReadOnlyDictionary<string, string> environment)
        {
            _options = options;
            _evaluator = new StaticProjectEvaluator(environment);
            _feedLookup = new Lazy<FeedOwnerLookup>(() => new FeedOwnerLookup(_options.FeedLookup), LazyThreadSafetyMode.ExecutionAndPublication);
        }

        public RepositoryReport Check(RepositoryInput input, Action<int, int, string>? progress = null)
        {
            var cache = IdentityCache.Load(_options.CacheFile);
            var reports = new ProjectReport[input.Projects.Count];
            var done = 0;
            _checkedInThisRun = new HashSet<string>(input.Projects.Select(p => Path.GetFullPath(p)), PathText.Comparer);
            try
            {
                Parallel.For(0, input.Projects.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.MaxParallelism) }, i =>
                {
                    reports[i] = CheckProject(input.Projects[i], cache);
                    progress?.Invoke(Interlocked.Increment(ref done), input.Projects.Count, input.Relative(input.Projects[i]));
                });
            }
            finally
            {
                if (_feedLookup.IsValueCreated)
                {
                    _feedLookup.Value.Dispose();
                }
            }

            try
            {
                cache.Save(_options.CacheFile);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A lost cache costs the next run its speed, not its result.
            }

            return new RepositoryReport(input, reports) { IdentityCache = cache };
        }

        internal ProjectReport CheckProject(string projectPath, IdentityCache cache)
        {
            var report = new ProjectReport(projectPath);
            try
            {
                Check(report, cache);
            }
            catch (ProjectReadException e)
            {
                report.Status = ProjectStatus.Unreadable;
                report.StatusDetail = e.Message;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Our own defect: said, never a quiet pass.
                report.Status = ProjectStatus.Incomplete;
                report.Diagnostics.Add(new ReportedDiagnostic(new CheckDiagnostic(ReportLevel.Warning, RuleIdentifiers.InternalError, projectPath, 0, 0,
                    "SupplyChainGuard could not check this project's packages because of an internal error; please report it. " + e.GetType().Name + ": " + e.Message)));
            }

            return report;
        }

        private void Check(ProjectReport report, IdentityCache cache)
        {
            var projectPath = report.ProjectPath;
            var outer = _evaluator.Evaluate(projectPath, _options.Properties);
            report.Evaluation = outer;
            report.Notes.AddRange(outer.Limits);
            var assetsFile = AssetsFileOf(outer);
            report.AssetsFile = assetsFile;
            var lockFile = File.Exists(assetsFile) ? ReadLockFile(assetsFile) : null;
            report.LockFile = lockFile;
            if (string.Equals(outer.Property("SupplyChainGuardEnabled")?.Trim(), "false", StringComparison.OrdinalIgnoreCase))
            {
                report.Status = ProjectStatus.Disabled;
                report.StatusDetail = "the project sets SupplyChainGuardEnabled to false";
                return;
            }

            if (!File.Exists(assetsFile))
            {
                report.Status = ProjectStatus.NotRestored;
                report.StatusDetail = $"it has no assets file ({assetsFile}); run 'dotnet restore' or pass --restore";
                return;
            }

            var restoredPath = lockFile?.PackageSpec?.RestoreMetadata?.ProjectPath;
            if (lockFile?.PackageSpec is null)
            {
                // The engine reports an unreadable assets file as SCG0902; let it, for one framework.
                RunFrameworks(report, cache, assetsFile, new[] { string.Empty }, centralPackageManagement: false, crossTargeting: false);
                return;
            }

            if (restoredPath is not null && !PathText.Comparer.Equals(Path.GetFullPath(restoredPath), projectPath))
            {
                report.LockFile = null;
                report.Status = ProjectStatus.NotRestored;
                report.StatusDetail = $"its assets file ({assetsFile}) belongs to another project ({restoredPath}); run 'dotnet restore' for this one";
                return;
            }

            var assetsTime = File.GetLastWriteTimeUtc(assetsFile);
            foreach (var file in outer.Files.Where(f => File.Exists(f) && File.GetLastWriteTimeUtc(f) > assetsTime))
            {
                report.Notes.Add($"'{file}' changed after the last restore; run 'dotnet restore' (or pass --restore) so the check sees its current references");
            }

            var frameworks = lockFile.PackageSpec.TargetFrameworks.Select(f => f.TargetAlias).Where(a => !string.IsNullOrEmpty(a)).ToList();
            var metadata = lockFile.PackageSpec.RestoreMetadata;
            RunFrameworks(report, cache, assetsFile, frameworks, metadata?.CentralPackageVersionsEnabled ?? false, metadata?.CrossTargeting ?? frameworks.Count > 1);
        }

        private void RunFrameworks(ProjectReport report, IdentityCache cache, string assetsFile, IReadOnlyList<string> frameworks, bool centralPackageManagement, bool crossTargeting)
        {
            foreach (var framework in frameworks)
            {
                // The build task runs in each inner build, where TargetFramework is a global property.
                var evaluation = report.Evaluation!;
                if (crossTargeting && framework.Length > 0)
                {
                    var properties = new Dictionary<string, string>(_options.Properties, StringComparer.OrdinalIgnoreCase) { ["TargetFramework"] = framework };
                    evaluation = _evaluator.Evaluate(report.ProjectPath, properties);
                    report.Notes.AddRange(evaluation.Limits.Where(l => !report.Notes.Contains(l)));
                }

                var policyFile = PolicyFileOf(evaluation);
                report.PolicyFile ??= policyFile;
                if (policyFile is null)
                {
                    report.Status = ProjectStatus.NoPolicy;
                    report.StatusDetail = "there is no supplychainguard.json above it and it sets no SupplyChainGuardPolicyFile";
                    return;
                }

                // What the package's targets hand the task (src/SupplyChainGuard.Build/build/SupplyChainGuard.targets),
                // input by input; docs/cli.md lists them, and the few that do not apply here.
                var online = _options.Online || evaluation.IsTrue("SupplyChainGuardOnline");
                var request = new ProjectCheckRequest(report.ProjectPath)
                {
                    AssetsFile = assetsFile,
                    Assets = report.LockFile,
                    TargetFramework = framework,
                    PolicyFile = policyFile,
                    PackageReferences = Declarations(evaluation, "PackageReference"),
                    PackageVersions = Declarations(evaluation, "PackageVersion"),
                    GlobalPackageReferences = Declarations(evaluation, "GlobalPackageReference"),
                    PackageDownloads = Declarations(evaluation, "PackageDownload"),
                    ProjectReferences = Declarations(evaluation, "ProjectReference"),
                    GuardedProjects = GuardedProjects(evaluation),
                    CentralPackageManagement = centralPackageManagement,
                    NoWarn = evaluation.Property("NoWarn"),
                    WarningsAsErrors = evaluation.Property("WarningsAsErrors"),
                    WarningsNotAsErrors = evaluation.Property("WarningsNotAsErrors"),
                    TreatWarningsAsErrors = evaluation.IsTrue("TreatWarningsAsErrors"),
                    FailClosed = evaluation.IsTrue("SupplyChainGuardFailClosed"),
                    // SCG0005 compares with the lock file; a check never changes the repository, so scg neither records
                    // new packages in it nor accepts changes (SupplyChainGuardUpdateLock is a build's action).
                    LockFile = evaluation.Property("SupplyChainGuardLockFile"),
                    UpdateLock = false,
                    LockFileReadOnly = true,
                    Online = online,
                    FeedOwnerLookup = online ? _feedLookup.Value : null,
                    NuGetConfigFile = evaluation.Property("RestoreConfigFile"),
                    SharedIdentityCache = cache,
                    HandoverFile = _options.HandoverFile?.Invoke(report, framework),
                    Today = _options.Today,
                };
                var result = ProjectCheck.Run(request);
                report.Frameworks.Add(new FrameworkCheck(framework, result));
                Merge(report, framework, result);
                if (result.UnpinnedPackages.Count > 0)
                {
                    var note = $"{result.UnpinnedPackages.Count} package(s) have no entry in the lock file '{PublisherLockFile.Resolve(request.LockFile, policyFile, report.ProjectPath)}', so their publisher was compared with nothing: "
                        + string.Join(", ", result.UnpinnedPackages) + "; scg only reads the lock file, a build records them";
                    if (!report.Notes.Contains(note))
                    {
                        report.Notes.Add(note);
                    }
                }
            }

            report.Status = report.Frameworks.All(f => f.Result.Completed || CheckedOnOfflineEvidence(f.Result)) ? ProjectStatus.Checked : ProjectStatus.Incomplete;
        }

        /// <summary>
        /// The policy was applied to the whole graph, but a feed asked for owners did not answer: SCG0903 says so, and the
        /// packages it could not attribute were checked on their offline evidence. The engine does not call that complete
        /// (a build does not replay it); for scg the project was checked, and the exit code follows the SCG0903's level.
        /// </summary>
        private static bool CheckedOnOfflineEvidence(ProjectCheckResult result) =>
            result.Check is not null && result.FeedLookup is { Failures.Count: > 0 }
            && result.Diagnostics.All(d => d.Code != RuleIdentifiers.InternalError);

        /// <summary>Each diagnostic once per project, with the frameworks that raised it (the build prints it per inner build).</summary>
        private static void Merge(ProjectReport report, string framework, ProjectCheckResult result)
        {
            var findings = new Dictionary<(string, string), PackageFinding>();
            foreach (var finding in result.Check?.Findings ?? Array.Empty<PackageFinding>())
            {
                findings[(finding.RuleId, CheckDiagnostic.SingleLine(finding.Message))] = finding;
            }

            var waivers = new Dictionary<(string, string), WaiverFinding>();
            foreach (var finding in result.Check?.WaiverFindings ?? Array.Empty<WaiverFinding>())
            {
                waivers[(finding.RuleId, CheckDiagnostic.SingleLine(finding.Message))] = finding;
            }

            foreach (var diagnostic in result.Diagnostics)
            {
                var existing = report.Diagnostics.FirstOrDefault(d => d.Diagnostic.Equals(diagnostic));
                if (existing is null)
                {
                    existing = new ReportedDiagnostic(diagnostic);
                    existing.Finding = findings.TryGetValue((diagnostic.Code, diagnostic.Message), out var finding) ? finding : null;
                    existing.WaiverFinding = waivers.TryGetValue((diagnostic.Code, diagnostic.Message), out var waiver) ? waiver : null;
                    report.Diagnostics.Add(existing);
                }

                if (framework.Length > 0 && !existing.TargetFrameworks.Contains(framework))
                {
                    existing.TargetFrameworks.Add(framework);
                }
            }
        }

        /// <summary>
        /// The referenced projects that report their own packages, as the targets learn it by asking each one
        /// (<c>SupplyChainGuardGetGuardState</c>): the guard runs there (the project references the SupplyChainGuard package
        /// and does not set <c>SupplyChainGuardEnabled</c> to <c>false</c>) and its policy file exists; the engine then leaves
        /// to it what comes in through it under the same policy. Only a project this run checks counts: what comes in
        /// through one that scg does not check is reported here, at the ProjectReference, rather than by nobody.
        /// </summary>
        private IReadOnlyList<GuardedProject> GuardedProjects(ProjectEvaluation evaluation)
        {
            var guarded = new List<GuardedProject>();
            var directory = Path.GetDirectoryName(evaluation.ProjectPath)!;
            foreach (var reference in evaluation.ItemsOf("ProjectReference"))
            {
                string path;
                try
                {
                    // MSBuild resolves an item's path against the project's folder, wherever the item is declared.
                    path = Path.GetFullPath(Path.Combine(directory, MsBuildExpressions.ToNative(reference.Id.Trim())));
                }
                catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
                {
                    continue;
                }

                if (_checkedInThisRun.Contains(path) && _guardStates.GetOrAdd(path, GuardedPolicyOf) is { } policy
                    && !guarded.Any(g => PathText.Comparer.Equals(g.ProjectPath, path)))
                {
                    guarded.Add(new GuardedProject(path, policy));
                }
            }

            return guarded;
        }

        /// <summary>The policy file a referenced project's own check applies, or null when it runs no check.</summary>
        private string? GuardedPolicyOf(string projectPath)
        {
            if (!File.Exists(projectPath))
            {
                return null;
            }

            try
            {
                var evaluation = _evaluator.Evaluate(projectPath, _options.Properties);
                if (string.Equals(evaluation.Property("SupplyChainGuardEnabled")?.Trim(), "false", StringComparison.OrdinalIgnoreCase)
                    || !evaluation.ItemsOf("PackageReference").Any(i => string.Equals(i.Id, GuardPackageId, StringComparison.OrdinalIgnoreCase)))
                {
                    return null;
                }

                return PolicyFileOf(evaluation) is { } policy && File.Exists(policy) ? policy : null;
            }
            catch (ProjectReadException)
            {
                return null; // reported where that project is checked; here its packages are this project's to report
            }
        }

        /// <summary>The items as the build task receives them: each with the file that declared it and its metadata.</summary>
        private static ReferenceDeclaration[] Declarations(ProjectEvaluation evaluation, string itemType) =>
            evaluation.ItemsOf(itemType).Select(item => new ReferenceDeclaration(item.Id, item.DefiningFile)
            {
                Version = item["Version"],
                VersionOverride = item["VersionOverride"],
                NoWarn = item["NoWarn"],
            }).ToArray();

        /// <summary>Where restore writes <c>project.assets.json</c>: <c>$(MSBuildProjectExtensionsPath)</c>, which is
        /// <c>obj/</c> unless the repository moves it (<c>BaseIntermediateOutputPath</c>, artifacts output).</summary>
        internal static string AssetsFileOf(ProjectEvaluation evaluation)
        {
            var directory = Path.GetDirectoryName(evaluation.ProjectPath)!;
            if (evaluation.Property("ProjectAssetsFile") is { } explicitPath)
            {
                return Path.GetFullPath(Path.Combine(directory, MsBuildExpressions.ToNative(explicitPath)));
            }

            var extensions = evaluation.Property("MSBuildProjectExtensionsPath") ?? evaluation.Property("BaseIntermediateOutputPath");
            if (extensions is null && evaluation.IsTrue("UseArtifactsOutput"))
            {
                var artifacts = evaluation.Property("ArtifactsPath")
                    ?? Path.Combine(evaluation.Files.FirstOrDefault(f => Path.GetFileName(f).Equals("Directory.Build.props", StringComparison.OrdinalIgnoreCase)) is { } props
                        ? Path.GetDirectoryName(props)!
                        : directory, "artifacts");
                extensions = Path.Combine(artifacts, "obj", evaluation.Property("ArtifactsProjectName") ?? Path.GetFileNameWithoutExtension(evaluation.ProjectPath));
            }

            return Path.GetFullPath(Path.Combine(directory, MsBuildExpressions.ToNative(extensions ?? "obj"), "project.assets.json"));
        }

        /// <summary>As the package's targets: <c>$(SupplyChainGuardPolicyFile)</c> relative to the project, else the nearest
        /// <c>supplychainguard.json</c> at or above the project's folder.</summary>
        internal static string? PolicyFileOf(ProjectEvaluation evaluation)
        {
            var directory = Path.GetDirectoryName(evaluation.ProjectPath)!;
            if (evaluation.Property("SupplyChainGuardPolicyFile") is { } explicitPath)
            {
                return Path.GetFullPath(Path.Combine(directory, MsBuildExpressions.ToNative(explicitPath.Trim())));
            }

            for (var at = new DirectoryInfo(directory); at is not null; at = at.Parent)
            {
                var candidate = Path.Combine(at.FullName, "supplychainguard.json");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }

            return null;
        }

        private static LockFile? ReadLockFile(string path)
        {
            try
            {
                var lockFile = LockFileUtilities.GetLockFile(path, NullLogger.Instance);
                return lockFile is null || lockFile.Version <= 0 ? null : lockFile;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or FormatException or InvalidOperationException or ArgumentException)
            {
                return null;
            }
        }
    }
}
