using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text;

namespace SupplyChainGuard.Cli.Commands
{
    /// <summary>Runs the dotnet CLI (restore, build) as a child process and captures what it prints. The child
    /// inherits scg's environment, with <paramref name="environment"/> (the console's) laid over it.</summary>
    internal static class DotNetProcess
    {
        public static (int ExitCode, string Output) Run(string workingDirectory, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
        {
            var start = new ProcessStartInfo(DotNetHost())
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

            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            start.Environment["DOTNET_NOLOGO"] = "1";
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
            process.WaitForExit();
            lock (output)
            {
                return (process.ExitCode, output.ToString());
            }
        }

        /// <summary>The dotnet host that runs this tool (DOTNET_HOST_PATH when the SDK set it), else 'dotnet' on the PATH.</summary>
        private static string DotNetHost() =>
            Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
    }
}
