using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml;
using System.Xml.Linq;
using NuGet.Frameworks;

namespace SupplyChainGuard.Cli.Projects
{
    /// <summary>An item the package check reads (<c>PackageReference</c>, <c>PackageVersion</c>, <c>GlobalPackageReference</c>,
    /// <c>PackageDownload</c>, <c>ProjectReference</c>) as evaluation leaves it, with the file that declared it.</summary>
    internal sealed class EvaluatedItem
    {
        public EvaluatedItem(string itemType, string id, string? definingFile)
        {
            ItemType = itemType;
            Id = id;
            DefiningFile = definingFile;
        }

        public string ItemType { get; }
        public string Id { get; }

        /// <summary>MSBuild's <c>DefiningProjectFullPath</c>: the file whose XML declares the item.</summary>
        public string? DefiningFile { get; }

        public Dictionary<string, string> Metadata { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        public string? this[string name] => Metadata.TryGetValue(name, out var value) && value.Length > 0 ? value : null;
    }

    /// <summary>What a project file and the files it imports say, for one target framework.</summary>
    internal sealed class ProjectEvaluation
    {
        public ProjectEvaluation(string projectPath, IReadOnlyDictionary<string, string> properties, IReadOnlyList<EvaluatedItem> items, IReadOnlyList<string> files, IReadOnlyList<string> limits)
        {
            ProjectPath = projectPath;
            Properties = properties;
            Items = items;
            Files = files;
            Limits = limits;
        }

        public string ProjectPath { get; }
        public IReadOnlyDictionary<string, string> Properties { get; }
        public IReadOnlyList<EvaluatedItem> Items { get; }

        /// <summary>Every file read, the project first.</summary>
        public IReadOnlyList<string> Files { get; }

        /// <summary>What the read could not follow (a property function, a condition it does not know), each with its file and line.</summary>
        public IReadOnlyList<string> Limits { get; }

        public string? Property(string name) => Properties.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

        public bool IsTrue(string name) => string.Equals(Property(name)?.Trim(), "true", StringComparison.OrdinalIgnoreCase);

        public IEnumerable<EvaluatedItem> ItemsOf(string itemType) => Items.Where(i => string.Equals(i.ItemType, itemType, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// Reads a project the way MSBuild evaluates it, for the few things the package check needs (warning
    /// properties, the policy property, package items and the file that declares each), without MSBuild:
    /// Directory.Build.props, Directory.Packages.props, the project, explicit imports and Directory.Build.targets
    /// in MSBuild's order; every property first (pass 1), then items with the final properties (pass 2);
    /// global properties that the project cannot override; environment variables as properties. The SDK's own
    /// props and targets are not read. The package graph itself always comes from restore's assets file, so
    /// what this reader gets wrong can move a finding's line or level, never hide a package.
    /// </summary>
    internal sealed class StaticProjectEvaluator
    {
        /// <summary>The items the build task is given (see the package's targets), and so the ones this reader keeps.</summary>
        private static readonly HashSet<string> ItemTypes = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "PackageReference", "PackageVersion", "GlobalPackageReference", "PackageDownload", "ProjectReference",
        };

        private static readonly HashSet<string> ReservedAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "Include", "Update", "Remove", "Exclude", "Condition", "KeepMetadata", "RemoveMetadata", "KeepDuplicates", "MatchOnMetadata", "MatchOnMetadataOptions", "Label",
        };

        private readonly ConcurrentDictionary<string, XDocument?> _documents = new ConcurrentDictionary<string, XDocument?>(StringComparer.Ordinal);
        private readonly IReadOnlyDictionary<string, string> _environment;

        public StaticProjectEvaluator(IReadOnlyDictionary<string, string> environment)
        {
            _environment = environment;
        }

        public ProjectEvaluation Evaluate(string projectPath, IReadOnlyDictionary<string, string> globalProperties)
        {
            var run = new Run(this, Path.GetFullPath(projectPath), globalProperties);
            return run.Evaluate();
        }

        /// <summary>Parsed once per file per process: Directory.Build.props is shared by every project under it.</summary>
        internal XDocument? Load(string path) => _documents.GetOrAdd(path, p =>
        {
            try
            {
                return File.Exists(p) ? XDocument.Load(p, LoadOptions.SetLineInfo) : null;
            }
            catch (Exception e) when (e is XmlException or IOException or UnauthorizedAccessException)
            {
                return null;
            }
        });

        private sealed class Run
        {
            private readonly StaticProjectEvaluator _owner;
            private readonly string _projectPath;
            private readonly string _projectDirectory;
            private readonly Dictionary<string, string> _properties = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            private readonly HashSet<string> _global = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            private readonly List<(string File, XElement Element)> _itemGroups = new List<(string, XElement)>();
            private readonly List<EvaluatedItem> _items = new List<EvaluatedItem>();
            private readonly List<string> _files = new List<string>();
            private readonly List<string> _limits = new List<string>();
            private readonly HashSet<string> _imported = new HashSet<string>(StringComparer.Ordinal);
            private readonly MsBuildExpressions _expressions;
            private string _currentFile;

            public Run(StaticProjectEvaluator owner, string projectPath, IReadOnlyDictionary<string, string> globalProperties)
            {
                _owner = owner;
                _projectPath = projectPath;
                _projectDirectory = Path.GetDirectoryName(projectPath)!;
                _currentFile = projectPath;
                _expressions = new MsBuildExpressions(Lookup, _projectDirectory);

                foreach (var pair in owner._environment)
                {
                    if (IsValidPropertyName(pair.Key))
                    {
                        _properties[pair.Key] = pair.Value;
                    }
                }

                _properties["MSBuildProjectFullPath"] = projectPath;
                _properties["MSBuildProjectDirectory"] = _projectDirectory;
                _properties["MSBuildProjectFile"] = Path.GetFileName(projectPath);
                _properties["MSBuildProjectName"] = Path.GetFileNameWithoutExtension(projectPath);
                _properties["MSBuildProjectExtension"] = Path.GetExtension(projectPath);
                _properties["MSBuildRuntimeType"] = "Core";
                _properties["Configuration"] = "Debug";
                _properties["Platform"] = "AnyCPU";
                foreach (var pair in globalProperties)
                {
                    _properties[pair.Key] = pair.Value;
                    _global.Add(pair.Key);
                }
            }

            public ProjectEvaluation Evaluate()
            {
                var project = _owner.Load(_projectPath);
                if (project?.Root is null)
                {
                    throw new ProjectReadException($"'{_projectPath}' is not a readable MSBuild project file");
                }

                // Pass 1: properties, in import order; item groups are collected in the same order for pass 2.
                var usesSdk = project.Root.Attribute("Sdk") is not null;
                if (usesSdk)
                {
                    ImportSdkProps();
                }

                ReadFile(_projectPath, project.Root, sdkImplicit: !usesSdk);
                if (usesSdk)
                {
                    ImportSdkTargets();
                }

                // The SDK infers these from TargetFramework in its targets; item conditions see them.
                if (Lookup("TargetFramework") is { Length: > 0 } tfm && Lookup("TargetFrameworkIdentifier") is null)
                {
                    var framework = NuGetFramework.Parse(tfm);
                    if (!framework.IsUnsupported)
                    {
                        _properties["TargetFrameworkIdentifier"] = framework.Framework;
                        _properties["TargetFrameworkVersion"] = "v" + framework.Version.ToString(2);
                    }
                }

                // Pass 2: items, with every property final.
                foreach (var (file, group) in _itemGroups)
                {
                    _currentFile = file;
                    SetThisFile(file);
                    if (!Condition(group))
                    {
                        continue;
                    }

                    foreach (var element in group.Elements().Where(e => ItemTypes.Contains(e.Name.LocalName)))
                    {
                        if (Condition(element))
                        {
                            ApplyItem(file, element);
                        }
                    }
                }

                return new ProjectEvaluation(_projectPath, new Dictionary<string, string>(_properties, StringComparer.OrdinalIgnoreCase), _items, _files, _limits);
            }

            private void ImportSdkProps()
            {
                if (!IsFalse("ImportDirectoryBuildProps"))
                {
                    var path = Lookup("DirectoryBuildPropsPath") is { Length: > 0 } explicitPath
                        ? Path.GetFullPath(Path.Combine(_projectDirectory, MsBuildExpressions.ToNative(explicitPath)))
                        : FileAbove(_projectDirectory, "Directory.Build.props");
                    if (path is not null)
                    {
                        Import(path);
                    }
                }

                if (!IsFalse("ImportDirectoryPackagesProps"))
                {
                    var path = Lookup("DirectoryPackagesPropsPath") is { Length: > 0 } explicitPath
                        ? Path.GetFullPath(Path.Combine(_projectDirectory, MsBuildExpressions.ToNative(explicitPath)))
                        : FileAbove(_projectDirectory, "Directory.Packages.props");
                    if (path is not null)
                    {
                        Import(path);
                    }
                }
            }

            private void ImportSdkTargets()
            {
                if (!IsFalse("ImportDirectoryBuildTargets"))
                {
                    var path = Lookup("DirectoryBuildTargetsPath") is { Length: > 0 } explicitPath
                        ? Path.GetFullPath(Path.Combine(_projectDirectory, MsBuildExpressions.ToNative(explicitPath)))
                        : FileAbove(_projectDirectory, "Directory.Build.targets");
                    if (path is not null)
                    {
                        Import(path);
                    }
                }
            }

            private bool IsFalse(string property) => string.Equals(Lookup(property)?.Trim(), "false", StringComparison.OrdinalIgnoreCase);

            private void Import(string path)
            {
                // MSBuild imports a file once per evaluation (MSB4011 for the second time).
                if (!_imported.Add(path))
                {
                    return;
                }

                var document = _owner.Load(path);
                if (document?.Root is null)
                {
                    if (File.Exists(path))
                    {
                        _limits.Add($"'{path}' could not be read as XML");
                    }

                    return;
                }

                var saved = _currentFile;
                ReadFile(path, document.Root, sdkImplicit: false);
                _currentFile = saved;
                SetThisFile(saved);
            }

            private void ReadFile(string file, XElement root, bool sdkImplicit)
            {
                _files.Add(file);
                _imported.Add(file);
                _currentFile = file;
                SetThisFile(file);
                ReadChildren(file, root, sdkImplicit);
            }

            private void ReadChildren(string file, XElement parent, bool sdkImplicit)
            {
                foreach (var element in parent.Elements())
                {
                    switch (element.Name.LocalName)
                    {
                        case "PropertyGroup":
                            if (Condition(element))
                            {
                                foreach (var property in element.Elements())
                                {
                                    SetProperty(property);
                                }
                            }

                            break;
                        case "ItemGroup":
                            _itemGroups.Add((file, element));
                            break;
                        case "Import":
                            ReadImport(file, element);
                            break;
                        case "ImportGroup":
                            if (Condition(element))
                            {
                                foreach (var import in element.Elements().Where(e => e.Name.LocalName == "Import"))
                                {
                                    ReadImport(file, import);
                                }
                            }

                            break;
                        case "Choose":
                            ReadChoose(file, element, sdkImplicit);
                            break;
                    }
                }
            }

            private void ReadChoose(string file, XElement choose, bool sdkImplicit)
            {
                foreach (var branch in choose.Elements())
                {
                    if (branch.Name.LocalName == "When" && Condition(branch))
                    {
                        ReadChildren(file, branch, sdkImplicit);
                        return;
                    }

                    if (branch.Name.LocalName == "Otherwise")
                    {
                        ReadChildren(file, branch, sdkImplicit);
                        return;
                    }
                }
            }

            private void ReadImport(string file, XElement import)
            {
                var sdk = (string?)import.Attribute("Sdk");
                var project = (string?)import.Attribute("Project") ?? string.Empty;
                if (sdk is not null)
                {
                    // <Import Project="Sdk.props" Sdk="Microsoft.NET.Sdk" />: the SDK's own files import the Directory.* ones.
                    if (project.EndsWith("Sdk.props", StringComparison.OrdinalIgnoreCase))
                    {
                        ImportSdkProps();
                    }
                    else if (project.EndsWith("Sdk.targets", StringComparison.OrdinalIgnoreCase))
                    {
                        ImportSdkTargets();
                    }

                    return;
                }

                if (!Condition(import))
                {
                    return;
                }

                string expanded;
                try
                {
                    expanded = _expressions.Expand(project).Trim();
                }
                catch (UnsupportedExpressionException e)
                {
                    Limit(import, "an import whose path uses " + e.Message + " was not followed");
                    return;
                }

                if (expanded.Length == 0)
                {
                    return;
                }

                var full = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, MsBuildExpressions.ToNative(expanded)));
                if (full.IndexOfAny(new[] { '*', '?' }) >= 0)
                {
                    var directory = Path.GetDirectoryName(full)!;
                    if (Directory.Exists(directory))
                    {
                        foreach (var match in Directory.GetFiles(directory, Path.GetFileName(full)).OrderBy(f => f, StringComparer.Ordinal))
                        {
                            Import(match);
                        }
                    }

                    return;
                }

                if (File.Exists(full))
                {
                    Import(full);
                }
                else if (!IsUnderMsBuildInstallation(project))
                {
                    Limit(import, $"the import '{expanded}' does not exist");
                }
            }

            /// <summary>Imports of MSBuild's own files (legacy projects) are what the SDK reads, not the repository.</summary>
            private static bool IsUnderMsBuildInstallation(string project) =>
                project.IndexOf("$(MSBuildExtensionsPath", StringComparison.OrdinalIgnoreCase) >= 0
                || project.IndexOf("$(MSBuildToolsPath", StringComparison.OrdinalIgnoreCase) >= 0
                || project.IndexOf("$(MSBuildBinPath", StringComparison.OrdinalIgnoreCase) >= 0
                || project.IndexOf("$(VSToolsPath", StringComparison.OrdinalIgnoreCase) >= 0
                || project.IndexOf("$(MSBuildSDKsPath", StringComparison.OrdinalIgnoreCase) >= 0;

            private void SetProperty(XElement property)
            {
                var name = property.Name.LocalName;
                if (_global.Contains(name) || !Condition(property))
                {
                    return;
                }

                try
                {
                    _properties[name] = _expressions.Expand(property.Value.Trim());
                }
                catch (UnsupportedExpressionException e)
                {
                    Limit(property, $"the property '{name}' uses {e.Message}; it was left as it was before");
                }
            }

            private void ApplyItem(string file, XElement element)
            {
                var type = element.Name.LocalName;
                string? Attribute(string name) => (string?)element.Attribute(name);
                try
                {
                    if (Attribute("Include") is { } include)
                    {
                        foreach (var id in Split(_expressions.Expand(include)))
                        {
                            if (id.IndexOf("@(", StringComparison.Ordinal) >= 0 || id.IndexOf("%(", StringComparison.Ordinal) >= 0)
                            {
                                Limit(element, $"the {type} '{id}' names items or metadata; it was left out");
                                continue;
                            }

                            var item = new EvaluatedItem(type, id, file);
                            ReadMetadata(element, item);
                            _items.Add(item);
                            if (type.Equals("GlobalPackageReference", StringComparison.OrdinalIgnoreCase))
                            {
                                // NuGet's targets turn it into a PackageReference, which they then declare; the task gets
                                // both, and reports at the GlobalPackageReference's line.
                                var reference = new EvaluatedItem("PackageReference", id, null);
                                ReadMetadata(element, reference);
                                _items.Add(reference);
                            }
                        }
                    }
                    else if (Attribute("Update") is { } update)
                    {
                        var ids = new HashSet<string>(Split(_expressions.Expand(update)), StringComparer.OrdinalIgnoreCase);
                        foreach (var item in _items.Where(i => string.Equals(i.ItemType, type, StringComparison.OrdinalIgnoreCase) && ids.Contains(i.Id)))
                        {
                            ReadMetadata(element, item);
                        }
                    }
                    else if (Attribute("Remove") is { } remove)
                    {
                        var ids = new HashSet<string>(Split(_expressions.Expand(remove)), StringComparer.OrdinalIgnoreCase);
                        _items.RemoveAll(i => string.Equals(i.ItemType, type, StringComparison.OrdinalIgnoreCase) && ids.Contains(i.Id));
                    }
                }
                catch (UnsupportedExpressionException e)
                {
                    Limit(element, $"a {type} uses {e.Message}; it was left out");
                }
            }

            private void ReadMetadata(XElement element, EvaluatedItem item)
            {
                foreach (var attribute in element.Attributes().Where(a => !ReservedAttributes.Contains(a.Name.LocalName)))
                {
                    item.Metadata[attribute.Name.LocalName] = _expressions.Expand(attribute.Value);
                }

                foreach (var child in element.Elements())
                {
                    if (Condition(child))
                    {
                        item.Metadata[child.Name.LocalName] = _expressions.Expand(child.Value.Trim());
                    }
                }
            }

            private static IEnumerable<string> Split(string list) =>
                list.Split(';').Select(p => p.Trim()).Where(p => p.Length > 0);

            private bool Condition(XElement element)
            {
                var condition = (string?)element.Attribute("Condition");
                if (condition is null)
                {
                    return true;
                }

                try
                {
                    return _expressions.Condition(condition);
                }
                catch (UnsupportedExpressionException e)
                {
                    // Unknown means "not taken": NoWarn under it is not applied, so a finding is reported rather than hidden.
                    Limit(element, $"{e.Message} was not understood and treated as false");
                    return false;
                }
            }

            private void Limit(XElement element, string text)
            {
                var line = ((IXmlLineInfo)element).LineNumber;
                _limits.Add($"{_currentFile}({line}): {text}");
            }

            private string? Lookup(string name) => _properties.TryGetValue(name, out var value) ? value : null;

            private void SetThisFile(string file)
            {
                _properties["MSBuildThisFileFullPath"] = file;
                _properties["MSBuildThisFileDirectory"] = MsBuildExpressions.EnsureTrailingSlash(Path.GetDirectoryName(file)!);
                _properties["MSBuildThisFile"] = Path.GetFileName(file);
                _properties["MSBuildThisFileName"] = Path.GetFileNameWithoutExtension(file);
                _properties["MSBuildThisFileExtension"] = Path.GetExtension(file);
            }

            private static string? FileAbove(string directory, string name)
            {
                for (var at = new DirectoryInfo(directory); at is not null; at = at.Parent)
                {
                    var candidate = Path.Combine(at.FullName, name);
                    if (File.Exists(candidate))
                    {
                        return candidate;
                    }
                }

                return null;
            }

            private static bool IsValidPropertyName(string name) =>
                name.Length > 0 && (char.IsLetter(name[0]) || name[0] == '_') && name.All(c => char.IsLetterOrDigit(c) || c == '_' || c == '-');
        }
    }

    internal sealed class ProjectReadException : Exception
    {
        public ProjectReadException(string message)
            : base(message)
        {
        }
    }
}
