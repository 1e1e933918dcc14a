using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NuGet.Common;
using NuGet.Frameworks;
using NuGet.ProjectModel;

namespace SupplyChainGuard.Packages
{
    public sealed class ProjectAssetsException : Exception
    {
        public ProjectAssetsException(string message, Exception? inner = null)
            : base(message, inner)
        {
        }
    }

    /// <summary>Reads <c>project.assets.json</c> through NuGet.ProjectModel, never by hand.</summary>
    public static class ProjectAssetsReader
    {
        /// <summary>
        /// The graph for one target framework. <paramref name="targetFramework"/> is the alias the project
        /// uses (<c>net8.0</c>); null or empty picks the only framework, as a single-targeting build has.
        /// </summary>
        /// <exception cref="ProjectAssetsException">The file is unreadable or has no such framework.</exception>
        public static PackageGraph Read(string assetsFilePath, string? targetFramework)
        {
            LockFile? lockFile;
            try
            {
                lockFile = LockFileUtilities.GetLockFile(assetsFilePath, NullLogger.Instance);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or FormatException or InvalidOperationException or ArgumentException)
            {
                throw new ProjectAssetsException($"the assets file '{assetsFilePath}' could not be read: {e.Message}", e);
            }

            // NuGet does not throw for a damaged file: it logs and hands back an empty lock file (no version, no
            // project), which would otherwise read as "no such framework".
            if (lockFile is null || lockFile.Version <= 0 || lockFile.PackageSpec is null)
            {
                throw new ProjectAssetsException($"the assets file '{assetsFilePath}' could not be read");
            }

            return FromLockFile(lockFile, targetFramework);
        }

        public static PackageGraph FromLockFile(LockFile lockFile, string? targetFramework)
        {
            var spec = lockFile.PackageSpec;
            var projectName = spec?.Name ?? spec?.RestoreMetadata?.ProjectName ?? "project";

            var frameworks = spec?.TargetFrameworks ?? (IList<TargetFrameworkInformation>)Array.Empty<TargetFrameworkInformation>();
            TargetFrameworkInformation? framework = null;
            if (!string.IsNullOrEmpty(targetFramework))
            {
                framework = frameworks.FirstOrDefault(f => string.Equals(f.TargetAlias, targetFramework, StringComparison.OrdinalIgnoreCase))
                    ?? frameworks.FirstOrDefault(f => f.FrameworkName == ParseFramework(targetFramework!));
            }
            else if (frameworks.Count == 1)
            {
                framework = frameworks[0];
            }

            if (framework is null)
            {
                throw new ProjectAssetsException(string.IsNullOrEmpty(targetFramework)
                    ? "the assets file lists several target frameworks; name the one to check"
                    : $"the assets file has no target framework '{targetFramework}'; run restore again");
            }

            // Every target of the framework: the RID-less one and each RID-specific one (a runtime.json mapping
            // brings packages into those only). The same package in several targets is one node, with the union
            // of its dependencies and assemblies.
            var targets = lockFile.Targets
                .Where(t => t.TargetFramework == framework.FrameworkName)
                .OrderBy(t => string.IsNullOrEmpty(t.RuntimeIdentifier) ? 0 : 1)
                .ThenBy(t => t.RuntimeIdentifier, StringComparer.Ordinal)
                .ToList();
            var libraries = new Dictionary<string, LockFileLibrary>(StringComparer.OrdinalIgnoreCase);
            foreach (var library in lockFile.Libraries.Where(l => l.Name is not null && l.Version is not null))
            {
                libraries[library.Name + "/" + library.Version.ToNormalizedString()] = library;
            }

            var projectDirectory = spec?.RestoreMetadata?.ProjectPath is { Length: > 0 } projectPath ? Path.GetDirectoryName(projectPath) : null;
            var packages = new Dictionary<string, MergedNode>(StringComparer.OrdinalIgnoreCase);
            var projects = new Dictionary<string, MergedNode>(StringComparer.OrdinalIgnoreCase);
            foreach (var library in targets.SelectMany(t => t.Libraries))
            {
                if (library.Name is null || library.Version is null)
                {
                    continue;
                }

                var version = library.Version.ToNormalizedString();
                var isPackage = string.Equals(library.Type, "package", StringComparison.OrdinalIgnoreCase);
                var isProject = string.Equals(library.Type, "project", StringComparison.OrdinalIgnoreCase);
                if (!isPackage && !isProject)
                {
                    continue;
                }

                var nodes = isPackage ? packages : projects;
                var key = library.Name;
                if (nodes.TryGetValue(key, out var existing) && existing.Version != version)
                {
                    key = library.Name + "@" + version;
                }

                if (!nodes.TryGetValue(key, out var node))
                {
                    libraries.TryGetValue(library.Name + "/" + version, out var info);
                    nodes[key] = node = new MergedNode(library.Name, version, info);
                }

                node.Dependencies.UnionWith(library.Dependencies.Select(d => d.Id));
                var runtimeTargets = library.RuntimeTargets.Where(t => string.Equals(t.AssetType, "runtime", StringComparison.OrdinalIgnoreCase));
                node.Assemblies.UnionWith(library.CompileTimeAssemblies.Concat(library.RuntimeAssemblies).Concat(runtimeTargets)
                    .Select(item => item.Path)
                    .Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
                    .Select(p => Path.GetFileNameWithoutExtension(p)!));
            }

            var nodesOut = packages.Select(p => new PackageNode(p.Value.Name, p.Value.Version, p.Value.Info?.Sha512, p.Value.Info?.Path,
                    p.Value.Dependencies.ToArray(), p.Value.Assemblies.ToArray()) { Key = p.Key })
                .ToList();

            var direct = framework.Dependencies
                .Where(d => d.LibraryRange.TypeConstraintAllows(NuGet.LibraryModel.LibraryDependencyTarget.Package))
                .Select(d => new DirectDependency(d.Name, d.AutoReferenced))
                .ToList();

            // PackageDownload: fetched into the packages folder for the build to use, never in a target.
            foreach (var download in framework.DownloadDependencies)
            {
                var version = download.VersionRange?.MinVersion?.ToNormalizedString();
                if (download.Name is null || version is null)
                {
                    continue;
                }

                var existing = nodesOut.FirstOrDefault(n => string.Equals(n.Id, download.Name, StringComparison.OrdinalIgnoreCase) && n.Version == version);
                if (existing is null)
                {
                    var key = nodesOut.Any(n => string.Equals(n.Key, download.Name, StringComparison.OrdinalIgnoreCase)) ? download.Name + "@" + version : download.Name;
                    existing = new PackageNode(download.Name, version, null, download.Name.ToLowerInvariant() + "/" + version, Array.Empty<string>(), Array.Empty<string>())
                    {
                        Key = key,
                        IsDownload = true,
                    };
                    nodesOut.Add(existing);
                }

                if (!direct.Any(d => string.Equals(d.Id, existing.Key, StringComparison.OrdinalIgnoreCase)))
                {
                    direct.Add(new DirectDependency(existing.Key, autoReferenced: false));
                }
            }

            var projectNodes = projects.Select(p => new ProjectNode(p.Key, ProjectFile(projectDirectory, p.Value.Info), p.Value.Dependencies.ToArray())).ToList();
            var referenced = spec?.RestoreMetadata?.TargetFrameworks?
                .FirstOrDefault(f => f.FrameworkName == framework.FrameworkName)?.ProjectReferences
                .Select(r => r.ProjectPath)
                .Where(p => !string.IsNullOrEmpty(p))
                .Select(p => Path.GetFullPath(p))
                .ToList() ?? new List<string>();
            var directProjects = projectNodes
                .Where(p => p.FullPath is not null && referenced.Any(r => string.Equals(r, p.FullPath, StringComparison.OrdinalIgnoreCase)))
                .Select(p => p.Name)
                .OrderBy(n => n, StringComparer.OrdinalIgnoreCase)
                .ToArray();

            var folders = lockFile.PackageFolders.Select(f => f.Path).ToArray();
            return new PackageGraph(projectName, framework.TargetAlias, direct, nodesOut, folders, projectNodes, directProjects);
        }

        /// <summary>Where a project library's project file is: restore records it relative to this project's directory.</summary>
        private static string? ProjectFile(string? projectDirectory, LockFileLibrary? library)
        {
            var relative = library?.MSBuildProject ?? library?.Path;
            if (string.IsNullOrEmpty(relative))
            {
                return null;
            }

            try
            {
                return Path.GetFullPath(projectDirectory is null ? relative! : Path.Combine(projectDirectory, relative!.Replace('\\', Path.DirectorySeparatorChar)));
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
            {
                return null;
            }
        }

        /// <summary>One package or project as several targets of a framework record it.</summary>
        private sealed class MergedNode
        {
            public MergedNode(string name, string version, LockFileLibrary? info)
            {
                Name = name;
                Version = version;
                Info = info;
            }

            public string Name { get; }
            public string Version { get; }
            public LockFileLibrary? Info { get; }
            public SortedSet<string> Dependencies { get; } = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
            public SortedSet<string> Assemblies { get; } = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        }

        /// <summary>A framework name, or null when it is malformed (NuGet throws for e.g. <c>.NETFramework,Version=vabc</c>).</summary>
        private static NuGetFramework? ParseFramework(string name)
        {
            try
            {
                return NuGetFramework.Parse(name);
            }
            catch (ArgumentException)
            {
                return null;
            }
        }
    }
}
