using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace SupplyChainGuard.Cli.Tests.Support
{
    public sealed record ProcessResult(int ExitCode, string Output, string Error)
    {
        public string All => Output + Error;
    }

    /// <summary>Runs a program as a developer would: no build servers, no telemetry, no MSBuild variables from the test host.</summary>
    internal static class Processes
    {
        public static ProcessResult Run(string fileName, string workingDirectory, IDictionary<string, string>? environment, params string[] arguments)
        {
            var start = new ProcessStartInfo(fileName)
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            // `dotnet test` hands the test host MSBuild's variables; a child build must not see them.
            foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)).ToList())
            {
                start.Environment.Remove(key);
            }

            start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
            start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
            start.Environment["UseSharedCompilation"] = "false";
            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            start.Environment["DOTNET_NOLOGO"] = "1";
            start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
            start.Environment["MSBuildExtensionsPath"] = null;
            if (environment is not null)
            {
                foreach (var pair in environment)
                {
                    start.Environment[pair.Key] = pair.Value;
                }
            }

            var output = new StringBuilder();
            var error = new StringBuilder();
            using var process = new Process { StartInfo = start };
            process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.Append(e.Data).Append('\n'); } } };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (error) { error.Append(e.Data).Append('\n'); } } };
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (!process.WaitForExit(TimeSpan.FromMinutes(8)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{fileName} {string.Join(" ", arguments)} did not finish in 8 minutes:\n{output}\n{error}");
            }

            process.WaitForExit();
            lock (output)
            {
                lock (error)
                {
                    return new ProcessResult(process.ExitCode, output.ToString(), error.ToString());
                }
            }
        }

        public static ProcessResult DotNet(string workingDirectory, IDictionary<string, string>? environment, params string[] arguments) =>
            Run(DotNetHost(), workingDirectory, environment, arguments);

        /// <summary>The dotnet host that runs these tests, so children use the same SDK.</summary>
        public static string DotNetHost()
        {
            var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
            return !string.IsNullOrEmpty(host) && File.Exists(host) ? host : "dotnet";
        }
    }

    /// <summary>One diagnostic as MSBuild's console logger prints it: what the build task said, for comparison with scg.</summary>
    public sealed record BuildDiagnostic(string Project, string File, int Line, int Column, string Level, string Code, string Message)
    {
        public override string ToString() => $"[{Path.GetFileName(Project)}] {File}({Line},{Column}): {Level} {Code}: {Message}";
    }

    internal static class BuildOutput
    {
        private static readonly Regex WithLine = new Regex(
            @"^\s*(?:\d+>)?(?<file>[^\s].*?)\((?<line>\d+),(?<col>\d+)\): (?<sev>warning|error) (?<code>SCG\d{4}): (?<msg>.*?) ?(?:\[(?<project>[^\]]+)\])?$",
            RegexOptions.Compiled | RegexOptions.Multiline);

        private static readonly Regex WithoutLine = new Regex(
            @"^\s*(?:\d+>)?(?<file>[^\s].*?) : (?<sev>warning|error) (?<code>SCG\d{4}): (?<msg>.*?) ?(?:\[(?<project>[^\]]+)\])?$",
            RegexOptions.Compiled | RegexOptions.Multiline);

        /// <summary>Each SCG diagnostic once (the logger repeats one per inner build and in its summary).</summary>
        public static IReadOnlyList<BuildDiagnostic> Parse(string output, string workingDirectory)
        {
            var found = new List<BuildDiagnostic>();
            foreach (Match m in WithLine.Matches(output))
            {
                found.Add(new BuildDiagnostic(ProjectOf(m), Path.GetFullPath(m.Groups["file"].Value, workingDirectory), int.Parse(m.Groups["line"].Value), int.Parse(m.Groups["col"].Value), m.Groups["sev"].Value, m.Groups["code"].Value, m.Groups["msg"].Value.TrimEnd('\r')));
            }

            foreach (Match m in WithoutLine.Matches(output))
            {
                found.Add(new BuildDiagnostic(ProjectOf(m), Path.GetFullPath(m.Groups["file"].Value, workingDirectory), 0, 0, m.Groups["sev"].Value, m.Groups["code"].Value, m.Groups["msg"].Value.TrimEnd('\r')));
            }

            // The C# compiler's logger appends the rule's help link to the text: " (https://…/docs/rules/SCG0101.md)".
            return found.Select(d => d with { Message = HelpLink.Replace(d.Message, string.Empty) }).Distinct().ToList();
        }

        private static readonly Regex HelpLink = new Regex(@" \(https?://\S+/SCG\d{4}\.md\)$", RegexOptions.Compiled);

        /// <summary>The logger names the project after the text when it is not the file ("[/repo/App.csproj]",
        /// "[/repo/App.csproj::TargetFramework=net8.0]"), or only the framework ("[TargetFramework=net8.0]").</summary>
        private static string ProjectOf(Match m)
        {
            var project = m.Groups["project"].Value;
            var colons = project.IndexOf("::", StringComparison.Ordinal);
            if (colons >= 0)
            {
                project = project.Substring(0, colons);
            }

            return Path.IsPathRooted(project) ? project : m.Groups["file"].Value;
        }
    }
}
