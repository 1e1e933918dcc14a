using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using SupplyChainGuard.Cli.Checking;
using SupplyChainGuard.Packages;

namespace SupplyChainGuard.Cli.Commands
{
    /// <summary>
    /// <c>scg check --include-code</c>: builds each checked project once (<c>dotnet build --no-restore</c>) with the
    /// analyzer that ships in the SupplyChainGuard package — the tool carries the same assemblies under
    /// <c>analyzer/</c> — fed with the policy and the package hand-over this run's check wrote, and reads the
    /// compiler's SARIF log (<c>ErrorLog</c>) for SCG0101–SCG0105. A project that references the package already
    /// compiles with its own copy; it is only made to compile again so that its log is written.
    /// </summary>
    internal sealed class CodeAnalysis
    {
        private const string TargetsText = """
            <Project>
              <!-- Written by scg check (include-code) for one build; see docs/cli.md. -->
              <PropertyGroup>
                <ErrorLog>$(ScgCodeOutput)$(MSBuildProjectName)-$(TargetFramework).sarif,version=2.1</ErrorLog>
                <SupplyChainGuardPolicyFile Condition="'$(SupplyChainGuardPolicyFile)' == ''">$(ScgPolicyFile)</SupplyChainGuardPolicyFile>
              </PropertyGroup>
              <!-- A fresh input, so that the compiler runs (and writes its log) even when the project is up to date. -->
              <ItemGroup>
                <AdditionalFiles Include="$(ScgCodeOutput)scg.stamp" />
              </ItemGroup>
              <!-- Items see every property: a project that references SupplyChainGuard keeps its own analyzer and hand-over. -->
              <ItemGroup Condition="'$(_SupplyChainGuardTaskAssembly)' == ''">
                <Analyzer Include="$(ScgAnalyzerDirectory)SupplyChainGuard.Analyzers.dll;$(ScgAnalyzerDirectory)SupplyChainGuard.Policy.dll" />
                <AdditionalFiles Include="$(ScgPolicyFile)" />
                <AdditionalFiles Include="$(ScgCodeOutput)$(TargetFramework)/supplychainguard.packages.json" Condition="Exists('$(ScgCodeOutput)$(TargetFramework)/supplychainguard.packages.json')" />
                <CompilerVisibleProperty Include="SupplyChainGuardPolicyFile;MSBuildProjectFullPath" />
              </ItemGroup>
            </Project>
            """;

        private readonly CliConsole _console;
        private readonly CheckOptions _options;
        private readonly string _directory = Path.Combine(Path.GetTempPath(), "scg-code-" + Guid.NewGuid().ToString("N").Substring(0, 10));
        private readonly Dictionary<string, string> _projectDirectories = new Dictionary<string, string>(StringComparer.Ordinal);

        public CodeAnalysis(CliConsole console, CheckOptions options)
        {
            _console = console;
            _options = options;
        }

        /// <summary>Where the check writes a project's hand-over for one framework, so the analyzer sees the same verdicts.</summary>
        public string? HandoverFileFor(ProjectReport project, string framework)
        {
            lock (_projectDirectories)
            {
                if (!_projectDirectories.TryGetValue(project.ProjectPath, out var directory))
                {
                    _projectDirectories[project.ProjectPath] = directory = Path.Combine(_directory, _projectDirectories.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }

                var path = Path.Combine(directory, framework.Length == 0 ? "_" : framework, SupplyChainGuard.Policy.PackageHandover.FileName);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                return path;
            }
        }

        public void AddFindings(RepositoryReport report, ProgressLine progress)
        {
            var analyzer = Path.Combine(AppContext.BaseDirectory, "analyzer") + Path.DirectorySeparatorChar;
            if (!File.Exists(Path.Combine(analyzer, "SupplyChainGuard.Analyzers.dll")))
            {
                throw new UsageException($"--include-code needs the analyzer next to scg ('{analyzer}SupplyChainGuard.Analyzers.dll'); reinstall the tool.");
            }

            Directory.CreateDirectory(_directory);
            var targets = Path.Combine(_directory, "scg-include-code.targets");
            File.WriteAllText(targets, TargetsText);
            var projects = report.Projects.Where(p => p.Status == ProjectStatus.Checked).ToList();
            var done = 0;
            try
            {
                foreach (var project in projects)
                {
                    progress.Report(++done, projects.Count, "compiling " + report.Relative(project.ProjectPath));
                    Compile(report, project, targets, analyzer);
                }
            }
            finally
            {
                try
                {
                    Directory.Delete(_directory, recursive: true);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                }
            }
        }

        private void Compile(RepositoryReport report, ProjectReport project, string targets, string analyzer)
        {
            string output;
            lock (_projectDirectories)
            {
                output = _projectDirectories.TryGetValue(project.ProjectPath, out var known) ? known : Path.Combine(_directory, "p" + _projectDirectories.Count);
            }

            Directory.CreateDirectory(output);
            File.WriteAllText(Path.Combine(output, "scg.stamp"), Guid.NewGuid().ToString("N"));
            var arguments = new List<string>
            {
                "build", project.ProjectPath, "--no-restore", "-nologo", "-v:q", "-nodeReuse:false",
                "-p:CustomAfterMicrosoftCommonTargets=" + targets,
                "-p:ScgCodeOutput=" + output + Path.DirectorySeparatorChar,
                "-p:ScgAnalyzerDirectory=" + analyzer,
                "-p:ScgPolicyFile=" + project.PolicyFile,
            };
            arguments.AddRange(_options.Properties.Select(p => $"-p:{p.Key}={p.Value}"));
            var (exitCode, log) = DotNetProcess.Run(Path.GetDirectoryName(project.ProjectPath)!, arguments, _console.Environment);

            var name = Path.GetFileNameWithoutExtension(project.ProjectPath);
            var found = false;
            foreach (var framework in project.Frameworks.Select(f => f.TargetFramework))
            {
                var sarif = Path.Combine(output, $"{name}-{framework}.sarif");
                if (!File.Exists(sarif))
                {
                    continue;
                }

                found = true;
                foreach (var diagnostic in Read(sarif))
                {
                    var existing = project.Diagnostics.FirstOrDefault(d => d.Diagnostic.Equals(diagnostic));
                    if (existing is null)
                    {
                        project.Diagnostics.Add(existing = new ReportedDiagnostic(diagnostic));
                    }

                    if (!existing.TargetFrameworks.Contains(framework))
                    {
                        existing.TargetFrameworks.Add(framework);
                    }
                }
            }

            if (!found)
            {
                // Fail closed: code that could not be compiled was not checked, and the report says so.
                var first = log.Split('\n').FirstOrDefault(l => l.Contains(": error ", StringComparison.Ordinal))?.Trim() ?? $"dotnet build exited with {exitCode}";
                project.Notes.Add($"the code was not checked: the project could not be compiled ({first})");
                project.Diagnostics.Add(new ReportedDiagnostic(new CheckDiagnostic(ReportLevel.Warning, Diagnostics.RuleIdentifiers.InternalError, project.ProjectPath, 0, 0,
                    $"SupplyChainGuard could not check this project's code: it could not be compiled ({first}).")));
            }
        }

        /// <summary>The analyzer's results from a compiler SARIF 2.1 log, without those the code suppresses (#pragma, SuppressMessage).</summary>
        internal static IEnumerable<CheckDiagnostic> Read(string sarifPath)
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(sarifPath));
            foreach (var run in document.RootElement.GetProperty("runs").EnumerateArray())
            {
                if (!run.TryGetProperty("results", out var results))
                {
                    continue;
                }

                foreach (var result in results.EnumerateArray())
                {
                    var id = result.GetProperty("ruleId").GetString() ?? string.Empty;
                    if (!id.StartsWith("SCG01", StringComparison.Ordinal) || (result.TryGetProperty("suppressions", out var suppressions) && suppressions.GetArrayLength() > 0))
                    {
                        continue;
                    }

                    var level = result.TryGetProperty("level", out var l) ? l.GetString() : "warning";
                    var message = result.GetProperty("message").GetProperty("text").GetString() ?? string.Empty;
                    var file = string.Empty;
                    int line = 0, column = 0;
                    if (result.TryGetProperty("locations", out var locations) && locations.GetArrayLength() > 0
                        && locations[0].TryGetProperty("physicalLocation", out var physical))
                    {
                        var uri = physical.GetProperty("artifactLocation").GetProperty("uri").GetString() ?? string.Empty;
                        file = Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.IsFile ? parsed.LocalPath : uri;
                        if (physical.TryGetProperty("region", out var region))
                        {
                            line = region.TryGetProperty("startLine", out var sl) ? sl.GetInt32() : 0;
                            column = region.TryGetProperty("startColumn", out var sc) ? sc.GetInt32() : 0;
                        }
                    }

                    yield return new CheckDiagnostic(level switch { "error" => ReportLevel.Error, "note" => ReportLevel.Message, "none" => ReportLevel.Suppressed, _ => ReportLevel.Warning }, id, file, line, column, message);
                }
            }
        }
    }
}
