using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using NuGet.Common;
using NuGet.Frameworks;
using NuGet.Packaging;
using NuGet.Packaging.Core;
using NuGet.Packaging.Signing;
using NuGet.Versioning;

namespace SupplyChainGuard.TestKit
{
    /// <summary>
    /// A package made for a test: id, version, nuspec metadata, dependencies, optionally signed offline with
    /// a repository signature that names owners (as nuget.org does) or an author signature. Never published.
    /// </summary>
    public sealed class FixturePackage
    {
        public FixturePackage(string id, string version = "1.0.0")
        {
            Id = id;
            Version = version;
        }

        public string Id { get; }
        public string Version { get; }
        public string Authors { get; set; } = "Fixture Author";
        public string? RepositoryUrl { get; set; }
        public string? ProjectUrl { get; set; }
        public List<(string Id, string Version)> Dependencies { get; } = new();

        /// <summary>Extra files by their path in the package (for example <c>runtime.json</c>), beside the readme.</summary>
        public Dictionary<string, string> Files { get; } = new(StringComparer.Ordinal);

        /// <summary>When set, the package gets a repository signature naming these owners.</summary>
        public string[]? RepositoryOwners { get; set; }

        /// <summary>When set, the package gets an author signature with a certificate of this subject.</summary>
        public string? AuthorCertificateSubject { get; set; }

        /// <summary>
        /// When set, signs with this certificate (it must hold its private key) instead of a fresh self-signed one,
        /// so that many fixtures can be signed without generating an RSA key each. The caller owns and disposes it.
        /// </summary>
        public X509Certificate2? SigningCertificate { get; set; }

        public FixturePackage DependsOn(string id, string version = "1.0.0")
        {
            Dependencies.Add((id, version));
            return this;
        }

        public string FileName => $"{Id.ToLowerInvariant()}.{NuGetVersion.Parse(Version).ToNormalizedString()}.nupkg";

        /// <summary>Writes the .nupkg into <paramref name="directory"/> and returns its path.</summary>
        public string WriteTo(string directory)
        {
            Directory.CreateDirectory(directory);
            var builder = new PackageBuilder
            {
                Id = Id,
                Version = NuGetVersion.Parse(Version),
                Description = $"Fixture package {Id} for SupplyChainGuard tests.",
            };
            builder.Authors.Add(Authors);
            if (RepositoryUrl is not null)
            {
                builder.Repository = new RepositoryMetadata("git", RepositoryUrl, string.Empty, string.Empty);
            }

            if (ProjectUrl is not null)
            {
                builder.ProjectUrl = new Uri(ProjectUrl);
            }

            builder.DependencyGroups.Add(new PackageDependencyGroup(
                NuGetFramework.Parse("netstandard2.0"),
                Dependencies.Select(d => new PackageDependency(d.Id, VersionRange.Parse(d.Version)))));
            builder.Files.Add(new InMemoryFile("readme.txt", "fixture"));
            foreach (var file in Files)
            {
                builder.Files.Add(new InMemoryFile(file.Key, file.Value));
            }

            var path = Path.Combine(directory, FileName);
            var unsigned = path + ".unsigned";
            using (var stream = File.Create(unsigned))
            {
                builder.Save(stream);
            }

            if (RepositoryOwners is null && AuthorCertificateSubject is null)
            {
                File.Move(unsigned, path, overwrite: true);
                return path;
            }

            // The sign request disposes the certificate it is given, so a shared one is handed over as a copy.
            using var certificate = SigningCertificate is null
                ? FixtureCertificates.Create(AuthorCertificateSubject ?? "CN=SupplyChainGuard Test Repository")
                : new X509Certificate2(SigningCertificate);
            SignPackageRequest request = AuthorCertificateSubject is not null
                ? new AuthorSignPackageRequest(certificate, NuGet.Common.HashAlgorithmName.SHA256)
                : new RepositorySignPackageRequest(certificate, NuGet.Common.HashAlgorithmName.SHA256, NuGet.Common.HashAlgorithmName.SHA256,
                    new Uri("https://api.nuget.org/v3/index.json"), RepositoryOwners);
            using (var options = SigningOptions.CreateFromFilePaths(unsigned, path, overwrite: true,
                new X509SignatureProvider(timestampProvider: null), NullLogger.Instance))
            {
                SigningUtility.SignAsync(options, request, CancellationToken.None).GetAwaiter().GetResult();
            }

            request.Dispose();
            File.Delete(unsigned);
            return path;
        }

        private sealed class InMemoryFile : IPackageFile
        {
            private readonly byte[] _content;

            public InMemoryFile(string path, string content)
            {
                Path = path;
                _content = System.Text.Encoding.UTF8.GetBytes(content);
            }

            public string Path { get; }
            public string EffectivePath => Path;
            public System.Runtime.Versioning.FrameworkName TargetFramework => null!;
            public NuGetFramework NuGetFramework => null!;
            public DateTimeOffset LastWriteTime => new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
            public Stream GetStream() => new MemoryStream(_content);
        }
    }

    public static class FixtureCertificates
    {
        /// <summary>A self-signed code-signing certificate, valid from yesterday for a year.</summary>
        public static X509Certificate2 Create(string subject)
        {
            using var rsa = RSA.Create(2048);
            var request = new CertificateRequest(new X500DistinguishedName(subject), rsa, System.Security.Cryptography.HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.3") }, false));
            var now = DateTimeOffset.UtcNow;
            using var created = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));
            return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
        }
    }
}
