using System;
using System.CommandLine;
using System.Globalization;
using System.Linq;
using SupplyChainGuard.Cli.Output;
using SupplyChainGuard.Policy.Loading;

namespace SupplyChainGuard.Cli.Commands
{
    /// <summary><c>scg presets list</c> and <c>scg presets show &lt;id&gt;</c>: the presets that ship in the policy library.</summary>
    internal static class PresetsCommand
    {
        public static Command Create(CliConsole console)
        {
            var listFormat = new Option<string>("--format", "-f") { Description = "table (default) or json.", DefaultValueFactory = _ => "table" };
            listFormat.AcceptOnlyFromAmong("table", "json");
            var list = new Command("list", "List the presets a policy can extend (\"extends\": [\"preset:<id>\"]).") { listFormat };
            list.SetAction(parse => List(console, parse.GetValue(listFormat)!));

            var id = new Argument<string>("id") { Description = "The preset id, as 'scg presets list' shows it (with or without 'preset:')." };
            var raw = new Option<bool>("--json") { Description = "Print the preset's policy file as it ships." };
            var show = new Command("show", "Show a preset: its list, legal basis, scope, sources, review date and vendors.") { id, raw };
            show.SetAction(parse => Show(console, parse.GetValue(id)!, parse.GetValue(raw)));
            return new Command("presets", "The curated presets that ship with SupplyChainGuard.") { list, show };
        }

        private static int List(CliConsole console, string format)
        {
            var today = DateTime.UtcNow.Date;
            if (format == "json")
            {
                console.Output.Write(Json.Write(writer =>
                {
                    writer.WriteStartArray();
                    foreach (var preset in PresetCatalog.All)
                    {
                        writer.WriteStartObject();
                        writer.WriteString("id", preset.Id);
                        writer.WriteString("reference", preset.Reference);
                        writer.WriteString("title", preset.Title);
                        writer.WriteString("basis", preset.Basis);
                        writer.WriteString("reviewed", preset.Reviewed?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                        writer.WriteNumber("vendors", preset.Vendors.Count);
                        Json.StringArray(writer, "restrictedJurisdictions", preset.RestrictedJurisdictions);
                        writer.WriteEndObject();
                    }

                    writer.WriteEndArray();
                }));
                return ExitCodes.Clean;
            }

            if (PresetCatalog.All.Count == 0)
            {
                console.Output.WriteLine("No presets ship with this version.");
                return ExitCodes.Clean;
            }

            var width = PresetCatalog.All.Max(p => p.Id.Length);
            foreach (var preset in PresetCatalog.All)
            {
                var reviewed = preset.Reviewed is { } date ? date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + (preset.IsStale(today) ? " (over a year ago)" : string.Empty) : "never";
                var contents = preset.Vendors.Count > 0 ? $"{preset.Vendors.Count} {TableWriter.Plural(preset.Vendors.Count, "vendor")}" : string.Empty;
                if (preset.RestrictedJurisdictions.Count > 0)
                {
                    contents += (contents.Length > 0 ? ", " : string.Empty) + "jurisdictions " + string.Join(" ", preset.RestrictedJurisdictions);
                }

                console.Output.WriteLine($"{preset.Id.PadRight(width)}  {preset.Title}  ({contents}; reviewed {reviewed})");
            }

            console.Output.WriteLine();
            console.Output.WriteLine("Use one with \"extends\": [\"preset:<id>\"] in supplychainguard.json; 'scg presets show <id>' tells what it covers.");
            return ExitCodes.Clean;
        }

        private static int Show(CliConsole console, string id, bool raw)
        {
            var name = id.StartsWith(PresetCatalog.Prefix, StringComparison.Ordinal) ? id.Substring(PresetCatalog.Prefix.Length) : id;
            var preset = PresetCatalog.Find(name)
                ?? throw new UsageException($"there is no preset '{name}'; the presets are: {string.Join(", ", PresetCatalog.All.Select(p => p.Id))}.");
            if (raw)
            {
                console.Output.Write(preset.Text.EndsWith("\n", StringComparison.Ordinal) ? preset.Text : preset.Text + "\n");
                return ExitCodes.Clean;
            }

            var output = console.Output;
            output.WriteLine($"{preset.Reference}: {preset.Title}");
            Line(output, "basis", preset.Basis);
            Line(output, "reviewed", preset.Reviewed?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + (preset.IsStale(DateTime.UtcNow.Date) ? " (over a year ago: check the sources for changes)" : string.Empty));
            Line(output, "scope", preset.Scope);
            if (preset.RestrictedJurisdictions.Count > 0)
            {
                Line(output, "jurisdictions", string.Join(", ", preset.RestrictedJurisdictions)
                    + (preset.UnverifiedJurisdictions.Count > 0 ? $" (unverified, findings at most warnings: {string.Join(", ", preset.UnverifiedJurisdictions)})" : string.Empty));
            }

            foreach (var source in preset.Sources)
            {
                Line(output, "source", source.ToString());
            }

            foreach (var vendor in preset.Vendors)
            {
                var match = vendor.Match;
                var signals = new[]
                {
                    ("packages", match.Packages.Count), ("owners", match.Owners.Count), ("authors", match.Authors.Count), ("assemblies", match.Assemblies.Count),
                    ("namespaces", match.Namespaces.Count), ("nativeLibraries", match.NativeLibraries.Count), ("endpoints", match.Endpoints.Count),
                }.Where(s => s.Item2 > 0).Select(s => $"{s.Item1} ({s.Item2})");
                Line(output, "vendor", $"{vendor.Id}: {vendor.DisplayName}{(vendor.Jurisdiction is null ? string.Empty : " (" + vendor.Jurisdiction + ")")}; matches on {string.Join(", ", signals)}");
            }

            foreach (var problem in preset.Problems)
            {
                Line(output, "problem", problem.ToString());
            }

            return preset.Problems.Count == 0 ? ExitCodes.Clean : ExitCodes.UsageOrInput;
        }

        private static void Line(System.IO.TextWriter output, string label, string? text)
        {
            if (!string.IsNullOrEmpty(text))
            {
                output.WriteLine("  " + (label + ":").PadRight(15) + text);
            }
        }
    }
}
