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
        }

        public string Id { get; }

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

    /// <summary>
    /// The packages a project uses for one target framework: what it references directly and everything
    /// those bring in. Packages that arrive only through a ProjectReference belong to the project that
    /// declares them: the checker walks the graph from <see cref="Direct"/> only.
    /// </summary>
    public sealed class PackageGraph
    {
        private readonly Dictionary<string, PackageNode> _packages;

        public PackageGraph(string projectName, string? targetFramework, IReadOnlyList<DirectDependency> direct, IEnumerable<PackageNode> packages, IReadOnlyList<string> packageFolders)
        {
            ProjectName = projectName;
            TargetFramework = targetFramework;
            Direct = direct;
            PackageFolders = packageFolders;
            _packages = new Dictionary<string, PackageNode>(StringComparer.OrdinalIgnoreCase);
            foreach (var package in packages)
            {
                _packages[package.Id] = package;
            }
        }

        public string ProjectName { get; }

        public string? TargetFramework { get; }

        public IReadOnlyList<DirectDependency> Direct { get; }

        /// <summary>The global packages folder first, then fallback folders, as restore used them.</summary>
        public IReadOnlyList<string> PackageFolders { get; }

        public IEnumerable<PackageNode> AllPackages => _packages.Values;

        public PackageNode? Find(string id) => _packages.TryGetValue(id, out var node) ? node : null;

        public static PackageGraph Empty(string projectName) =>
            new PackageGraph(projectName, null, Array.Empty<DirectDependency>(), Array.Empty<PackageNode>(), Array.Empty<string>());
    }
}
