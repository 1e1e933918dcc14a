using System;
using System.Collections.Generic;
using System.IO;

namespace SupplyChainGuard.Cli
{
    /// <summary>
    /// Where scg writes and what it knows of its surroundings: the process's console, or a test's buffers. Every
    /// decision about colours, progress and defaults reads from here, so tests see exactly what a user would.
    /// </summary>
    public sealed class CliConsole
    {
        public CliConsole(TextWriter output, TextWriter error, string currentDirectory, IReadOnlyDictionary<string, string> environment, bool outputIsTerminal, bool errorIsTerminal)
        {
            Output = output;
            Error = error;
            CurrentDirectory = currentDirectory;
            Environment = environment;
            OutputIsTerminal = outputIsTerminal;
            ErrorIsTerminal = errorIsTerminal;
        }

        public TextWriter Output { get; }
        public TextWriter Error { get; }
        public string CurrentDirectory { get; }
        public IReadOnlyDictionary<string, string> Environment { get; }
        public bool OutputIsTerminal { get; }
        public bool ErrorIsTerminal { get; }

        /// <summary>CI systems set CI=true (GitHub Actions, Azure Pipelines' TF_BUILD too): no progress lines in their logs.</summary>
        public bool IsCi => IsSet("CI") || IsSet("TF_BUILD") || IsSet("GITHUB_ACTIONS");

        /// <summary>Colours only on a terminal, and never when NO_COLOR is set to anything (no-color.org).</summary>
        public bool UseColour => OutputIsTerminal && !Environment.ContainsKey("NO_COLOR") && !string.Equals(Variable("TERM"), "dumb", StringComparison.Ordinal);

        /// <summary>Progress on the error stream, only when a person is watching it.</summary>
        public bool ShowProgress => ErrorIsTerminal && !IsCi;

        public string? Variable(string name) => Environment.TryGetValue(name, out var value) ? value : null;

        private bool IsSet(string name) => Variable(name) is { Length: > 0 } value && !string.Equals(value, "false", StringComparison.OrdinalIgnoreCase) && value != "0";

        public static CliConsole FromProcess()
        {
            var environment = new Dictionary<string, string>(OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
            foreach (System.Collections.DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
            {
                environment[(string)entry.Key] = (string?)entry.Value ?? string.Empty;
            }

            var output = new StreamWriter(Console.OpenStandardOutput(), new System.Text.UTF8Encoding(false)) { AutoFlush = true, NewLine = "\n" };
            var error = new StreamWriter(Console.OpenStandardError(), new System.Text.UTF8Encoding(false)) { AutoFlush = true, NewLine = "\n" };
            return new CliConsole(output, error, Directory.GetCurrentDirectory(), environment, !Console.IsOutputRedirected, !Console.IsErrorRedirected);
        }
    }

    /// <summary>A wrong command line or input scg cannot use: exit code 2.</summary>
    public sealed class UsageException : Exception
    {
        public UsageException(string message)
            : base(message)
        {
        }
    }

    public static class ExitCodes
    {
        public const int Clean = 0;
        public const int Findings = 1;
        public const int UsageOrInput = 2;
    }
}
