using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml;
using System.Xml.Linq;
using SupplyChainGuard.Policy;

namespace SupplyChainGuard.Packages
{
    /// <summary>
    /// Finds the line that declares a direct package: its <c>PackageReference</c>, or under central package
    /// management its <c>PackageVersion</c> (unless the reference carries a <c>VersionOverride</c>), its
    /// <c>GlobalPackageReference</c> or its <c>PackageDownload</c>; and the <c>ProjectReference</c> line of a
    /// referenced project. MSBuild
    /// items do not carry line numbers, but they do carry <c>DefiningProjectFullPath</c>, the file that
    /// declared them (<see cref="ReferenceDeclaration.DefiningFile"/>), which is read with line information.
    /// </summary>
    public sealed class ReferenceLocator
    {
        private readonly string _projectPath;
        private readonly bool _centralPackageManagement;
        private readonly Dictionary<string, ReferenceDeclaration> _references;
        private readonly Dictionary<string, ReferenceDeclaration> _versions;
        private readonly Dictionary<string, ReferenceDeclaration> _globals;
        private readonly Dictionary<string, ReferenceDeclaration> _downloads;
        private readonly IReadOnlyList<ReferenceDeclaration> _projectReferences;
        private readonly Dictionary<string, XDocument?> _documents = new(StringComparer.OrdinalIgnoreCase);

        public ReferenceLocator(string projectPath, bool centralPackageManagement, IEnumerable<ReferenceDeclaration> references, IEnumerable<ReferenceDeclaration> versions)
            : this(projectPath, centralPackageManagement, references, versions, Array.Empty<ReferenceDeclaration>(), Array.Empty<ReferenceDeclaration>(), Array.Empty<ReferenceDeclaration>())
        {
        }

        /// <param name="projectReferences"><c>ProjectReference</c> items; their ids are the Include as written, relative to the project directory.</param>
        /// <param name="globalReferences"><c>GlobalPackageReference</c> items (central package management).</param>
        /// <param name="downloads"><c>PackageDownload</c> items.</param>
        public ReferenceLocator(string projectPath, bool centralPackageManagement, IEnumerable<ReferenceDeclaration> references, IEnumerable<ReferenceDeclaration> versions,
            IEnumerable<ReferenceDeclaration> projectReferences, IEnumerable<ReferenceDeclaration> globalReferences, IEnumerable<ReferenceDeclaration> downloads)
        {
            _projectPath = projectPath;
            _centralPackageManagement = centralPackageManagement;
            _references = ByIdentity(references);
            _versions = ByIdentity(versions);
            _globals = ByIdentity(globalReferences);
            _downloads = ByIdentity(downloads);
            _projectReferences = projectReferences.ToList();
        }

        public ReferenceDeclaration? FindReference(string packageId) => _references.TryGetValue(packageId, out var item) ? item : null;

        /// <summary>The <c>ProjectReference</c> item that names this project file, if any.</summary>
        public ReferenceDeclaration? FindProjectReference(string projectFullPath) =>
            _projectReferences.FirstOrDefault(r => SamePath(Resolve(r.Id), projectFullPath));

        /// <summary>The <c>ProjectReference</c> line of a referenced project; the project file as a whole when none is found.</summary>
        public SourceLocation LocateProject(string? projectFullPath)
        {
            if (projectFullPath is not null)
            {
                var reference = FindProjectReference(projectFullPath);
                foreach (var file in new[] { reference?.DefiningFile, _projectPath })
                {
                    if (Find(file, "ProjectReference", include => include.Split(';').Any(part => SamePath(Resolve(part), projectFullPath))) is { } declared)
                    {
                        return declared;
                    }
                }
            }

            return new SourceLocation(_projectPath, 0, 0);
        }

        public SourceLocation Locate(string packageId)
        {
            // A GlobalPackageReference reaches the project as a PackageReference that NuGet's own targets declare.
            if (_globals.TryGetValue(packageId, out var global) && Find(global.DefiningFile, "GlobalPackageReference", packageId) is { } globalLine)
            {
                return globalLine;
            }

            if (_references.TryGetValue(packageId, out var reference))
            {
                var usesCentralVersion = _centralPackageManagement && string.IsNullOrEmpty(reference.VersionOverride);
                if (usesCentralVersion && _versions.TryGetValue(packageId, out var versionItem)
                    && Find(versionItem.DefiningFile, "PackageVersion", packageId) is { } central)
                {
                    return central;
                }

                if (Find(reference.DefiningFile, "PackageReference", packageId) is { } declared)
                {
                    return declared;
                }
            }

            if (_downloads.TryGetValue(packageId, out var download) && Find(download.DefiningFile, "PackageDownload", packageId) is { } downloadLine)
            {
                return downloadLine;
            }

            return Find(_projectPath, "PackageReference", packageId)
                ?? Find(_projectPath, "PackageDownload", packageId)
                ?? new SourceLocation(_projectPath, 0, 0);
        }

        private SourceLocation? Find(string? file, string elementName, string packageId) =>
            Find(file, elementName, include => include.Split(';').Any(part => string.Equals(part.Trim(), packageId, StringComparison.OrdinalIgnoreCase)));

        /// <summary>A ProjectReference's Include as a full path: MSBuild resolves item paths against the project directory,
        /// wherever the item is declared.</summary>
        private string? Resolve(string include)
        {
            try
            {
                var directory = Path.GetDirectoryName(_projectPath) ?? string.Empty;
                return Path.GetFullPath(Path.Combine(directory, include.Trim().Replace('\\', Path.DirectorySeparatorChar)));
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
            {
                return null;
            }
        }

        private static bool SamePath(string? a, string? b) => a is not null && b is not null && string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

        private SourceLocation? Find(string? file, string elementName, Func<string, bool> matches)
        {
            if (file is null || file.Length == 0)
            {
                return null;
            }

            if (!_documents.TryGetValue(file, out var document))
            {
                _documents[file] = document = Load(file);
            }

            if (document is null)
            {
                return null;
            }

            foreach (var element in document.Descendants().Where(e => e.Name.LocalName == elementName))
            {
                var include = (string?)element.Attribute("Include") ?? (string?)element.Attribute("Update");
                if (include is null)
                {
                    continue;
                }

                if (matches(include))
                {
                    // XML line information points at the element's name; MSBuild reports an element at its '<'.
                    var info = (IXmlLineInfo)element;
                    return new SourceLocation(file, info.LineNumber, Math.Max(1, info.LinePosition - 1));
                }
            }

            return null;
        }

        private static XDocument? Load(string file)
        {
            try
            {
                return File.Exists(file) ? XDocument.Load(file, LoadOptions.SetLineInfo) : null;
            }
            catch (Exception e) when (e is XmlException or IOException or UnauthorizedAccessException)
            {
                return null;
            }
        }

        private static Dictionary<string, ReferenceDeclaration> ByIdentity(IEnumerable<ReferenceDeclaration> items)
        {
            var map = new Dictionary<string, ReferenceDeclaration>(StringComparer.OrdinalIgnoreCase);
            foreach (var item in items)
            {
                // The first declaration wins, as it does for NuGet.
                if (!map.ContainsKey(item.Id))
                {
                    map[item.Id] = item;
                }
            }

            return map;
        }
    }
}
