using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using SupplyChainGuard.Diagnostics;
using SupplyChainGuard.Packages;
using SupplyChainGuard.Policy;

namespace SupplyChainGuard.Build
{
    /// <summary>
    /// The package checker in the build: policy → identity → verdict → diagnostic, for one project and one
    /// target framework. Runs after restore's assets are resolved and before compile. Nothing it is fed
    /// may fail it with MSB4018: a broken policy is SCG0901, an unreadable package SCG0902.
    /// </summary>
    public sealed class CheckPackages : Task
    {
        [Required]
        public string ProjectPath { get; set; } = string.Empty;

        public string? ProjectAssetsFile { get; set; }

        public string? TargetFramework { get; set; }

        /// <summary>The policy to apply; empty when none was found (then there is nothing to check).</summary>
        public string? PolicyFile { get; set; }

        public ITaskItem[] PackageReferences { get; set; } = Array.Empty<ITaskItem>();

        public ITaskItem[] PackageVersions { get; set; } = Array.Empty<ITaskItem>();

        /// <summary><c>@(GlobalPackageReference)</c>: reported at their line in Directory.Packages.props.</summary>
        public ITaskItem[] GlobalPackageReferences { get; set; } = Array.Empty<ITaskItem>();

        /// <summary><c>@(PackageDownload)</c>: checked like direct references, reported at their line.</summary>
        public ITaskItem[] PackageDownloads { get; set; } = Array.Empty<ITaskItem>();

        /// <summary><c>@(ProjectReference)</c>: where a package that comes in through a project is reported.</summary>
        public ITaskItem[] ProjectReferences { get; set; } = Array.Empty<ITaskItem>();

        /// <summary>
        /// The referenced projects that run the guard themselves: item spec the project file, metadata
        /// <c>PolicyFile</c> the policy in force there (the targets ask each referenced project).
        /// </summary>
        public ITaskItem[] GuardedProjectReferences { get; set; } = Array.Empty<ITaskItem>();

        public bool CentralPackageManagement { get; set; }

        public string? NoWarn { get; set; }

        public string? WarningsAsErrors { get; set; }

        public string? WarningsNotAsErrors { get; set; }

        public bool TreatWarningsAsErrors { get; set; }

        /// <summary>The identity cache under obj/; empty disables caching.</summary>
        public string? CacheFile { get; set; }

        /// <summary>Where to write what the analyzer needs to know about packages; empty writes nothing.</summary>
        public string? HandoverFile { get; set; }

        /// <summary>Every policy file read (root and extended), for the compilation's AdditionalFiles.</summary>
        [Output]
        public ITaskItem[] PolicyFiles { get; private set; } = Array.Empty<ITaskItem>();

        /// <summary>Where to keep what this run reported, for the no-op fast path; empty disables it.</summary>
        public string? FindingsFile { get; set; }

        /// <summary>How many packages this run read from disk rather than the cache (for tests and logs).</summary>
        [Output]
        public int PackagesRead { get; private set; }

        /// <summary><c>SupplyChainGuardFailClosed</c>: SCG0902 and SCG0999 are errors.</summary>
        public bool FailClosed { get; set; }

        /// <summary><c>SupplyChainGuardLockFile</c>: where publishers are pinned (SCG0005); empty for nowhere.</summary>
        public string? LockFile { get; set; }

        /// <summary><c>SupplyChainGuardUpdateLock</c>: accept the current publishers into the lock file.</summary>
        public bool UpdateLock { get; set; }

        /// <summary>
        /// <c>$(DesignTimeBuild)</c>: an editor loading the project. Editors show no build warnings; the analyzer shows
        /// the findings there, at their levels, from the hand-over. So the task logs them as messages: an error-level
        /// finding must not fail the design-time build, which would leave the editor without the project's analyzers
        /// and references, and nothing is reported twice.
        /// </summary>
        public bool DesignTimeBuild { get; set; }

        /// <summary><c>SupplyChainGuardOnline</c>: ask the package's feed for owners when its signature names none.</summary>
        public bool Online { get; set; }

        /// <summary><c>RestoreConfigFile</c>: the nuget.config restore was given, for the feeds' credentials; empty: NuGet's defaults.</summary>
        public string? NuGetConfigFile { get; set; }

        /// <summary>Today's date for waiver expiry and the replay stamp; tests set it, builds use the clock.</summary>
        internal Func<DateTime> Today { get; set; } = () => DateTime.UtcNow.Date;

        /// <summary>Fault injection for the end-to-end tests of SCG0999: it can only make the check fail loudly.</summary>
        internal const string FaultInjectionVariable = "SUPPLYCHAINGUARD_FAULT_INJECTION";

        /// <summary>"internal-error" throws where a defect would; read from the environment, set directly by unit tests.</summary>
        internal string? FaultInjection { get; set; } = Environment.GetEnvironmentVariable(FaultInjectionVariable);

        /// <summary>Reads policy files; the disk unless a unit test says otherwise.</summary>
        internal IPolicyFileReader? PolicyReader { get; set; }

        private readonly List<CheckDiagnostic> _reported = new();

        public override bool Execute()
        {
            try
            {
                if (FaultInjection == "internal-error")
                {
                    throw new InvalidOperationException($"fault injected through {FaultInjectionVariable}");
                }

                var inputStamp = FindingsReplay.InputStamp(this);
                if (TryReplay(inputStamp))
                {
                    return !Log.HasLoggedErrors;
                }

                var result = ProjectCheck.Run(CreateRequest());
                foreach (var message in result.Messages)
                {
                    Log.LogMessage(message.IsDetail ? MessageImportance.Low : MessageImportance.Normal, "{0}", message.Text);
                }

                foreach (var diagnostic in result.Diagnostics)
                {
                    Emit(diagnostic);
                }

                PolicyFiles = result.PolicyFiles.Where(File.Exists).Select(f => (ITaskItem)new TaskItem(f)).ToArray();
                PackagesRead = result.PackagesRead;
                // A result with a package that could not be read is checked afresh every time, so a repaired
                // package is noticed however it was repaired.
                var identities = result.Identities?.Values.ToList() ?? new List<PackageIdentity>();
                if (result.Completed && identities.All(i => i.Problem is null))
                {
                    SaveFindings(inputStamp, result.PolicyFiles, identities.Select(i => i.PackageFile).OfType<string>().Distinct().OrderBy(f => f, StringComparer.Ordinal).ToList());
                }
            }
            catch (Exception e)
            {
                // Our own defect outside the engine (the engine contains its own): never MSB4018, never silent.
                var levels = new WarningLevels(NoWarn, WarningsAsErrors, WarningsNotAsErrors, TreatWarningsAsErrors);
                var level = FailClosed ? ReportLevel.Error : levels.LevelOf(RuleIdentifiers.InternalError, PolicySeverity.Warning);
                Emit(new CheckDiagnostic(level, RuleIdentifiers.InternalError, ProjectPath, 0, 0,
                    "SupplyChainGuard could not check this project's packages because of an internal error; please report it. " + e.GetType().Name + ": " + e.Message));
            }

            return !Log.HasLoggedErrors;
        }

        internal ProjectCheckRequest CreateRequest() => new ProjectCheckRequest(ProjectPath)
        {
            AssetsFile = ProjectAssetsFile,
            TargetFramework = TargetFramework,
            PolicyFile = PolicyFile,
            PackageReferences = Declarations(PackageReferences),
            PackageVersions = Declarations(PackageVersions),
            GlobalPackageReferences = Declarations(GlobalPackageReferences),
            PackageDownloads = Declarations(PackageDownloads),
            ProjectReferences = Declarations(ProjectReferences),
            GuardedProjects = GuardedProjectReferences
                .Where(item => !string.IsNullOrEmpty(item.GetMetadata("PolicyFile")))
                .Select(item => new GuardedProject(item.ItemSpec, item.GetMetadata("PolicyFile")))
                .ToArray(),
            CentralPackageManagement = CentralPackageManagement,
            NoWarn = NoWarn,
            WarningsAsErrors = WarningsAsErrors,
            WarningsNotAsErrors = WarningsNotAsErrors,
            TreatWarningsAsErrors = TreatWarningsAsErrors,
            FailClosed = FailClosed,
            Online = Online,
            NuGetConfigFile = NullIfEmpty(NuGetConfigFile),
            CacheFile = CacheFile,
            HandoverFile = HandoverFile,
            LockFile = LockFile,
            UpdateLock = UpdateLock,
            Today = Today,
            PolicyReader = PolicyReader ?? PhysicalPolicyFileReader.Instance,
        };

        /// <summary>MSBuild items as the engine takes them; <c>DefiningProjectFullPath</c> says which file declared each.</summary>
        internal static ReferenceDeclaration[] Declarations(IEnumerable<ITaskItem> items) =>
            items.Select(item => new ReferenceDeclaration(item.ItemSpec, NullIfEmpty(item.GetMetadata("DefiningProjectFullPath")))
            {
                Version = NullIfEmpty(item.GetMetadata("Version")),
                VersionOverride = NullIfEmpty(item.GetMetadata("VersionOverride")),
                NoWarn = NullIfEmpty(item.GetMetadata("NoWarn")),
            }).ToArray();

        private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

        /// <summary>Logs again what the last full check logged, when none of its inputs changed.</summary>
        private bool TryReplay(string inputStamp)
        {
            // Accepting publisher changes into the lock file is an action, not a result: it always runs.
            if (UpdateLock || !FindingsReplay.TryRead(FindingsFile, out var record)
                || record.Stamp != FindingsReplay.Stamp(inputStamp, this, record.PolicyFiles, record.PackageFiles))
            {
                return false;
            }

            foreach (var d in record.Diagnostics)
            {
                Emit(d);
            }

            PolicyFiles = record.PolicyFiles.Where(File.Exists).Select(f => (ITaskItem)new TaskItem(f)).ToArray();
            Log.LogMessage(MessageImportance.Normal, "SupplyChainGuard: nothing the check depends on changed for '{0}' ({1}); {2} diagnostics replayed.",
                ProjectPath, TargetFramework, record.Diagnostics.Count);
            return true;
        }

        /// <summary>Keeps this run's diagnostics for the next build, when the run checked a valid policy.</summary>
        private void SaveFindings(string inputStamp, IReadOnlyList<string> policyFiles, IReadOnlyList<string> packageFiles)
        {
            if (string.IsNullOrWhiteSpace(FindingsFile))
            {
                return;
            }

            try
            {
                var record = new FindingsReplay.Record { Stamp = FindingsReplay.Stamp(inputStamp, this, policyFiles, packageFiles) };
                record.PolicyFiles.AddRange(policyFiles);
                record.PackageFiles.AddRange(packageFiles);
                record.Diagnostics.AddRange(_reported);
                FindingsReplay.Write(FindingsFile!, record);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Log.LogMessage(MessageImportance.Low, "SupplyChainGuard: '{0}' could not be written: {1}", FindingsFile, e.Message);
            }
        }

        private void Emit(CheckDiagnostic d)
        {
            _reported.Add(d);
            if (DesignTimeBuild && d.Level != ReportLevel.Suppressed)
            {
                Log.LogMessage(null, d.Code, null, d.File, d.Line, d.Column, 0, 0, MessageImportance.Normal, "{0} {1} (shown by the analyzer in design-time builds): {2}", d.Level.ToString().ToLowerInvariant(), d.Code, d.Message);
                return;
            }

            var help = HelpLinkBase + d.Code + ".md";
            switch (d.Level)
            {
                case ReportLevel.Error:
                    Log.LogError(null, d.Code, null, help, d.File, d.Line, d.Column, 0, 0, "{0}", d.Message);
                    break;
                case ReportLevel.Warning:
                    Log.LogWarning(null, d.Code, null, help, d.File, d.Line, d.Column, 0, 0, "{0}", d.Message);
                    break;
                case ReportLevel.Message:
                    Log.LogMessage(null, d.Code, null, d.File, d.Line, d.Column, 0, 0, MessageImportance.High, "{0}", d.Message);
                    break;
            }
        }

        private const string HelpLinkBase = RuleIdentifiers.HelpLinkBase;
    }
}
