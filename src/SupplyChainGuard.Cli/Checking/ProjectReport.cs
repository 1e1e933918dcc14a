using System;
using System.Collections.Generic;
using System.Linq;
using SupplyChainGuard.Cli.Projects;
using SupplyChainGuard.Packages;

namespace SupplyChainGuard.Cli.Checking
{
    public enum ProjectStatus
    {
        /// <summary>A valid policy was applied to the project's restored graph.</summary>
        Checked,

        /// <summary>No usable assets file: restore has not run for this project (or wrote it elsewhere).</summary>
        NotRestored,

        /// <summary>No supplychainguard.json above the project and no SupplyChainGuardPolicyFile.</summary>
        NoPolicy,

        /// <summary>The project sets SupplyChainGuardEnabled to false.</summary>
        Disabled,

        /// <summary>The check ran but could not complete (invalid policy, unreadable graph, internal error): see its diagnostics.</summary>
        Incomplete,

        /// <summary>The project file itself could not be read.</summary>
        Unreadable,
    }

    /// <summary>One diagnostic as the CLI reports it: the engine's diagnostic, the frameworks that raised it, and what it is about.</summary>
    public sealed class ReportedDiagnostic
    {
        public ReportedDiagnostic(CheckDiagnostic diagnostic)
        {
            Diagnostic = diagnostic;
        }

        public CheckDiagnostic Diagnostic { get; }

        public List<string> TargetFrameworks { get; } = new List<string>();

        /// <summary>The package finding behind SCG0001–SCG0003 and SCG0902, when there is one.</summary>
        public PackageFinding? Finding { get; set; }

        /// <summary>The waiver behind SCG0201 and SCG0202.</summary>
        public WaiverFinding? WaiverFinding { get; set; }
    }

    /// <summary>One target framework's check of one project.</summary>
    public sealed class FrameworkCheck
    {
        public FrameworkCheck(string targetFramework, ProjectCheckResult result)
        {
            TargetFramework = targetFramework;
            Result = result;
        }

        public string TargetFramework { get; }
        public ProjectCheckResult Result { get; }
    }

    /// <summary>Everything scg found out about one project: its status, its checks per framework, and what it reports.</summary>
    public sealed class ProjectReport
    {
        public ProjectReport(string projectPath)
        {
            ProjectPath = projectPath;
        }

        public string ProjectPath { get; }
        public ProjectStatus Status { get; set; }

        /// <summary>Why the project was not checked, in a sentence that says what to do.</summary>
        public string? StatusDetail { get; set; }

        public string? AssetsFile { get; set; }
        public string? PolicyFile { get; set; }
        public List<FrameworkCheck> Frameworks { get; } = new List<FrameworkCheck>();
        public List<ReportedDiagnostic> Diagnostics { get; } = new List<ReportedDiagnostic>();

        /// <summary>What a reader should know about how far to trust the result: limits of the project read, a stale assets file.</summary>
        public List<string> Notes { get; } = new List<string>();

        internal ProjectEvaluation? Evaluation { get; set; }

        /// <summary>The project's assets file as NuGet.ProjectModel reads it, when it is this project's.</summary>
        internal NuGet.ProjectModel.LockFile? LockFile { get; set; }

        /// <summary>The package findings a waiver silenced, for the record.</summary>
        public IEnumerable<PackageFinding> Waived => Frameworks.SelectMany(f => f.Result.Check?.Waived ?? Array.Empty<PackageFinding>());

        public IEnumerable<ReportedDiagnostic> Visible => Diagnostics.Where(d => d.Diagnostic.Level != ReportLevel.Suppressed);
    }

    /// <summary>The whole run: every project, in path order.</summary>
    public sealed class RepositoryReport
    {
        internal RepositoryReport(RepositoryInput input, IReadOnlyList<ProjectReport> projects)
        {
            Input = input;
            Projects = projects;
        }

        internal RepositoryInput Input { get; }

        /// <summary>The identity cache the run shared across projects (the SBOM reads identities of unchecked projects from it).</summary>
        internal IdentityCache IdentityCache { get; set; } = IdentityCache.InMemory();
        public string Root => Input.Root;
        public IReadOnlyList<ProjectReport> Projects { get; }

        public string Relative(string path) => Input.Relative(path);

        public IEnumerable<ReportedDiagnostic> Visible => Projects.SelectMany(p => p.Visible);

        public int Count(ReportLevel level) => Visible.Count(d => d.Diagnostic.Level == level);

        public int CheckedCount => Projects.Count(p => p.Status == ProjectStatus.Checked);
    }
}
