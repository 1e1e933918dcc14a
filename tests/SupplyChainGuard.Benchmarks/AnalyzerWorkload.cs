using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace SupplyChainGuard.Benchmarks
{
    /// <summary>The analyzer configurations compared on <see cref="AnalyzerCorpus"/>.</summary>
    public enum AnalyzerConfiguration
    {
        /// <summary>One analyzer that registers nothing: what the driver and the compiler cost without any rule.</summary>
        Empty,

        /// <summary>
        /// One analyzer with a syntax node action for a kind the corpus does not contain. Any analyzer with a
        /// syntax node, operation or semantic model action makes the driver compile every method body for the
        /// compilation events (the binding a build's compiler does anyway for its own diagnostics and emit) and
        /// walk every tree; this is that cost, without any rule. Both products pay it: both register syntax
        /// node actions.
        /// </summary>
        CompileOnly,

        /// <summary>Every SupplyChainGuard analyzer, policy restricting vendor baidu by <c>namespaces: ["Baidu.Aip"]</c>.</summary>
        SupplyChainGuardNamespaces,

        /// <summary>Every SupplyChainGuard analyzer, policy by owner plus the build task's hand-over naming AipSdk.</summary>
        SupplyChainGuardHandover,

        /// <summary>Microsoft.CodeAnalysis.BannedApiAnalyzers 5.6.0 with <c>N:Baidu.Aip</c> in BannedSymbols.txt.</summary>
        BannedApiAnalyzers,
    }

    /// <summary>
    /// The corpus compiled once (parsed trees, references), and per configuration the analyzers and their
    /// AnalyzerOptions. <see cref="RunAsync"/> is one measured unit: a fresh CompilationWithAnalyzers (so a fresh
    /// compilation: nothing bound yet) and GetAnalyzerDiagnosticsAsync, concurrent as in a build.
    /// </summary>
    public sealed class AnalyzerWorkload
    {
        private const string Root = "/corpus/";
        private static readonly Lazy<CSharpCompilation> SharedCompilation = new Lazy<CSharpCompilation>(CreateCompilation, LazyThreadSafetyMode.ExecutionAndPublication);

        private AnalyzerWorkload(AnalyzerConfiguration configuration, ImmutableArray<DiagnosticAnalyzer> analyzers, AnalyzerOptions options)
        {
            Configuration = configuration;
            Analyzers = analyzers;
            Options = options;
        }

        public AnalyzerConfiguration Configuration { get; }

        public ImmutableArray<DiagnosticAnalyzer> Analyzers { get; }

        public AnalyzerOptions Options { get; }

        public static CSharpCompilation Compilation => SharedCompilation.Value;

        /// <summary>Where the package restore put the SDK, Newtonsoft.Json and BannedApiAnalyzers (baked in at build time).</summary>
        public static string PackageRoot =>
            Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } fromEnvironment && Directory.Exists(Path.Combine(fromEnvironment, "baidu.ai"))
                ? fromEnvironment
                : typeof(AnalyzerWorkload).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == "NuGetPackageRoot").Value!;

        public static string AipSdkPath => Path.Combine(PackageRoot, "baidu.ai", "4.15.10", "lib", "netstandard2.0", "AipSdk.dll");

        public static string NewtonsoftPath => Path.Combine(PackageRoot, "newtonsoft.json", "13.0.3", "lib", "netstandard2.0", "Newtonsoft.Json.dll");

        public static string BannedApiFolder => Path.Combine(PackageRoot, "microsoft.codeanalysis.bannedapianalyzers", "5.6.0", "analyzers", "dotnet", "cs");

        public static AnalyzerWorkload Create(AnalyzerConfiguration configuration)
        {
            switch (configuration)
            {
                case AnalyzerConfiguration.Empty:
                    return new AnalyzerWorkload(configuration, ImmutableArray.Create<DiagnosticAnalyzer>(new EmptyAnalyzer()), Additional());
                case AnalyzerConfiguration.CompileOnly:
                    return new AnalyzerWorkload(configuration, ImmutableArray.Create<DiagnosticAnalyzer>(new NoOpSyntaxNodeAnalyzer()), Additional());
                case AnalyzerConfiguration.SupplyChainGuardNamespaces:
                    return new AnalyzerWorkload(configuration, SupplyChainGuardAnalyzers(), Additional(
                        (Root + AnalyzerCorpus.PolicyFileName, AnalyzerCorpus.NamespacePolicy())));
                case AnalyzerConfiguration.SupplyChainGuardHandover:
                    return new AnalyzerWorkload(configuration, SupplyChainGuardAnalyzers(), Additional(
                        (Root + AnalyzerCorpus.PolicyFileName, AnalyzerCorpus.OwnerPolicy()),
                        (Root + "obj/" + AnalyzerCorpus.HandoverFileName, AnalyzerCorpus.Handover(Root + AnalyzerCorpus.PolicyFileName))));
                case AnalyzerConfiguration.BannedApiAnalyzers:
                    return new AnalyzerWorkload(configuration, BannedApiAnalyzers(), Additional(
                        (Root + AnalyzerCorpus.BannedSymbolsFileName, AnalyzerCorpus.BannedSymbols())));
                default:
                    throw new ArgumentOutOfRangeException(nameof(configuration));
            }
        }

        /// <summary>What each configuration must report on the corpus, by diagnostic id.</summary>
        public static IReadOnlyDictionary<string, int> Expected(AnalyzerConfiguration configuration)
        {
            var sdkFiles = AnalyzerCorpus.SdkFiles();
            return configuration switch
            {
                AnalyzerConfiguration.Empty or AnalyzerConfiguration.CompileOnly => new Dictionary<string, int>(),
                AnalyzerConfiguration.BannedApiAnalyzers => new Dictionary<string, int> { ["RS0030"] = sdkFiles * AnalyzerCorpus.BannedOperationsPerSdkFile },
                _ => new Dictionary<string, int>
                {
                    ["SCG0101"] = sdkFiles * AnalyzerCorpus.RestrictedNamesPerSdkFile,
                    ["SCG0102"] = AnalyzerCorpus.ImportingFiles(),
                },
            };
        }

        public Task<ImmutableArray<Diagnostic>> RunAsync(bool logExecutionTime = false) =>
            WithAnalyzers(logExecutionTime).GetAnalyzerDiagnosticsAsync(CancellationToken.None);

        public CompilationWithAnalyzers WithAnalyzers(bool logExecutionTime = false) =>
            Compilation.WithAnalyzers(Analyzers, new CompilationWithAnalyzersOptions(Options, onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: logExecutionTime));

        /// <summary>Runs once and throws unless the configuration reports exactly what <see cref="Expected"/> says.</summary>
        public void Verify()
        {
            var errors = Compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            if (errors.Count > 0)
            {
                throw new InvalidOperationException($"the corpus does not compile: {errors.Count} errors, first: {errors[0]}");
            }

            var diagnostics = RunAsync().GetAwaiter().GetResult();
            var actual = diagnostics.GroupBy(d => d.Id).ToDictionary(g => g.Key, g => g.Count());
            var expected = Expected(Configuration);
            if (actual.Count != expected.Count || expected.Any(e => !actual.TryGetValue(e.Key, out var count) || count != e.Value))
            {
                var first = diagnostics.Where(d => !expected.ContainsKey(d.Id)).Take(3).Select(d => d.ToString());
                throw new InvalidOperationException(
                    $"{Configuration}: expected {Describe(expected)}, got {Describe(actual)}. Unexpected: {string.Join(" / ", first)}");
            }
        }

        public static string Describe(IReadOnlyDictionary<string, int> counts) =>
            counts.Count == 0 ? "no diagnostics" : string.Join(", ", counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Value} {c.Key}"));

        /// <summary>Every DiagnosticAnalyzer type in SupplyChainGuard.Analyzers.dll.</summary>
        public static ImmutableArray<DiagnosticAnalyzer> SupplyChainGuardAnalyzers() =>
            typeof(SupplyChainGuard.Analyzers.RestrictedApiAnalyzer).Assembly.GetTypes()
                .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
                .OrderBy(t => t.FullName, StringComparer.Ordinal)
                .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
                .ToImmutableArray();

        /// <summary>BannedApiAnalyzers as the compiler loads it: every analyzer file of analyzers/dotnet/cs, C# analyzers only.</summary>
        public static ImmutableArray<DiagnosticAnalyzer> BannedApiAnalyzers()
        {
            var loader = new FolderAnalyzerLoader(BannedApiFolder);
            var analyzers = Directory.GetFiles(BannedApiFolder, "*.dll").OrderBy(f => f, StringComparer.Ordinal)
                .SelectMany(path => new AnalyzerFileReference(path, loader).GetAnalyzers(LanguageNames.CSharp))
                .ToImmutableArray();
            if (analyzers.IsEmpty)
            {
                throw new InvalidOperationException("no analyzers in " + BannedApiFolder);
            }

            return analyzers;
        }

        private static AnalyzerOptions Additional(params (string Path, string Text)[] files) =>
            new AnalyzerOptions(files.Select(f => (AdditionalText)new InMemoryAdditionalText(f.Path, f.Text)).ToImmutableArray());

        private static CSharpCompilation CreateCompilation() => CreateCompilation(AnalyzerCorpus.FileCount, AnalyzerCorpus.DefaultSdkEvery);

        /// <summary>The corpus of <paramref name="count"/> files, one in <paramref name="sdkEvery"/> using the SDK, compiled (nothing bound yet).</summary>
        public static CSharpCompilation CreateCompilation(int count, int sdkEvery)
        {
            var parseOptions = new CSharpParseOptions(LanguageVersion.Latest, DocumentationMode.Parse);
            var trees = AnalyzerCorpus.Generate(count, sdkEvery)
                .Select(f => CSharpSyntaxTree.ParseText(SourceText.From(f.Text, Encoding.UTF8), parseOptions, Root + f.Path))
                .ToList();
            return CSharpCompilation.Create(
                "Corpus",
                trees,
                References(),
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, deterministic: true));
        }

        /// <summary>The running .NET's framework assemblies (the trusted platform assemblies from its own folder), AipSdk and Newtonsoft.Json.</summary>
        private static IEnumerable<MetadataReference> References()
        {
            var frameworkFolder = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
            var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
                .Where(p => string.Equals(Path.GetDirectoryName(p), frameworkFolder, StringComparison.Ordinal) && p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
                .OrderBy(p => p, StringComparer.Ordinal);
            foreach (var path in platform.Append(AipSdkPath).Append(NewtonsoftPath))
            {
                if (!File.Exists(path))
                {
                    throw new FileNotFoundException("a corpus reference is missing (restore the benchmark project)", path);
                }

                // Only assemblies with metadata: the folder also has native-image-only files on some platforms.
                MetadataReference? reference = null;
                try
                {
                    using var stream = File.OpenRead(path);
                    using var reader = new System.Reflection.PortableExecutable.PEReader(stream);
                    if (reader.HasMetadata)
                    {
                        reference = MetadataReference.CreateFromFile(path);
                    }
                }
                catch (BadImageFormatException)
                {
                }

                if (reference is not null)
                {
                    yield return reference;
                }
            }
        }

        private sealed class InMemoryAdditionalText : AdditionalText
        {
            private readonly SourceText _text;

            public InMemoryAdditionalText(string path, string text)
            {
                Path = path;
                _text = SourceText.From(text, Encoding.UTF8);
            }

            public override string Path { get; }

            public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
        }

        /// <summary>Loads an analyzer package's assemblies from its folder; Microsoft.CodeAnalysis comes from the host.</summary>
        private sealed class FolderAnalyzerLoader : IAnalyzerAssemblyLoader
        {
            private readonly FolderLoadContext _context;

            public FolderAnalyzerLoader(string folder)
            {
                _context = new FolderLoadContext(folder);
            }

            public void AddDependencyLocation(string fullPath)
            {
            }

            public Assembly LoadFromPath(string fullPath) => _context.LoadFromAssemblyPath(fullPath);

            private sealed class FolderLoadContext : AssemblyLoadContext
            {
                private readonly string _folder;

                public FolderLoadContext(string folder)
                    : base("BannedApiAnalyzers")
                {
                    _folder = folder;
                }

                protected override Assembly? Load(AssemblyName assemblyName)
                {
                    var candidate = System.IO.Path.Combine(_folder, assemblyName.Name + ".dll");
                    return File.Exists(candidate) ? LoadFromAssemblyPath(candidate) : null;
                }
            }
        }
    }

    // The baseline lives in the benchmark exe and is handed to CompilationWithAnalyzers directly, never to a compiler:
    // the rules for analyzers that ship (netstandard2.0, extended rules, release tracking) do not apply to it.
#pragma warning disable RS1036, RS1041, RS2008

    /// <summary>The baseline: an analyzer that registers no action.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class EmptyAnalyzer : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            "BENCH0001", "Never reported", "Never reported", "Benchmark", DiagnosticSeverity.Warning, isEnabledByDefault: true);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        }
    }

    /// <summary>The compile-only baseline: a syntax node action for a kind that never occurs in the corpus.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class NoOpSyntaxNodeAnalyzer : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            "BENCH0002", "Never reported", "Never reported", "Benchmark", DiagnosticSeverity.Warning, isEnabledByDefault: true);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterSyntaxNodeAction(_ => { }, Microsoft.CodeAnalysis.CSharp.SyntaxKind.UnsafeStatement);
        }
    }

    /// <summary>
    /// For the profile only: a syntax node action on every IdentifierName and GenericName that returns at once,
    /// to tell the driver's cost of dispatching that many callbacks from the work done in them.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class NoOpIdentifierAnalyzer : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            "BENCH0003", "Never reported", "Never reported", "Benchmark", DiagnosticSeverity.Warning, isEnabledByDefault: true);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.RegisterSyntaxNodeAction(_ => { }, Microsoft.CodeAnalysis.CSharp.SyntaxKind.IdentifierName, Microsoft.CodeAnalysis.CSharp.SyntaxKind.GenericName);
        }
    }
#pragma warning restore RS1036, RS1041, RS2008
}
