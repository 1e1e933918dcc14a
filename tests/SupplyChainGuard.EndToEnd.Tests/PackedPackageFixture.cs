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
            Impostors = Path.Combine(Root, "impostors");
            FixturePackages.WriteImpostor(Impostors);

            // Consumers must see nothing above Root: MSBuild stops at the first Directory.Build.props/.targets and
            // Directory.Packages.props it finds, so these empty ones shadow any higher up. A policy file has no such
            // stop (the nearest one above the project wins), so a stray one is refused here instead of changing results.
            File.WriteAllText(Path.Combine(Root, "Directory.Build.props"), "<Project />\n");
            File.WriteAllText(Path.Combine(Root, "Directory.Build.targets"), "<Project />\n");
            File.WriteAllText(Path.Combine(Root, "Directory.Packages.props"), "<Project />\n");
            AssertNoPolicyAbove(Root);

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

        /// <summary>Packages that claim another package's id and version (never in the feed).</summary>
        public string Impostors { get; }

        /// <summary>Fails when a <c>supplychainguard.json</c> at or above <paramref name="directory"/> would reach a consumer.</summary>
        public static void AssertNoPolicyAbove(string directory)
        {
            for (var at = new DirectoryInfo(directory); at is not null; at = at.Parent)
            {
                var stray = Path.Combine(at.FullName, "supplychainguard.json");
                if (File.Exists(stray))
                {
                    throw new InvalidOperationException($"'{stray}' lies above the end-to-end tests' temp folder and would become every consumer's policy; remove it.");
                }
            }
        }

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
