using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;

namespace SupplyChainGuard.Policy
{
    /// <summary>
    /// What the build task knows about packages and the analyzer cannot find out (it may not read files nor
    /// load NuGet): which assemblies came from a package the policy restricts, and which signal said so.
    /// The task writes it under obj/ and adds it to the compilation's AdditionalFiles.
    /// </summary>
    public sealed class PackageHandover
    {
        public const string FileName = "supplychainguard.packages.json";
        private const int FormatVersion = 1;

        public List<RestrictedPackage> Packages { get; } = new List<RestrictedPackage>();

        /// <summary>Every policy file the task read (the root, then extended files), for the analyzer to read too.</summary>
        public List<string> PolicyFiles { get; } = new List<string>();

        public sealed class RestrictedPackage
        {
            public string Id { get; set; } = string.Empty;
            public string Version { get; set; } = string.Empty;
            public string Vendor { get; set; } = string.Empty;
            public List<string> Assemblies { get; set; } = new List<string>();

            /// <summary>The matched signals, described (<c>owner 'Baidu-AI' in the repository signature</c>).</summary>
            public List<string> Signals { get; set; } = new List<string>();

            /// <summary>The task's verdict rests only on facts the policy marks unverified
            /// (<see cref="VendorAttribution.IsUnverified"/>): the analyzer then reports its types as warnings at most.</summary>
            public bool Unverified { get; set; }
        }

        public string ToJson()
        {
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
            {
                writer.WriteStartObject();
                writer.WriteNumber("version", FormatVersion);
                writer.WriteStartArray("policyFiles");
                foreach (var file in PolicyFiles)
                {
                    writer.WriteStringValue(file);
                }

                writer.WriteEndArray();
                writer.WriteStartArray("packages");
                foreach (var package in Packages)
                {
                    writer.WriteStartObject();
                    writer.WriteString("id", package.Id);
                    writer.WriteString("version", package.Version);
                    writer.WriteString("vendor", package.Vendor);
                    WriteArray(writer, "assemblies", package.Assemblies);
                    WriteArray(writer, "signals", package.Signals);
                    if (package.Unverified)
                    {
                        writer.WriteBoolean("unverified", true);
                    }

                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            return Encoding.UTF8.GetString(stream.ToArray());
        }

        /// <summary>Reads a hand-over file; null when it is not one this version understands.</summary>
        public static PackageHandover? FromJson(string json)
        {
            try
            {
                using var document = JsonDocument.Parse(json);
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("version", out var version) || version.ValueKind != JsonValueKind.Number || version.GetInt32() != FormatVersion)
                {
                    return null;
                }

                var handover = new PackageHandover();
                if (root.TryGetProperty("policyFiles", out var files) && files.ValueKind == JsonValueKind.Array)
                {
                    foreach (var file in files.EnumerateArray())
                    {
                        if (file.ValueKind == JsonValueKind.String)
                        {
                            handover.PolicyFiles.Add(file.GetString()!);
                        }
                    }
                }

                if (root.TryGetProperty("packages", out var packages) && packages.ValueKind == JsonValueKind.Array)
                {
                    foreach (var item in packages.EnumerateArray())
                    {
                        if (item.ValueKind != JsonValueKind.Object)
                        {
                            continue;
                        }

                        handover.Packages.Add(new RestrictedPackage
                        {
                            Id = Text(item, "id"),
                            Version = Text(item, "version"),
                            Vendor = Text(item, "vendor"),
                            Assemblies = Texts(item, "assemblies"),
                            Signals = Texts(item, "signals"),
                            Unverified = item.TryGetProperty("unverified", out var unverified) && unverified.ValueKind == JsonValueKind.True,
                        });
                    }
                }

                return handover;
            }
            catch (JsonException)
            {
                return null;
            }
            catch (InvalidOperationException)
            {
                return null;
            }
            catch (FormatException)
            {
                return null;
            }
        }

        private static void WriteArray(Utf8JsonWriter writer, string name, IEnumerable<string> values)
        {
            writer.WriteStartArray(name);
            foreach (var value in values)
            {
                writer.WriteStringValue(value);
            }

            writer.WriteEndArray();
        }

        private static string Text(JsonElement element, string name) =>
            element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : string.Empty;

        private static List<string> Texts(JsonElement element, string name)
        {
            var result = new List<string>();
            if (element.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array)
            {
                foreach (var value in array.EnumerateArray())
                {
                    if (value.ValueKind == JsonValueKind.String)
                    {
                        result.Add(value.GetString()!);
                    }
                }
            }

            return result;
        }
    }
}
