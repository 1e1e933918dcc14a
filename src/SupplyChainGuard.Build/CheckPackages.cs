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

        /// <summary><c>SupplyChainGuardOnline</c>: ask the package's feed for owners when its signature names none.</summary>
        public bool Online { get; set; }

        /// <summary><c>RestoreConfigFile</c>: the nuget.config restore was given, for the feeds' credentials; empty: NuGet's defaults.</summary>
        public string? NuGetConfigFile { get; set; }

        /// <summary>Today's date for waiver expiry and the replay stamp; tests set it, builds use the clock.</summary>
        internal Func<DateTime> Today { get; set; } = () => DateTime.UtcNow.Date;

        private readonly List<CheckDiagnostic> _reported = new();

        public override bool Execute()
        {
            try
            {
                if (TryReplay())
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
                if (result.Completed)
                {
                    SaveFindings(result.PolicyFiles);
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
        private bool TryReplay()
        {
            if (!FindingsReplay.TryRead(FindingsFile, out var stamp, out var policyFiles, out var diagnostics)
                || stamp != FindingsReplay.Stamp(this, policyFiles))
            {
                return false;
            }

            foreach (var d in diagnostics)
            {
                Emit(d);
            }

            PolicyFiles = policyFiles.Where(File.Exists).Select(f => (ITaskItem)new TaskItem(f)).ToArray();
            Log.LogMessage(MessageImportance.Normal, "SupplyChainGuard: nothing the check depends on changed for '{0}' ({1}); {2} diagnostics replayed.",
                ProjectPath, TargetFramework, diagnostics.Count);
            return true;
        }

        /// <summary>Keeps this run's diagnostics for the next build, when the run checked a valid policy.</summary>
        private void SaveFindings(IReadOnlyList<string> policyFiles)
        {
            if (string.IsNullOrWhiteSpace(FindingsFile))
            {
                return;
            }

            try
            {
                FindingsReplay.Write(FindingsFile!, FindingsReplay.Stamp(this, policyFiles), policyFiles, _reported);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Log.LogMessage(MessageImportance.Low, "SupplyChainGuard: '{0}' could not be written: {1}", FindingsFile, e.Message);
            }
        }

        private void Emit(CheckDiagnostic d)
        {
            _reported.Add(d);
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
