using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace SupplyChainGuard.EndToEnd.Tests
{
    /// <summary>
    /// What a newcomer gets from the shipped sample (samples/BaiduOcrApp), on a copy of it built against the packed
    /// package: the README's first command prints each finding once, and the README's migration — `dotnet format
    /// analyzers` with the sample's own policy map — moves the code to AWS Textract's names.
    /// </summary>
    [Collection(EndToEndCollection.Name)]
    public sealed class SampleEndToEndTests
    {
        private const string Project = "BaiduOcrApp/BaiduOcrApp.csproj";
        private const string Program = "BaiduOcrApp/Program.cs";

        private static readonly Regex WarningLine = new Regex(@"^.*: warning SCG\d{4}: .*$", RegexOptions.Multiline);

        private readonly PackedPackageFixture _fixture;

        public SampleEndToEndTests(PackedPackageFixture fixture)
        {
            _fixture = fixture;
        }

        [Fact]
        public void The_sample_build_prints_each_finding_once_on_its_line_with_the_help_link()
        {
            var sample = CopyOfTheSample("sample-build");

            // Exactly the switches samples/run.sh passes: the raw output, not a de-duplicated parse of it.
            var build = DotNet.Run(sample.Directory, Environment(), "msbuild", "@" + Path.Combine(_fixture.RepositoryRoot, "samples", "build.rsp"), Project);

            Assert.True(build.ExitCode == 0, build.Output);
            var lines = WarningLine.Matches(build.Output).Select(m => m.Value.TrimEnd('\r')).ToList();
            var repeated = lines.GroupBy(l => l).Where(g => g.Count() > 1).Select(g => $"{g.Count()}x {g.Key}").ToList();
            Assert.True(repeated.Count == 0, "printed more than once:\n" + string.Join("\n", repeated) + "\n\nOutput:\n" + build.Output);
            Assert.DoesNotContain("Warning(s)", build.Output);

            var project = sample.PathOf(Project);
            var program = sample.PathOf(Program);
            var expected = new[]
            {
                $"{project}({sample.LineOf(Project, "Include=\"Baidu.AI\"")},5): warning SCG0001",
                $"{program}({sample.LineOf(Program, "using Baidu.Aip.Ocr;")},1): warning SCG0102",
                $"{program}({sample.LineOf(Program, "new Ocr(")},{Column(sample, "new Ocr(", "Ocr(")}): warning SCG0101",
                $"{program}({sample.LineOf(Program, ".GeneralBasic(")},{Column(sample, ".GeneralBasic(", "GeneralBasic(")}): warning SCG0101",
            };
            // The task runs before the compiler, so its finding comes first; the compiler prints the analyzer's
            // findings in the order its concurrent analysis produced them, which varies from build to build.
            var heads = lines.Select(l => l.Substring(0, l.IndexOf(": warning SCG", StringComparison.Ordinal) + ": warning SCG0000".Length)).ToList();
            Assert.Equal(expected[0], heads.FirstOrDefault());
            Assert.Equal(expected.Skip(1).OrderBy(h => h, StringComparer.Ordinal), heads.Skip(1).OrderBy(h => h, StringComparer.Ordinal));

            // The analyzer's findings end with the help link and the project, as the compiler prints them.
            Assert.All(lines.Skip(1), l => Assert.Matches(@" \(https://\S+/docs/rules/SCG010[12]\.md\) \[" + Regex.Escape(project) + @"\]$", l));
            Assert.Contains("Use 'Amazon.Textract.AmazonTextractClient' from AWSSDK.Textract.", lines[heads.IndexOf(expected[2])]);
        }

        [Fact]
        public void Dotnet_format_applies_the_sample_s_map_below_the_header_and_the_result_builds_once_the_calls_are_adapted()
        {
            var sample = CopyOfTheSample("sample-migrate");
            var before = File.ReadAllText(sample.PathOf(Program));
            var policyBefore = File.ReadAllText(sample.PathOf("BaiduOcrApp/supplychainguard.json"));

            // The README's command as it stands, restore included.
            var format = DotNet.Run(sample.Directory, Environment(), "format", "analyzers", Project, "--diagnostics", "SCG0101", "SCG0102", "--severity", "warn");

            Assert.True(format.ExitCode == 0, format.Output);

            // Its workspace load is a design-time build: the task logs SCG0001 there as a message, so the loader has no warning.
            Assert.DoesNotContain("Warnings were encountered while loading the workspace", format.Output);

            // The fixes rename as the map says and nothing else; the using stays below the file's header comment.
            var expected = before
                .Replace("using Baidu.Aip.Ocr;", "using Amazon.Textract;")
                .Replace("new Ocr(", "new AmazonTextractClient(")
                .Replace(".GeneralBasic(", ".DetectDocumentTextAsync(");
            Assert.NotEqual(before, expected);
            Assert.Equal(expected, File.ReadAllText(sample.PathOf(Program)));
            Assert.Equal(policyBefore, File.ReadAllText(sample.PathOf("BaiduOcrApp/supplychainguard.json")));

            // Nothing is left to fix, and the loader warned about nothing.
            var again = DotNet.Run(sample.Directory, Environment(),
                "format", "analyzers", Project, "--diagnostics", "SCG0101", "SCG0102", "--severity", "warn", "--no-restore", "--verify-no-changes", "-v", "diag");
            Assert.True(again.ExitCode == 0, again.Output);
            Assert.DoesNotContain(again.Output.Split('\n'), l => l.Contains("Msbuild failed when processing the file", StringComparison.Ordinal));

            // AWSSDK.Textract is not served by the registry this suite restores from, so the alternative comes from
            // a stand-in with the members of its public API the sample needs, under the same assembly, namespace and
            // type names. With it the migrated code is free of SCG0101/SCG0102 but does not compile: the fixes
            // rename, they don't adapt arguments (docs/policy.md, "Worked example").
            sample.Write("AWSSDK.Textract/AWSSDK.Textract.csproj", TextractStandIn.Project).Write("AWSSDK.Textract/Textract.cs", TextractStandIn.Source);
            AddToProject(sample, """<ProjectReference Include="../AWSSDK.Textract/AWSSDK.Textract.csproj" />""");
            var migrated = sample.Build(Project);

            Assert.NotEqual(0, migrated.ExitCode);
            Assert.Empty(migrated.OfCode("SCG0101"));
            Assert.Empty(migrated.OfCode("SCG0102"));
            Assert.Single(migrated.OfCode("SCG0001"));
            var call = sample.LineOf(Program, ".DetectDocumentTextAsync(");
            var errors = Regex.Matches(migrated.Output, @"Program\.cs\((?<line>\d+),\d+\): error (?<code>CS\d{4}): (?<message>.*?)(?: \[[^\]]+\])?\r?$", RegexOptions.Multiline)
                .Select(m => (Line: int.Parse(m.Groups["line"].Value), Code: m.Groups["code"].Value, Message: m.Groups["message"].Value))
                .Distinct()
                .ToList();
            Assert.Equal(
                new[]
                {
                    (call, "CS1503", "Argument 1: cannot convert from 'byte[]' to 'Amazon.Textract.Model.DetectDocumentTextRequest'"),
                    (call, "CS1503", "Argument 2: cannot convert from '<null>' to 'System.Threading.CancellationToken'"),
                },
                errors);

            // Adapted by hand as docs/policy.md shows, and without the Baidu.AI reference, it builds clean.
            sample.Write(Program, Adapted);
            File.WriteAllText(sample.PathOf(Project), Regex.Replace(File.ReadAllText(sample.PathOf(Project)), @"\s*<PackageReference Include=""Baidu.AI""[^>]*/>", string.Empty));
            var adapted = sample.Build(Project);

            Assert.True(adapted.ExitCode == 0, adapted.Output);
            Assert.Empty(adapted.Diagnostics);
            Assert.DoesNotContain(": warning ", adapted.Output);
        }

        /// <summary>The sample project, source and policy, in a folder of the fixture, whose nuget.config serves the packed package.</summary>
        private ConsumerProject CopyOfTheSample(string name)
        {
            var sample = _fixture.NewConsumer(name);
            var source = Path.Combine(_fixture.RepositoryRoot, "samples", "BaiduOcrApp");
            foreach (var file in new[] { "BaiduOcrApp.csproj", "Program.cs", "supplychainguard.json" })
            {
                sample.Write("BaiduOcrApp/" + file, File.ReadAllText(Path.Combine(source, file)));
            }

            return sample;
        }

        private Dictionary<string, string> Environment() => new Dictionary<string, string> { ["NUGET_PACKAGES"] = _fixture.PackagesFolder };

        private static int Column(ConsumerProject sample, string lineText, string name)
        {
            var line = File.ReadAllLines(sample.PathOf(Program))[sample.LineOf(Program, lineText) - 1];
            return line.IndexOf(lineText, StringComparison.Ordinal) + lineText.IndexOf(name, StringComparison.Ordinal) + 1;
        }

        private static void AddToProject(ConsumerProject sample, string item)
        {
            var path = sample.PathOf(Project);
            File.WriteAllText(path, File.ReadAllText(path).Replace("</Project>", $"  <ItemGroup>\n    {item}\n  </ItemGroup>\n</Project>"));
        }

        /// <summary>The sample after the hand edits docs/policy.md lists: a request object, await, the LINE blocks, AWS credentials.</summary>
        private const string Adapted = """
            using Amazon.Textract;
            using Amazon.Textract.Model;

            using var client = new AmazonTextractClient();
            var image = File.Exists("receipt.png") ? File.ReadAllBytes("receipt.png") : Array.Empty<byte>();
            if (image.Length == 0)
            {
                Console.WriteLine("no image");
                return;
            }

            var response = await client.DetectDocumentTextAsync(new DetectDocumentTextRequest
            {
                Document = new Document { Bytes = new MemoryStream(image) },
            });
            foreach (var block in (response.Blocks ?? new List<Block>()).Where(b => b.BlockType == BlockType.LINE))
            {
                Console.WriteLine(block.Text);
            }
            """;

        /// <summary>
        /// A stand-in for AWSSDK.Textract 4.x: the assembly, namespaces, type names and signatures of the members the
        /// sample and docs/policy.md use (AmazonTextractClient's constructors and DetectDocumentTextAsync, the request,
        /// Document, response, Block and BlockType), with no behaviour.
        /// </summary>
        private static class TextractStandIn
        {
            public const string Project = """
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>netstandard2.0</TargetFramework>
                    <AssemblyName>AWSSDK.Textract</AssemblyName>
                    <LangVersion>latest</LangVersion>
                    <Nullable>disable</Nullable>
                  </PropertyGroup>
                </Project>
                """;

            public const string Source = """
                using System;
                using System.Collections.Generic;
                using System.IO;
                using System.Threading;
                using System.Threading.Tasks;
                using Amazon.Textract.Model;

                namespace Amazon.Textract
                {
                    public class AmazonTextractClient : IDisposable
                    {
                        public AmazonTextractClient() { }
                        public AmazonTextractClient(string awsAccessKeyId, string awsSecretAccessKey) { }
                        public virtual Task<DetectDocumentTextResponse> DetectDocumentTextAsync(DetectDocumentTextRequest request, CancellationToken cancellationToken = default(CancellationToken))
                            => Task.FromResult(new DetectDocumentTextResponse());
                        public void Dispose() { }
                    }

                    public sealed class BlockType
                    {
                        public static readonly BlockType LINE = new BlockType("LINE");
                        public static readonly BlockType WORD = new BlockType("WORD");
                        private readonly string _value;
                        public BlockType(string value) { _value = value; }
                        public string Value => _value;
                        public static bool operator ==(BlockType a, BlockType b) => ReferenceEquals(a, b) || (a is object && b is object && a._value == b._value);
                        public static bool operator !=(BlockType a, BlockType b) => !(a == b);
                        public override bool Equals(object obj) => obj is BlockType other && other._value == _value;
                        public override int GetHashCode() => _value.GetHashCode();
                    }
                }

                namespace Amazon.Textract.Model
                {
                    public class DetectDocumentTextRequest { public Document Document { get; set; } }
                    public class Document { public MemoryStream Bytes { get; set; } }
                    public class DetectDocumentTextResponse { public List<Block> Blocks { get; set; } }
                    public class Block { public BlockType BlockType { get; set; } public string Text { get; set; } }
                }
                """;
        }
    }
}
