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

            var target = lockFile.Targets.FirstOrDefault(t => t.TargetFramework == framework.FrameworkName && string.IsNullOrEmpty(t.RuntimeIdentifier));
            var libraries = lockFile.Libraries.ToDictionary(l => l.Name + "/" + l.Version.ToNormalizedString(), StringComparer.OrdinalIgnoreCase);

            var nodes = new List<PackageNode>();
            if (target is not null)
            {
                foreach (var library in target.Libraries)
                {
                    if (!string.Equals(library.Type, "package", StringComparison.OrdinalIgnoreCase) || library.Name is null || library.Version is null)
                    {
                        continue;
                    }

                    var version = library.Version.ToNormalizedString();
                    libraries.TryGetValue(library.Name + "/" + version, out var info);
                    var dependencies = library.Dependencies.Select(d => d.Id).ToArray();
                    var assemblies = library.CompileTimeAssemblies.Concat(library.RuntimeAssemblies)
                        .Select(item => item.Path)
                        .Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
                        .Select(Path.GetFileNameWithoutExtension)
                        .Distinct(StringComparer.OrdinalIgnoreCase)
                        .OrderBy(n => n, StringComparer.OrdinalIgnoreCase)
                        .ToArray();
                    nodes.Add(new PackageNode(library.Name, version, info?.Sha512, info?.Path, dependencies, assemblies!));
                }
            }

            var direct = framework.Dependencies
                .Where(d => d.LibraryRange.TypeConstraintAllows(NuGet.LibraryModel.LibraryDependencyTarget.Package))
                .Select(d => new DirectDependency(d.Name, d.AutoReferenced))
                .ToArray();

            var folders = lockFile.PackageFolders.Select(f => f.Path).ToArray();
            return new PackageGraph(projectName, framework.TargetAlias, direct, nodes, folders);
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
