using System;
using System.Collections.Generic;
using System.IO;
using Xunit;

namespace SupplyChainGuard.EndToEnd.Tests
{
    /// <summary>
    /// Once per test run: packs SupplyChainGuard into a temporary feed, adds fixture packages for vendors
    /// the registry lacks, and gives every consumer build the same isolated NUGET_PACKAGES folder.
    /// </summary>
    public sealed class PackedPackageFixture : IDisposable
    {
        public const string PackageVersion = "0.1.0";

        public PackedPackageFixture()
        {
            RepositoryRoot = FindRepositoryRoot();
            Root = Path.Combine(Path.GetTempPath(), "scg-e2e-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            Feed = Path.Combine(Root, "feed");
            PackagesFolder = Path.Combine(Root, "packages");
            Directory.CreateDirectory(Feed);
            Directory.CreateDirectory(PackagesFolder);

            var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
            var pack = DotNet.Run(RepositoryRoot, null,
                "pack", Path.Combine(RepositoryRoot, "src", "SupplyChainGuard.Package", "SupplyChainGuard.Package.csproj"),
                "--no-build", "-c", configuration, "-o", Feed, "-p:Version=" + PackageVersion);
            if (pack.ExitCode != 0)
            {
                throw new InvalidOperationException("dotnet pack failed:\n" + pack.Output);
            }

            FixturePackages.WriteAll(Feed);
            IdentityFixturePackages.WriteAll(Feed);

            File.WriteAllText(Path.Combine(Root, "nuget.config"),
                $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <add key="scg-e2e" value="{Feed}" />
                  </packageSources>
                </configuration>
                """);
        }

        public string RepositoryRoot { get; }

        /// <summary>A temp folder with nothing of the repository above it (no Directory.Build.props).</summary>
        public string Root { get; }

        public string Feed { get; }

        public string PackagesFolder { get; }

        public ConsumerProject NewConsumer(string name) => new ConsumerProject(this, Path.Combine(Root, name + "-" + Guid.NewGuid().ToString("N").Substring(0, 6)));

        public void Dispose()
        {
            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        private static string FindRepositoryRoot()
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "SupplyChainGuard.sln")))
                {
                    return directory.FullName;
                }
            }

            throw new InvalidOperationException("SupplyChainGuard.sln not found above " + AppContext.BaseDirectory);
        }
    }

    [CollectionDefinition(Name)]
    public sealed class EndToEndCollection : ICollectionFixture<PackedPackageFixture>
    {
        public const string Name = "end-to-end";
    }
}
