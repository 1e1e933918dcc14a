namespace SupplyChainGuard.Packages
{
    /// <summary>
    /// A package item as the project declares it (<c>PackageReference</c>, <c>PackageVersion</c>, ...), with the
    /// file that declared it. The build task fills it from MSBuild's evaluated items; the CLI from the project
    /// files it reads. The engine never sees MSBuild types, so both hosts share one path.
    /// </summary>
    public sealed class ReferenceDeclaration
    {
        public ReferenceDeclaration(string id, string? definingFile = null)
        {
            Id = id;
            DefiningFile = definingFile;
        }

        /// <summary>The item's Include (or Update): the package id.</summary>
        public string Id { get; }

        /// <summary>The file whose XML declares the item (MSBuild's <c>DefiningProjectFullPath</c>).</summary>
        public string? DefiningFile { get; }

        public string? Version { get; set; }

        public string? VersionOverride { get; set; }

        /// <summary>The item's own <c>NoWarn</c> metadata, as written.</summary>
        public string? NoWarn { get; set; }

        public override string ToString() => Id;
    }
}
