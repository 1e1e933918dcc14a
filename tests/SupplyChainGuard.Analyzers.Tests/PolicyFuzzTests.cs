using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CsCheck;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using SupplyChainGuard.Policy.Tests.Fuzzing;
using Xunit;

namespace SupplyChainGuard.Analyzers.Tests
{
    /// <summary>
    /// The loader's fuzz corpus through the analyzers, as a compiler runs them: every analyzer of the assembly,
    /// the generated policy (and a generated file it may extend) as AdditionalFiles. No policy may make an
    /// analyzer throw (AD0001); a policy that does not load is SCG0901, inside the policy file. A failure
    /// prints CsCheck's seed to run that case again.
    /// </summary>
    public sealed class PolicyFuzzTests
    {
        private const string PolicyPath = "/repo/app/supplychainguard.json";
        private const string ExtendedPath = "/repo/org/supplychainguard.json";

        private static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers =
            typeof(RestrictedApiAnalyzer).Assembly.GetTypes()
                .Where(t => typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && !t.IsAbstract)
                .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
                .ToImmutableArray();

        private static readonly Lazy<CSharpCompilation> Compilation = new Lazy<CSharpCompilation>(() => CSharpCompilation.Create("Subject",
            new[]
            {
                CSharpSyntaxTree.ParseText("""
                    using System.Text.Json;
                    using static System.Console;
                    class A
                    {
                        string s = "https://api.github.com/x";
                        [System.Runtime.InteropServices.DllImport("kernel32")] static extern void F();
                        void M() { WriteLine(JsonSerializer.Serialize(1)); var t = System.Type.GetType("System.Text.Json.JsonDocument"); }
                    }
                    """, path: "/repo/app/A.cs"),
            },
            ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator).Select(p => MetadataReference.CreateFromFile(p)),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary)));

        [Fact]
        public async Task Three_hundred_generated_policies_never_make_an_analyzer_throw()
        {
            var handover = Gen.OneOf(Gen.Const((string?)null), Gen.Const((string?)"""
                { "version": 2, "project": "", "policyFiles": ["/repo/app/supplychainguard.json"],
                  "packages": [ { "id": "System.Text.Json", "version": "10.0.0", "vendor": "v", "assemblies": ["System.Text.Json"], "signals": ["owner 'x' in the repository signature"] } ],
                  "findings": [] }
                """), PolicyCorpus.Text.Select(t => (string?)t));
            await Gen.Select(PolicyCorpus.Text, PolicyCorpus.Text, handover).SampleAsync(async (policy, extended, handoverText) =>
            {
                var files = new List<AdditionalText> { new InMemoryAdditionalText(PolicyPath, policy), new InMemoryAdditionalText(ExtendedPath, extended) };
                if (handoverText is not null)
                {
                    files.Add(new InMemoryAdditionalText("/repo/app/obj/supplychainguard.packages.json", handoverText));
                }

                var exceptions = new List<Exception>();
                var options = new AnalyzerOptions(files.ToImmutableArray(), new BuildPropertyOptions(new Dictionary<string, string> { ["SupplyChainGuardPolicyFile"] = PolicyPath, ["MSBuildProjectFullPath"] = "/repo/app/App.csproj" }));
                var withAnalyzers = Compilation.Value.WithAnalyzers(Analyzers, new CompilationWithAnalyzersOptions(
                    options, (exception, analyzer, diagnostic) => { lock (exceptions) { exceptions.Add(exception); } }, concurrentAnalysis: true, logAnalyzerExecutionTime: false));
                var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(CancellationToken.None);

                Assert.Empty(exceptions);
                Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
                foreach (var invalid in diagnostics.Where(d => d.Id == "SCG0901"))
                {
                    var span = invalid.Location.GetLineSpan();
                    Assert.True(span.Path == PolicyPath || span.Path == ExtendedPath, invalid.ToString());
                    var text = span.Path == PolicyPath ? policy : extended;
                    Assert.InRange(span.StartLinePosition.Line, 0, SourceText.From(text).Lines.Count - 1);
                }
            }, iter: 300, threads: 1, print: t => PolicyCorpus.Print(t.Item1) + "\nextended: " + PolicyCorpus.Print(t.Item2));
        }
    }
}
