using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SupplyChainGuard.Policy.Loading;

namespace SupplyChainGuard.Policy
{
    /// <summary>
    /// What the build task knows and the analyzer cannot find out (it may not read files nor load NuGet): which
    /// assemblies came from a package the policy restricts, and which signal said so; and every diagnostic the
    /// task reported, at its file, line and column, so that the editor can show it after a design-time build.
    /// The task writes it under obj/ and adds it to the compilation's AdditionalFiles. Reading is strict: a file
    /// of another format version, or one that is damaged, is refused with the reason, never read in part.
    /// </summary>
    public sealed class PackageHandover
    {
        public const string FileName = "supplychainguard.packages.json";

        /// <summary>Bumped whenever a key is added, removed or changes meaning; a reader accepts only its own.</summary>
        public const int FormatVersion = 2;

        private static readonly HashSet<string> RootKeys = new HashSet<string> { "version", "project", "policyFiles", "packages", "findings" };
        private static readonly HashSet<string> PackageKeys = new HashSet<string> { "id", "version", "vendor", "assemblies", "signals", "unverified", "weak" };
        private static readonly HashSet<string> FindingKeys = new HashSet<string> { "id", "level", "file", "line", "column", "message", "package", "vendor" };

        /// <summary>The project the task checked; empty when it was not told.</summary>
        public string Project { get; set; } = string.Empty;

        public List<RestrictedPackage> Packages { get; } = new List<RestrictedPackage>();

        /// <summary>Every policy file the task read (the root, then extended files), for the analyzer to read too.</summary>
        public List<string> PolicyFiles { get; } = new List<string>();

        /// <summary>What the task reported, in its order and at the level it reported it (suppressed ones are not here).</summary>
        public List<Finding> Findings { get; } = new List<Finding>();

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

        /// <summary>The level a finding was reported at, after the project's warning settings.</summary>
        public enum FindingLevel
        {
            Info,
            Warning,
            Error,
        }

        /// <summary>One diagnostic of the task, as it logged it: the analyzer repeats it, and decides nothing.</summary>
        public sealed class Finding
        {
            public string RuleId { get; set; } = string.Empty;
            public FindingLevel Level { get; set; }

            /// <summary>The file the task reported it in (the project, an imported file, Directory.Packages.props, a policy file).</summary>
            public string File { get; set; } = string.Empty;

            /// <summary>1-based; 0 when the finding is about the file as a whole (then <see cref="Column"/> is 0 too).</summary>
            public int Line { get; set; }

            public int Column { get; set; }

            /// <summary>The text, on one line, exactly as the build prints it.</summary>
            public string Message { get; set; } = string.Empty;

            /// <summary>The package the finding is about; empty for findings that are not about one package.</summary>
            public string Package { get; set; } = string.Empty;

            /// <summary>The restricting vendor's id; empty when no vendor restricts (SCG0003, SCG0902, …).</summary>
            public string Vendor { get; set; } = string.Empty;
        }

        public string ToJson()
        {
            var writer = new JsonTextWriter().StartObject().Number("version", FormatVersion).String("project", Project);
            WriteArray(writer, "policyFiles", PolicyFiles);
            writer.StartArray("packages");
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

            writer.End().StartArray("findings");
            foreach (var finding in Findings)
            {
                writer.StartObject()
                    .String("id", finding.RuleId)
                    .String("level", LevelName(finding.Level))
                    .String("file", finding.File)
                    .Number("line", finding.Line)
                    .Number("column", finding.Column);
                if (finding.Package.Length > 0)
                {
                    writer.String("package", finding.Package);
                }

                if (finding.Vendor.Length > 0)
                {
                    writer.String("vendor", finding.Vendor);
                }

                writer.String("message", finding.Message).End();
            }

            return writer.End().End().ToString();
        }

        /// <summary>Reads a hand-over file; null when it is not one this version understands (<see cref="Read"/> says why).</summary>
        public static PackageHandover? FromJson(string json) => Read(json).Handover;

        /// <summary>Reads a hand-over file of exactly this format version, or says why it is not one.</summary>
        public static HandoverReadResult Read(string json)
        {
            JsonNode root;
            try
            {
                root = JsonTreeReader.Parse(json);
            }
            catch (JsonSyntaxError e)
            {
                return HandoverReadResult.Refused($"it is damaged: {e.Message} (line {e.Line}, column {e.Column})");
            }

            if (root.Kind != JsonNodeKind.Object)
            {
                return HandoverReadResult.Refused("it is damaged: it is not a JSON object");
            }

            if (Property(root, "version") is not { } version)
            {
                return HandoverReadResult.Refused("it has no format version");
            }

            if (version.Kind != JsonNodeKind.Number
                || !int.TryParse(version.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                return HandoverReadResult.Refused("its format version is not a whole number");
            }

            if (number != FormatVersion)
            {
                return HandoverReadResult.Refused($"it is format version {number.ToString(CultureInfo.InvariantCulture)}, and this analyzer reads version {FormatVersion.ToString(CultureInfo.InvariantCulture)} only");
            }

            try
            {
                var shape = new Shape();
                shape.Keys(root, RootKeys, "the file");
                var handover = new PackageHandover { Project = shape.String(root, "project", "the file") };
                handover.PolicyFiles.AddRange(shape.Strings(root, "policyFiles", "the file"));
                var packages = shape.Array(root, "packages", "the file");
                for (var i = 0; i < packages.Count; i++)
                {
                    var where = $"packages[{i.ToString(CultureInfo.InvariantCulture)}]";
                    var item = shape.Object(packages[i], where);
                    shape.Keys(item, PackageKeys, where);
                    handover.Packages.Add(new RestrictedPackage
                    {
                        Id = shape.String(item, "id", where),
                        Version = shape.String(item, "version", where),
                        Vendor = shape.String(item, "vendor", where),
                        Assemblies = shape.Strings(item, "assemblies", where),
                        Signals = shape.Strings(item, "signals", where),
                        Unverified = shape.OptionalBoolean(item, "unverified", where),
                        Weak = shape.OptionalBoolean(item, "weak", where),
                    });
                }

                var findings = shape.Array(root, "findings", "the file");
                for (var i = 0; i < findings.Count; i++)
                {
                    var where = $"findings[{i.ToString(CultureInfo.InvariantCulture)}]";
                    var item = shape.Object(findings[i], where);
                    shape.Keys(item, FindingKeys, where);
                    var finding = new Finding
                    {
                        RuleId = shape.String(item, "id", where),
                        Level = shape.Level(item, where),
                        File = shape.String(item, "file", where),
                        Line = shape.Count(item, "line", where),
                        Column = shape.Count(item, "column", where),
                        Message = shape.String(item, "message", where),
                        Package = shape.OptionalString(item, "package", where),
                        Vendor = shape.OptionalString(item, "vendor", where),
                    };
                    if (finding.RuleId.Length == 0 || finding.File.Length == 0 || finding.Message.Length == 0)
                    {
                        throw new ShapeError($"{where} has an empty 'id', 'file' or 'message'");
                    }

                    handover.Findings.Add(finding);
                }

                return new HandoverReadResult(handover, null);
            }
            catch (ShapeError e)
            {
                return HandoverReadResult.Refused("it is damaged: " + e.Message);
            }
        }

        private static string LevelName(FindingLevel level) => level switch
        {
            FindingLevel.Error => "error",
            FindingLevel.Warning => "warning",
            _ => "info",
        };

        private static void WriteArray(JsonTextWriter writer, string name, IEnumerable<string> values)
        {
            writer.StartArray(name);
            foreach (var value in values)
            {
                writer.String(null, value);
            }

            writer.End();
        }

        private static JsonNode? Property(JsonNode node, string name) => node.Properties!.FirstOrDefault(p => p.Name == name)?.Value;

        /// <summary>What each value must be; the first departure is the reason the file is refused.</summary>
        private sealed class Shape
        {
            public void Keys(JsonNode node, HashSet<string> known, string where)
            {
                var seen = new HashSet<string>();
                foreach (var property in node.Properties!)
                {
                    if (!known.Contains(property.Name))
                    {
                        throw new ShapeError($"{where} has the key '{property.Name}', which format version {FormatVersion.ToString(CultureInfo.InvariantCulture)} does not have");
                    }

                    if (!seen.Add(property.Name))
                    {
                        throw new ShapeError($"{where} has the key '{property.Name}' twice");
                    }
                }
            }

            public JsonNode Object(JsonNode node, string where) =>
                node.Kind == JsonNodeKind.Object ? node : throw new ShapeError($"{where} is not an object");

            public List<JsonNode> Array(JsonNode node, string name, string where) =>
                Property(node, name) is { Kind: JsonNodeKind.Array } array ? array.Items! : throw Missing(name, "an array", where);

            public string String(JsonNode node, string name, string where) =>
                Property(node, name) is { Kind: JsonNodeKind.String } value ? value.Text! : throw Missing(name, "a string", where);

            public string OptionalString(JsonNode node, string name, string where) =>
                Property(node, name) is not { } value ? string.Empty
                : value.Kind == JsonNodeKind.String ? value.Text! : throw Missing(name, "a string", where);

            public bool OptionalBoolean(JsonNode node, string name, string where) =>
                Property(node, name) is not { } value ? false
                : value.Kind == JsonNodeKind.Boolean ? value.Boolean : throw Missing(name, "true or false", where);

            public List<string> Strings(JsonNode node, string name, string where)
            {
                var items = Array(node, name, where);
                return items.All(i => i.Kind == JsonNodeKind.String)
                    ? items.Select(i => i.Text!).ToList()
                    : throw new ShapeError($"{where}: '{name}' holds something that is not a string");
            }

            public int Count(JsonNode node, string name, string where) =>
                Property(node, name) is { Kind: JsonNodeKind.Number } value
                && int.TryParse(value.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                    ? number
                    : throw Missing(name, "a whole number of at least 0", where);

            public FindingLevel Level(JsonNode node, string where) => String(node, "level", where) switch
            {
                "error" => FindingLevel.Error,
                "warning" => FindingLevel.Warning,
                "info" => FindingLevel.Info,
                var other => throw new ShapeError($"{where}: 'level' is '{other}', not error, warning or info"),
            };

            private static ShapeError Missing(string name, string what, string where) =>
                new ShapeError($"{where}: '{name}' is missing or not {what}");
        }

        private sealed class ShapeError : System.Exception
        {
            public ShapeError(string message)
                : base(message)
            {
            }
        }
    }

    /// <summary>A hand-over read strictly: the hand-over, or why it was refused.</summary>
    public sealed class HandoverReadResult
    {
        internal HandoverReadResult(PackageHandover? handover, string? problem)
        {
            Handover = handover;
            Problem = problem;
        }

        public PackageHandover? Handover { get; }

        /// <summary>Why the file is not a hand-over of this format version (<c>it is format version 1, …</c>); null when read.</summary>
        public string? Problem { get; }

        internal static HandoverReadResult Refused(string problem) => new HandoverReadResult(null, problem);
    }
}
