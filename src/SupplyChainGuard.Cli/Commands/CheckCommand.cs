using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using SupplyChainGuard.Cli.Checking;
using SupplyChainGuard.Cli.Output;
using SupplyChainGuard.Cli.Projects;
using SupplyChainGuard.Diagnostics;
using SupplyChainGuard.Packages;

namespace SupplyChainGuard.Cli.Commands
{
    /// <summary><c>scg check [path]</c>: the package check over a solution, project or folder.</summary>
    internal static class CheckCommand
    {
        public static Command Create(CliConsole console)
        {
            var path = CommonOptions.Path("A solution (.sln, .slnx, .slnf), a project, or a folder (every project under it). Default: the current folder.");
            var format = new Option<string>("--format", "-f")
            {
                Description = "table (for people), json, or sarif (SARIF 2.1.0, for code scanning).",
                DefaultValueFactory = _ => "table",
            };
            format.AcceptOnlyFromAmong("table", "json", "sarif");
            var output = new Option<string?>("--output", "-o") { Description = "Write the report to this file instead of the standard output." };
            var failOn = new Option<string>("--fail-on")
            {
                Description = "Exit with 1 when a finding is at or above this level: error, warning (default) or none.",
                DefaultValueFactory = _ => "warning",
            };
            failOn.AcceptOnlyFromAmong("error", "warning", "none");
            var includeCode = new Option<bool>("--include-code") { Description = "Also build each project with the analyzer and report its findings in code (SCG0101-SCG0105)." };
            var root = CommonOptions.Root();
            var properties = CommonOptions.Properties();
            var restore = CommonOptions.Restore();
            var cacheFile = CommonOptions.CacheFile();
            var noCache = CommonOptions.NoCache();
            var online = CommonOptions.Online();

            var command = new Command("check", "Check every project's packages against its policy, as the build does, and report the findings.")
            {
                path, format, output, failOn, includeCode, root, properties, restore, cacheFile, noCache, online,
            };
            command.SetAction(parse =>
            {
                var input = ProjectDiscovery.Find(parse.GetValue(path), console.CurrentDirectory, parse.GetValue(root));
                var options = Options(console, input, CommonOptions.ParseProperties(parse.GetValue(properties)), parse.GetValue(cacheFile), parse.GetValue(noCache), parse.GetValue(online));
                var report = Run(console, input, options, parse.GetValue(restore), parse.GetValue(includeCode));
                Write(console, report, parse.GetValue(format)!, parse.GetValue(output));
                return ExitCode(report, parse.GetValue(failOn)!);
            });
            return command;
        }

        internal static CheckOptions Options(CliConsole console, RepositoryInput input, Dictionary<string, string> properties, string? cacheFile, bool noCache, bool online = false)
        {
            var options = new CheckOptions
            {
                CacheFile = noCache ? null : cacheFile is null ? CommonOptions.DefaultCacheFile(console, input.Root) : Path.GetFullPath(Path.Combine(console.CurrentDirectory, cacheFile)),
                Online = online,
                FeedLookup = new FeedOwnerLookupOptions { CacheFolder = noCache ? null : CommonOptions.FeedOwnerCacheFolder(console) },
            };
            foreach (var pair in properties)
            {
                options.Properties[pair.Key] = pair.Value;
            }

            return options;
        }

        /// <summary>Restore (when asked), check, and (when asked) the analyzer's findings: what every verb that reads findings shares.</summary>
        internal static RepositoryReport Run(CliConsole console, RepositoryInput input, CheckOptions options, bool restore, bool includeCode)
        {
            if (input.Projects.Count == 0)
            {
                throw new UsageException($"there is no project in '{input.InputPath}'.");
            }

            if (restore)
            {
                Restore(console, input, options);
            }

            CodeAnalysis? code = includeCode ? new CodeAnalysis(console, options) : null;
            if (code is not null)
            {
                options.HandoverFile = code.HandoverFileFor;
            }

            using var progress = new ProgressLine(console);
            var report = new RepositoryChecker(options, console.Environment).Check(input, progress.Report);
            code?.AddFindings(report, progress);
            return report;
        }

        internal static void Restore(CliConsole console, RepositoryInput input, CheckOptions options)
        {
            var targets = input.Solution is not null ? new[] { input.Solution } : input.Projects.ToArray();
            foreach (var target in targets)
            {
                var arguments = new List<string> { "restore", target, "-nologo", "-v:q" };
                arguments.AddRange(options.Properties.Select(p => $"-p:{p.Key}={p.Value}"));
                var (exitCode, output) = DotNetProcess.Run(console.CurrentDirectory, arguments, console.Environment);
                if (exitCode != 0)
                {
                    // The check still runs: what restore managed to write is checked, and what it did not is "not restored".
                    console.Error.WriteLine($"scg: 'dotnet restore {input.Relative(target)}' failed (exit code {exitCode}):");
                    console.Error.Write(output);
                }
            }
        }

        internal static void Write(CliConsole console, RepositoryReport report, string format, string? outputFile)
        {
            switch (format)
            {
                case "json":
                    CommonOptions.WriteText(console, outputFile, CheckJsonWriter.Write(report));
                    break;
                case "sarif":
                    CommonOptions.WriteText(console, outputFile, SarifWriter.Write(report));
                    break;
                default:
                    if (outputFile is null)
                    {
                        TableWriter.Write(console.Output, report, new Paint(console.UseColour));
                    }
                    else
                    {
                        var text = new StringWriter { NewLine = "\n" };
                        TableWriter.Write(text, report, new Paint(false));
                        CommonOptions.WriteText(console, outputFile, text.ToString());
                    }

                    break;
            }

            // Whatever the format, a project that was not checked is said where a person or a CI log sees it.
            if (format != "table" || outputFile is not null)
            {
                foreach (var project in report.Projects.Where(p => p.Status != ProjectStatus.Checked && p.StatusDetail is not null))
                {
                    console.Error.WriteLine($"scg: {report.Relative(project.ProjectPath)} was not checked: {CheckJsonWriter.Relativize(report, project.StatusDetail!)}.");
                }
            }
        }

        /// <summary>2 when nothing could be checked or a policy is invalid (an input error, whatever --fail-on says);
        /// 1 when a finding is at or above --fail-on; else 0.</summary>
        internal static int ExitCode(RepositoryReport report, string failOn)
        {
            if (report.CheckedCount == 0 || report.Visible.Any(d => d.Diagnostic.Code == RuleIdentifiers.InvalidPolicy))
            {
                return ExitCodes.UsageOrInput;
            }

            var threshold = failOn switch
            {
                "error" => ReportLevel.Error,
                "warning" => ReportLevel.Warning,
                _ => (ReportLevel?)null,
            };
            return threshold is { } level && report.Visible.Any(d => d.Diagnostic.Level >= level) ? ExitCodes.Findings : ExitCodes.Clean;
        }
    }

    /// <summary>"[12/200] src/App/App.csproj" on one line of the error stream, when a person watches it; nothing in CI or a pipe.</summary>
    internal sealed class ProgressLine : IDisposable
    {
        private readonly CliConsole _console;
        private readonly object _gate = new object();
        private bool _written;

        public ProgressLine(CliConsole console)
        {
            _console = console;
        }

        public void Report(int done, int total, string what)
        {
            if (!_console.ShowProgress || total < 2)
            {
                return;
            }

            lock (_gate)
            {
                var text = $"[{done}/{total}] {what}";
                _console.Error.Write("\r\u001b[K" + (text.Length > 100 ? text.Substring(0, 100) : text));
                _written = true;
            }
        }

        public void Dispose()
        {
            lock (_gate)
            {
                if (_written)
                {
                    _console.Error.Write("\r\u001b[K");
                }
            }
        }
    }
}
