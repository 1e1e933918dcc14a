using System;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SupplyChainGuard.Cli.Output;

namespace SupplyChainGuard.Cli.Sbom
{
    /// <summary>
    /// CycloneDX JSON (1.7, or 1.6) written with Utf8JsonWriter: metadata, every component with its purl, SHA-512 and
    /// supplier, the dependency graph, and a composition that says whether the BOM is complete. The same input
    /// always gives the same bytes: components and dependencies are sorted, the serial number is derived from the
    /// content, and the timestamp is the one given (SOURCE_DATE_EPOCH or --timestamp) or the current second.
    /// </summary>
    internal static class CycloneDxWriter
    {
        public const string Prefix = "supplychainguard:";

        public static string Write(SbomModel model, string specVersion, string rootName, DateTimeOffset timestamp)
        {
            var rootRef = rootName + "@0.0.0";
            var serial = SerialNumber(model, rootName, specVersion, timestamp);
            return Json.Write(writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("$schema", $"http://cyclonedx.org/schema/bom-{specVersion}.schema.json");
                writer.WriteString("bomFormat", "CycloneDX");
                writer.WriteString("specVersion", specVersion);
                writer.WriteString("serialNumber", serial);
                writer.WriteNumber("version", 1);
                writer.WriteStartObject("metadata");
                writer.WriteString("timestamp", timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                writer.WriteStartObject("tools");
                writer.WriteStartArray("components");
                writer.WriteStartObject();
                writer.WriteString("type", "application");
                writer.WriteString("name", "scg");
                writer.WriteString("group", "SupplyChainGuard");
                writer.WriteString("version", ToolInfo.Version);
                writer.WriteStartArray("externalReferences");
                writer.WriteStartObject();
                writer.WriteString("type", "website");
                writer.WriteString("url", ToolInfo.InformationUri);
                writer.WriteEndObject();
                writer.WriteEndArray();
                writer.WriteEndObject();
                writer.WriteEndArray();
                writer.WriteEndObject();
                writer.WriteStartObject("component");
                writer.WriteString("type", "application");
                writer.WriteString("bom-ref", rootRef);
                writer.WriteString("name", rootName);
                writer.WriteString("version", "0.0.0");
                writer.WriteEndObject();
                writer.WriteEndObject();

                writer.WriteStartArray("components");
                foreach (var component in model.Components.Values)
                {
                    WriteComponent(writer, component);
                }

                writer.WriteEndArray();

                writer.WriteStartArray("dependencies");
                writer.WriteStartObject();
                writer.WriteString("ref", rootRef);
                Json.StringArray(writer, "dependsOn", model.Direct);
                writer.WriteEndObject();
                foreach (var component in model.Components.Values)
                {
                    writer.WriteStartObject();
                    writer.WriteString("ref", component.Purl);
                    Json.StringArray(writer, "dependsOn", component.DependsOn);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();

                // A project whose packages could not be listed makes the inventory incomplete, and the BOM says so.
                writer.WriteStartArray("compositions");
                writer.WriteStartObject();
                writer.WriteString("aggregate", model.Missing.Count == 0 ? "complete" : "incomplete");
                Json.StringArray(writer, "assemblies", new[] { rootRef });
                writer.WriteEndObject();
                writer.WriteEndArray();
                writer.WriteEndObject();
            });
        }

        private static void WriteComponent(Utf8JsonWriter writer, SbomComponent component)
        {
            writer.WriteStartObject();
            writer.WriteString("type", "library");
            writer.WriteString("bom-ref", component.Purl);
            var supplier = Supplier(component);
            if (supplier.Name is not null)
            {
                writer.WriteStartObject("supplier");
                writer.WriteString("name", supplier.Name);
                if (supplier.Country is not null)
                {
                    writer.WriteStartObject("address");
                    writer.WriteString("country", supplier.Country);
                    writer.WriteEndObject();
                }

                writer.WriteEndObject();
            }

            if (component.Identity is { Authors.Count: > 0 } identity)
            {
                writer.WriteStartArray("authors");
                foreach (var author in identity.Authors)
                {
                    writer.WriteStartObject();
                    writer.WriteString("name", author);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            writer.WriteString("name", component.Id);
            writer.WriteString("version", component.Version);
            writer.WriteString("scope", "required");
            if (Sha512Hex(component.Sha512) is { } hex)
            {
                writer.WriteStartArray("hashes");
                writer.WriteStartObject();
                writer.WriteString("alg", "SHA-512");
                writer.WriteString("content", hex);
                writer.WriteEndObject();
                writer.WriteEndArray();
            }

            writer.WriteString("purl", component.Purl);
            writer.WriteStartArray("properties");
            Property(writer, "verdict", component.Verdict);
            if (component.Vendor is { } vendor)
            {
                Property(writer, "vendor", vendor.Vendor.Id);
                Property(writer, "signal", vendor.Signals[0].Describe());
            }

            if (supplier.Source is not null)
            {
                Property(writer, "supplierSource", supplier.Source);
            }

            if (component.Identity?.Owners is { Count: > 0 } owners)
            {
                Property(writer, "owners", string.Join(", ", owners));
            }
            else if (component.Identity is { FeedOwners.Count: > 0, FeedOwnersSource: { } feed } online)
            {
                Property(writer, "owners", string.Join(", ", online.FeedOwners));
                Property(writer, "ownersFeed", feed);
            }

            if (component.Identity?.Problem is { } problem)
            {
                Property(writer, "problem", problem);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        /// <summary>The vendor the policy establishes (its name and jurisdiction), else the owners the repository
        /// signature names, else (with <c>--online</c>) those the feed names; nuspec authors are free text and never a supplier.</summary>
        internal static (string? Name, string? Country, string? Source) Supplier(SbomComponent component)
        {
            if (component.Vendor is { } vendor)
            {
                return (vendor.Vendor.DisplayName, vendor.Vendor.Jurisdiction, "policy");
            }

            if (component.Identity is { Owners.Count: > 0 } identity)
            {
                return (string.Join(", ", identity.Owners), null, identity.OwnersSource ?? "repository signature");
            }

            // --online: the owners the package's feed names, for a package whose signature names none.
            if (component.Identity is { FeedOwners.Count: > 0, FeedOwnersSource: { } feed } online)
            {
                return (string.Join(", ", online.FeedOwners), null, "feed");
            }

            return (null, null, null);
        }

        private static void Property(Utf8JsonWriter writer, string name, string value)
        {
            writer.WriteStartObject();
            writer.WriteString("name", Prefix + name);
            writer.WriteString("value", value);
            writer.WriteEndObject();
        }

        /// <summary>The assets file records SHA-512 in base64; CycloneDX wants hex.</summary>
        internal static string? Sha512Hex(string? base64)
        {
            if (base64 is null)
            {
                return null;
            }

            try
            {
                var bytes = Convert.FromBase64String(base64);
                return bytes.Length == 64 ? string.Concat(bytes.Select(b => b.ToString("x2", CultureInfo.InvariantCulture))) : null;
            }
            catch (FormatException)
            {
                return null;
            }
        }

        /// <summary>A UUID from the content, so the same inventory at the same time has the same serial number.</summary>
        private static string SerialNumber(SbomModel model, string rootName, string specVersion, DateTimeOffset timestamp)
        {
            var text = new StringBuilder().Append(rootName).Append('|').Append(specVersion).Append('|').Append(timestamp.ToUnixTimeSeconds());
            foreach (var component in model.Components.Values)
            {
                text.Append('|').Append(component.Purl).Append('=').Append(component.Sha512);
            }

            using var sha = SHA256.Create();
            var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(text.ToString()));
            hash[6] = (byte)((hash[6] & 0x0F) | 0x80); // version 8: custom
            hash[8] = (byte)((hash[8] & 0x3F) | 0x80); // RFC 4122 variant
            var hex = string.Concat(hash.Take(16).Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
            return $"urn:uuid:{hex.Substring(0, 8)}-{hex.Substring(8, 4)}-{hex.Substring(12, 4)}-{hex.Substring(16, 4)}-{hex.Substring(20, 12)}";
        }
    }
}
