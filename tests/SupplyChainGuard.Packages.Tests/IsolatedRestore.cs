using System;
using System.Diagnostics;
using System.IO;
using System.Linq;

namespace SupplyChainGuard.Packages.Tests
{
    /// <summary>
    /// <c>dotnet restore</c> in a child process that sees only its own packages folder and HTTP cache, never the
    /// MSBuild and VSTest variables the test host inherits from <c>dotnet test</c>.
    /// </summary>
    internal static class IsolatedRestore
    {
        /// <summary>The <c>dotnet</c> that runs the tests (<c>dotnet test</c> names it), else the one on the PATH.</summary>
        public static string DotnetHost =>
            Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

        public static void Run(string arguments, string workingDirectory, string packagesFolder, string httpCache, string what)
        {
            var start = new ProcessStartInfo(DotnetHost,
                $"restore {arguments} -nodeReuse:false --disable-build-servers -v:q")
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var key in Environment.GetEnvironmentVariables().Keys.Cast<string>()
                .Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)))
            {
                start.Environment.Remove(key);
            }

            start.Environment["NUGET_PACKAGES"] = packagesFolder;
            start.Environment["NUGET_HTTP_CACHE_PATH"] = httpCache;
            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            start.Environment["DOTNET_NOLOGO"] = "1";
            start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
            start.Environment["MSBUILDDISABLENODEREUSE"] = "1";

            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(180_000))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"dotnet restore {what} took more than 3 minutes");
            }

            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"dotnet restore {what} failed ({process.ExitCode}):\n{output.Result}\n{error.Result}");
            }
        }
    }
}
