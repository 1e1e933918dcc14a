using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SupplyChainGuard.Policy.Loading;

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

            /// <summary>The restriction rests only on free text (nuspec authors, URLs): the analyzer names it as weak
            /// and caps it as the policy's <c>weakSignals</c> says. Optional in the file; absent means false.</summary>
            public bool Weak { get; set; }
        }

        public string ToJson()
        {
            var writer = new JsonTextWriter().StartObject().Number("version", FormatVersion).StartArray("policyFiles");
            foreach (var file in PolicyFiles)
            {
                writer.String(null, file);
            }

            writer.End().StartArray("packages");
            foreach (var package in Packages)
            {
                writer.StartObject()
                    .String("id", package.Id)
                    .String("version", package.Version)
                    .String("vendor", package.Vendor);
                WriteArray(writer, "assemblies", package.Assemblies);
                WriteArray(writer, "signals", package.Signals);
                if (package.Unverified)
                {
                    writer.Boolean("unverified", true);
                }

                if (package.Weak)
                {
                    writer.Boolean("weak", true);
                }

                writer.End();
            }

            return writer.End().End().ToString();
        }

        /// <summary>Reads a hand-over file; null when it is not one this version understands.</summary>
        public static PackageHandover? FromJson(string json)
        {
            JsonNode root;
            try
            {
                root = JsonTreeReader.Parse(json);
            }
            catch (JsonSyntaxError)
            {
                return null;
            }

            if (root.Kind != JsonNodeKind.Object || Property(root, "version") is not { Kind: JsonNodeKind.Number } version
                || !int.TryParse(version.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) || number != FormatVersion)
            {
                return null;
            }

            var handover = new PackageHandover();
            handover.PolicyFiles.AddRange(Texts(root, "policyFiles"));
            if (Property(root, "packages") is { Kind: JsonNodeKind.Array } packages)
            {
                foreach (var item in packages.Items!)
                {
                    if (item.Kind != JsonNodeKind.Object)
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
                        Unverified = Property(item, "unverified") is { Kind: JsonNodeKind.Boolean, Boolean: true },
                        Weak = Property(item, "weak") is { Kind: JsonNodeKind.Boolean, Boolean: true },
                    });
                }
            }

            return handover;
        }

        private static void WriteArray(JsonTextWriter writer, string name, IEnumerable<string> values)
        {
            writer.StartArray(name);
            foreach (var value in values)
            {
                writer.String(null, value);
            }

            writer.End();
        }

        /// <summary>A property's value; the last one when a name is given twice.</summary>
        private static JsonNode? Property(JsonNode node, string name) => node.Properties!.LastOrDefault(p => p.Name == name)?.Value;

        private static string Text(JsonNode node, string name) =>
            Property(node, name) is { Kind: JsonNodeKind.String } value ? value.Text! : string.Empty;

        private static List<string> Texts(JsonNode node, string name) =>
            Property(node, name) is { Kind: JsonNodeKind.Array } array
                ? array.Items!.Where(i => i.Kind == JsonNodeKind.String).Select(i => i.Text!).ToList()
                : new List<string>();
    }
}
