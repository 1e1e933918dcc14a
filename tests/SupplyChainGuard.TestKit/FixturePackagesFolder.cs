using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Threading;
using NuGet.Common;
using NuGet.Packaging;
using NuGet.Packaging.Signing;

namespace SupplyChainGuard.TestKit
{
    /// <summary>
    /// Lays packages out as restore does in a packages folder (the global packages folder):
    /// <c>&lt;id lower&gt;/&lt;version&gt;/&lt;id lower&gt;.&lt;version&gt;.nupkg</c> with its nuspec,
    /// <c>.nupkg.sha512</c> and <c>.nupkg.metadata</c> beside it.
    /// </summary>
    public static class FixturePackagesFolder
    {
        /// <summary>The feed written into <c>.nupkg.metadata</c> when none is given.</summary>
        public const string DefaultSource = "https://fixtures.supplychainguard.test/v3/index.json";

        /// <summary>Builds <paramref name="package"/> and installs it into <paramref name="packagesFolder"/>.</summary>
        /// <returns>The package's install folder, e.g. <c>{packagesFolder}/acme.wrapper/1.0.0</c>.</returns>
        public static string InstallTo(this FixturePackage package, string packagesFolder, string? source = DefaultSource)
        {
            var staging = Path.Combine(packagesFolder, ".staging-" + Guid.NewGuid().ToString("N"));
            try
            {
                return Install(package.WriteTo(staging), packagesFolder, source);
            }
            finally
            {
                Directory.Delete(staging, recursive: true);
            }
        }

        /// <summary>Installs an existing .nupkg (a fixture, or a copy of a real package) into a packages folder.</summary>
        /// <param name="source">The feed recorded in <c>.nupkg.metadata</c>; null writes no metadata file.</param>
        /// <returns>The package's install folder.</returns>
        public static string Install(string nupkgPath, string packagesFolder, string? source = DefaultSource)
        {
            NuGet.Packaging.Core.PackageIdentity identity;
            byte[] nuspec;
            using (var reader = new PackageArchiveReader(nupkgPath))
            {
                identity = reader.GetIdentity();
                using var stream = reader.GetNuspec();
                using var buffer = new MemoryStream();
                stream.CopyTo(buffer);
                nuspec = buffer.ToArray();
            }

            var resolver = new VersionFolderPathResolver(packagesFolder);
            var installPath = resolver.GetInstallPath(identity.Id, identity.Version);
            Directory.CreateDirectory(installPath);

            var target = resolver.GetPackageFilePath(identity.Id, identity.Version);
            File.Copy(nupkgPath, target, overwrite: true);
            File.WriteAllBytes(resolver.GetManifestFilePath(identity.Id, identity.Version), nuspec);

            // As restore does: .nupkg.sha512 holds the hash of the file, .nupkg.metadata the content hash
            // (for a signed package, the hash of the package without its signature).
            File.WriteAllText(resolver.GetHashPath(identity.Id, identity.Version), FileHash(target));
            var hash = ContentHash(target);
            if (source is not null)
            {
                NupkgMetadataFileFormat.Write(resolver.GetNupkgMetadataPath(identity.Id, identity.Version),
                    new NupkgMetadataFile { ContentHash = hash, Source = source });
            }

            return installPath;
        }

        /// <summary>
        /// A package's content hash, base64 SHA-512, as restore writes it into the assets file (<c>sha512</c>) and
        /// <c>.nupkg.metadata</c>: for a signed package it leaves the signature out, so re-signing keeps it.
        /// </summary>
        public static string ContentHash(string nupkgPath)
        {
            using var reader = new PackageArchiveReader(nupkgPath);
            return reader.GetContentHash(CancellationToken.None);
        }

        /// <summary>The base64 SHA-512 of the whole file, as restore writes it into <c>.nupkg.sha512</c>.</summary>
        public static string FileHash(string path)
        {
            using var stream = File.OpenRead(path);
            using var sha = SHA512.Create();
            return Convert.ToBase64String(sha.ComputeHash(stream));
        }
    }

    public static class FixtureSigning
    {
        /// <summary>
        /// Adds a repository countersignature naming <paramref name="owners"/> to an author-signed package, in
        /// place, as nuget.org does when it accepts an author-signed package.
        /// </summary>
        public static void AddRepositoryCountersignature(string authorSignedNupkgPath, IReadOnlyList<string> owners,
            string repositoryCertificateSubject = "CN=SupplyChainGuard Test Repository")
        {
            var countersigned = authorSignedNupkgPath + ".countersigned";
            using (var certificate = FixtureCertificates.Create(repositoryCertificateSubject))
            using (var request = new RepositorySignPackageRequest(certificate, NuGet.Common.HashAlgorithmName.SHA256, NuGet.Common.HashAlgorithmName.SHA256,
                new Uri("https://api.nuget.org/v3/index.json"), owners))
            using (var options = SigningOptions.CreateFromFilePaths(authorSignedNupkgPath, countersigned, overwrite: true,
                new X509SignatureProvider(timestampProvider: null), NullLogger.Instance))
            {
                SigningUtility.SignAsync(options, request, CancellationToken.None).GetAwaiter().GetResult();
            }

            File.Move(countersigned, authorSignedNupkgPath, overwrite: true);
        }
    }
}
