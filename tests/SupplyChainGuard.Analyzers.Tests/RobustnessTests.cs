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
                "match": { "namespaces": ["SupplyChainGuard.Policy", "System.Text.Json", "Baidu.Aip"], "assemblies": ["System.Text.Json", "AipFixtures"],
                           "nativeLibraries": ["kernel32"], "endpoints": ["*.github.com", "supplychainguard.dev", "*.baidubce.com"] } } ]
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
            new object[] { "using Baidu.Aip.Fixtures; class F { void M(Money m) { m = m + ; m = -; m++ m; var x = (decimal); Money y = ; } " },
            new object[] { "using Baidu.Aip.Fixtures; class G { async void M(Batch b, Job j, Session s) { foreach (var in b) { } foreach ( ; await ; await using (s; using var = ; } }" },
            new object[] { "using Baidu.Aip.Fixtures; class H { void M(Point p, Source<int> q) { var (a, ) = p; ( , b) = p; if (p is (1, )) { } var r = from x in q where select ; } }" },
            new object[] { "using Baidu.Aip.Fixtures; class I { unsafe void M(Settings s, Callback c) { var t = s with { Retries = }; Point* p = &; var v = *; c(; new Batch { \"a\", ; } }" },
            new object[] { "global using Box = System.Collections.Generic.List<Baidu.Aip.Fixtures.>; using Pair = (Baidu.Aip.Fixtures.Money, ; class J { Box b; Pair p; Unknown u = new Unknown(); Missing.Type t; }" },
            new object[] { "/// <see cref=\"Baidu.Aip.Fixtures.\"/> <see cref=\"Money.\"/> <see cref=\"Unresolved\"/>\nclass K { void M() { System.Reflection.Assembly.Load(assemblyString: ); System.Activator.CreateInstance(typeName: , assemblyName: \"AipFixtures\"); } }" },
            new object[] { "class L { string a = \"https://aip\\u200B.\"; string b = \"\\uD800.baidubce.com\"; System.ReadOnlySpan<byte> c => \"xn--.baidubce.com\"u8; string d = \"https://xn--zz\u0000.com\"; }" },
            new object[] { "class M : Baidu.Aip.Fixtures.Handler { public override void Handle( { Handle(); base.Raise(; } public override int Priority => ; }" },
        };

        /// <summary>C# 12 and earlier constructs of every kind, with the vendor fixture in use, for the in-process (Roslyn 4.8) run.</summary>
        private const string ModernSource = """"
            using System;
            using System.Collections.Generic;
            using System.Runtime.CompilerServices;
            using Baidu.Aip.Fixtures;
            using Clients = Baidu.Aip.Fixtures.Money[];
            using Pair = (Baidu.Aip.Fixtures.Money Amount, int Count);

            namespace Modern;

            public class Account(Money opening, string name)   // primary constructor
            {
                public Money Balance { get; private set; } = opening;
                public string Name => name;
                public int[] Numbers = [1, 2, 3];                // collection expression
                public List<Money> Amounts = [opening, 5];       // collection expression with a conversion
                public Span<int> Slice(Span<int> all) => all[1..];
                public void Touch(ref readonly int value) { }    // ref readonly parameter
                public static int Sum(params int[] values) => values.Length;
                public Func<int, int> Add = (int x = 1) => x + 1; // default lambda parameter
                public Pair Pair => (opening, 1);
                public Clients? All;
            }

            [InlineArray(4)]
            public struct Buffer { private Money _element; }     // inline array of a vendor type

            public record struct Reading(Point Where, int Value);

            public interface IShape { static abstract int Sides { get; } }

            public class Square : IShape { public static int Sides => 4; }

            file class Hidden { public required Money Price { get; init; } }

            public ref struct Cursor { public ref int Position; public int Other(scoped ref int x) => x; }

            public class Uses
            {
                public string Describe(object value) => value switch
                {
                    Money { Amount: > 0 } => "credit",
                    Point (var x, _) when x > 0 => "right",
                    int[] [1, .., var last] => last.ToString(),
                    _ => """
                        raw "string"
                        """,
                };

                public async IAsyncEnumerable<int> Stream(Job job)
                {
                    yield return await job;
                }

                public void Generic<T>() where T : Handler, new() { var handler = new T(); handler.Handle(); }

                public ReadOnlySpan<byte> Utf8 => "aip.baidubce.com"u8;

                public unsafe delegate*<Money, int> Pointer;

                [Traced<int>] public void GenericAttribute() { }
            }

            public sealed class TracedAttribute<T> : Attribute { }
            """";

        /// <summary>
        /// C# 13 and 14 constructs (the <c>field</c> keyword, extension blocks, null-conditional assignment, params
        /// collections, partial properties, <c>allows ref struct</c>, user-defined compound assignment, unbound
        /// <c>nameof</c>), compiled by the SDK's own compiler with the analyzers loaded from their assemblies.
        /// </summary>
        private const string LatestSource = """
            using System;
            using System.Collections.Generic;
            using System.Text;

            namespace Latest;

            public static class Extensions
            {
                extension(StringBuilder builder)                   // C# 14 extension block
                {
                    public bool IsEmpty => builder.Length == 0;
                    public StringBuilder Twice(string text) => builder.Append(text).Append(text);
                    public static StringBuilder Create() => new StringBuilder();
                }
            }

            public partial class Settings
            {
                public partial string Name { get; set; }           // C# 13 partial property
                public string Region { get => field ?? "eu"; set => field = value.Trim(); }   // C# 14 field keyword
            }

            public partial class Settings
            {
                public partial string Name { get => field ?? ""; set => field = value; }
            }

            public struct Counter
            {
                public int Value;
                public void operator +=(int amount) => Value += amount;   // C# 14 user-defined compound assignment
            }

            public class Uses
            {
                public StringBuilder? Builder;
                public int Count(params List<int> values) => values.Count;          // C# 13 params collection
                public void Assign(Uses? other) { other?.Builder = new StringBuilder(); }  // C# 14 null-conditional assignment
                public string Name => nameof(List<>);                                  // C# 14 unbound generic nameof
                public void Lock() { var gate = new System.Threading.Lock(); lock (gate) { } }   // C# 13 Lock
                public string Escape => "\e[0m";                                        // C# 13 \e
                public void Span(ReadOnlySpan<int> values) { }
                public void Implicit(int[] values) => Span(values);                     // C# 14 first-class spans
                public T Pass<T>(T value) where T : allows ref struct => value;         // C# 13 allows ref struct
                public void Run()
                {
                    var builder = StringBuilder.Create().Twice("a");
                    var empty = builder.IsEmpty;
                    var counter = new Counter();
                    counter += 2;
                }
            }
            """;

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

        [Fact]
        public async Task The_analyzers_run_over_every_CSharp_12_construct_without_exceptions()
        {
            var diagnostics = await Run(new[] { ModernSource }, SelfPolicy);

            Assert.DoesNotContain(diagnostics, d => d.Id.StartsWith("CS", StringComparison.Ordinal) && d.Severity == DiagnosticSeverity.Error);
            Assert.Contains(diagnostics, d => d.Id == "SCG0101");
            Assert.Contains(diagnostics, d => d.Id == "SCG0105");
        }

        [Fact]
        public void The_analyzers_run_in_the_SDK_compiler_over_CSharp_13_and_14_constructs_without_exceptions()
        {
            var output = SdkCompiler.Compile(LatestSource, SelfPolicy.Replace("\"System.Text.Json\", \"Baidu.Aip\"", "\"System.Text\", \"System.Collections.Generic\""));

            Assert.DoesNotContain("AD0001", output, StringComparison.Ordinal);
            Assert.DoesNotContain(": error ", output, StringComparison.Ordinal);
            Assert.Contains("warning SCG0101", output, StringComparison.Ordinal);
            Assert.Contains("'System.Text.StringBuilder'", output, StringComparison.Ordinal);
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
                .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
                .Append(await VendorFixture.ReferenceAsync());
            var compilation = CSharpCompilation.Create("Subject",
                sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, new CSharpParseOptions(LanguageVersion.Latest, DocumentationMode.Diagnose), path: $"/src/File{i}.cs")),
                references,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));

            var exceptions = new List<Exception>();
            var options = new AnalyzerOptions(
                ImmutableArray.Create<AdditionalText>(new InMemoryAdditionalText("/repo/supplychainguard.json", policy)),
                BuildPropertyOptions.ForPolicy("/repo/supplychainguard.json"));
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

        /// <summary>The .NET SDK's own C# compiler (the newest SDK beside the running runtime), run as a process on one
        /// file with this repository's analyzer assemblies: what a build with the package does.</summary>
        private static class SdkCompiler
        {
            public static string Compile(string source, string policy)
            {
                var framework = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
                var root = Path.GetFullPath(Path.Combine(framework, "..", "..", ".."));
                var csc = Directory.GetDirectories(Path.Combine(root, "sdk"))
                    .Select(d => Path.Combine(d, "Roslyn", "bincore", "csc.dll"))
                    .Where(File.Exists)
                    .OrderByDescending(p => Version.TryParse(Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(p)))!)?.Split('-')[0], out var v) ? v : new Version(0, 0))
                    .First();
                var work = Directory.CreateTempSubdirectory("scg-robustness-").FullName;
                try
                {
                    File.WriteAllText(Path.Combine(work, "Latest.cs"), source);
                    File.WriteAllText(Path.Combine(work, "supplychainguard.json"), policy);
                    File.WriteAllText(Path.Combine(work, ".globalconfig"), "is_global = true\nbuild_property.SupplyChainGuardPolicyFile = " + Path.Combine(work, "supplychainguard.json") + "\n");
                    var arguments = new List<string> { "/nologo", "/langversion:preview", "/target:library", "/nullable:enable", "/out:" + Path.Combine(work, "Latest.dll"),
                        "/analyzer:" + typeof(RestrictedApiAnalyzer).Assembly.Location, "/analyzer:" + typeof(SupplyChainGuard.Policy.SupplyChainPolicy).Assembly.Location,
                        "/additionalfile:" + Path.Combine(work, "supplychainguard.json"), "/analyzerconfig:" + Path.Combine(work, ".globalconfig") };
                    arguments.AddRange(Directory.GetFiles(framework, "*.dll").Where(IsManaged).Select(f => "/reference:" + f));
                    arguments.Add(Path.Combine(work, "Latest.cs"));
                    File.WriteAllLines(Path.Combine(work, "csc.rsp"), arguments.Select(a => "\"" + a + "\""));

                    var start = new System.Diagnostics.ProcessStartInfo(Path.Combine(root, "dotnet"), $"exec \"{csc}\" /noconfig @\"{Path.Combine(work, "csc.rsp")}\"")
                    {
                        RedirectStandardOutput = true,
                        RedirectStandardError = true,
                        UseShellExecute = false,
                    };
                    using var process = System.Diagnostics.Process.Start(start)!;
                    var error = process.StandardError.ReadToEndAsync();
                    var output = process.StandardOutput.ReadToEnd();
                    if (!process.WaitForExit(600_000))
                    {
                        process.Kill(entireProcessTree: true);
                        throw new TimeoutException("the SDK compiler did not finish in 10 minutes");
                    }

                    return output + error.Result;
                }
                finally
                {
                    Directory.Delete(work, recursive: true);
                }
            }

            private static bool IsManaged(string path)
            {
                try
                {
                    System.Reflection.AssemblyName.GetAssemblyName(path);
                    return true;
                }
                catch (BadImageFormatException)
                {
                    return false;
                }
            }
        }
    }
}
