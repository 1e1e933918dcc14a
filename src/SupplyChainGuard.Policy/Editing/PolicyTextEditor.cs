using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using SupplyChainGuard.Policy.Loading;

namespace SupplyChainGuard.Policy
{
    /// <summary>A waiver to add: what it covers, why, and until when.</summary>
    public sealed class WaiverDraft
    {
        public WaiverDraft(string vendor, string reason, DateTime expires)
        {
            Vendor = vendor;
            Reason = reason;
            Expires = expires;
        }

        public string Vendor { get; }
        public string Reason { get; }
        public DateTime Expires { get; }
        public IReadOnlyList<string> Namespaces { get; set; } = Array.Empty<string>();
        public IReadOnlyList<string> Types { get; set; } = Array.Empty<string>();

        internal string Key => MakeKey(Vendor, string.Empty, string.Join(",", Namespaces), string.Join(",", Types));

        internal static string MakeKey(string vendor, string package, string namespaces, string types) =>
            vendor.ToLowerInvariant() + "|" + package + "|" + namespaces + "|" + types;

        internal string ToJson()
        {
            var parts = new List<string> { $"\"vendor\": {Quote(Vendor)}" };
            if (Namespaces.Count > 0)
            {
                parts.Add($"\"namespaces\": [{string.Join(", ", Namespaces.Select(Quote))}]");
            }

            if (Types.Count > 0)
            {
                parts.Add($"\"types\": [{string.Join(", ", Types.Select(Quote))}]");
            }

            parts.Add($"\"reason\": {Quote(Reason)}");
            parts.Add($"\"expires\": \"{Expires:yyyy-MM-dd}\"");
            return "{ " + string.Join(", ", parts) + " }";
        }

        private static string Quote(string text) => JsonText.Quote(text);
    }

    /// <summary>
    /// Edits policy text in place — only inserts, so the file keeps its formatting, comments and key order.
    /// Used by the "add a waiver" code fix; works on any text the loader accepts.
    /// </summary>
    public static class PolicyTextEditor
    {
        /// <summary>The text with the waivers appended to <c>waivers</c> (created when missing); null when the
        /// text is not a JSON object that can be edited safely. A draft that an unexpired waiver (as of
        /// <paramref name="today"/>, when given) already covers is not added again.</summary>
        public static string? AddWaivers(string text, IReadOnlyList<WaiverDraft> waivers, DateTime? today = null)
        {
            if (waivers.Count == 0)
            {
                return text;
            }

            var bom = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
            JsonNode root;
            try
            {
                root = JsonTreeReader.Parse(text);
            }
            catch (JsonSyntaxError)
            {
                return null;
            }

            if (root.Kind != JsonNodeKind.Object)
            {
                return null;
            }

            var newline = text.Contains("\r\n") ? "\r\n" : "\n";
            var existing = root.Properties!.LastOrDefault(p => p.Name == "waivers");
            if (existing is not null && existing.Value.Kind != JsonNodeKind.Array)
            {
                return null;
            }

            // A waiver that is already there is not added again.
            var present = new HashSet<string>(
                existing?.Value.Items!.Where(w => today is null || !IsExpired(w, today.Value)).Select(KeyOf) ?? Enumerable.Empty<string>(),
                StringComparer.Ordinal);
            waivers = waivers.Where(w => !present.Contains(w.Key)).ToList();
            if (waivers.Count == 0)
            {
                return text;
            }

            if (existing is not null)
            {
                var array = existing.Value;
                var last = array.Items!.LastOrDefault();
                if (last is not null)
                {
                    var indent = IndentOf(text, bom + last.StartOffset);
                    return InsertAfter(text, bom + last.EndOffset, bom + array.EndOffset - 1, string.Join(string.Empty, waivers.Select(w => newline + indent + w.ToJson())), ",");
                }

                var arrayIndent = IndentOf(text, bom + existing.Value.StartOffset);
                var itemIndent = IndentOf(text, bom + root.Properties![0].Value.StartOffset) is var unit && unit.Length > 0 ? arrayIndent + unit : arrayIndent + "  ";
                var items = string.Join("," + newline, waivers.Select(w => itemIndent + w.ToJson()));
                return text.Insert(bom + array.EndOffset - 1, newline + items + newline + arrayIndent);
            }

            var propertyIndent = root.Properties!.Count > 0 ? IndentOf(text, bom + root.Properties[0].Value.StartOffset, propertyLine: true) : "  ";
            var block = $"\"waivers\": [{newline}{string.Join("," + newline, waivers.Select(w => propertyIndent + propertyIndent + w.ToJson()))}{newline}{propertyIndent}]";
            if (root.Properties.Count == 0)
            {
                return text.Insert(bom + root.EndOffset - 1, newline + propertyIndent + block + newline);
            }

            return InsertAfter(text, bom + root.Properties.Last().Value.EndOffset, bom + root.EndOffset - 1, newline + propertyIndent + block, ",");
        }

        private static bool IsExpired(JsonNode waiver, DateTime today)
        {
            var expires = waiver.Properties?.FirstOrDefault(p => p.Name == "expires")?.Value.Text;
            return expires is not null
                && DateTime.TryParseExact(expires, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date)
                && date < today.Date;
        }

        private static string KeyOf(JsonNode waiver)
        {
            if (waiver.Kind != JsonNodeKind.Object)
            {
                return string.Empty;
            }

            string Strings(string name) => string.Join(",", waiver.Properties!.Where(p => p.Name == name && p.Value.Kind == JsonNodeKind.Array)
                .SelectMany(p => p.Value.Items!).Where(i => i.Kind == JsonNodeKind.String).Select(i => i.Text));
            var vendor = waiver.Properties!.FirstOrDefault(p => p.Name == "vendor")?.Value.Text ?? string.Empty;
            var package = waiver.Properties!.FirstOrDefault(p => p.Name == "package")?.Value.Text ?? string.Empty;
            return WaiverDraft.MakeKey(vendor, package, Strings("namespaces"), Strings("types"));
        }

        /// <summary>Inserts after a value, adding the separating comma unless a trailing comma is already there.</summary>
        private static string InsertAfter(string text, int afterValue, int closing, string insertion, string separator)
        {
            var comma = FindTrailingComma(text, afterValue, closing);
            return comma >= 0
                ? text.Insert(comma + 1, insertion)
                : text.Insert(afterValue, separator + insertion);
        }

        /// <summary>The offset of a ',' between a value and the closing bracket (skipping whitespace and comments), or -1.</summary>
        private static int FindTrailingComma(string text, int from, int to)
        {
            var i = from;
            while (i < to)
            {
                var c = text[i];
                if (c == ',')
                {
                    return i;
                }

                if (c == '/' && i + 1 < to && text[i + 1] == '/')
                {
                    var end = text.IndexOf('\n', i);
                    i = end < 0 ? to : end + 1;
                }
                else if (c == '/' && i + 1 < to && text[i + 1] == '*')
                {
                    var end = text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                    i = end < 0 ? to : end + 2;
                }
                else
                {
                    i++;
                }
            }

            return -1;
        }

        /// <summary>The whitespace that starts the line holding <paramref name="offset"/>; for a property's
        /// value, the indentation of its line (where the key is).</summary>
        private static string IndentOf(string text, int offset, bool propertyLine = false)
        {
            var lineStart = text.LastIndexOf('\n', Math.Max(0, Math.Min(offset, text.Length) - 1)) + 1;
            var end = lineStart;
            while (end < text.Length && (text[end] == ' ' || text[end] == '\t'))
            {
                end++;
            }

            var indent = text.Substring(lineStart, end - lineStart);
            return propertyLine && indent.Length == 0 ? "  " : indent;
        }
    }
}
