using System;
using System.Collections.Generic;

namespace SupplyChainGuard.Packages
{
    /// <summary>One package in a project's restore graph for one target framework.</summary>
    public sealed class PackageNode
    {
        public PackageNode(string id, string version, string? sha512, string? path, IReadOnlyList<string> dependencies, IReadOnlyList<string> assemblies)
        {
            Id = id;
            Version = version;
            Sha512 = sha512;
            Path = path;
            Dependencies = dependencies;
            Assemblies = assemblies;
            Key = id;
        }

        public string Id { get; }

        /// <summary>
        /// How the graph, its routes and the identities name this node: the id, or <c>id@version</c> for a second
        /// version of an id (a <c>PackageDownload</c> of another version than the graph resolved).
        /// </summary>
        public string Key { get; internal set; } = string.Empty;

        /// <summary>True for a <c>PackageDownload</c>: fetched into the packages folder, never part of the graph.</summary>
        public bool IsDownload { get; internal set; }

        /// <summary>The normalized version string, e.g. <c>4.15.10</c>.</summary>
        public string Version { get; }

        /// <summary>The package's content hash as restore recorded it; keys the identity cache.</summary>
        public string? Sha512 { get; }

        /// <summary>The package's folder relative to a packages folder, e.g. <c>baidu.ai/4.15.10</c>.</summary>
        public string? Path { get; }

        /// <summary>Ids of the packages this one depends on, as resolved in this graph.</summary>
        public IReadOnlyList<string> Dependencies { get; }

        /// <summary>Simple names of the assemblies the package gives this target (compile and runtime).</summary>
        public IReadOnlyList<string> Assemblies { get; }

        public override string ToString() => $"{Id} {Version}";
    }

    /// <summary>A direct package dependency of the project, as the project file declares it.</summary>
    public sealed class DirectDependency
    {
        public DirectDependency(string id, bool autoReferenced)
        {
            Id = id;
            AutoReferenced = autoReferenced;
        }

        public string Id { get; }

        /// <summary>Added by the SDK (for example NETStandard.Library), not written by the user.</summary>
        public bool AutoReferenced { get; }
    }

    /// <summary>A project the project references (directly or through another project), as restore recorded it.</summary>
    public sealed class ProjectNode
    {
        public ProjectNode(string name, string? fullPath, IReadOnlyList<string> dependencies)
        {
            Name = name;
            FullPath = fullPath;
            Dependencies = dependencies;
        }

        /// <summary>The name restore gives the project in the graph (its library name).</summary>
        public string Name { get; }

        /// <summary>The project file, or null when the assets file does not say where it is.</summary>
        public string? FullPath { get; }

        /// <summary>Names of the packages and projects it brings in, as resolved in this graph.</summary>
        public IReadOnlyList<string> Dependencies { get; }

        /// <summary>How a route names the project: <c>Lib (project)</c>.</summary>
        public override string ToString() => Name + " (project)";
    }

    /// <summary>
    /// The packages a project uses for one target framework, RID-specific graphs included: what it references
    /// directly (<see cref="Direct"/>), the projects it references (<see cref="DirectProjects"/>), and everything
    /// those bring in. Packages that arrive through a ProjectReference are in the graph too: the checker decides
    /// whether this project or the referenced one reports them.
    /// </summary>
    public sealed class PackageGraph
    {
        private readonly Dictionary<string, PackageNode> _packages;
        private readonly Dictionary<string, ProjectNode> _projects;

        public PackageGraph(string projectName, string? targetFramework, IReadOnlyList<DirectDependency> direct, IEnumerable<PackageNode> packages, IReadOnlyList<string> packageFolders)
            : this(projectName, targetFramework, direct, packages, packageFolders, Array.Empty<ProjectNode>(), Array.Empty<string>())
        {
        }

        public PackageGraph(string projectName, string? targetFramework, IReadOnlyList<DirectDependency> direct, IEnumerable<PackageNode> packages, IReadOnlyList<string> packageFolders,
            IEnumerable<ProjectNode> projects, IReadOnlyList<string> directProjects)
        {
            ProjectName = projectName;
            TargetFramework = targetFramework;
            Direct = direct;
            PackageFolders = packageFolders;
            DirectProjects = directProjects;
            _packages = new Dictionary<string, PackageNode>(StringComparer.OrdinalIgnoreCase);
            foreach (var package in packages)
            {
                _packages[package.Key] = package;
            }

            _projects = new Dictionary<string, ProjectNode>(StringComparer.OrdinalIgnoreCase);
            foreach (var project in projects)
            {
                _projects[project.Name] = project;
            }
        }

        /// <summary>Names of the projects this project references itself (see <see cref="FindProject"/>).</summary>
        public IReadOnlyList<string> DirectProjects { get; }

        /// <summary>Every referenced project, direct or transitive.</summary>
        public IEnumerable<ProjectNode> Projects => _projects.Values;

        public ProjectNode? FindProject(string name) => _projects.TryGetValue(name, out var node) ? node : null;

        public string ProjectName { get; }

        public string? TargetFramework { get; }

        public IReadOnlyList<DirectDependency> Direct { get; }

        /// <summary>The global packages folder first, then fallback folders, as restore used them.</summary>
        public IReadOnlyList<string> PackageFolders { get; }

        public IEnumerable<PackageNode> AllPackages => _packages.Values;

        /// <summary>The package with this key (its id, see <see cref="PackageNode.Key"/>).</summary>
        public PackageNode? Find(string id) => _packages.TryGetValue(id, out var node) ? node : null;

        public static PackageGraph Empty(string projectName) =>
            new PackageGraph(projectName, null, Array.Empty<DirectDependency>(), Array.Empty<PackageNode>(), Array.Empty<string>());
    }
}
