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
    /// <summary>Nothing a user writes may crash the compiler (AD0001): real sources, broken code, broken policies.</summary>
    public sealed class RobustnessTests
    {
        private static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers =
            typeof(RestrictedApiAnalyzer).Assembly.GetTypes()
                .Where(t => typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && !t.IsAbstract)
                .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
                .ToImmutableArray();

        /// <summary>Restricts this repository's own namespaces, so every rule has work to do on its sources.</summary>
        private const string SelfPolicy = """
            {
              "vendors": [ { "id": "self", "restricted": true,
                "match": { "namespaces": ["SupplyChainGuard.Policy", "System.Text.Json"], "assemblies": ["System.Text.Json"],
                           "nativeLibraries": ["kernel32"], "endpoints": ["*.github.com", "supplychainguard.dev"] } } ]
            }
            """;

        public static IEnumerable<object[]> BrokenSources() => new[]
        {
            new object[] { "class A { void M() { new Baidu.Aip.Ocr.Ocr( } " },
            new object[] { "using Baidu.Aip.; using static ; using X = ; global using ;" },
            new object[] { "[DllImport(] class B { [System.Runtime.InteropServices.DllImport(null)] static extern void F(); }" },
            new object[] { "class C { string s = $\"{\"; string r = \"\"\"\nunterminated" },
            new object[] { "class D : Baidu.Aip.AipException, { D() : base() { var x = System.Reflection.Assembly.Load(1); Type.GetType(); } }" },
            new object[] { "class E { object o = new(); int this[int i] => i; void M() { var e = new E(); _ = e[ ; } }" },
        };

        public static IEnumerable<object[]> BrokenPolicies() => new[]
        {
            new object[] { string.Empty },
            new object[] { "{" },
            new object[] { "[]" },
            new object[] { "{ \"vendors\": [ { \"id\": 1 } ], \"waivers\": [ { } ] }" },
            new object[] { "{ \"extends\": [\"../missing.json\", \"preset:nope\"] }" },
            new object[] { "\uFEFF{ \"vendors\": [ { \"id\": \"v\", \"match\": { \"namespaces\": [\"\"], \"endpoints\": [\"a b\"] } } ] }" },
        };

        [Fact]
        public async Task The_analyzers_run_over_this_repository_s_own_sources_without_exceptions()
        {
            var root = FindRoot();
            var sources = Directory.GetFiles(Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories)
                .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
                .Select(f => File.ReadAllText(f))
                .ToArray();
            Assert.NotEmpty(sources);

            var diagnostics = await Run(sources, SelfPolicy);

            Assert.Contains(diagnostics, d => d.Id == "SCG0101");
        }

        [Theory]
        [MemberData(nameof(BrokenSources))]
        public async Task Broken_code_never_crashes_an_analyzer(string source)
        {
            await Run(new[] { source }, SelfPolicy);
        }

        [Theory]
        [MemberData(nameof(BrokenPolicies))]
        public async Task Broken_policies_never_crash_an_analyzer(string policy)
        {
            var diagnostics = await Run(new[] { "class A { string s = \"https://api.github.com\"; }" }, policy);
            Assert.DoesNotContain(diagnostics, d => d.Id.StartsWith("SCG01", StringComparison.Ordinal));
        }

        /// <summary>Runs every analyzer and fails on any analyzer exception (what the compiler reports as AD0001).</summary>
        private static async Task<ImmutableArray<Diagnostic>> Run(string[] sources, string policy)
        {
            var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
                .Split(Path.PathSeparator)
                .Select(p => MetadataReference.CreateFromFile(p));
            var compilation = CSharpCompilation.Create("Subject",
                sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, path: $"/src/File{i}.cs")),
                references,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

            var exceptions = new List<Exception>();
            var options = new AnalyzerOptions(
                ImmutableArray.Create<AdditionalText>(new InMemoryAdditionalText("/repo/supplychainguard.json", policy)),
                new ConfigOptions("/repo/supplychainguard.json"));
            var withAnalyzers = compilation.WithAnalyzers(Analyzers, new CompilationWithAnalyzersOptions(
                options, (exception, analyzer, diagnostic) => { lock (exceptions) { exceptions.Add(exception); } }, concurrentAnalysis: true, logAnalyzerExecutionTime: false));
            var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(CancellationToken.None);

            Assert.Empty(exceptions);
            Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
            return diagnostics;
        }

        private static string FindRoot()
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

        private sealed class InMemoryAdditionalText : AdditionalText
        {
            private readonly SourceText _text;

            public InMemoryAdditionalText(string path, string text)
            {
                Path = path;
                _text = SourceText.From(text);
            }

            public override string Path { get; }

            public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
        }

        private sealed class ConfigOptions : AnalyzerConfigOptionsProvider
        {
            private readonly Options _global;

            public ConfigOptions(string policyPath)
            {
                _global = new Options(new Dictionary<string, string> { ["build_property.SupplyChainGuardPolicyFile"] = policyPath });
            }

            public override AnalyzerConfigOptions GlobalOptions => _global;

            public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options.Empty;

            public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Options.Empty;

            private sealed class Options : AnalyzerConfigOptions
            {
                public static readonly Options Empty = new Options(new Dictionary<string, string>());
                private readonly Dictionary<string, string> _values;

                public Options(Dictionary<string, string> values) => _values = values;

                public override bool TryGetValue(string key, out string value) => _values.TryGetValue(key, out value!);
            }
        }
    }
}
