using System.IO;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Xunit;

namespace SupplyChainGuard.Policy.Tests
{
    /// <summary>
    /// The hand-over file, format version 2: written by our writer in the layout Utf8JsonWriter gives it, read back
    /// strictly — a file of another version, a damaged one or one with keys this version does not have is refused
    /// with the reason, never read in part.
    /// </summary>
    public sealed class PackageHandoverTests
    {
        private static PackageHandover Sample(string signal = "owner 'Baidu-AI' in the repository signature")
        {
            var handover = new PackageHandover { Project = "/repo/src/App/App.csproj" };
            handover.PolicyFiles.Add("/repo/supplychainguard.json");
            handover.PolicyFiles.Add("/repo/org/base.json");
            handover.Packages.Add(new PackageHandover.RestrictedPackage
            {
                Id = "Baidu.AI",
                Version = "4.15.10",
                Vendor = "baidu",
                Assemblies = { "AipSdk" },
                Signals = { signal },
                Unverified = true,
            });
            handover.Packages.Add(new PackageHandover.RestrictedPackage { Id = "Empty", Version = "1.0.0", Vendor = "v", Weak = true });
            handover.Findings.Add(new PackageHandover.Finding
            {
                RuleId = "SCG0001",
                Level = PackageHandover.FindingLevel.Warning,
                File = "/repo/src/App/App.csproj",
                Line = 11,
                Column = 5,
                Message = "Package 'Baidu.AI' 4.15.10 is published by 'Baidu, Inc.': " + signal + ".",
                Package = "Baidu.AI",
                Vendor = "baidu",
            });
            handover.Findings.Add(new PackageHandover.Finding
            {
                RuleId = "SCG0902",
                Level = PackageHandover.FindingLevel.Error,
                File = "/repo/src/App/App.csproj",
                Message = "The package graph could not be read.",
            });
            return handover;
        }

        /// <summary>Byte for byte, but for the HTML-sensitive characters (such as ') that Utf8JsonWriter's default encoder escapes.</summary>
        [Fact]
        public void ToJson_writes_what_Utf8JsonWriter_writes_for_the_same_content()
        {
            var handover = Sample();

            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, NewLine = "\n", Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                writer.WriteStartObject();
                writer.WriteNumber("version", 2);
                writer.WriteString("project", handover.Project);
                writer.WriteStartArray("policyFiles");
                handover.PolicyFiles.ForEach(writer.WriteStringValue);
                writer.WriteEndArray();
                writer.WriteStartArray("packages");
                foreach (var package in handover.Packages)
                {
                    writer.WriteStartObject();
                    writer.WriteString("id", package.Id);
                    writer.WriteString("version", package.Version);
                    writer.WriteString("vendor", package.Vendor);
                    writer.WriteStartArray("assemblies");
                    package.Assemblies.ForEach(writer.WriteStringValue);
                    writer.WriteEndArray();
                    writer.WriteStartArray("signals");
                    package.Signals.ForEach(writer.WriteStringValue);
                    writer.WriteEndArray();
                    if (package.Unverified)
                    {
                        writer.WriteBoolean("unverified", true);
                    }

                    if (package.Weak)
                    {
                        writer.WriteBoolean("weak", true);
                    }

                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteStartArray("findings");
                foreach (var finding in handover.Findings)
                {
                    writer.WriteStartObject();
                    writer.WriteString("id", finding.RuleId);
                    writer.WriteString("level", finding.Level.ToString().ToLowerInvariant());
                    writer.WriteString("file", finding.File);
                    writer.WriteNumber("line", finding.Line);
                    writer.WriteNumber("column", finding.Column);
                    if (finding.Package.Length > 0)
                    {
                        writer.WriteString("package", finding.Package);
                    }

                    if (finding.Vendor.Length > 0)
                    {
                        writer.WriteString("vendor", finding.Vendor);
                    }

                    writer.WriteString("message", finding.Message);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            Assert.Equal(Encoding.UTF8.GetString(stream.ToArray()), handover.ToJson());
        }

        [Fact]
        public void A_hand_over_reads_back_what_was_written_whatever_its_strings_hold()
        {
            var written = Sample("subject 'CN=\"Baidu\", O=百度\\AI' \t\n\u0001 😀");

            var read = PackageHandover.Read(written.ToJson());

            Assert.Null(read.Problem);
            var handover = read.Handover!;
            Assert.Equal(written.Project, handover.Project);
            Assert.Equal(written.PolicyFiles, handover.PolicyFiles);
            Assert.Equal(written.Packages.Count, handover.Packages.Count);
            Assert.Equal(written.Packages[0].Signals, handover.Packages[0].Signals);
            Assert.Equal(written.Packages[0].Assemblies, handover.Packages[0].Assemblies);
            Assert.Empty(handover.Packages[1].Assemblies);
            Assert.Equal(
                written.Packages.Select(p => (p.Id, p.Version, p.Vendor)),
                handover.Packages.Select(p => (p.Id, p.Version, p.Vendor)));
            Assert.Equal(new[] { true, false }, handover.Packages.Select(p => p.Unverified));
            Assert.Equal(new[] { false, true }, handover.Packages.Select(p => p.Weak));
            Assert.Equal(
                written.Findings.Select(f => (f.RuleId, f.Level, f.File, f.Line, f.Column, f.Message, f.Package, f.Vendor)),
                handover.Findings.Select(f => (f.RuleId, f.Level, f.File, f.Line, f.Column, f.Message, f.Package, f.Vendor)));

            // And System.Text.Json reads the same strings from it.
            using var document = JsonDocument.Parse(written.ToJson());
            Assert.Equal(written.Packages[0].Signals[0], document.RootElement.GetProperty("packages")[0].GetProperty("signals")[0].GetString());
            Assert.Equal(written.Findings[0].Message, document.RootElement.GetProperty("findings")[0].GetProperty("message").GetString());
        }

        [Theory]
        [InlineData("", "it is damaged: the file is empty")]
        [InlineData("not json", "it is damaged: invalid JSON: ")]
        [InlineData("[]", "it is damaged: it is not a JSON object")]
        [InlineData("{ \"packages\": [] }", "it has no format version")]
        [InlineData("{ \"version\": \"2\" }", "its format version is not a whole number")]
        [InlineData("{ \"version\": 1.5 }", "its format version is not a whole number")]
        [InlineData("{ \"version\": -2 }", "its format version is not a whole number")]
        [InlineData("{ \"version\": 1, \"policyFiles\": [], \"packages\": [] }", "it is format version 1, and this analyzer reads version 2 only")]
        [InlineData("{ \"version\": 3, \"findings\": [] }", "it is format version 3, and this analyzer reads version 2 only")]
        [InlineData("{ \"version\": 2, \"project\": \"\", \"policyFiles\": [], \"packages\": [] }", "it is damaged: the file: 'findings' is missing or not an array")]
        [InlineData("{ \"version\": 2, \"project\": \"\", \"policyFiles\": [], \"packages\": [], \"findings\": [], \"routes\": [] }", "it is damaged: the file has the key 'routes', which format version 2 does not have")]
        [InlineData("{ \"version\": 2, \"version\": 2, \"project\": \"\", \"policyFiles\": [], \"packages\": [], \"findings\": [] }", "it is damaged: the file has the key 'version' twice")]
        [InlineData("{ \"version\": 2, \"project\": \"\", \"policyFiles\": [\"\\ud800\"], \"packages\": [], \"findings\": [] }", "it is damaged: invalid JSON: ")]
        [InlineData("{ \"version\": 2, \"project\": \"\", \"policyFiles\": [1], \"packages\": [], \"findings\": [] }", "it is damaged: the file: 'policyFiles' holds something that is not a string")]
        [InlineData("{ \"version\": 2, \"project\": \"\", \"policyFiles\": [], \"packages\": [ { \"id\": \"A\", \"version\": \"1\", \"vendor\": \"v\", \"assemblies\": [], \"signals\": [], \"strength\": \"weak\" } ], \"findings\": [] }", "it is damaged: packages[0] has the key 'strength', which format version 2 does not have")]
        [InlineData("{ \"version\": 2, \"project\": \"\", \"policyFiles\": [], \"packages\": [ { \"id\": \"A\", \"version\": \"1\", \"vendor\": \"v\", \"assemblies\": [], \"signals\": [], \"unverified\": \"yes\" } ], \"findings\": [] }", "it is damaged: packages[0]: 'unverified' is missing or not true or false")]
        [InlineData("{ \"version\": 2, \"project\": \"\", \"policyFiles\": [], \"packages\": [], \"findings\": [ 1 ] }", "it is damaged: findings[0] is not an object")]
        [InlineData("{ \"version\": 2, \"project\": \"\", \"policyFiles\": [], \"packages\": [], \"findings\": [ { \"id\": \"SCG0001\", \"level\": \"fatal\", \"file\": \"/a\", \"line\": 1, \"column\": 1, \"message\": \"m\" } ] }", "it is damaged: findings[0]: 'level' is 'fatal', not error, warning or info")]
        [InlineData("{ \"version\": 2, \"project\": \"\", \"policyFiles\": [], \"packages\": [], \"findings\": [ { \"id\": \"SCG0001\", \"level\": \"warning\", \"file\": \"/a\", \"line\": -1, \"column\": 1, \"message\": \"m\" } ] }", "it is damaged: findings[0]: 'line' is missing or not a whole number of at least 0")]
        [InlineData("{ \"version\": 2, \"project\": \"\", \"policyFiles\": [], \"packages\": [], \"findings\": [ { \"id\": \"SCG0001\", \"level\": \"warning\", \"file\": \"/a\", \"line\": 1, \"message\": \"m\" } ] }", "it is damaged: findings[0]: 'column' is missing or not a whole number of at least 0")]
        [InlineData("{ \"version\": 2, \"project\": \"\", \"policyFiles\": [], \"packages\": [], \"findings\": [ { \"id\": \"\", \"level\": \"warning\", \"file\": \"/a\", \"line\": 1, \"column\": 1, \"message\": \"m\" } ] }", "it is damaged: findings[0] has an empty 'id', 'file' or 'message'")]
        public void A_file_that_is_not_a_version_2_hand_over_is_refused_with_the_reason(string json, string problem)
        {
            var read = PackageHandover.Read(json);

            Assert.Null(read.Handover);
            Assert.StartsWith(problem, read.Problem);
            Assert.Null(PackageHandover.FromJson(json));
        }

        /// <summary>A build interrupted while writing, a disk that filled up: every cut of a hand-over is refused as a whole.</summary>
        [Fact]
        public void Every_truncation_of_a_hand_over_is_refused_never_read_in_part()
        {
            var json = Sample().ToJson();
            Assert.NotNull(PackageHandover.Read(json).Handover);

            for (var length = 0; length < json.TrimEnd().Length; length++)
            {
                var read = PackageHandover.Read(json.Substring(0, length));
                Assert.True(read.Handover is null, $"a hand-over cut at {length} characters was read");
                Assert.StartsWith("it is damaged: ", read.Problem);
            }
        }

        [Fact]
        public void A_package_written_without_an_id_version_or_vendor_is_written_with_empty_strings_and_refused_by_nobody()
        {
            var handover = new PackageHandover();
            handover.Packages.Add(new PackageHandover.RestrictedPackage());

            var read = PackageHandover.Read(handover.ToJson()).Handover!;

            var package = Assert.Single(read.Packages);
            Assert.Equal((string.Empty, string.Empty, string.Empty, false, false), (package.Id, package.Version, package.Vendor, package.Unverified, package.Weak));
            Assert.Equal(string.Empty, read.Project);
        }
    }
}
