using System.IO;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Xunit;

namespace SupplyChainGuard.Policy.Tests
{
    /// <summary>The hand-over file, version 1: written by our writer in the layout Utf8JsonWriter gave it, read by the policy reader.</summary>
    public sealed class PackageHandoverTests
    {
        private static PackageHandover Sample(string signal = "owner 'Baidu-AI' in the repository signature")
        {
            var handover = new PackageHandover();
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
            handover.Packages.Add(new PackageHandover.RestrictedPackage { Id = "Empty", Version = "1.0.0", Vendor = "v" });
            return handover;
        }

        /// <summary>Byte for byte, but for the HTML-sensitive characters (such as ') that Utf8JsonWriter's default encoder escaped.</summary>
        [Fact]
        public void ToJson_writes_what_Utf8JsonWriter_wrote_for_the_same_content()
        {
            var handover = Sample();

            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, NewLine = "\n", Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                writer.WriteStartObject();
                writer.WriteNumber("version", 1);
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

            var read = PackageHandover.FromJson(written.ToJson())!;

            Assert.Equal(written.PolicyFiles, read.PolicyFiles);
            Assert.Equal(written.Packages.Count, read.Packages.Count);
            Assert.Equal(written.Packages[0].Signals, read.Packages[0].Signals);
            Assert.Equal(written.Packages[0].Assemblies, read.Packages[0].Assemblies);
            Assert.Empty(read.Packages[1].Assemblies);
            Assert.Equal(new[] { true, false }, read.Packages.Select(p => p.Unverified));

            // And System.Text.Json reads the same strings from it.
            using var document = JsonDocument.Parse(written.ToJson());
            Assert.Equal(written.Packages[0].Signals[0], document.RootElement.GetProperty("packages")[0].GetProperty("signals")[0].GetString());
        }

        [Theory]
        [InlineData("")]
        [InlineData("not json")]
        [InlineData("[]")]
        [InlineData("{ \"version\": 2, \"packages\": [] }")]
        [InlineData("{ \"version\": \"1\" }")]
        [InlineData("{ \"version\": 1.5 }")]
        [InlineData("{ \"packages\": [] }")]
        [InlineData("{ \"version\": 1, \"policyFiles\": [\"\\ud800\"] }")]
        public void A_file_that_is_not_a_version_1_hand_over_reads_as_null(string json)
        {
            Assert.Null(PackageHandover.FromJson(json));
        }
    }
}
