using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace SupplyChainGuard.Policy.Tests
{
    /// <summary>
    /// Every <c>json</c>/<c>jsonc</c> example in docs/policy.md is policy text a reader copies: each must load
    /// without a diagnostic. A whole example (an object) loads as it is; a fragment (<c>"owners": [...]</c>) loads
    /// inside the object its section documents. An example headed <c>// some/path.json</c> is that file, so the
    /// files of a multi-file example can extend each other.
    /// </summary>
    public sealed class PolicyDocumentationExampleTests
    {
        private static readonly string DocsRoot = Path.Combine(Path.GetTempPath(), "scg-docs-examples");

        /// <summary>Keys of a vendor's <c>match</c> object.</summary>
        private static readonly string[] MatchKeys =
        {
            "packages", "owners", "authors", "certificates", "repositories", "assemblies", "publicKeyTokens", "namespaces", "nativeLibraries", "endpoints", "types",
        };

        /// <summary>Keys of a vendor object (outside <c>match</c>).</summary>
        private static readonly string[] VendorKeys = { "alternatives" };

        /// <summary>The one block in policy.md that is not policy text: Visual Studio Code's settings.</summary>
        private const string EditorSettings = "\"files.associations\"";

        public static IEnumerable<object[]> Examples() => Read().Select(e => new object[] { e.Line, e.Text });

        [Theory]
        [MemberData(nameof(Examples))]
        public void The_example_loads_without_a_diagnostic(int line, string text)
        {
            var files = new FallbackFiles();
            foreach (var (path, named) in Read().Where(e => e.Path is not null).Select(e => (e.Path!, e.Text)))
            {
                files.Add(path, named);
            }

            var (policyPath, policyText) = AsPolicy(line, text);
            files.Add(policyPath, policyText);
            var result = new PolicyLoader(files).Load(policyPath);

            Assert.True(result.Succeeded, $"docs/policy.md line {line}: " + string.Join("; ", result.Diagnostics.Select(d => $"({d.Location.Line},{d.Location.Column}) {d.Message}")) + "\n" + policyText);
            Assert.Empty(result.Diagnostics);
            Assert.NotNull(result.Policy);
        }

        [Fact]
        public void The_examples_are_found_and_the_fragments_are_each_placed()
        {
            var examples = Read().ToList();

            // A change to the doc that hid its examples (another fence, another language tag) fails here, not quietly.
            Assert.True(examples.Count >= 25, $"only {examples.Count} examples found in docs/policy.md");
            Assert.Contains(examples, e => e.Path == Path.Combine(DocsRoot, "repo", "supplychainguard.json"));
            Assert.All(examples, e => AsPolicy(e.Line, e.Text));
        }

        /// <summary>The policy file to load for an example: itself, or the fragment inside the object it belongs to.</summary>
        private static (string Path, string Text) AsPolicy(int line, string text)
        {
            var path = NamedPath(text) ?? Path.Combine(DocsRoot, "line" + line, "supplychainguard.json");
            var body = Regex.Replace(text, @"^\s*//[^\n]*\n", string.Empty).Trim();
            var key = Regex.Match(body, "^\"(?<key>[A-Za-z$]+)\"\\s*:").Groups["key"].Value;
            const string Vendor = "{ \"id\": \"baidu\", \"match\": { \"packages\": [\"Baidu.AI\"] } }";
            if (body.StartsWith("{ \"vendor\"", StringComparison.Ordinal))
            {
                return (path, "{ \"vendors\": [ " + Vendor + " ], \"waivers\": [ " + body + " ] }");
            }

            if (body.StartsWith("{", StringComparison.Ordinal))
            {
                return (path, text);
            }

            if (MatchKeys.Contains(key))
            {
                return (path, "{ \"vendors\": [ { \"id\": \"baidu\", \"match\": { " + body + " } } ] }");
            }

            if (VendorKeys.Contains(key))
            {
                return (path, "{ \"vendors\": [ { \"id\": \"baidu\", \"match\": { \"packages\": [\"Baidu.AI\"] }, " + body + " } ] }");
            }

            if (key is "waivers" or "sources")
            {
                return (path, "{ \"vendors\": [ " + Vendor + " ], " + body + " }");
            }

            throw new InvalidOperationException($"docs/policy.md line {line}: no place known for a fragment starting with key '{key}'; teach this test where it belongs");
        }

        private static string? NamedPath(string text)
        {
            var name = Regex.Match(text, @"^\s*//\s*(?<path>[\w./-]+\.json)\s*\n");
            return name.Success ? Path.Combine(DocsRoot, name.Groups["path"].Value.Replace('/', Path.DirectorySeparatorChar)) : null;
        }

        private static IEnumerable<(int Line, string Text, string? Path)> Read()
        {
            var doc = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "policy.md")).Replace("\r\n", "\n");
            foreach (Match block in Regex.Matches(doc, "```jsonc?\n(?<body>.*?)```", RegexOptions.Singleline))
            {
                var text = block.Groups["body"].Value;
                if (text.TrimStart().StartsWith(EditorSettings, StringComparison.Ordinal))
                {
                    continue;
                }

                var line = doc.Substring(0, block.Index).Count(c => c == '\n') + 1;
                yield return (line, text, NamedPath(text));
            }
        }

        private static string RepositoryRoot()
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "SupplyChainGuard.sln")))
                {
                    return directory.FullName;
                }
            }

            throw new InvalidOperationException("repository root not found");
        }

        /// <summary>
        /// The examples' files in memory; a file an example extends that the doc does not show (<c>../org/…</c>) is
        /// an empty policy, so the example is judged on its own text.
        /// </summary>
        private sealed class FallbackFiles : IPolicyFileReader
        {
            private readonly Dictionary<string, string> _files = new Dictionary<string, string>(StringComparer.Ordinal);

            public void Add(string path, string text) => _files[Path.GetFullPath(path)] = text;

            public PolicyFileContent Read(string fullPath) =>
                PolicyFileContent.FromText(_files.TryGetValue(fullPath, out var text) ? text : "{}");
        }
    }
}
