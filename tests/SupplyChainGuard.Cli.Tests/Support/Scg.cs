using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Xunit;

namespace SupplyChainGuard.Cli.Tests.Support
{
    internal sealed record ScgResult(int ExitCode, string Output, string Error)
    {
        public JsonNode Json => JsonNode.Parse(Output)!;

        public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
    }

    /// <summary>Runs scg in this process, as a user's shell would run it: a folder, an environment, a redirected console.</summary>
    internal static class Scg
    {
        public static ScgResult Run(string workingDirectory, params string[] args) => Run(workingDirectory, null, args);

        public static ScgResult Run(string workingDirectory, IDictionary<string, string>? environment, params string[] args) =>
            Run(workingDirectory, environment, terminal: false, args);

        /// <summary>As a person at a terminal sees it: both streams are terminals.</summary>
        public static ScgResult RunOnTerminal(string workingDirectory, IDictionary<string, string>? environment, params string[] args) =>
            Run(workingDirectory, environment, terminal: true, args);

        private static ScgResult Run(string workingDirectory, IDictionary<string, string>? environment, bool terminal, string[] args)
        {
            var output = new StringWriter { NewLine = "\n" };
            var error = new StringWriter { NewLine = "\n" };
            var home = Path.Combine(Path.GetTempPath(), "scg-cli-tests-home");
            Directory.CreateDirectory(home);
            var variables = new Dictionary<string, string>(StringComparer.Ordinal) { ["HOME"] = home };
            foreach (var pair in environment ?? new Dictionary<string, string>())
            {
                variables[pair.Key] = pair.Value;
            }

            var exit = ScgApp.Run(args, new CliConsole(output, error, workingDirectory, variables, outputIsTerminal: terminal, errorIsTerminal: terminal));
            return new ScgResult(exit, output.ToString(), error.ToString());
        }
    }

    /// <summary>Golden files under Golden/: compared byte for byte; SCG_UPDATE_GOLDEN=1 rewrites them in the source tree.</summary>
    internal static class Golden
    {
        public static void Assert(string name, string actual)
        {
            var directory = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(ThisFile())!, "..", "Golden"));
            var path = Path.Combine(directory, name);
            if (Environment.GetEnvironmentVariable("SCG_UPDATE_GOLDEN") == "1")
            {
                Directory.CreateDirectory(directory);
                File.WriteAllText(path, actual);
                return;
            }

            var expectedPath = File.Exists(path) ? path : Path.Combine(AppContext.BaseDirectory, "Golden", name);
            Xunit.Assert.True(File.Exists(expectedPath), $"the golden file '{name}' is missing; run the tests with SCG_UPDATE_GOLDEN=1 to write it, then review it.");
            var expected = File.ReadAllText(expectedPath).Replace("\r\n", "\n");
            if (expected != actual)
            {
                var e = expected.Split('\n');
                var a = actual.Split('\n');
                var first = Enumerable.Range(0, Math.Min(e.Length, a.Length)).FirstOrDefault(i => e[i] != a[i], Math.Min(e.Length, a.Length));
                Xunit.Assert.Fail($"'{name}' differs from its golden file at line {first + 1}:\n  expected: {(first < e.Length ? e[first] : "<end>")}\n  actual:   {(first < a.Length ? a[first] : "<end>")}\n\nactual output:\n{actual}");
            }
        }

        private static string ThisFile([CallerFilePath] string path = "") => path;
    }
}
