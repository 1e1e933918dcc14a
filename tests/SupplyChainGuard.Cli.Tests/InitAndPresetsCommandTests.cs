using System;
using System.IO;
using System.Linq;
using SupplyChainGuard.Cli.Tests.Support;
using SupplyChainGuard.Policy.Loading;
using Xunit;

namespace SupplyChainGuard.Cli.Tests
{
    /// <summary><c>scg init</c> writes a starter policy that validates and never overwrites; <c>scg presets</c> lists and shows the catalog.</summary>
    public sealed class InitAndPresetsCommandTests : IDisposable
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "scg-init-" + Guid.NewGuid().ToString("N").Substring(0, 8));

        public InitAndPresetsCommandTests()
        {
            Directory.CreateDirectory(_folder);
        }

        public void Dispose() => Directory.Delete(_folder, recursive: true);

        [Fact]
        public void Init_writes_a_commented_policy_extending_the_default_preset_that_validates()
        {
            var result = Scg.Run(_folder, "init");

            Assert.Equal(0, result.ExitCode);
            var text = File.ReadAllText(Path.Combine(_folder, "supplychainguard.json"));
            Assert.Contains("\"extends\": [\"preset:us-fcc-covered-list\"]", text);
            Assert.Contains("// ", text);
            Assert.Equal(0, Scg.Run(_folder, "policy", "validate").ExitCode);
        }

        [Fact]
        public void Init_refuses_to_overwrite_an_existing_policy()
        {
            var path = Path.Combine(_folder, "supplychainguard.json");
            File.WriteAllText(path, "{ \"mode\": \"allowlist\" }");

            var result = Scg.Run(_folder, "init");

            Assert.Equal(2, result.ExitCode);
            Assert.Contains("already exists", result.Error);
            Assert.Equal("{ \"mode\": \"allowlist\" }", File.ReadAllText(path));
        }

        [Fact]
        public void Init_takes_the_presets_to_extend_and_rejects_unknown_ones()
        {
            Assert.Equal(0, Scg.Run(_folder, "init", "a", "--preset", "us-kaspersky", "--preset", "preset:us-pafaca").ExitCode);
            Assert.Contains("\"extends\": [\"preset:us-kaspersky\", \"preset:us-pafaca\"]", File.ReadAllText(Path.Combine(_folder, "a", "supplychainguard.json")));
            Assert.Equal(0, Scg.Run(Path.Combine(_folder, "a"), "policy", "validate").ExitCode);

            Assert.Equal(2, Scg.Run(_folder, "init", "b", "--preset", "us-nothing").ExitCode);
            Assert.False(File.Exists(Path.Combine(_folder, "b", "supplychainguard.json")));
        }

        [Fact]
        public void Presets_list_names_every_preset_of_the_catalog()
        {
            var result = Scg.Run(_folder, "presets", "list", "--format", "json");

            Assert.Equal(0, result.ExitCode);
            Assert.Equal(PresetCatalog.All.Select(p => p.Id), result.Json.AsArray().Select(p => p!["id"]!.GetValue<string>()));
            Assert.Contains("us-fcc-covered-list", Scg.Run(_folder, "presets", "list").Output);
        }

        [Fact]
        public void Presets_show_tells_the_basis_scope_sources_and_vendors_or_prints_the_file()
        {
            var shown = Scg.Run(_folder, "presets", "show", "us-kaspersky");
            Assert.Equal(0, shown.ExitCode);
            Assert.Contains("preset:us-kaspersky: ", shown.Output);
            Assert.Contains("basis:", shown.Output);
            Assert.Contains("source:", shown.Output);
            Assert.Contains("vendor:", shown.Output);

            var raw = Scg.Run(_folder, "presets", "show", "preset:us-kaspersky", "--json");
            Assert.Equal(PresetCatalog.Find("us-kaspersky")!.Text.TrimEnd('\n'), raw.Output.TrimEnd('\n'));

            Assert.Equal(2, Scg.Run(_folder, "presets", "show", "us-nothing").ExitCode);
        }
    }
}
