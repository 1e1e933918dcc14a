using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text;

namespace SupplyChainGuard.EndToEnd.Tests
{
    internal sealed record ProcessResult(int ExitCode, string Output);

    /// <summary>Runs the dotnet CLI the way a developer would, capturing everything it prints.</summary>
    internal static class DotNet
    {
        public static ProcessResult Run(string workingDirectory, IDictionary<string, string>? environment, params string[] arguments) =>
            Processes.Run("dotnet", workingDirectory, environment, arguments);
    }

    internal static class Processes
    {
        /// <summary>Runs a program with no build servers and no telemetry, capturing everything it prints.</summary>
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

            // No build servers: they would outlive the test and hold its output pipes open.
            start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
            start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
            start.Environment["UseSharedCompilation"] = "false";
            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            start.Environment["DOTNET_NOLOGO"] = "1";
            start.Environment["MSBuildExtensionsPath"] = null;
            if (environment is not null)
            {
                foreach (var pair in environment)
                {
                    start.Environment[pair.Key] = pair.Value;
                }
            }

            var output = new StringBuilder();
            using var process = new Process { StartInfo = start };
            process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{fileName} {string.Join(" ", arguments)} did not finish in 5 minutes:\n{output}");
            }

            process.WaitForExit();
            lock (output)
            {
                return new ProcessResult(process.ExitCode, output.ToString());
            }
        }
    }
}
