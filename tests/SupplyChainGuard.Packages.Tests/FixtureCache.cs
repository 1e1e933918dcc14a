using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using SupplyChainGuard.TestKit;

namespace SupplyChainGuard.Packages.Tests
{
    /// <summary>
    /// Where a shared test fixture (a restored project, a folder of signed fixture packages) is built.
    /// <para>
    /// Normally each fixture is built in a fresh temp folder of its own and deleted afterwards, as it always was.
    /// When <see cref="Variable"/> names a directory (mutation runs only: Stryker starts a test host for every
    /// mutant, and CI never sets it), a fixture is kept under <c>&lt;dir&gt;/&lt;name&gt;-&lt;key&gt;/slot-&lt;n&gt;</c>,
    /// where the key is a hash of every input its result depends on, and later test hosts reuse it in place, so
    /// the absolute paths restore wrote into it stay valid.
    /// </para>
    /// <para>
    /// Each live test host claims a slot of its own (<see cref="ClaimSlot"/>). Each build goes into a new folder
    /// under the slot and is published by a completion marker written last (a temp file renamed), which lists
    /// every file with its size and time. A process killed mid-build leaves a folder no marker names, which nobody
    /// reuses; a reused folder whose files differ from the marker (a test or a mutant changed it) is not reused
    /// either, but built again.
    /// </para>
    /// </summary>
    internal sealed class FixtureCache : IDisposable
    {
        public const string Variable = "SCG_TEST_FIXTURE_CACHE";

        /// <summary>The completion marker's name inside an entry.</summary>
        public const string MarkerName = "complete";

        /// <summary>Changes whenever the layout of an entry or the meaning of a key changes.</summary>
        private const string Format = "scg-fixture-cache 1";

        private static readonly Lazy<FixtureCache> FromEnvironment = new Lazy<FixtureCache>(() =>
            new FixtureCache(Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } folder ? Path.GetFullPath(folder) : null));

        private readonly List<FileStream> _claims = new List<FileStream>();

        /// <param name="root">The cache directory; null builds every fixture privately, as without <see cref="Variable"/>.</param>
        public FixtureCache(string? root)
        {
            Root = root;
        }

        /// <summary>The cache that <see cref="Variable"/> names (a cache of nothing when it is unset).</summary>
        public static FixtureCache Shared => FromEnvironment.Value;

        public string? Root { get; }

        /// <summary>
        /// What every cached fixture depends on besides its own inputs: the code that makes fixture packages (the
        /// TestKit and NuGet.Packaging, by module version id) and the UTC month, because fixture certificates are
        /// valid for a year from the day they are made.
        /// </summary>
        public static string CommonInputs =>
            $"{Format}\ntestkit {typeof(FixturePackage).Assembly.ManifestModule.ModuleVersionId}\n"
            + $"nuget.packaging {typeof(NuGet.Packaging.PackageBuilder).Assembly.ManifestModule.ModuleVersionId}\n"
            + $"month {DateTime.UtcNow:yyyy-MM}\n";

        /// <summary>The entry name for a fixture: its name (also the prefix of its private temp folder) and the SHA-256 of its inputs and <see cref="CommonInputs"/>.</summary>
        public static string Key(string name, string inputs)
        {
            using var sha = SHA256.Create();
            var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(CommonInputs + "name " + name + "\n" + inputs));
            return name + "-" + Hex.Upper(hash).Substring(0, 32).ToLowerInvariant();
        }

        /// <summary>
        /// The folder of fixture <paramref name="name"/>: reused when the cache holds a complete entry for these
        /// inputs that <paramref name="accept"/> (if given) takes, otherwise built by <paramref name="build"/> into
        /// an empty folder.
        /// </summary>
        /// <param name="inputs">Everything the built folder depends on, as text (files it writes, packages it makes);
        /// asked for only when there is a cache.</param>
        /// <param name="build">Fills the folder it is given; it may keep state (a started feed) for the fixture.</param>
        /// <param name="accept">Called on a complete entry before it is reused; false builds a new one instead.</param>
        public FixtureFolder Get(string name, Func<string> inputs, Action<string> build, Func<string, bool>? accept = null)
        {
            if (Root is null)
            {
                var own = new TempDirectory(name);
                try
                {
                    build(own.Path);
                }
                catch
                {
                    own.Dispose();
                    throw;
                }

                return new FixtureFolder(own.Path, reused: false, own);
            }

            Directory.CreateDirectory(Root); // the inputs may run a process in it
            var entry = ClaimSlot(Path.Combine(Root, Key(name, inputs())));
            var marker = Path.Combine(entry, MarkerName);
            if (Published(entry, marker) is { } published && (accept is null || accept(published)))
            {
                return new FixtureFolder(published, reused: true, owner: null);
            }

            var folder = Path.Combine(entry, Guid.NewGuid().ToString("N").Substring(0, 12));
            Directory.CreateDirectory(folder);
            try
            {
                build(folder);
            }
            catch
            {
                TryDelete(folder);
                throw;
            }

            var written = marker + "." + Path.GetFileName(folder);
            File.WriteAllText(written, Path.GetFileName(folder) + "\n" + Manifest(folder));
            File.Move(written, marker, overwrite: true);
            return new FixtureFolder(folder, reused: false, owner: null);
        }

        /// <summary>
        /// A slot of the entry that no other live cache uses: <c>slot-0</c> unless another test host (Stryker runs
        /// several at once) holds it. The slot's lock file stays open, exclusively, until this cache is disposed or
        /// its process ends, so a host never reads a folder that another host's mutant may be writing into, and the
        /// online fixture's port is free for the one host that serves it.
        /// </summary>
        private string ClaimSlot(string entry)
        {
            Directory.CreateDirectory(entry);
            for (var slot = 0; ; slot++)
            {
                var folder = Path.Combine(entry, "slot-" + slot);
                try
                {
                    var claim = new FileStream(folder + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                    lock (_claims)
                    {
                        _claims.Add(claim);
                    }

                    Directory.CreateDirectory(folder);
                    return folder;
                }
                catch (IOException) when (slot < 64)
                {
                    // held by another live cache: try the next slot
                }
            }
        }

        /// <summary>Releases the slots this cache holds (the shared one holds them until its process ends).</summary>
        public void Dispose()
        {
            lock (_claims)
            {
                foreach (var claim in _claims)
                {
                    claim.Dispose();
                }

                _claims.Clear();
            }
        }

        /// <summary>The folder the marker names, when the marker exists and every file still matches it.</summary>
        private static string? Published(string entry, string marker)
        {
            string text;
            try
            {
                text = File.ReadAllText(marker);
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                return null;
            }

            var newline = text.IndexOf('\n');
            if (newline <= 0)
            {
                return null;
            }

            var folder = Path.Combine(entry, text.Substring(0, newline));
            return Directory.Exists(folder) && Manifest(folder) == text.Substring(newline + 1) ? folder : null;
        }

        /// <summary>Every file under <paramref name="folder"/>, one line each: relative path, size, last write time.</summary>
        internal static string Manifest(string folder)
        {
            var lines = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                .Select(f => new FileInfo(f))
                .Select(f => $"{Path.GetRelativePath(folder, f.FullName).Replace('\\', '/')}\t{f.Length}\t{f.LastWriteTimeUtc.Ticks}")
                .OrderBy(l => l, StringComparer.Ordinal);
            return string.Join("\n", lines) + "\n";
        }

        private static void TryDelete(string folder)
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }

        /// <summary>How a fixture package is made, as cache input: every property <see cref="FixturePackage.WriteTo"/> reads.</summary>
        public static string Describe(FixturePackage package) =>
            $"package {package.Id} {package.Version} authors={package.Authors} repository={package.RepositoryUrl} project={package.ProjectUrl}"
            + $" owners={(package.RepositoryOwners is null ? "-" : string.Join(",", package.RepositoryOwners))}"
            + $" author-signed={package.AuthorCertificateSubject ?? "-"} shared-certificate={(package.SigningCertificate is null ? "-" : package.SigningCertificate.Subject)}"
            + $" dependencies={string.Join(",", package.Dependencies.Select(d => d.Id + "@" + d.Version))}"
            + $" files={string.Join(",", package.Files.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => f.Key + "=" + Convert.ToBase64String(Encoding.UTF8.GetBytes(f.Value))))}\n";

        /// <summary>A real package as cache input: its file name, size and SHA-512.</summary>
        public static string DescribeFile(string path) =>
            $"file {Path.GetFileName(path)} {new FileInfo(path).Length} {FixturePackagesFolder.FileHash(path)}\n";

        /// <summary>
        /// The SDK that <c>dotnet restore</c> runs in the cache directory (a global.json above it would choose it), as
        /// cache input for restored fixtures.
        /// </summary>
        public static string SdkVersion => Sdk.Value;

        private static readonly Lazy<string> Sdk = new Lazy<string>(() =>
        {
            var start = new ProcessStartInfo(IsolatedRestore.DotnetHost, "--version")
            {
                WorkingDirectory = Shared.Root ?? Path.GetTempPath(),
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using var process = Process.Start(start)!;
            var version = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            if (process.ExitCode != 0 || version.Length == 0)
            {
                throw new InvalidOperationException($"'dotnet --version' failed ({process.ExitCode}): {process.StandardError.ReadToEnd()}");
            }

            return $"sdk {version} host {IsolatedRestore.DotnetHost}\n";
        });
    }

    /// <summary>A fixture's folder; disposing it deletes the folder only when it was built for this fixture alone.</summary>
    internal sealed class FixtureFolder : IDisposable
    {
        private readonly TempDirectory? _owner;

        public FixtureFolder(string path, bool reused, TempDirectory? owner)
        {
            Path = path;
            Reused = reused;
            _owner = owner;
        }

        public string Path { get; }

        /// <summary>True when an earlier test host built it and this one only reads it.</summary>
        public bool Reused { get; }

        public string Combine(params string[] parts) => FolderFiles.Combine(Path, parts);

        /// <summary>Writes a file (creating its directory) and returns its full path.</summary>
        public string Write(string relativePath, string text) => FolderFiles.Write(Path, relativePath, text);

        public void Dispose() => _owner?.Dispose();
    }
}
