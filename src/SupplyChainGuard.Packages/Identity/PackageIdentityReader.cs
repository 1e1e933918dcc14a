using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using NuGet.Packaging;
using NuGet.Packaging.Core;
using NuGet.Packaging.Signing;
using NuGet.Versioning;

namespace SupplyChainGuard.Packages
{
    /// <summary>
    /// Reads one package's identity from the packages folder: the nuspec (NuGet.Packaging's NuspecReader),
    /// the signature inside the .nupkg (NuGet.Packaging's signing API) and <c>.nupkg.metadata</c>.
    /// Never throws for a bad package: the problem is recorded and becomes SCG0902.
    /// </summary>
    public static class PackageIdentityReader
    {
        public static PackageIdentity Read(string id, string version, string? contentHash, IReadOnlyList<string> packageFolders)
        {
            var identity = new PackageIdentity { Id = id, Version = version, ContentHash = contentHash };
            try
            {
                var nugetVersion = NuGetVersion.Parse(version);
                var (resolver, folder) = FindInstall(id, nugetVersion, packageFolders);
                if (resolver is null)
                {
                    identity.Problem = packageFolders.Count == 0
                        ? "the assets file names no packages folder"
                        : $"the package is not in the packages folder ({string.Join(", ", packageFolders)}); run restore again";
                    return identity;
                }

                ReadMetadata(identity, resolver.GetNupkgMetadataPath(id, nugetVersion));

                var nupkgPath = resolver.GetPackageFilePath(id, nugetVersion);
                var nuspecPath = resolver.GetManifestFilePath(id, nugetVersion);
                if (!File.Exists(nupkgPath))
                {
                    identity.Problem = $"'{nupkgPath}' is missing, so its signature cannot be read";
                    if (File.Exists(nuspecPath))
                    {
                        ReadNuspec(identity, new NuspecReader(nuspecPath));
                    }

                    return identity;
                }

                var file = new FileInfo(nupkgPath);
                identity.PackageFile = file.FullName;
                identity.PackageFileLength = file.Length;
                identity.PackageFileTime = file.LastWriteTimeUtc.Ticks;
                using var stream = File.OpenRead(nupkgPath);
                using var archive = new PackageArchiveReader(stream);

                // The evidence is only worth what the file is: a package swapped in after restore (same id and
                // version, other content) would otherwise speak for the one restore verified.
                // Restore's content hash leaves the signature out (re-signing keeps it), and the signature is where the
                // owners are: so the whole file is also compared with .nupkg.sha512, which restore wrote beside it.
                var recorded = contentHash ?? identity.ContentHash;
                var fileHashPath = nupkgPath + ".sha512";
                if (recorded is null && !File.Exists(fileHashPath))
                {
                    identity.Problem = "restore recorded no hash of its content (no sha512 in the assets file, no .nupkg.metadata, no .nupkg.sha512), so what it says cannot be trusted";
                    return identity;
                }

                if (recorded is not null && archive.GetContentHash(CancellationToken.None) is var actual && !string.Equals(actual, recorded, StringComparison.Ordinal))
                {
                    identity.Problem = Differs(nupkgPath, actual, recorded, "the content hash");
                    return identity;
                }

                if (File.Exists(fileHashPath))
                {
                    var recordedFile = File.ReadAllText(fileHashPath).Trim();
                    stream.Position = 0;
                    using var sha512 = SHA512.Create();
                    var actualFile = Convert.ToBase64String(sha512.ComputeHash(stream));
                    stream.Position = 0;
                    if (!string.Equals(actualFile, recordedFile, StringComparison.Ordinal))
                    {
                        identity.Problem = Differs(nupkgPath, actualFile, recordedFile, "the file hash (.nupkg.sha512)");
                        return identity;
                    }
                }

                // The nuspec inside the archive, which the hash just vouched for, not the extracted copy beside it.
                ReadNuspec(identity, archive.NuspecReader);
                ReadSignature(identity, archive);
            }
            catch (Exception e) when (IsPackageProblem(e))
            {
                identity.Problem = Describe(e);
            }

            return identity;
        }

        private static string Differs(string nupkgPath, string actual, string recorded, string which) =>
            $"its content differs from what restore recorded: {which} of '{nupkgPath}' is SHA-512 {actual}, restore recorded {recorded}; the file was changed after restore, so nothing it says was trusted (restore again from a trusted feed)";

        private static (VersionFolderPathResolver? Resolver, string? Folder) FindInstall(string id, NuGetVersion version, IReadOnlyList<string> packageFolders)
        {
            foreach (var folder in packageFolders)
            {
                var resolver = new VersionFolderPathResolver(folder);
                if (Directory.Exists(resolver.GetInstallPath(id, version)))
                {
                    return (resolver, folder);
                }
            }

            return (null, null);
        }

        private static void ReadMetadata(PackageIdentity identity, string metadataPath)
        {
            if (!File.Exists(metadataPath))
            {
                return;
            }

            try
            {
                var metadata = NupkgMetadataFileFormat.Read(metadataPath);
                identity.Source = metadata.Source;
                identity.ContentHash ??= metadata.ContentHash;
            }
            catch (Exception e) when (IsPackageProblem(e))
            {
                // The feed is informative only; a damaged metadata file does not stop the identity check.
            }
        }

        private static void ReadNuspec(PackageIdentity identity, NuspecReader nuspec)
        {
            identity.Authors = SplitAuthors(nuspec.GetAuthors());
            identity.RepositoryUrl = NullIfEmpty(nuspec.GetRepositoryMetadata()?.Url);
            identity.ProjectUrl = NullIfEmpty(nuspec.GetProjectUrl());
        }

        private static void ReadSignature(PackageIdentity identity, PackageArchiveReader archive)
        {
            if (!archive.IsSignedAsync(CancellationToken.None).GetAwaiter().GetResult())
            {
                return;
            }

            var signature = archive.GetPrimarySignatureAsync(CancellationToken.None).GetAwaiter().GetResult();
            if (signature is null)
            {
                return;
            }

            identity.SignatureType = signature.Type.ToString();
            if (signature is RepositoryPrimarySignature repository)
            {
                identity.Owners = repository.PackageOwners?.ToList() ?? new List<string>();
                identity.OwnersSource = "repository signature";
                return;
            }

            var certificate = signature.SignerInfo.Certificate;
            if (certificate is not null)
            {
                identity.CertificateSubject = certificate.Subject;
                using var sha256 = SHA256.Create();
                identity.CertificateFingerprint = Hex.Upper(sha256.ComputeHash(certificate.RawData));
            }

            // Author-signed packages carry nuget.org's owners in the repository countersignature.
            var countersignature = RepositoryCountersignature.GetRepositoryCountersignature(signature);
            if (countersignature?.PackageOwners is { Count: > 0 } owners)
            {
                identity.Owners = owners.ToList();
                identity.OwnersSource = "repository countersignature";
            }
        }

        /// <summary>nuspec authors are one comma-separated string.</summary>
        public static List<string> SplitAuthors(string? authors) =>
            string.IsNullOrWhiteSpace(authors)
                ? new List<string>()
                : authors!.Split(',').Select(a => a.Trim()).Where(a => a.Length > 0).ToList();

        private static string? NullIfEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

        private static bool IsPackageProblem(Exception e) =>
            e is IOException or InvalidDataException or UnauthorizedAccessException or SignatureException
                or PackagingException or CryptographicException or FormatException or ArgumentException
                or InvalidOperationException or System.Xml.XmlException or NotSupportedException;

        private static string Describe(Exception e) => e switch
        {
            InvalidDataException => "the .nupkg is not a valid zip archive (corrupt or truncated): " + e.Message,
            SignatureException or CryptographicException => "its signature could not be read: " + e.Message,
            System.Xml.XmlException => "its nuspec is not valid XML: " + e.Message,
            _ => e.Message,
        };
    }
}
