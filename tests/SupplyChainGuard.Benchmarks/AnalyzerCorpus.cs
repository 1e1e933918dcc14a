using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace SupplyChainGuard.Benchmarks
{
    /// <summary>
    /// A deterministic C# corpus for the analyzer benchmarks: <see cref="FileCount"/> files of ordinary
    /// application code (an entity per file, then LINQ reports, a generic repository, string handling, async
    /// workflows, pattern matching in rotation), of which every tenth also calls Baidu's OCR SDK (Baidu.AI 4.15.10, assembly AipSdk) the way
    /// its README shows. Half of those import <c>Baidu.Aip.Ocr</c>, the other half spell the type out.
    /// </summary>
    /// <remarks>
    /// The code was written to read like a line-of-business project, not to avoid or to hit the names the SDK
    /// declares: it uses <c>List&lt;T&gt;.Add</c>, dictionaries, <c>Count</c>, <c>Data</c> properties and so on
    /// as such code does. The expected diagnostic counts below follow from the OCR snippet and are checked
    /// against every configuration before it is measured.
    /// </remarks>
    public static class AnalyzerCorpus
    {
        public const int FileCount = 1500;

        /// <summary>By default every tenth file uses the SDK: those whose index has remainder 7 modulo 10.</summary>
        public const int DefaultSdkEvery = 10;

        public const string PolicyFileName = "supplychainguard.json";
        public const string HandoverFileName = "supplychainguard.packages.json";
        public const string BannedSymbolsFileName = "BannedSymbols.txt";

        private static readonly string[] Nouns = { "Customer", "Invoice", "Shipment", "Product", "Supplier", "Ticket", "Account", "Warehouse", "Payment", "Contract" };
        private static readonly string[] Areas = { "Billing", "Inventory", "Logistics", "Catalog", "Support", "Finance", "Sales", "Reporting" };
        private static readonly string[] Tags = { "priority", "overdue", "export", "vip", "archived", "draft", "review", "eu", "apac", "internal" };

        /// <summary>The source files, as (relative path, text), in a fixed order.</summary>
        /// <param name="count">How many files.</param>
        /// <param name="sdkEvery">One file in this many uses the SDK: 10 (the default), 20 (sparse), 1 (every file: a
        /// codebase that wraps the SDK everywhere).</param>
        public static IReadOnlyList<(string Path, string Text)> Generate(int count = FileCount, int sdkEvery = DefaultSdkEvery)
        {
            var files = new List<(string, string)>(count);
            for (var index = 0; index < count; index++)
            {
                var area = Areas[index % Areas.Length];
                files.Add(($"src/{area}/Module{index:D4}.cs", File(index, sdkEvery)));
            }

            return files;
        }

        public static bool UsesSdk(int index, int sdkEvery = DefaultSdkEvery) => index % sdkEvery == 7 % sdkEvery;

        /// <summary>The SDK files that import the namespace (the others write <c>Baidu.Aip.Ocr.Ocr</c>).</summary>
        public static bool ImportsSdkNamespace(int index, int sdkEvery = DefaultSdkEvery) => UsesSdk(index, sdkEvery) && (index / sdkEvery) % 2 == 0;

        public static int SdkFiles(int count = FileCount, int sdkEvery = DefaultSdkEvery)
        {
            var files = 0;
            for (var index = 0; index < count; index++)
            {
                files += UsesSdk(index, sdkEvery) ? 1 : 0;
            }

            return files;
        }

        public static int ImportingFiles(int count = FileCount, int sdkEvery = DefaultSdkEvery)
        {
            var files = 0;
            for (var index = 0; index < count; index++)
            {
                files += ImportsSdkNamespace(index, sdkEvery) ? 1 : 0;
            }

            return files;
        }

        /// <summary>
        /// SCG0101 per SDK file: the field's type <c>Ocr</c>, <c>new Ocr</c>, <c>Timeout</c>, <c>GeneralBasic</c>,
        /// <c>GeneralBasicUrl</c>.
        /// </summary>
        public const int RestrictedNamesPerSdkFile = 5;

        /// <summary>
        /// RS0030 per SDK file: the object creation, the <c>Timeout</c> property reference and the two invocations
        /// (BannedApiAnalyzers reports operations, and a field's declared type is not one).
        /// </summary>
        public const int BannedOperationsPerSdkFile = 4;

        /// <summary>Bans the SDK's namespace; <c>N:</c> also covers the namespaces inside it (Baidu.Aip.Ocr).</summary>
        public static string BannedSymbols() =>
            "// Baidu's AI SDK (Baidu.AI, assembly AipSdk): every type in Baidu.Aip and the namespaces below it.\n" +
            "N:Baidu.Aip;Baidu's AI SDK is restricted by company policy SEC-12\n";

        /// <summary>The policy restricting vendor baidu by namespace only (no package or build task needed).</summary>
        public static string NamespacePolicy() => @"{
  ""restrictedJurisdictions"": [""CN""],
  ""vendors"": [
    {
      ""id"": ""baidu"",
      ""name"": ""Baidu, Inc."",
      ""jurisdiction"": ""CN"",
      ""reason"": ""Company policy SEC-12: no CN-jurisdiction AI services"",
      ""match"": { ""namespaces"": [""Baidu.Aip""] },
      ""alternatives"": [ { ""package"": ""AWSSDK.Textract"", ""note"": ""OCR"" } ]
    }
  ]
}
";

        /// <summary>The policy restricting vendor baidu by its nuget.org owner, as a real one would.</summary>
        public static string OwnerPolicy() => @"{
  ""restrictedJurisdictions"": [""CN""],
  ""vendors"": [
    {
      ""id"": ""baidu"",
      ""name"": ""Baidu, Inc."",
      ""jurisdiction"": ""CN"",
      ""reason"": ""Company policy SEC-12: no CN-jurisdiction AI services"",
      ""match"": { ""owners"": [""Baidu-AI""] },
      ""alternatives"": [ { ""package"": ""AWSSDK.Textract"", ""note"": ""OCR"" } ]
    }
  ]
}
";

        /// <summary>What the build task hands over for Baidu.AI 4.15.10 under <see cref="OwnerPolicy"/>.</summary>
        public static string Handover(string policyPath)
        {
            var handover = new SupplyChainGuard.Policy.PackageHandover();
            handover.PolicyFiles.Add(policyPath);
            handover.Packages.Add(new SupplyChainGuard.Policy.PackageHandover.RestrictedPackage
            {
                Id = "Baidu.AI",
                Version = "4.15.10",
                Vendor = "baidu",
                Assemblies = { "AipSdk" },
                Signals = { "owner 'Baidu-AI' in the repository signature" },
            });
            return handover.ToJson();
        }

        /// <summary>Writes the corpus as a buildable project (see analyzer-build.sh).</summary>
        public static void WriteProject(string directory, string repositoryRoot, int count = FileCount, int sdkEvery = DefaultSdkEvery)
        {
            Directory.CreateDirectory(directory);
            foreach (var (path, text) in Generate(count, sdkEvery))
            {
                var full = Path.Combine(directory, path);
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                System.IO.File.WriteAllText(full, text);
            }

            System.IO.File.WriteAllText(Path.Combine(directory, PolicyFileName), NamespacePolicy());
            System.IO.File.WriteAllText(Path.Combine(directory, BannedSymbolsFileName), BannedSymbols());

            // Keep MSBuild from walking up into whatever lies above the corpus folder.
            System.IO.File.WriteAllText(Path.Combine(directory, "Directory.Build.props"), "<Project />\n");
            System.IO.File.WriteAllText(Path.Combine(directory, "Directory.Build.targets"), "<Project />\n");
            System.IO.File.WriteAllText(Path.Combine(directory, "Directory.Packages.props"), "<Project />\n");
            var analyzers = Path.Combine(repositoryRoot, "src", "SupplyChainGuard.Analyzers", "SupplyChainGuard.Analyzers.csproj");
            var policy = Path.Combine(repositoryRoot, "src", "SupplyChainGuard.Policy", "SupplyChainGuard.Policy.csproj");
            System.IO.File.WriteAllText(Path.Combine(directory, "Corpus.csproj"), $@"<Project Sdk=""Microsoft.NET.Sdk"">
  <!-- Written by the write-corpus mode of SupplyChainGuard.Benchmarks: {count} files, {SdkFiles(count, sdkEvery)} of them use Baidu.AI's OCR client.
       -p:CorpusAnalyzers=none|scg|banned|both picks the analyzers under test. -->
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <OutputType>Library</OutputType>
    <Nullable>enable</Nullable>
    <ImplicitUsings>disable</ImplicitUsings>
    <LangVersion>latest</LangVersion>
    <NuGetAudit>false</NuGetAudit>
    <!-- Baidu.AI asks for Newtonsoft.Json 10.0.3, which the registry here lacks; restore takes the next one. -->
    <NoWarn>$(NoWarn);NU1603</NoWarn>
    <CorpusAnalyzers Condition=""'$(CorpusAnalyzers)' == ''"">both</CorpusAnalyzers>
    <!-- -p:CorpusReportAnalyzer=true rather than -p:ReportAnalyzer=true, which would flow to the analyzer projects and recompile them. -->
    <ReportAnalyzer Condition=""'$(CorpusReportAnalyzer)' == 'true'"">true</ReportAnalyzer>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include=""Baidu.AI"" Version=""4.15.10"" />
  </ItemGroup>
  <ItemGroup Condition=""'$(CorpusAnalyzers)' == 'scg' or '$(CorpusAnalyzers)' == 'both'"">
    <!-- The analyzer as the package ships it: SupplyChainGuard.Analyzers.dll next to SupplyChainGuard.Policy.dll, built in Release. -->
    <ProjectReference Include=""{analyzers}"" OutputItemType=""Analyzer"" ReferenceOutputAssembly=""false"" SetConfiguration=""Configuration=Release"" GlobalPropertiesToRemove=""CorpusAnalyzers;CorpusReportAnalyzer"" />
    <ProjectReference Include=""{policy}"" OutputItemType=""Analyzer"" ReferenceOutputAssembly=""false"" SetConfiguration=""Configuration=Release"" GlobalPropertiesToRemove=""CorpusAnalyzers;CorpusReportAnalyzer"" />
    <AdditionalFiles Include=""{PolicyFileName}"" />
  </ItemGroup>
  <ItemGroup Condition=""'$(CorpusAnalyzers)' == 'banned' or '$(CorpusAnalyzers)' == 'both'"">
    <PackageReference Include=""Microsoft.CodeAnalysis.BannedApiAnalyzers"" Version=""5.6.0"" PrivateAssets=""all"" />
    <AdditionalFiles Include=""{BannedSymbolsFileName}"" />
  </ItemGroup>
</Project>
");
        }

        private static string File(int index, int sdkEvery)
        {
            var random = new Random(index * 7919 + 17);
            var noun = Nouns[index % Nouns.Length];
            var area = Areas[index % Areas.Length];
            var sdk = UsesSdk(index, sdkEvery);
            var imports = ImportsSdkNamespace(index, sdkEvery);
            var text = new StringBuilder(8 * 1024);
            text.Append("using System;\n");
            text.Append("using System.Collections.Generic;\n");
            text.Append("using System.Globalization;\n");
            text.Append("using System.Linq;\n");
            text.Append("using System.Text;\n");
            text.Append("using System.Threading;\n");
            text.Append("using System.Threading.Tasks;\n");
            if (imports)
            {
                text.Append("using Baidu.Aip.Ocr;\n");
            }

            if (sdk)
            {
                text.Append("using Newtonsoft.Json.Linq;\n");
            }

            text.Append('\n');
            text.Append(CultureInfo.InvariantCulture, $"namespace Corpus.{area}.Module{index:D4}\n{{\n");
            // Every file declares an entity; what else it holds rotates, so files differ in size and content
            // (about 150 to 250 lines each).
            Entity(text, noun, random);
            switch (index % 4)
            {
                case 0:
                    Report(text, noun, random);
                    break;
                case 1:
                    Repository(text, noun);
                    Formatting(text, noun, random);
                    break;
                case 2:
                    Formatting(text, noun, random);
                    Report(text, noun, random);
                    break;
                default:
                    Repository(text, noun);
                    Workflow(text, noun, random);
                    break;
            }

            if (sdk)
            {
                Sdk(text, noun, imports ? "Ocr" : "Baidu.Aip.Ocr.Ocr");
            }

            text.Append("}\n");
            return text.ToString();
        }

        private static void Entity(StringBuilder text, string noun, Random random)
        {
            var threshold = random.Next(10, 500);
            text.Append(CultureInfo.InvariantCulture, $@"    public enum {noun}Status
    {{
        Draft,
        Active,
        Suspended,
        Closed,
    }}

    public sealed class {noun} : IEquatable<{noun}>
    {{
        public {noun}(int id, string name, decimal amount, DateTime createdAt)
        {{
            Id = id;
            Name = name;
            Amount = amount;
            CreatedAt = createdAt;
        }}

        public int Id {{ get; }}

        public string Name {{ get; }}

        public decimal Amount {{ get; set; }}

        public DateTime CreatedAt {{ get; }}

        public {noun}Status Status {{ get; set; }} = {noun}Status.Draft;

        public List<string> Tags {{ get; }} = new List<string>();

        public Dictionary<string, string> Data {{ get; }} = new Dictionary<string, string>(StringComparer.Ordinal);

        public bool IsLarge => Amount > {threshold}m;

        public bool Equals({noun}? other) => other is not null && other.Id == Id;

        public override bool Equals(object? obj) => Equals(obj as {noun});

        public override int GetHashCode() => Id.GetHashCode();

        public override string ToString() => $""{noun} #{{Id}} {{Name}} ({{Amount.ToString(""0.00"", CultureInfo.InvariantCulture)}})"";
    }}

");
        }

        private static void Report(StringBuilder text, string noun, Random random)
        {
            var top = random.Next(3, 20);
            var days = random.Next(7, 90);
            text.Append(CultureInfo.InvariantCulture, $@"    public static class {noun}Report
    {{
        public static IReadOnlyList<string> Largest(IEnumerable<{noun}> items) =>
            items.Where(i => i.Status != {noun}Status.Closed)
                .OrderByDescending(i => i.Amount)
                .ThenBy(i => i.Name, StringComparer.OrdinalIgnoreCase)
                .Take({top})
                .Select(i => i.Name.ToUpperInvariant())
                .ToList();

        public static Dictionary<string, decimal> TotalsByTag(IEnumerable<{noun}> items)
        {{
            var totals = new Dictionary<string, decimal>(StringComparer.Ordinal);
            foreach (var item in items)
            {{
                foreach (var tag in item.Tags)
                {{
                    totals[tag] = totals.TryGetValue(tag, out var sum) ? sum + item.Amount : item.Amount;
                }}
            }}

            return totals;
        }}

        public static IEnumerable<IGrouping<int, {noun}>> ByMonth(IEnumerable<{noun}> items, DateTime now) =>
            from item in items
            where item.CreatedAt > now.AddDays(-{days})
            group item by item.CreatedAt.Month into month
            orderby month.Key
            select month;

        public static (decimal Min, decimal Max, decimal Average) Stats(IReadOnlyCollection<{noun}> items)
        {{
            if (items.Count == 0)
            {{
                return (0m, 0m, 0m);
            }}

            var amounts = items.Select(i => i.Amount).ToArray();
            return (amounts.Min(), amounts.Max(), amounts.Average());
        }}

        public static List<{noun}> Tagged(IEnumerable<{noun}> items, params string[] tags)
        {{
            var wanted = new HashSet<string>(tags, StringComparer.OrdinalIgnoreCase);
            var result = new List<{noun}>();
            foreach (var item in items)
            {{
                if (item.Tags.Any(wanted.Contains))
                {{
                    result.Add(item);
                }}
            }}

            return result;
        }}
    }}

");
        }

        private static void Repository(StringBuilder text, string noun)
        {
            text.Append(CultureInfo.InvariantCulture, $@"    public interface I{noun}Store<TKey>
        where TKey : notnull
    {{
        int Count {{ get; }}

        void Add(TKey key, {noun} item);

        bool TryGet(TKey key, out {noun}? item);
    }}

    public sealed class {noun}Store<TKey> : I{noun}Store<TKey>
        where TKey : notnull
    {{
        private readonly Dictionary<TKey, {noun}> _items = new Dictionary<TKey, {noun}>();
        private readonly List<TKey> _order = new List<TKey>();

        public int Count => _items.Count;

        public void Add(TKey key, {noun} item)
        {{
            if (!_items.ContainsKey(key))
            {{
                _order.Add(key);
            }}

            _items[key] = item;
        }}

        public bool TryGet(TKey key, out {noun}? item) => _items.TryGetValue(key, out item);

        public bool Remove(TKey key) => _items.Remove(key) && _order.Remove(key);

        public IEnumerable<{noun}> InOrder() => _order.Select(k => _items[k]);

        public TResult Aggregate<TResult>(TResult seed, Func<TResult, {noun}, TResult> step)
        {{
            var result = seed;
            foreach (var key in _order)
            {{
                result = step(result, _items[key]);
            }}

            return result;
        }}

        public IReadOnlyDictionary<TGroup, int> CountBy<TGroup>(Func<{noun}, TGroup> selector)
            where TGroup : notnull =>
            _items.Values.GroupBy(selector).ToDictionary(g => g.Key, g => g.Count());
    }}

");
        }

        private static void Formatting(StringBuilder text, string noun, Random random)
        {
            var width = random.Next(8, 40);
            var tag = Tags[random.Next(Tags.Length)];
            text.Append(CultureInfo.InvariantCulture, $@"    public static class {noun}Text
    {{
        private const string Separator = "" | "";

        public static string Table(IEnumerable<{noun}> items)
        {{
            var builder = new StringBuilder();
            builder.Append(""Id"".PadRight(6)).Append(Separator).Append(""Name"".PadRight({width})).Append(Separator).AppendLine(""Amount"");
            foreach (var item in items)
            {{
                builder.Append(item.Id.ToString(CultureInfo.InvariantCulture).PadRight(6))
                    .Append(Separator)
                    .Append(Truncate(item.Name, {width}).PadRight({width}))
                    .Append(Separator)
                    .AppendLine(item.Amount.ToString(""N2"", CultureInfo.InvariantCulture));
            }}

            return builder.ToString();
        }}

        public static string Truncate(string value, int length) =>
            value.Length <= length ? value : value.Substring(0, length - 1) + ""~"";

        public static string[] ParseTags(string line) =>
            line.Split(new[] {{ ',', ';' }}, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(t => t.ToLowerInvariant())
                .Distinct()
                .ToArray();

        public static string Slug(string name)
        {{
            var builder = new StringBuilder(name.Length);
            foreach (var c in name.Trim())
            {{
                builder.Append(char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-');
            }}

            return builder.ToString().Trim('-');
        }}

        public static string Describe({noun} item) => item.Status switch
        {{
            {noun}Status.Draft => $""{{item.Name}} is a draft"",
            {noun}Status.Active when item.IsLarge => $""{{item.Name}} is active and large"",
            {noun}Status.Active => $""{{item.Name}} is active"",
            {noun}Status.Suspended => string.Join("", "", item.Tags.DefaultIfEmpty(""{tag}"")),
            _ => item.ToString(),
        }};
    }}

");
        }

        private static void Workflow(StringBuilder text, string noun, Random random)
        {
            var retries = random.Next(2, 6);
            var delay = random.Next(10, 250);
            text.Append(CultureInfo.InvariantCulture, $@"    public sealed class {noun}Workflow
    {{
        private readonly {noun}Store<int> _store = new {noun}Store<int>();
        private readonly Queue<{noun}> _pending = new Queue<{noun}>();
        private int _processed;

        public event EventHandler<{noun}>? Processed;

        public int ProcessedCount => _processed;

        public void Enqueue({noun} item)
        {{
            _store.Add(item.Id, item);
            _pending.Enqueue(item);
        }}

        public async Task<int> RunAsync(Func<{noun}, CancellationToken, Task<bool>> handler, CancellationToken cancellationToken)
        {{
            var failed = new List<{noun}>();
            while (_pending.Count > 0)
            {{
                cancellationToken.ThrowIfCancellationRequested();
                var item = _pending.Dequeue();
                var done = false;
                for (var attempt = 0; attempt < {retries} && !done; attempt++)
                {{
                    done = await handler(item, cancellationToken).ConfigureAwait(false);
                    if (!done)
                    {{
                        await Task.Delay({delay} * (attempt + 1), cancellationToken).ConfigureAwait(false);
                    }}
                }}

                if (done)
                {{
                    item.Status = {noun}Status.Closed;
                    Interlocked.Increment(ref _processed);
                    Processed?.Invoke(this, item);
                }}
                else
                {{
                    failed.Add(item);
                }}
            }}

            foreach (var item in failed)
            {{
                item.Status = {noun}Status.Suspended;
                item.Data[""failedAt""] = DateTime.UtcNow.ToString(""O"", CultureInfo.InvariantCulture);
            }}

            return failed.Count;
        }}

        public Dictionary<{noun}Status, List<{noun}>> Snapshot() =>
            _store.InOrder()
                .GroupBy(i => i.Status)
                .ToDictionary(g => g.Key, g => g.ToList());
    }}
");
        }

        private static void Sdk(StringBuilder text, string noun, string client)
        {
            text.Append(CultureInfo.InvariantCulture, $@"
    /// <summary>Reads the text on scanned {noun.ToLowerInvariant()} documents with Baidu's OCR service.</summary>
    public sealed class {noun}Scanner
    {{
        private readonly {client} _client;

        public {noun}Scanner(string apiKey, string secretKey)
        {{
            _client = new {client}(apiKey, secretKey);
            _client.Timeout = 60000;
        }}

        public IReadOnlyList<string> ReadLines(byte[] image)
        {{
            var options = new Dictionary<string, object>
            {{
                [""language_type""] = ""CHN_ENG"",
                [""detect_direction""] = ""true"",
            }};
            JObject result = _client.GeneralBasic(image, options);
            var words = result[""words_result""] as JArray;
            return words is null ? Array.Empty<string>() : words.Select(w => (string?)w[""words""] ?? string.Empty).ToList();
        }}

        public JObject ReadUrl(string url) => _client.GeneralBasicUrl(url, new Dictionary<string, object>());

        public {noun}? Recognize(int id, byte[] image)
        {{
            var lines = ReadLines(image);
            if (lines.Count == 0)
            {{
                return null;
            }}

            var item = new {noun}(id, lines[0], 0m, DateTime.UtcNow);
            foreach (var line in lines.Skip(1))
            {{
                if (decimal.TryParse(line, NumberStyles.Currency, CultureInfo.InvariantCulture, out var amount))
                {{
                    item.Amount += amount;
                }}
                else
                {{
                    item.Tags.Add(line.Trim());
                }}
            }}

            return item;
        }}
    }}
");
        }
    }
}
