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
    /// management its <c>PackageVersion</c> (unless the reference carries a <c>VersionOverride</c>). MSBuild
    /// items do not carry line numbers, but they do carry <c>DefiningProjectFullPath</c>, the file that
    /// declared them (<see cref="ReferenceDeclaration.DefiningFile"/>), which is read with line information.
    /// </summary>
    public sealed class ReferenceLocator
    {
        private readonly string _projectPath;
        private readonly bool _centralPackageManagement;
        private readonly Dictionary<string, ReferenceDeclaration> _references;
        private readonly Dictionary<string, ReferenceDeclaration> _versions;
        private readonly Dictionary<string, XDocument?> _documents = new(StringComparer.OrdinalIgnoreCase);

        public ReferenceLocator(string projectPath, bool centralPackageManagement, IEnumerable<ReferenceDeclaration> references, IEnumerable<ReferenceDeclaration> versions)
        {
            _projectPath = projectPath;
            _centralPackageManagement = centralPackageManagement;
            _references = ByIdentity(references);
            _versions = ByIdentity(versions);
        }

        public ReferenceDeclaration? FindReference(string packageId) => _references.TryGetValue(packageId, out var item) ? item : null;

        public SourceLocation Locate(string packageId)
        {
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

            return Find(_projectPath, "PackageReference", packageId) ?? new SourceLocation(_projectPath, 0, 0);
        }

        private SourceLocation? Find(string? file, string elementName, string packageId)
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

                if (include.Split(';').Any(part => string.Equals(part.Trim(), packageId, StringComparison.OrdinalIgnoreCase)))
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
