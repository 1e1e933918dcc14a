using System;
using System.Collections.Generic;
using System.Linq;
using NuGet.LibraryModel;
using NuGet.ProjectModel;
using SupplyChainGuard.Cli.Checking;
using SupplyChainGuard.Packages;
using SupplyChainGuard.Policy;

namespace SupplyChainGuard.Cli.Sbom
{
    /// <summary>One package in the bill of materials, with who supplies it and what the policy says of it.</summary>
    internal sealed class SbomComponent
    {
        public SbomComponent(string id, string version)
        {
            Id = id;
            Version = version;
        }

        public string Id { get; }
        public string Version { get; }
        public string? Sha512 { get; set; }
        public PackageIdentity? Identity { get; set; }

        /// <summary>The most severe verdict any project's policy gives the package.</summary>
        public string Verdict { get; set; } = "no-policy";

        public VendorAttribution? Vendor { get; set; }
        public SortedSet<string> DependsOn { get; } = new SortedSet<string>(StringComparer.Ordinal);

        public string Purl => PackageUrl.NuGet(Id, Version);
    }

    internal sealed class SbomModel
    {
        public SortedDictionary<string, SbomComponent> Components { get; } = new SortedDictionary<string, SbomComponent>(StringComparer.Ordinal);

        /// <summary>The packages some project references directly (the root component's dependencies).</summary>
        public SortedSet<string> Direct { get; } = new SortedSet<string>(StringComparer.Ordinal);

        /// <summary>Projects whose packages could not be listed (no assets file): the BOM is then incomplete.</summary>
        public List<ProjectReport> Missing { get; } = new List<ProjectReport>();

        public List<ProjectReport> Included { get; } = new List<ProjectReport>();
    }

    /// <summary>
    /// The components of a repository: for every project and target framework, the packages its build and its
    /// run time use. A package that gives the project nothing but build logic, analyzers or tools (such as
    /// SupplyChainGuard itself) is a development dependency and is left out, with what it alone brings in;
    /// test projects are left out whole. That is also what the CycloneDX .NET tool lists with --exclude-dev.
    /// </summary>
    internal static class SbomBuilder
    {
        private static readonly string[] Severity = { "no-policy", "not-restricted", "allowed", "unknown", "not-allowed", "restricted" };

        public static SbomModel Build(RepositoryReport report)
        {
            var model = new SbomModel();
            foreach (var project in report.Projects)
            {
                if (project.LockFile?.PackageSpec is not { } spec)
                {
                    model.Missing.Add(project);
                    continue;
                }

                if (IsTestProject(project))
                {
                    continue;
                }

                model.Included.Add(project);
                foreach (var framework in spec.TargetFrameworks)
                {
                    AddFramework(model, report, project, project.LockFile, framework);
                }
            }

            return model;
        }

        private static bool IsTestProject(ProjectReport project) =>
            project.Evaluation is { } evaluation
            && (evaluation.IsTrue("IsTestProject") || evaluation.ItemsOf("PackageReference").Any(i => string.Equals(i.Id, "Microsoft.NET.Test.Sdk", StringComparison.OrdinalIgnoreCase)));

        private static void AddFramework(SbomModel model, RepositoryReport report, ProjectReport project, LockFile lockFile, TargetFrameworkInformation framework)
        {
            var target = lockFile.Targets.FirstOrDefault(t => t.TargetFramework == framework.FrameworkName && string.IsNullOrEmpty(t.RuntimeIdentifier));
            if (target is null)
            {
                return;
            }

            var libraries = target.Libraries.Where(l => l.Name is not null && l.Version is not null)
                .GroupBy(l => l.Name!, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
            var files = lockFile.Libraries.ToDictionary(l => l.Name + "/" + l.Version.ToNormalizedString(), StringComparer.OrdinalIgnoreCase);
            var includes = framework.Dependencies.ToDictionary(d => d.Name, d => d.IncludeType, StringComparer.OrdinalIgnoreCase);

            // What the project itself names: its package references and its project references.
            var roots = lockFile.ProjectFileDependencyGroups
                .Where(g => g.FrameworkName == framework.FrameworkName.DotNetFrameworkName || g.FrameworkName == framework.FrameworkName.GetShortFolderName() || g.FrameworkName == framework.TargetAlias)
                .SelectMany(g => g.Dependencies)
                .Select(d => d.Split(' ')[0])
                .Concat(framework.Dependencies.Select(d => d.Name))
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .Where(libraries.ContainsKey)
                .ToList();

            bool IsDevelopmentOnly(LockFileTargetLibrary library)
            {
                var include = includes.TryGetValue(library.Name!, out var flags) ? flags : LibraryIncludeFlags.All;
                return IsDevelopmentOnlyAssets(library, files.TryGetValue(library.Name + "/" + library.Version!.ToNormalizedString(), out var info) ? info : null, include, libraries);
            }

            var reached = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var queue = new Queue<LockFileTargetLibrary>();
            foreach (var root in roots.Select(r => libraries[r]).Where(l => !IsDevelopmentOnly(l)))
            {
                if (reached.Add(root.Name!))
                {
                    queue.Enqueue(root);
                }
            }

            while (queue.Count > 0)
            {
                foreach (var dependency in queue.Dequeue().Dependencies)
                {
                    if (libraries.TryGetValue(dependency.Id, out var next) && reached.Add(next.Name!))
                    {
                        queue.Enqueue(next);
                    }
                }
            }

            var check = project.Frameworks.FirstOrDefault(f => string.Equals(f.TargetFramework, framework.TargetAlias, StringComparison.OrdinalIgnoreCase))?.Result;
            var graph = ProjectAssetsReader.FromLockFile(lockFile, framework.TargetAlias);
            var identities = check?.Identities ?? report.IdentityCache.Resolve(graph.AllPackages, graph.PackageFolders);
            var matcher = check?.Policy is { } policy ? new VendorMatcher(policy) : null;

            foreach (var name in reached)
            {
                var library = libraries[name];
                if (!string.Equals(library.Type, "package", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var version = library.Version!.ToNormalizedString();
                var purl = PackageUrl.NuGet(library.Name!, version);
                if (!model.Components.TryGetValue(purl, out var component))
                {
                    model.Components[purl] = component = new SbomComponent(library.Name!, version);
                }

                if (files.TryGetValue(library.Name + "/" + version, out var info) && info.Sha512 is not null)
                {
                    component.Sha512 = info.Sha512;
                }

                foreach (var dependency in library.Dependencies)
                {
                    if (libraries.TryGetValue(dependency.Id, out var next) && reached.Contains(next.Name!) && string.Equals(next.Type, "package", StringComparison.OrdinalIgnoreCase))
                    {
                        component.DependsOn.Add(PackageUrl.NuGet(next.Name!, next.Version!.ToNormalizedString()));
                    }
                }

                if (framework.Dependencies.Any(d => string.Equals(d.Name, library.Name, StringComparison.OrdinalIgnoreCase)))
                {
                    model.Direct.Add(purl);
                }

                var node = graph.Find(library.Name!);
                var identity = identities.TryGetValue(library.Name!, out var known) ? known : null;
                component.Identity ??= identity;
                if (matcher is not null && node is not null && identity is not null)
                {
                    var verdict = check!.Check?.Verdicts.FirstOrDefault(v => string.Equals(v.Package.Id, node.Id, StringComparison.OrdinalIgnoreCase))
                        ?? PackageChecker.Judge(matcher, node, identity);
                    Record(component, verdict, matcher.Policy);
                }
            }
        }

        /// <summary>Keeps the most severe verdict; the vendor that verdict rests on names the supplier.</summary>
        private static void Record(SbomComponent component, PackageVerdict verdict, SupplyChainPolicy policy)
        {
            var name = verdict.IsRestricted ? "restricted"
                : verdict.Identity.Problem is not null ? "unknown"
                : policy.Mode == PolicyMode.Allowlist ? (verdict.AllowingVendor is null ? "not-allowed" : "allowed")
                : "not-restricted";
            if (Array.IndexOf(Severity, name) < Array.IndexOf(Severity, component.Verdict))
            {
                return;
            }

            var vendor = verdict.RestrictingVendor ?? verdict.AllowingVendor ?? verdict.Attributions.FirstOrDefault(a => a.Signals.Count > 0 && !a.IsWeak);
            if (Array.IndexOf(Severity, name) > Array.IndexOf(Severity, component.Verdict) || component.Vendor is null)
            {
                component.Vendor = vendor;
            }

            component.Verdict = name;
        }

        /// <summary>
        /// True when the package, as the reference includes it, gives the project no compile, runtime, native or
        /// content asset, and does give build logic, analyzers or tools (or the reference excludes every asset a
        /// program uses). A build-only package that depends on packages with such assets is a metapackage, not a
        /// development tool. A package with no assets at all is kept: nothing shows it is only for development.
        /// </summary>
        internal static bool IsDevelopmentOnlyAssets(LockFileTargetLibrary library, LockFileLibrary? files, LibraryIncludeFlags include, IReadOnlyDictionary<string, LockFileTargetLibrary> libraries)
        {
            const LibraryIncludeFlags ProgramAssets = LibraryIncludeFlags.Compile | LibraryIncludeFlags.Runtime | LibraryIncludeFlags.Native | LibraryIncludeFlags.ContentFiles;
            if (include == LibraryIncludeFlags.None)
            {
                return true;
            }

            if (GivesProgramAssets(library, include))
            {
                return false;
            }

            var analyzers = (include & LibraryIncludeFlags.Analyzers) != 0 && files is not null && files.Files.Any(f => Real(f) && f.StartsWith("analyzers/", StringComparison.OrdinalIgnoreCase));
            var tools = library.ToolsAssemblies.Any(i => Real(i.Path));
            var build = ((include & (LibraryIncludeFlags.Build | LibraryIncludeFlags.BuildTransitive)) != 0 && library.Build.Any(i => Real(i.Path)))
                || ((include & LibraryIncludeFlags.Build) != 0 && library.BuildMultiTargeting.Any(i => Real(i.Path)));
            if (!build && !analyzers && !tools)
            {
                return (include & ProgramAssets) == 0;
            }

            if (build && !analyzers && !tools && (include & ProgramAssets) != 0 && DependsOnProgramAssets(library, libraries, new HashSet<string>(StringComparer.OrdinalIgnoreCase)))
            {
                return false;
            }

            return true;
        }

        private static bool GivesProgramAssets(LockFileTargetLibrary library, LibraryIncludeFlags include) =>
            ((include & LibraryIncludeFlags.Compile) != 0 && (library.CompileTimeAssemblies.Any(i => Real(i.Path)) || library.FrameworkAssemblies.Any(Real) || library.FrameworkReferences.Any(Real) || library.EmbedAssemblies.Any(i => Real(i.Path))))
            || ((include & LibraryIncludeFlags.Runtime) != 0 && (library.RuntimeAssemblies.Any(i => Real(i.Path)) || library.ResourceAssemblies.Any(i => Real(i.Path)) || library.RuntimeTargets.Any(i => Real(i.Path))))
            || ((include & LibraryIncludeFlags.Native) != 0 && library.NativeLibraries.Any(i => Real(i.Path)))
            || ((include & LibraryIncludeFlags.ContentFiles) != 0 && library.ContentFiles.Any(i => Real(i.Path)));

        private static bool DependsOnProgramAssets(LockFileTargetLibrary library, IReadOnlyDictionary<string, LockFileTargetLibrary> libraries, HashSet<string> seen)
        {
            foreach (var dependency in library.Dependencies)
            {
                if (libraries.TryGetValue(dependency.Id, out var next) && seen.Add(next.Name!)
                    && (GivesProgramAssets(next, LibraryIncludeFlags.All) || DependsOnProgramAssets(next, libraries, seen)))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>NuGet writes <c>_._</c> for "this framework needs nothing from me"; it is no asset.</summary>
        private static bool Real(string? path) =>
            !string.IsNullOrEmpty(path) && !string.Equals(path!.Replace('\\', '/').Split('/').Last(), "_._", StringComparison.Ordinal);
    }

    /// <summary>Package URLs (purl spec): <c>pkg:nuget/Newtonsoft.Json@13.0.1</c>.</summary>
    internal static class PackageUrl
    {
        public static string NuGet(string id, string version) => $"pkg:nuget/{Encode(id)}@{Encode(version)}";

        private static string Encode(string text)
        {
            var builder = new System.Text.StringBuilder(text.Length);
            foreach (var b in System.Text.Encoding.UTF8.GetBytes(text))
            {
                var c = (char)b;
                if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_' || c == '~' || c == '+')
                {
                    builder.Append(c);
                }
                else
                {
                    builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
                }
            }

            return builder.ToString();
        }
    }
}
