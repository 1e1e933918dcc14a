using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using SupplyChainGuard.Diagnostics;
using SupplyChainGuard.Policy;
using SupplyChainGuard.Policy.Loading;

namespace SupplyChainGuard.Cli.Commands
{
    /// <summary><c>scg init [folder]</c>: a commented starter supplychainguard.json that extends a preset; never overwrites.</summary>
    internal static class InitCommand
    {
        public const string DefaultPreset = "us-fcc-covered-list";

        public static Command Create(CliConsole console)
        {
            var folder = new Argument<string?>("folder") { Description = "Where to write supplychainguard.json (default: the current folder).", Arity = ArgumentArity.ZeroOrOne };
            var preset = new Option<string[]>("--preset") { Description = $"A preset to extend (repeatable; default: {DefaultPreset}). See 'scg presets list'." };
            var command = new Command("init", "Write a commented starter supplychainguard.json; refuses to overwrite one.") { folder, preset };
            command.SetAction(parse => Init(console, parse.GetValue(folder), parse.GetValue(preset)));
            return command;
        }

        private static int Init(CliConsole console, string? folder, string[]? presets)
        {
            var directory = Path.GetFullPath(Path.Combine(console.CurrentDirectory, folder ?? "."));
            var path = Path.Combine(directory, "supplychainguard.json");
            if (File.Exists(path))
            {
                throw new UsageException($"'{path}' already exists; scg init never overwrites a policy. Edit it, or check it with 'scg policy validate'.");
            }

            var chosen = (presets is { Length: > 0 } ? presets : PresetCatalog.Find(DefaultPreset) is not null ? new[] { DefaultPreset } : Array.Empty<string>())
                .Select(p => p.StartsWith(PresetCatalog.Prefix, StringComparison.Ordinal) ? p.Substring(PresetCatalog.Prefix.Length) : p)
                .ToList();
            foreach (var unknown in chosen.Where(p => PresetCatalog.Find(p) is null))
            {
                throw new UsageException($"there is no preset '{unknown}'; the presets are: {string.Join(", ", PresetCatalog.All.Select(p => p.Id))}.");
            }

            var text = StarterPolicy(chosen);

            // Never hand a user a starter the loader rejects: that would be SCG0901 in their first build.
            var load = new PolicyLoader(PhysicalPolicyFileReader.Instance).LoadText(path, text);
            if (load.Policy is null)
            {
                throw new InvalidOperationException("the starter policy does not validate: " + string.Join("; ", load.Diagnostics.Select(FindingText.PolicyProblem)));
            }

            Directory.CreateDirectory(directory);
            using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
            using (var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false)))
            {
                writer.Write(text);
            }

            console.Output.WriteLine($"Wrote {path}" + (chosen.Count > 0 ? $" (extends {string.Join(", ", chosen.Select(p => PresetCatalog.Prefix + p))})." : "."));
            console.Output.WriteLine("Next: add your own vendors and alternatives, then run 'scg check'.");
            return ExitCodes.Clean;
        }

        internal static string StarterPolicy(System.Collections.Generic.IReadOnlyList<string> presets)
        {
            var extends = presets.Count == 0
                ? "  // \"extends\": [\"preset:<id>\"],  // no presets ship with this version\n"
                : "  \"extends\": [" + string.Join(", ", presets.Select(p => $"\"{PresetCatalog.Prefix}{p}\"")) + "],\n";
            var others = PresetCatalog.All.Select(p => p.Id).Where(p => !presets.Contains(p)).ToList();
            var otherLine = others.Count == 0 ? string.Empty : "  // Other presets: " + string.Join(", ", others) + " ('scg presets show <id>').\n";
            return "{\n"
                + "  // SupplyChainGuard policy: which publishers this repository's packages and code may not come from, and\n"
                + "  // what to use instead. The nearest supplychainguard.json above a project applies to it.\n"
                + "  // Every key: https://github.com/supplychainguard/supplychainguard/blob/main/docs/policy.md\n"
                + "  \"$schema\": \"https://supplychainguard.dev/schema/supplychainguard.schema.json\",\n"
                + "\n"
                + "  // Curated lists of restricted publishers, with their legal basis and sources. A match says the\n"
                + "  // publisher is a listed entity or affiliate; whether your use is restricted is for you to judge.\n"
                + extends
                + otherLine
                + "\n"
                + "  // \"deny\": packages of restricted vendors are findings. \"allowlist\": every package must belong to a\n"
                + "  // vendor with \"restricted\": false.\n"
                + "  \"mode\": \"deny\",\n"
                + "\n"
                + "  // ISO 3166-1 alpha-2 codes; a vendor whose jurisdiction is listed is restricted unless it says otherwise.\n"
                + "  \"restrictedJurisdictions\": [],\n"
                + "\n"
                + "  \"vendors\": [\n"
                + "    // {\n"
                + "    //   \"id\": \"baidu\",\n"
                + "    //   \"name\": \"Baidu, Inc.\",\n"
                + "    //   \"jurisdiction\": \"CN\",\n"
                + "    //   \"restricted\": true,\n"
                + "    //   \"reason\": \"Company policy SEC-12\",\n"
                + "    //   // Owners come from the nuget.org repository signature: the strongest offline signal.\n"
                + "    //   \"match\": { \"owners\": [\"Baidu-AI\"], \"packages\": [\"Baidu.AI\"], \"namespaces\": [\"Baidu.Aip\"] },\n"
                + "    //   \"alternatives\": [ { \"package\": \"AWSSDK.Textract\", \"note\": \"OCR\" } ]\n"
                + "    // }\n"
                + "  ],\n"
                + "\n"
                + "  // Accepted exceptions, each with a reason and an expiry date (SCG0201 once it has passed).\n"
                + "  \"waivers\": [\n"
                + "    // { \"vendor\": \"baidu\", \"package\": \"Baidu.AI\", \"reason\": \"legacy OCR, ticket SEC-481\", \"expires\": \"2027-03-31\", \"projects\": [\"src/Legacy/**\"] }\n"
                + "  ]\n"
                + "}\n";
        }
    }
}
