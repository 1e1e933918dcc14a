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

        private readonly List<RecordedDiagnostic> _reported = new();
        private IReadOnlyList<string>? _checkedPolicyFiles;

        public override bool Execute()
        {
            try
            {
                if (TryReplay())
                {
                    return !Log.HasLoggedErrors;
                }

                Run();
                SaveFindings();
            }
            catch (Exception e)
            {
                ReportInternalError(e);
            }

            return !Log.HasLoggedErrors;
        }

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
        private void SaveFindings()
        {
            if (_checkedPolicyFiles is null || string.IsNullOrWhiteSpace(FindingsFile))
            {
                return;
            }

            try
            {
                FindingsReplay.Write(FindingsFile!, FindingsReplay.Stamp(this, _checkedPolicyFiles), _checkedPolicyFiles, _reported);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Log.LogMessage(MessageImportance.Low, "SupplyChainGuard: '{0}' could not be written: {1}", FindingsFile, e.Message);
            }
        }

        private void ReportInternalError(Exception e)
        {
            // Our own defect must not look like MSB4018, nor silently turn the guard off; the project's
            // warning settings decide whether it fails the build.
            var levels = new WarningLevels(NoWarn, WarningsAsErrors, WarningsNotAsErrors, TreatWarningsAsErrors);
            Report(RuleIdentifiers.InternalError, levels.LevelOf(RuleIdentifiers.InternalError, PolicySeverity.Warning), new SourceLocation(ProjectPath, 0, 0),
                "SupplyChainGuard could not check this project's packages because of an internal error; please report it. " + e.GetType().Name + ": " + e.Message);
        }

        private void Run()
        {
            if (string.IsNullOrWhiteSpace(PolicyFile))
            {
                Log.LogMessage(MessageImportance.Low, "SupplyChainGuard: no supplychainguard.json above '{0}'; nothing to check.", ProjectPath);
                return;
            }

            var levels = new WarningLevels(NoWarn, WarningsAsErrors, WarningsNotAsErrors, TreatWarningsAsErrors);
            var load = PolicyLoader.LoadFile(PolicyFile!);
            if (load.Policy is null)
            {
                foreach (var problem in load.Diagnostics)
                {
                    // Always an error: a policy that cannot be read must never quietly turn the guard off.
                    Report(RuleIdentifiers.InvalidPolicy, ReportLevel.Error, problem.Location, "The policy is invalid: " + FindingText.PolicyProblem(problem));
                }

                return;
            }

            PolicyFiles = load.Policy.SourceFiles.Where(File.Exists).Select(f => (ITaskItem)new TaskItem(f)).ToArray();
            var handover = new PackageHandover();
            handover.PolicyFiles.AddRange(load.Policy.SourceFiles);

            if (string.IsNullOrWhiteSpace(ProjectAssetsFile) || !File.Exists(ProjectAssetsFile))
            {
                Log.LogMessage(MessageImportance.Low, "SupplyChainGuard: no assets file for '{0}'; nothing to check.", ProjectPath);
                return;
            }

            PackageGraph graph;
            try
            {
                graph = ProjectAssetsReader.Read(ProjectAssetsFile!, TargetFramework);
            }
            catch (ProjectAssetsException e)
            {
                Report(RuleIdentifiers.UnreadablePackage, levels.LevelOf(RuleIdentifiers.UnreadablePackage, PolicySeverity.Warning),
                    new SourceLocation(ProjectPath, 0, 0), "The package graph could not be read, so no package was checked: " + e.Message + ".");
                return;
            }

            var cache = IdentityCache.Load(CacheFile);
            var identities = cache.Resolve(graph.AllPackages, graph.PackageFolders);
            PackagesRead = cache.ReadCount;

            var locator = new ReferenceLocator(ProjectPath, CentralPackageManagement, PackageReferences, PackageVersions);
            var request = new PackageCheckRequest(graph, load.Policy, identities)
            {
                ProjectPath = ProjectPath,
                IsSuppressedOnReference = (directId, code) =>
                    locator.FindReference(directId) is { } item && WarningLevels.Codes(item.GetMetadata("NoWarn")).Contains(code),
            };

            var result = PackageChecker.Check(request);
            _checkedPolicyFiles = load.Policy.SourceFiles.Where(f => !f.StartsWith("preset:", StringComparison.Ordinal)).ToList();
            foreach (var verdict in result.Verdicts.Where(v => v.IsRestricted && v.Package.Assemblies.Count > 0))
            {
                handover.Packages.Add(new PackageHandover.RestrictedPackage
                {
                    Id = verdict.Package.Id,
                    Version = verdict.Package.Version,
                    Vendor = verdict.RestrictingVendor!.Vendor.Id,
                    Assemblies = verdict.Package.Assemblies.ToList(),
                    Signals = verdict.RestrictingVendor.Signals.Select(s => s.Describe()).ToList(),
                });
            }

            WriteHandover(handover);
            foreach (var finding in result.Findings)
            {
                Report(finding.RuleId, levels.LevelOf(finding.RuleId, finding.Severity), locator.Locate(finding.DirectPackageId), finding.Message);
            }

            foreach (var finding in result.WaiverFindings)
            {
                Report(finding.RuleId, levels.LevelOf(finding.RuleId, finding.Severity), finding.Waiver.Location, finding.Message);
            }

            foreach (var waived in result.Waived)
            {
                Log.LogMessage(MessageImportance.Normal, "SupplyChainGuard: {0} for '{1}' is waived until {2:yyyy-MM-dd} ({3}).",
                    waived.RuleId, waived.PackageId, waived.Waiver!.Expires, waived.Waiver.Reason);
            }

            Log.LogMessage(MessageImportance.Normal, "SupplyChainGuard: checked {0} packages of '{1}' ({2}) against '{3}'; {4} read, {5} from the cache.",
                result.Verdicts.Count, graph.ProjectName, graph.TargetFramework, PolicyFile, cache.ReadCount, result.Verdicts.Count - cache.ReadCount);

            try
            {
                cache.Save(CacheFile);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Log.LogMessage(MessageImportance.Low, "SupplyChainGuard: the identity cache '{0}' could not be written: {1}", CacheFile, e.Message);
            }
        }

        /// <summary>Rewrites the hand-over file only when its content changes, so a no-op build does not
        /// make the compiler run again.</summary>
        private void WriteHandover(PackageHandover handover)
        {
            if (string.IsNullOrWhiteSpace(HandoverFile))
            {
                return;
            }

            try
            {
                var json = handover.ToJson();
                if (File.Exists(HandoverFile) && File.ReadAllText(HandoverFile!) == json)
                {
                    return;
                }

                AtomicFile.WriteAllText(HandoverFile!, json);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Log.LogMessage(MessageImportance.Low, "SupplyChainGuard: '{0}' could not be written: {1}", HandoverFile, e.Message);
            }
        }

        private void Report(string code, ReportLevel level, SourceLocation location, string message) =>
            Emit(new RecordedDiagnostic(level, code, location.FilePath, location.Line, location.Column, message));

        private void Emit(RecordedDiagnostic d)
        {
            _reported.Add(d);
            var help = HelpLinkBase + d.Code + ".md";
            switch (d.Level)
            {
                case ReportLevel.Error:
                    Log.LogError(null, d.Code, null, help, d.File, d.Line, d.Column, 0, 0, d.Message);
                    break;
                case ReportLevel.Warning:
                    Log.LogWarning(null, d.Code, null, help, d.File, d.Line, d.Column, 0, 0, d.Message);
                    break;
                case ReportLevel.Message:
                    Log.LogMessage(null, d.Code, null, d.File, d.Line, d.Column, 0, 0, MessageImportance.High, d.Message);
                    break;
            }
        }

        private const string HelpLinkBase = RuleIdentifiers.HelpLinkBase;
    }
}
