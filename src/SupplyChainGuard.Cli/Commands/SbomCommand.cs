using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using SupplyChainGuard.Cli.Projects;
using SupplyChainGuard.Cli.Sbom;

namespace SupplyChainGuard.Cli.Commands
{
    /// <summary><c>scg sbom [path] -o bom.json</c>: a CycloneDX bill of materials whose components name their supplier and verdict.</summary>
    internal static class SbomCommand
    {
        public static Command Create(CliConsole console)
        {
            var path = CommonOptions.Path("A solution, project or folder (default: the current folder).");
            var output = new Option<string?>("--output", "-o") { Description = "The file to write (default: the standard output)." };
            var specVersion = new Option<string>("--spec-version")
            {
                Description = "The CycloneDX specification version: 1.7 (default) or 1.6.",
                DefaultValueFactory = _ => "1.7",
            };
            specVersion.AcceptOnlyFromAmong("1.7", "1.6");
            var timestamp = new Option<string?>("--timestamp")
            {
                Description = "The BOM's metadata timestamp (ISO 8601). Default: SOURCE_DATE_EPOCH when set (reproducible builds), else now.",
            };
            var root = CommonOptions.Root();
            var properties = CommonOptions.Properties();
            var restore = CommonOptions.Restore();
            var cacheFile = CommonOptions.CacheFile();
            var noCache = CommonOptions.NoCache();
            var online = CommonOptions.Online();
            var command = new Command("sbom", "Write a CycloneDX SBOM of every direct and transitive package, with supplier, country and verdict.")
            {
                path, output, specVersion, timestamp, root, properties, restore, cacheFile, noCache, online,
            };
            command.SetAction(parse =>
            {
                var input = ProjectDiscovery.Find(parse.GetValue(path), console.CurrentDirectory, parse.GetValue(root));
                var when = Timestamp(console, parse.GetValue(timestamp));
                var options = CheckCommand.Options(console, input, CommonOptions.ParseProperties(parse.GetValue(properties)), parse.GetValue(cacheFile), parse.GetValue(noCache), parse.GetValue(online));
                var report = CheckCommand.Run(console, input, options, parse.GetValue(restore), includeCode: false);
                var model = SbomBuilder.Build(report);
                foreach (var missing in model.Missing)
                {
                    console.Error.WriteLine($"scg: {report.Relative(missing.ProjectPath)} is not in the SBOM: it has no usable assets file; run 'dotnet restore' or pass --restore. The BOM says it is incomplete.");
                }

                if (model.Included.Count == 0)
                {
                    console.Error.WriteLine("scg: no project's packages could be listed; no SBOM was written.");
                    return ExitCodes.UsageOrInput;
                }

                var name = Path.GetFileNameWithoutExtension(input.Solution ?? (input.Projects.Count == 1 && File.Exists(input.InputPath) ? input.InputPath : input.InputPath.TrimEnd(Path.DirectorySeparatorChar)));
                CommonOptions.WriteText(console, parse.GetValue(output), CycloneDxWriter.Write(model, parse.GetValue(specVersion)!, name, when));
                return ExitCodes.Clean;
            });
            return command;
        }

        private static DateTimeOffset Timestamp(CliConsole console, string? option)
        {
            if (option is not null)
            {
                if (!DateTimeOffset.TryParse(option, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
                {
                    throw new UsageException($"--timestamp '{option}' is not an ISO 8601 date and time.");
                }

                return parsed;
            }

            if (console.Variable("SOURCE_DATE_EPOCH") is { Length: > 0 } epoch)
            {
                if (!long.TryParse(epoch, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds))
                {
                    throw new UsageException($"SOURCE_DATE_EPOCH '{epoch}' is not a number of seconds.");
                }

                return DateTimeOffset.FromUnixTimeSeconds(seconds);
            }

            var now = DateTimeOffset.UtcNow;
            return new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, now.Second, TimeSpan.Zero);
        }
    }
}
