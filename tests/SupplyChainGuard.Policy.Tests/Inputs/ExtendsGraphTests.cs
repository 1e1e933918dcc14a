using System;
using System.Collections.Generic;
using System.Linq;
using CsCheck;
using Xunit;

namespace SupplyChainGuard.Policy.Tests
{
    /// <summary>
    /// <c>extends</c> as a graph: each file is read and merged once however many paths reach it, with the
    /// result the plain walk (every path followed again) gives; file identity is the file system's.
    /// </summary>
    public sealed class ExtendsGraphTests
    {
        private static string FileName(int level) => $"level{level}.json";

        /// <summary>level0 extends level1 twice, level1 extends level2 twice, ...: 2^depth paths to the last file.</summary>
        private static InMemoryPolicyFiles Diamond(int depth)
        {
            var files = new InMemoryPolicyFiles();
            for (var level = 0; level <= depth; level++)
            {
                var extends = level < depth ? $"\"extends\": [\"{FileName(level + 1)}\", \"{FileName(level + 1)}\"]," : string.Empty;
                var mode = level % 3 == 0 ? "allowlist" : "deny";
                files.Add(TestPaths.At("a", FileName(level)), $$"""
                    {
                      {{extends}}
                      "mode": "{{mode}}",
                      "restrictedJurisdictions": ["{{(level % 2 == 0 ? "CN" : "RU")}}"],
                      "vendors": [ { "id": "shared", "name": "from level {{level}}" }, { "id": "v{{level}}" } ],
                      "waivers": [ { "vendor": "v{{level}}", "reason": "level {{level}}", "expires": "2027-03-31" } ]
                    }
                    """);
            }

            return files;
        }

        [Fact]
        public void A_diamond_twenty_levels_deep_reads_and_merges_each_file_once()
        {
            var files = Diamond(20);

            var result = new PolicyLoader(files).Load(TestPaths.At("a", FileName(0)));

            Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
            Assert.Equal(21, files.Reads.Count);
            Assert.Equal(21, files.Reads.Distinct().Count());
            var policy = result.Policy!;
            Assert.Equal(PolicyMode.Allowlist, policy.Mode); // level 0's own mode wins
            Assert.Equal(new[] { "CN", "RU" }, policy.RestrictedJurisdictions);
            Assert.Equal(new[] { "shared" }.Concat(Enumerable.Range(0, 21).Reverse().Select(l => "v" + l)), policy.Vendors.Select(v => v.Id));
            Assert.Equal("from level 0", policy.FindVendor("shared")!.Name);
            Assert.Equal(Enumerable.Range(0, 21).Reverse().Select(l => "level " + l), policy.Waivers.Select(w => w.Reason));
            Assert.Equal(Enumerable.Range(0, 21).Select(l => TestPaths.At("a", FileName(l))), policy.SourceFiles);
        }

        [Fact]
        public void A_diamond_merges_to_what_following_every_path_again_gives()
        {
            var path = TestPaths.At("a", FileName(0));

            var once = new PolicyLoader(Diamond(8)).Load(path);
            var everyPath = new PolicyLoader(Diamond(8), loadEachFileOnce: false).Load(path);

            Assert.Equal(Describe(everyPath), Describe(once));
        }

        /// <summary>Random acyclic extends graphs, with overriding vendors, modes, waivers and errors: the same result both ways.</summary>
        [Fact]
        public void Any_acyclic_extends_graph_merges_to_what_following_every_path_again_gives()
        {
            var file = Gen.Select(
                Gen.Int[0, 3],                                  // mode: none, deny, allowlist, broken
                Gen.Int[0, 2].Array[0, 3],                      // vendor ids 0..2, each may repeat across files
                Gen.Int[0, 3].Array[0, 2],                      // waivers for vendor ids 0..3 (3 is unknown)
                Gen.Int[1, 6].Array[0, 3],                      // extends: offsets to later files
                Gen.OneOf(Gen.Const("CN"), Gen.Const("RU"), Gen.Const("XX")));
            Gen.Select(Gen.Int[1, 7], file.Array[7]).Sample((count, specs) =>
            {
                var build = new Func<InMemoryPolicyFiles>(() =>
                {
                    var files = new InMemoryPolicyFiles();
                    for (var i = 0; i < count; i++)
                    {
                        var (mode, vendors, waivers, extends, jurisdiction) = specs[i];
                        var parts = new List<string>();
                        var targets = extends.Select(o => i + o).Where(t => t < count).Select(t => $"\"f{t}.json\"").ToList();
                        if (targets.Count > 0)
                        {
                            parts.Add($"\"extends\": [{string.Join(", ", targets)}]");
                        }

                        if (mode > 0)
                        {
                            parts.Add($"\"mode\": \"{(mode == 1 ? "deny" : mode == 2 ? "allowlist" : "strict")}\"");
                        }

                        parts.Add($"\"restrictedJurisdictions\": [\"{jurisdiction}\"]");
                        parts.Add("\"vendors\": [" + string.Join(", ", vendors.Distinct().Select(v => $"{{ \"id\": \"v{v}\", \"name\": \"v{v} of f{i}\" }}")) + "]");
                        parts.Add("\"waivers\": [" + string.Join(", ", waivers.Select(w => $"{{ \"vendor\": \"v{w}\", \"reason\": \"f{i}\", \"expires\": \"2027-03-31\" }}")) + "]");
                        files.Add(TestPaths.At("a", $"f{i}.json"), "{\n" + string.Join(",\n", parts) + "\n}");
                    }

                    return files;
                });

                var path = TestPaths.At("a", "f0.json");
                Assert.Equal(Describe(new PolicyLoader(build(), loadEachFileOnce: false).Load(path)), Describe(new PolicyLoader(build()).Load(path)));
            }, iter: 500);
        }

        [Fact]
        public void Names_that_differ_only_in_case_are_two_files_for_a_case_sensitive_reader_not_a_cycle()
        {
            var upper = TestPaths.At("a", "Org.json");
            var lower = TestPaths.At("a", "org.json");
            var files = new InMemoryPolicyFiles()
                .Add(upper, """{ "extends": ["org.json"], "vendors": [ { "id": "upper" } ] }""")
                .Add(lower, """{ "vendors": [ { "id": "lower" } ] }""");

            var policy = PolicyAssert.Valid("""{ "extends": ["Org.json"] }""", files);

            Assert.Equal(new[] { TestPaths.Policy, upper, lower }, policy.SourceFiles);
            Assert.Equal(new[] { "lower", "upper" }, policy.Vendors.Select(v => v.Id));
        }

        [Fact]
        public void Two_paths_to_one_file_by_its_identity_are_a_cycle()
        {
            var files = new IdentityReader(TestPaths.At("a", "Loop.json"), TestPaths.At("a", "loop.json"), """{ "extends": ["loop.json"] }""");

            var result = new PolicyLoader(files).Load(TestPaths.At("a", "Loop.json"));

            PolicyAssert.SingleError(result, TestPaths.At("a", "Loop.json"), 1, 15,
                $"'loop.json' extends itself through a cycle: {TestPaths.At("a", "Loop.json")} -> {TestPaths.At("a", "loop.json")}");
        }

        [Fact]
        public void A_chain_of_extends_longer_than_64_files_is_SCG0901_at_the_entry_that_goes_too_deep()
        {
            var files = new InMemoryPolicyFiles();
            for (var i = 1; i < 70; i++)
            {
                files.Add(TestPaths.At("a", $"f{i}.json"), $$"""{ "extends": ["f{{i + 1}}.json"] }""");
            }

            files.Add(TestPaths.At("a", "f70.json"), "{}");
            var result = PolicyAssert.Load("""{ "extends": ["f1.json"] }""", files);

            PolicyAssert.SingleError(result, TestPaths.At("a", "f63.json"), 1, 15, "extended policy 'f64.json' is more than 64 files deep in a chain of 'extends'");
        }

        /// <summary>Everything a load result says, as text: problems, or the merged policy with where each part came from.</summary>
        private static string Describe(PolicyLoadResult result)
        {
            if (result.Policy is not { } policy)
            {
                return "failed:\n" + string.Join("\n", result.Diagnostics);
            }

            return string.Join("\n", new[]
            {
                "mode " + policy.Mode,
                "jurisdictions " + string.Join(",", policy.RestrictedJurisdictions),
                "vendors " + string.Join(",", policy.Vendors.Select(v => $"{v.Id}/{v.Name}@{v.Location}")),
                "waivers " + string.Join(",", policy.Waivers.Select(w => $"{w.Vendor}/{w.Reason}@{w.Location}")),
                "files " + string.Join(",", policy.SourceFiles),
            });
        }

        /// <summary>One file reachable under two spellings, as on a case-insensitive file system.</summary>
        private sealed class IdentityReader : IPolicyFileReader
        {
            private readonly string _first;
            private readonly string _second;
            private readonly string _text;

            public IdentityReader(string first, string second, string text) => (_first, _second, _text) = (first, second, text);

            public PolicyFileContent Read(string fullPath) =>
                fullPath == _first || fullPath == _second ? PolicyFileContent.FromText(_text, identity: _first.ToUpperInvariant()) : PolicyFileContent.NotFound;
        }
    }
}
