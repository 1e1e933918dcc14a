using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace SupplyChainGuard.EndToEnd.Tests
{
    /// <summary>One diagnostic as the console logger printed it.</summary>
    public sealed record BuildDiagnostic(string File, int Line, int Column, string Severity, string Code, string Message)
    {
        public override string ToString() => $"{System.IO.Path.GetFileName(File)}({Line},{Column}): {Severity} {Code}: {Message}";
    }

    public sealed class BuildResult
    {
        private static readonly Regex WithLine = new Regex(
            @"^\s*(?:\d+>)?(?<file>[^\s].*?)\((?<line>\d+),(?<col>\d+)\): (?<sev>warning|error) (?<code>SCG\d{4}): (?<msg>.*?)(?: \[[^\]]+\])?$",
            RegexOptions.Compiled | RegexOptions.Multiline);

        private static readonly Regex WithoutLine = new Regex(
            @"^\s*(?:\d+>)?(?<file>[^\s].*?) : (?<sev>warning|error) (?<code>SCG\d{4}): (?<msg>.*?)(?: \[[^\]]+\])?$",
            RegexOptions.Compiled | RegexOptions.Multiline);

        public BuildResult(int exitCode, string output, string workingDirectory)
        {
            ExitCode = exitCode;
            Output = output;
            var found = new List<BuildDiagnostic>();
            foreach (Match m in WithLine.Matches(output))
            {
                found.Add(new BuildDiagnostic(Rooted(workingDirectory, m.Groups["file"].Value), int.Parse(m.Groups["line"].Value), int.Parse(m.Groups["col"].Value), m.Groups["sev"].Value, m.Groups["code"].Value, m.Groups["msg"].Value.TrimEnd('\r')));
            }

            foreach (Match m in WithoutLine.Matches(output))
            {
                found.Add(new BuildDiagnostic(Rooted(workingDirectory, m.Groups["file"].Value), 0, 0, m.Groups["sev"].Value, m.Groups["code"].Value, m.Groups["msg"].Value.TrimEnd('\r')));
            }

            // The console logger may print a diagnostic again in its summary; keep each once.
            Diagnostics = found.Distinct().ToList();
        }

        // Detailed verbosities print paths relative to the project; minimal prints them in full.
        private static string Rooted(string directory, string file) => System.IO.Path.GetFullPath(file, directory);

        public int ExitCode { get; }
        public string Output { get; }
        public IReadOnlyList<BuildDiagnostic> Diagnostics { get; }

        public IReadOnlyList<BuildDiagnostic> OfCode(string code) => Diagnostics.Where(d => d.Code == code).ToList();

        public BuildDiagnostic Single(string code)
        {
            var matches = OfCode(code);
            if (matches.Count != 1)
            {
                throw new Xunit.Sdk.XunitException($"expected exactly one {code}, got {matches.Count}.\nDiagnostics:\n{string.Join("\n", Diagnostics)}\n\nOutput:\n{Output}");
            }

            return matches[0];
        }

        public override string ToString() => Output;
    }

    /// <summary>A consumer project in a temp folder that references the packed SupplyChainGuard package.</summary>
    public sealed class ConsumerProject
    {
        private readonly PackedPackageFixture _fixture;

        public ConsumerProject(PackedPackageFixture fixture, string directory)
        {
            _fixture = fixture;
            Directory = directory;
            PackagesFolder = fixture.PackagesFolder;
            System.IO.Directory.CreateDirectory(directory);
        }

        public string Directory { get; }

        /// <summary>The NUGET_PACKAGES folder its builds use: the run's shared one unless the test asks for its own.</summary>
        public string PackagesFolder { get; private set; } = string.Empty;

        /// <summary>Environment variables its builds get, beside NUGET_PACKAGES.</summary>
        public Dictionary<string, string> Environment { get; } = new Dictionary<string, string>();

        /// <summary>
        /// Gives this consumer a packages folder of its own, for a test that damages or swaps a restored package:
        /// the shared folder stays as restore left it for every other test. Its packages come from the fixture
        /// feed only (no registry package is in it).
        /// </summary>
        public ConsumerProject WithOwnPackagesFolder()
        {
            PackagesFolder = PathOf(".packages");
            System.IO.Directory.CreateDirectory(PackagesFolder);
            return this;
        }

        public string PathOf(string relative) => Path.Combine(Directory, relative);

        public ConsumerProject Write(string relative, string content)
        {
            var path = PathOf(relative);
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, content.Replace("\r\n", "\n"));
            return this;
        }

        /// <summary>A net10.0 project file; <paramref name="items"/> go into an ItemGroup beside the SupplyChainGuard reference.</summary>
        public static string ProjectXml(string items, string properties = "") => ProjectXml(items, properties, withGuard: true);

        /// <summary>A net10.0 project file, with or without the SupplyChainGuard reference.</summary>
        public static string ProjectXml(string items, string properties, bool withGuard) =>
            $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <NoWarn>$(NoWarn);NU1603</NoWarn>
            {properties}
              </PropertyGroup>
              <ItemGroup>
            {(withGuard ? $"    <PackageReference Include=\"SupplyChainGuard\" Version=\"{PackedPackageFixture.PackageVersion}\" PrivateAssets=\"all\" />" : string.Empty)}
            {items}
              </ItemGroup>
            </Project>
            """;

        /// <summary>1-based number of the first line of <paramref name="relative"/> that contains <paramref name="text"/>.</summary>
        public int LineOf(string relative, string text)
        {
            var lines = File.ReadAllLines(PathOf(relative));
            for (var i = 0; i < lines.Length; i++)
            {
                if (lines[i].Contains(text, StringComparison.Ordinal))
                {
                    return i + 1;
                }
            }

            throw new InvalidOperationException($"'{text}' is not in {relative}");
        }

        /// <summary>1-based column of <paramref name="text"/> on 1-based line <paramref name="line"/> of <paramref name="relative"/>.</summary>
        public int ColumnOf(string relative, int line, string text)
        {
            var at = File.ReadAllLines(PathOf(relative))[line - 1].IndexOf(text, StringComparison.Ordinal);
            if (at < 0)
            {
                throw new InvalidOperationException($"'{text}' is not on line {line} of {relative}");
            }

            return at + 1;
        }

        public BuildResult Restore() => Run("restore", null);

        /// <summary>
        /// Two builds on one UTC day. The replay's stamp holds the date (waivers expire at midnight), so a pair that
        /// straddles midnight would rightly check afresh the second time; such a pair is built again.
        /// </summary>
        public (BuildResult First, BuildResult Second) BuildTwiceOnOneDay(string? project, params string[] extraArguments)
        {
            while (true)
            {
                var day = DateTime.UtcNow.Date;
                var first = Build(project, extraArguments);
                var second = Build(project, extraArguments);
                if (DateTime.UtcNow.Date == day)
                {
                    return (first, second);
                }
            }
        }

        public BuildResult Build(string? project = null, params string[] extraArguments) => Run("build", project, extraArguments);

        private BuildResult Run(string verb, string? project, params string[] extraArguments)
        {
            var arguments = new List<string> { verb };
            if (project is not null)
            {
                arguments.Add(project);
            }

            arguments.AddRange(new[] { "-nologo", "-v:m", "-clp:NoSummary", "-nodeReuse:false", "-p:UseSharedCompilation=false" });
            arguments.AddRange(extraArguments);
            var environment = new Dictionary<string, string>(Environment) { ["NUGET_PACKAGES"] = PackagesFolder };
            var result = DotNet.Run(Directory, environment, arguments.ToArray());
            return new BuildResult(result.ExitCode, result.Output, Directory);
        }
    }
}
