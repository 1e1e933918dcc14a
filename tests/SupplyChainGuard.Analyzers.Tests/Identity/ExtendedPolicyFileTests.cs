using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace SupplyChainGuard.Analyzers.Tests
{
    /// <summary>
    /// A policy that <c>extends</c> another file: the analyzer reads the extended file from AdditionalFiles (the
    /// build task adds it), and caches the load per root policy text. An edit to the extended file alone leaves
    /// the root text — the cache key — as it was; the analyzer must still see the edit, on the same compilation
    /// and the same options objects, as the editor keeps them between keystrokes in another file.
    /// </summary>
    public sealed class ExtendedPolicyFileTests
    {
        private const string RootPath = "/repo/supplychainguard.json";
        private const string ExtendedPath = "/repo/org/base.json";
        private const string Root = """{ "extends": ["org/base.json"] }""";

        private const string Source = """
            using System.Text.Json;

            class App
            {
                string M() => JsonSerializer.Serialize(1);
            }
            """;

        private static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers =
            typeof(RestrictedApiAnalyzer).Assembly.GetTypes()
                .Where(t => typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && !t.IsAbstract)
                .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
                .ToImmutableArray();

        private static string Base(bool restricted, string reason = "Company policy SEC-12") => $$"""
            {
              "vendors": [
                { "id": "json", "name": "Json Corp", "restricted": {{(restricted ? "true" : "false")}}, "reason": "{{reason}}",
                  "match": { "namespaces": ["System.Text.Json"] } }
              ]
            }
            """;

        [Fact]
        public async Task An_edit_that_restricts_a_vendor_in_the_extended_file_is_reported_on_the_next_run()
        {
            var world = new World(Base(restricted: false));
            Assert.Empty(Findings(await world.RunAsync()));

            world.Extended.Edit(Base(restricted: true));
            var findings = Findings(await world.RunAsync());

            Assert.Equal(new[] { "SCG0102 (1,1)", "SCG0101 (5,19)", "SCG0101 (5,34)" }, findings.Select(Describe));
            Assert.All(findings, f => Assert.Contains("'Json Corp' (vendor 'json')", f.GetMessage(), StringComparison.Ordinal));
        }

        [Fact]
        public async Task An_edit_that_lifts_the_restriction_in_the_extended_file_ends_the_findings_on_the_next_run()
        {
            var world = new World(Base(restricted: true));
            Assert.Equal(3, Findings(await world.RunAsync()).Count);

            world.Extended.Edit(Base(restricted: false));

            Assert.Empty(Findings(await world.RunAsync()));
        }

        [Fact]
        public async Task An_edit_to_the_reason_in_the_extended_file_changes_the_message_on_the_next_run()
        {
            var world = new World(Base(restricted: true, reason: "Company policy SEC-12"));
            Assert.All(NonEmpty(Findings(await world.RunAsync())), f => Assert.Contains("Reason: Company policy SEC-12.", f.GetMessage(), StringComparison.Ordinal));

            world.Extended.Edit(Base(restricted: true, reason: "Company policy SEC-13"));
            var findings = NonEmpty(Findings(await world.RunAsync()));

            Assert.All(findings, f => Assert.Contains("Reason: Company policy SEC-13.", f.GetMessage(), StringComparison.Ordinal));
            Assert.All(findings, f => Assert.DoesNotContain("SEC-12", f.GetMessage(), StringComparison.Ordinal));
        }

        [Fact]
        public async Task An_extended_file_that_becomes_unreadable_is_SCG0901_on_the_extends_entry_not_the_cached_policy()
        {
            var world = new World(Base(restricted: false));
            Assert.Empty(await world.RunAsync());

            world.Extended.Edit(null);
            var diagnostics = await world.RunAsync();

            var invalid = Assert.Single(diagnostics);
            Assert.Equal("SCG0901", invalid.Id);
            Assert.Equal(DiagnosticSeverity.Error, invalid.Severity);
            Assert.Equal(RootPath, invalid.Location.GetLineSpan().Path);
            Assert.Equal(new LinePosition(0, Root.IndexOf("\"org/base.json\"", StringComparison.Ordinal)), invalid.Location.GetLineSpan().StartLinePosition);
            Assert.Contains("the compiler could not read it", invalid.GetMessage(), StringComparison.Ordinal);
        }

        [Fact]
        public async Task An_extended_file_that_becomes_invalid_JSON_is_SCG0901_in_that_file_on_the_next_run()
        {
            var world = new World(Base(restricted: true));
            Assert.Equal(3, Findings(await world.RunAsync()).Count);

            world.Extended.Edit("{ \"vendors\": [ }");
            var diagnostics = await world.RunAsync();

            var invalid = Assert.Single(diagnostics);
            Assert.Equal("SCG0901", invalid.Id);
            Assert.Equal(ExtendedPath, invalid.Location.GetLineSpan().Path);
            Assert.Equal(0, invalid.Location.GetLineSpan().StartLinePosition.Line);
        }

        [Fact]
        public async Task An_edit_to_a_file_that_the_extended_file_extends_is_reported_on_the_next_run()
        {
            var nested = new EditableAdditionalText("/repo/org/vendors/json.json", Base(restricted: false));
            var world = new World("""{ "extends": ["vendors/json.json"] }""", nested);
            Assert.Empty(Findings(await world.RunAsync()));

            nested.Edit(Base(restricted: true));

            Assert.Equal(3, Findings(await world.RunAsync()).Count);
        }

        [Fact]
        public void The_load_is_reused_while_the_extended_text_is_unchanged_and_redone_after_an_edit()
        {
            var world = new World(Base(restricted: true));
            var first = AnalyzerPolicy.Read(world.Options, CancellationToken.None).Load;

            // A new SourceText with the same characters (a reload from disk) is the same input: the load holds.
            world.Extended.Edit(Base(restricted: true));
            var reloaded = AnalyzerPolicy.Read(world.Options, CancellationToken.None).Load;

            world.Extended.Edit(Base(restricted: false));
            var edited = AnalyzerPolicy.Read(world.Options, CancellationToken.None).Load;

            Assert.NotNull(first);
            Assert.Same(first, reloaded);
            Assert.NotSame(first, edited);
            Assert.True(first!.Policy!.Vendors.Single().Restricted);
            Assert.False(edited!.Policy!.Vendors.Single().Restricted);
        }

        private static List<Diagnostic> Findings(ImmutableArray<Diagnostic> diagnostics) =>
            diagnostics.Where(d => d.Id.StartsWith("SCG01", StringComparison.Ordinal))
                .OrderBy(d => d.Location.SourceSpan.Start)
                .ToList();

        private static List<Diagnostic> NonEmpty(List<Diagnostic> findings)
        {
            Assert.NotEmpty(findings);
            return findings;
        }

        private static string Describe(Diagnostic d)
        {
            var start = d.Location.GetLineSpan().StartLinePosition;
            return $"{d.Id} ({start.Line + 1},{start.Character + 1})";
        }

        /// <summary>One compilation and one options object, reused by every run, with an extended file that can be edited.</summary>
        private sealed class World
        {
            private readonly CSharpCompilation _compilation;

            public World(string extended, params EditableAdditionalText[] more)
            {
                var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
                    .Split(Path.PathSeparator)
                    .Select(p => MetadataReference.CreateFromFile(p));
                _compilation = CSharpCompilation.Create("Subject",
                    new[] { CSharpSyntaxTree.ParseText(Source, path: "/repo/src/App.cs") },
                    references,
                    new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
                Extended = new EditableAdditionalText(ExtendedPath, extended);
                Options = new AnalyzerOptions(
                    ImmutableArray.Create<AdditionalText>(new EditableAdditionalText(RootPath, Root), Extended).AddRange(more),
                    BuildPropertyOptions.ForPolicy(RootPath));
            }

            public EditableAdditionalText Extended { get; }

            public AnalyzerOptions Options { get; }

            public async Task<ImmutableArray<Diagnostic>> RunAsync()
            {
                var exceptions = new List<Exception>();
                var withAnalyzers = _compilation.WithAnalyzers(Analyzers, new CompilationWithAnalyzersOptions(
                    Options, (exception, _, _) => { lock (exceptions) { exceptions.Add(exception); } }, concurrentAnalysis: true, logAnalyzerExecutionTime: false));
                var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(CancellationToken.None);
                Assert.Empty(exceptions);
                return diagnostics;
            }
        }

        /// <summary>An additional file whose text an edit replaces, as the editor's buffer does; null is a file the compiler cannot read.</summary>
        private sealed class EditableAdditionalText : AdditionalText
        {
            private SourceText? _text;

            public EditableAdditionalText(string path, string text)
            {
                Path = path;
                _text = SourceText.From(text);
            }

            public override string Path { get; }

            public void Edit(string? text) => _text = text is null ? null : SourceText.From(text);

            public override SourceText? GetText(CancellationToken cancellationToken = default) => _text;
        }
    }
}
