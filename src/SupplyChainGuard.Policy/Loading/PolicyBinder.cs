using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace SupplyChainGuard.Policy.Loading
{
    /// <summary>The keys each object of the policy may hold. The JSON Schema in docs/ is tested against these.</summary>
    public static class PolicyKeys
    {
        public static readonly string[] Root = { "$schema", "extends", "mode", "restrictedJurisdictions", "weakSignals", "vendors", "waivers", "title", "basis", "scope", "reviewed", "sources" };
        public static readonly string[] Vendor = { "id", "name", "jurisdiction", "restricted", "reason", "severity", "match", "alternatives", "entities", "sources", "reviewed", "confidence" };

        /// <summary>An entry of a <c>match</c> list written as an object instead of a plain pattern string.</summary>
        public static readonly string[] MatchEntry = { "pattern", "confidence" };

        /// <summary>An entry of <c>restrictedJurisdictions</c> written as an object instead of a plain code.</summary>
        public static readonly string[] JurisdictionEntry = { "code", "confidence" };

        /// <summary>An entry of <c>sources</c>, at the top level or in a vendor.</summary>
        public static readonly string[] Source = { "citation", "url" };

        public static readonly string[] Confidences = { "verified", "unverified" };
        public static readonly string[] Match = { "packages", "owners", "authors", "certificates", "repositories", "assemblies", "publicKeyTokens", "namespaces", "nativeLibraries", "endpoints" };
        public static readonly string[] Alternative = { "package", "note", "namespaces", "types" };
        public static readonly string[] Waiver = { "vendor", "package", "namespaces", "types", "reason", "expires", "projects" };
        public static readonly string[] Modes = { "deny", "allowlist" };
        public static readonly string[] WeakSignalsModes = { "report", "warn", "ignore" };
        public static readonly string[] Severities = { "error", "warning", "info", "none" };
    }

    /// <summary>Turns one file's JSON tree into a <see cref="PolicyLoader.Layer"/>, reporting every problem with its position.</summary>
    internal sealed class PolicyBinder
    {
        private readonly string _path;
        private readonly List<PolicyDiagnostic> _diagnostics;
        private readonly int _errorsBefore;

        public PolicyBinder(string path, List<PolicyDiagnostic> diagnostics)
        {
            _path = path;
            _diagnostics = diagnostics;
            _errorsBefore = diagnostics.Count;
        }

        public PolicyLoader.Layer? BindRoot(JsonNode root)
        {
            if (root.Kind != JsonNodeKind.Object)
            {
                Error(root, $"the policy must be a JSON object, not {root.KindName}");
                return null;
            }

            var layer = new PolicyLoader.Layer { Source = _path };
            foreach (var property in Properties(root, "the policy", PolicyKeys.Root))
            {
                var value = property.Value;
                switch (property.Name)
                {
                    case "$schema":
                        ExpectString(value, "$schema");
                        break;
                    case "extends":
                        foreach (var item in StringList(value, "extends"))
                        {
                            if (item.Text.Trim().Length == 0)
                            {
                                Error(item.Node, "an 'extends' entry must not be empty");
                            }
                            else
                            {
                                layer.Extends.Add((item.Text, Location(item.Node)));
                            }
                        }

                        break;
                    case "mode":
                        if (ExpectString(value, "mode") is { } mode)
                        {
                            switch (mode)
                            {
                                case "deny": layer.Mode = PolicyMode.Deny; break;
                                case "allowlist": layer.Mode = PolicyMode.Allowlist; break;
                                default: Error(value, $"'mode' must be \"deny\" or \"allowlist\", not \"{Show(mode)}\""); break;
                            }
                        }

                        break;
                    case "restrictedJurisdictions":
                        foreach (var item in Entries(value, "restrictedJurisdictions", "code", PolicyKeys.JurisdictionEntry))
                        {
                            if (Jurisdiction(item.Node, item.Text) is { } code)
                            {
                                if (!layer.Jurisdictions.Contains(code))
                                {
                                    layer.Jurisdictions.Add(code);
                                }

                                // Within one file the last entry for a code decides its confidence, as across files.
                                layer.UnverifiedJurisdictions.Remove(code);
                                if (item.Unverified)
                                {
                                    layer.UnverifiedJurisdictions.Add(code);
                                }
                            }
                        }

                        break;
                    case "title": layer.Title = ExpectString(value, "title"); break;
                    case "basis": layer.Basis = ExpectString(value, "basis"); break;
                    case "scope": layer.Scope = ExpectString(value, "scope"); break;
                    case "reviewed": layer.Reviewed = Date(value, "reviewed"); break;
                    case "sources": layer.Sources.AddRange(Sources(value)); break;
                    case "weakSignals":
                        if (ExpectString(value, "weakSignals") is { } weak)
                        {
                            switch (weak)
                            {
                                case "report": layer.WeakSignals = WeakSignalsMode.Report; break;
                                case "warn": layer.WeakSignals = WeakSignalsMode.Warn; break;
                                case "ignore": layer.WeakSignals = WeakSignalsMode.Ignore; break;
                                default: Error(value, $"'weakSignals' must be \"report\", \"warn\" or \"ignore\", not \"{weak}\""); break;
                            }
                        }

                        break;
                    case "vendors":
                        BindVendors(value, layer);
                        break;
                    case "waivers":
                        BindWaivers(value, layer);
                        break;
                }
            }

            return _diagnostics.Count > _errorsBefore ? null : layer;
        }

        private void BindVendors(JsonNode value, PolicyLoader.Layer layer)
        {
            var seen = new Dictionary<string, JsonNode>(StringComparer.OrdinalIgnoreCase);
            foreach (var node in Array(value, "vendors"))
            {
                if (node.Kind != JsonNodeKind.Object)
                {
                    Error(node, $"each vendor must be an object, not {node.KindName}");
                    continue;
                }

                string? id = null, name = null, jurisdiction = null, reason = null;
                bool? restricted = null;
                PolicySeverity? severity = null;
                var match = VendorMatchPolicy.Empty;
                IReadOnlyList<AlternativePolicy> alternatives = System.Array.Empty<AlternativePolicy>();
                IReadOnlyList<string> entities = System.Array.Empty<string>();
                IReadOnlyList<PolicySource> sources = System.Array.Empty<PolicySource>();
                DateTime? reviewed = null;
                PolicyConfidence? confidence = null;
                var declaresAlternatives = false;
                JsonNode? idNode = null;

                foreach (var property in Properties(node, "a vendor", PolicyKeys.Vendor))
                {
                    var v = property.Value;
                    switch (property.Name)
                    {
                        case "id":
                            id = ExpectString(v, "id");
                            idNode = v;
                            if (id is not null && (id.Length == 0 || id.Any(char.IsWhiteSpace)))
                            {
                                Error(v, $"vendor id '{Show(id)}' must be non-empty and contain no whitespace");
                                id = null;
                            }

                            break;
                        case "name": name = ExpectString(v, "name"); break;
                        case "jurisdiction":
                            if (ExpectString(v, "jurisdiction") is { } code)
                            {
                                jurisdiction = Jurisdiction(v, code);
                            }

                            break;
                        case "restricted":
                            if (v.Kind == JsonNodeKind.Boolean)
                            {
                                restricted = v.Boolean;
                            }
                            else
                            {
                                Error(v, $"'restricted' must be true or false, not {v.KindName}");
                            }

                            break;
                        case "reason": reason = ExpectString(v, "reason"); break;
                        case "severity": severity = Severity(v); break;
                        case "match": match = BindMatch(v); break;
                        case "alternatives": alternatives = BindAlternatives(v); declaresAlternatives = true; break;
                        case "entities":
                            entities = StringList(v, "entities").Where(i =>
                            {
                                var ok = i.Text.Trim().Length > 0;
                                if (!ok)
                                {
                                    Error(i.Node, "an entry of 'entities' must not be empty");
                                }

                                return ok;
                            }).Select(i => i.Text).ToArray();
                            break;
                        case "sources": sources = Sources(v); break;
                        case "reviewed": reviewed = Date(v, "reviewed"); break;
                        case "confidence": confidence = Confidence(v); break;
                    }
                }

                if (idNode is null)
                {
                    Error(node, "a vendor needs an 'id'");
                    continue;
                }

                if (id is null)
                {
                    continue;
                }

                if (seen.ContainsKey(id))
                {
                    var first = seen[id];
                    Error(idNode, $"duplicate vendor id '{Show(id)}' (first defined at line {first.Line}, column {first.Column})");
                    continue;
                }

                seen[id] = idNode;
                layer.Vendors.Add(new VendorPolicy(id, name, jurisdiction, restricted, reason, severity, match, alternatives, Location(node))
                {
                    Entities = entities,
                    Sources = sources,
                    Reviewed = reviewed,
                    DeclaredConfidence = confidence,
                    DeclaresAlternatives = declaresAlternatives,
                    Origins = new[] { new VendorOrigin(Location(node), restricted, severity, reason, confidence) },
                });
            }
        }

        private VendorMatchPolicy BindMatch(JsonNode node)
        {
            var match = new VendorMatchPolicy();
            if (node.Kind != JsonNodeKind.Object)
            {
                Error(node, $"'match' must be an object, not {node.KindName}");
                return match;
            }

            foreach (var property in Properties(node, "'match'", PolicyKeys.Match))
            {
                var key = property.Name;
                var entries = Entries(property.Value, key, "pattern", PolicyKeys.MatchEntry);
                var items = entries.Select(e => (e.Node, e.Text)).ToList();
                switch (key)
                {
                    case "packages": match.Packages = Names(items, key, IsPackageIdChar, "a NuGet package id"); break;
                    case "owners": match.Owners = Names(items, key, IsPackageIdChar, "a nuget.org account name"); break;
                    case "authors": match.Authors = Names(items, key, c => !char.IsControl(c), "an author"); break;
                    case "repositories": match.Repositories = Names(items, key, c => !char.IsWhiteSpace(c), "a repository URL").Select(p => new NamePattern(VendorMatcher.NormalizeRepository(p.Pattern))).ToArray(); break;
                    case "assemblies": match.Assemblies = Names(items, key, c => !char.IsControl(c) && c != '/' && c != '\\', "an assembly name"); break;
                    case "nativeLibraries": match.NativeLibraries = Names(items, key, c => !char.IsControl(c), "a native library name"); break;
                    case "endpoints": match.Endpoints = Names(items, key, c => char.IsLetterOrDigit(c) || c == '.' || c == '-' || c == ':', "a host name"); break;
                    case "publicKeyTokens":
                        match.PublicKeyTokens = items.Where(i =>
                        {
                            var ok = i.Text.Length == 16 && i.Text.All(Uri.IsHexDigit);
                            if (!ok)
                            {
                                Error(i.Node, $"'{Show(i.Text)}' in 'publicKeyTokens' is not a public key token (16 hexadecimal digits)");
                            }

                            return ok;
                        }).Select(i => new NamePattern(i.Text.ToLowerInvariant())).ToArray();
                        break;
                    case "namespaces":
                        match.Namespaces = items.Where(i =>
                        {
                            var ok = IsNamespace(i.Text);
                            if (!ok)
                            {
                                Error(i.Node, $"'{Show(i.Text)}' in 'namespaces' is not a namespace (dotted identifiers, no wildcards)");
                            }

                            return ok;
                        }).Select(i => new NamespacePattern(i.Text)).ToArray();
                        break;
                    case "certificates":
                        var certificates = new List<CertificatePattern>();
                        foreach (var item in items)
                        {
                            if (item.Text.Trim().Length == 0)
                            {
                                Error(item.Node, "an entry of 'certificates' must not be empty");
                            }
                            else if (item.Text.Length > GlobMatcher.MaxPatternLength)
                            {
                                Error(item.Node, $"an entry of 'certificates' has {item.Text.Length} characters; a glob may have at most {GlobMatcher.MaxPatternLength}");
                            }
                            else if (CertificatePattern.TryParse(item.Text, out var pattern, out var error))
                            {
                                certificates.Add(pattern!);
                            }
                            else
                            {
                                Error(item.Node, error!);
                            }
                        }

                        match.Certificates = certificates;
                        break;
                }

                MarkUnverified(match, key, entries);
            }

            return match;
        }

        /// <summary>Flags the patterns of one <c>match</c> list that were written with <c>"confidence": "unverified"</c>.</summary>
        private static void MarkUnverified(VendorMatchPolicy match, string key, List<(JsonNode Node, string Text, bool Unverified)> entries)
        {
            var texts = new HashSet<string>(entries.Where(e => e.Unverified).Select(e => e.Text), StringComparer.OrdinalIgnoreCase);
            if (texts.Count == 0)
            {
                return;
            }

            bool Flag(string text) => texts.Contains(text) || (key == "repositories" && texts.Any(t => string.Equals(VendorMatcher.NormalizeRepository(t), text, StringComparison.OrdinalIgnoreCase)));
            IEnumerable<NamePattern> names = key switch
            {
                "packages" => match.Packages,
                "owners" => match.Owners,
                "authors" => match.Authors,
                "repositories" => match.Repositories,
                "assemblies" => match.Assemblies,
                "publicKeyTokens" => match.PublicKeyTokens,
                "nativeLibraries" => match.NativeLibraries,
                "endpoints" => match.Endpoints,
                _ => Enumerable.Empty<NamePattern>(),
            };
            foreach (var pattern in names.Where(p => Flag(p.Pattern)))
            {
                pattern.IsUnverified = true;
            }

            if (key == "namespaces")
            {
                foreach (var pattern in match.Namespaces.Where(p => texts.Contains(p.Prefix)))
                {
                    pattern.IsUnverified = true;
                }
            }
            else if (key == "certificates")
            {
                foreach (var pattern in match.Certificates.Where(p => texts.Contains(p.Text)))
                {
                    pattern.IsUnverified = true;
                }
            }
        }

        /// <summary>
        /// The entries of a list whose items are strings, or objects holding the string under
        /// <paramref name="valueKey"/> and an optional <c>confidence</c>. Positions are those of the strings.
        /// </summary>
        private List<(JsonNode Node, string Text, bool Unverified)> Entries(JsonNode node, string key, string valueKey, string[] allowed)
        {
            var result = new List<(JsonNode, string, bool)>();
            foreach (var item in Array(node, key))
            {
                if (item.Kind == JsonNodeKind.String)
                {
                    result.Add((item, item.Text!, false));
                    continue;
                }

                if (item.Kind != JsonNodeKind.Object)
                {
                    Error(item, $"entries of '{key}' must be strings or {{ \"{valueKey}\": …, \"confidence\": … }} objects, not {item.KindName}");
                    continue;
                }

                JsonNode? value = null;
                PolicyConfidence? confidence = null;
                foreach (var property in Properties(item, $"an entry of '{key}'", allowed))
                {
                    if (property.Name == valueKey)
                    {
                        value = property.Value;
                    }
                    else
                    {
                        confidence = Confidence(property.Value);
                    }
                }

                if (value is null)
                {
                    Error(item, $"an object in '{key}' needs a '{valueKey}'");
                }
                else if (ExpectString(value, valueKey) is { } text)
                {
                    result.Add((value, text, confidence == PolicyConfidence.Unverified));
                }
            }

            return result;
        }

        private PolicyConfidence? Confidence(JsonNode node)
        {
            switch (ExpectString(node, "confidence"))
            {
                case null: return null;
                case "verified": return PolicyConfidence.Verified;
                case "unverified": return PolicyConfidence.Unverified;
                case var other:
                    Error(node, $"'confidence' must be \"verified\" or \"unverified\", not \"{other}\"");
                    return null;
            }
        }

        private DateTime? Date(JsonNode node, string key)
        {
            if (ExpectString(node, key) is not { } text)
            {
                return null;
            }

            if (DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return date;
            }

            Error(node, $"'{key}' must be a date written yyyy-MM-dd, not \"{text}\"");
            return null;
        }

        /// <summary><c>"sources": [ { "citation": "47 CFR 1.50002", "url": "https://…" } ]</c></summary>
        private IReadOnlyList<PolicySource> Sources(JsonNode value)
        {
            var result = new List<PolicySource>();
            foreach (var node in Array(value, "sources"))
            {
                if (node.Kind != JsonNodeKind.Object)
                {
                    Error(node, $"each source must be an object with a 'citation' and a 'url', not {node.KindName}");
                    continue;
                }

                string? citation = null, url = null;
                foreach (var property in Properties(node, "a source", PolicyKeys.Source))
                {
                    switch (property.Name)
                    {
                        case "citation":
                            citation = ExpectString(property.Value, "citation");
                            if (citation is not null && citation.Trim().Length == 0)
                            {
                                Error(property.Value, "a source's 'citation' must not be empty");
                                citation = null;
                            }

                            break;
                        case "url":
                            url = ExpectString(property.Value, "url");
                            if (url is not null && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == "https" || uri.Scheme == "http")))
                            {
                                Error(property.Value, $"a source's 'url' must be an absolute http or https address, not \"{url}\"");
                                url = null;
                            }

                            break;
                    }
                }

                if (citation is null)
                {
                    Error(node, "a source needs a 'citation'");
                    continue;
                }

                result.Add(new PolicySource(citation, url));
            }

            return result;
        }

        private IReadOnlyList<AlternativePolicy> BindAlternatives(JsonNode value)
        {
            var result = new List<AlternativePolicy>();
            foreach (var node in Array(value, "alternatives"))
            {
                if (node.Kind != JsonNodeKind.Object)
                {
                    Error(node, $"each alternative must be an object, not {node.KindName}");
                    continue;
                }

                string? package = null, note = null;
                IReadOnlyDictionary<string, string> namespaces = new Dictionary<string, string>();
                IReadOnlyDictionary<string, string> types = new Dictionary<string, string>();
                foreach (var property in Properties(node, "an alternative", PolicyKeys.Alternative))
                {
                    switch (property.Name)
                    {
                        case "package":
                            package = ExpectString(property.Value, "package");
                            if (package is not null && (package.Length == 0 || !package.All(IsPackageIdChar)))
                            {
                                Error(property.Value, $"'{Show(package)}' is not a NuGet package id");
                            }

                            break;
                        case "note": note = ExpectString(property.Value, "note"); break;
                        case "namespaces": namespaces = StringMap(property.Value, "namespaces"); break;
                        case "types": types = StringMap(property.Value, "types"); break;
                    }
                }

                result.Add(new AlternativePolicy(package, note, namespaces, types));
            }

            return result;
        }

        private void BindWaivers(JsonNode value, PolicyLoader.Layer layer)
        {
            var baseDirectory = Path.GetDirectoryName(_path) ?? string.Empty;
            foreach (var node in Array(value, "waivers"))
            {
                if (node.Kind != JsonNodeKind.Object)
                {
                    Error(node, $"each waiver must be an object, not {node.KindName}");
                    continue;
                }

                string? vendor = null, reason = null;
                NamePattern? package = null;
                DateTime? expires = null;
                var projects = new List<PathPattern>();
                IReadOnlyList<NamespacePattern> namespaces = System.Array.Empty<NamespacePattern>();
                IReadOnlyList<NamePattern> types = System.Array.Empty<NamePattern>();
                var vendorLocation = Location(node);
                var ok = true;
                var expiresReported = false;

                foreach (var property in Properties(node, "a waiver", PolicyKeys.Waiver))
                {
                    var v = property.Value;
                    switch (property.Name)
                    {
                        case "vendor": vendor = ExpectString(v, "vendor"); vendorLocation = Location(v); break;
                        case "reason":
                            reason = ExpectString(v, "reason");
                            if (reason is not null && reason.Trim().Length == 0)
                            {
                                Error(v, "a waiver's 'reason' must say why it is granted");
                                ok = false;
                            }

                            break;
                        case "package":
                            if (ExpectString(v, "package") is { } packageText)
                            {
                                package = Names(new List<(JsonNode, string)> { (v, packageText) }, "package", IsPackageIdChar, "a NuGet package id").FirstOrDefault();
                            }

                            break;
                        case "expires":
                            if (ExpectString(v, "expires") is { } text)
                            {
                                if (DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                                {
                                    expires = date;
                                }
                                else
                                {
                                    Error(v, $"'expires' must be a date written yyyy-MM-dd, not \"{Show(text)}\"");
                                    expiresReported = true;
                                    ok = false;
                                }
                            }

                            break;
                        case "namespaces":
                            namespaces = StringList(v, "namespaces").Where(i =>
                            {
                                var valid = IsNamespace(i.Text);
                                if (!valid)
                                {
                                    Error(i.Node, $"'{Show(i.Text)}' in 'namespaces' is not a namespace (dotted identifiers, no wildcards)");
                                }

                                return valid;
                            }).Select(i => new NamespacePattern(i.Text)).ToArray();
                            break;
                        case "types":
                            types = Names(StringList(v, "types"), "types", c => char.IsLetterOrDigit(c) || c == '_' || c == '.' || c == '`', "a fully qualified type name");
                            break;
                        case "projects":
                            foreach (var item in StringList(v, "projects"))
                            {
                                if (item.Text.Trim().Length == 0)
                                {
                                    Error(item.Node, "an entry of 'projects' must not be empty");
                                }
                                else if (item.Text.Length > GlobMatcher.MaxPatternLength)
                                {
                                    Error(item.Node, $"an entry of 'projects' has {item.Text.Length} characters; a glob may have at most {GlobMatcher.MaxPatternLength}");
                                }
                                else
                                {
                                    projects.Add(new PathPattern(item.Text));
                                }
                            }

                            break;
                    }
                }

                if (vendor is null)
                {
                    Error(node, "a waiver needs the 'vendor' it applies to");
                    ok = false;
                }

                if (reason is null)
                {
                    Error(node, "a waiver needs a 'reason'");
                    ok = false;
                }

                if (expires is null && !expiresReported)
                {
                    Error(node, "a waiver needs an 'expires' date (yyyy-MM-dd)");
                    ok = false;
                }

                if (ok && vendor is not null && reason is not null && expires is not null)
                {
                    layer.Waivers.Add((new WaiverPolicy(vendor, package, reason, expires.Value, projects, baseDirectory, Location(node)) { Namespaces = namespaces, Types = types }, vendorLocation));
                }
            }
        }

        private IReadOnlyList<NamePattern> Names(List<(JsonNode Node, string Text)> items, string key, Func<char, bool> isAllowed, string what)
        {
            var result = new List<NamePattern>();
            foreach (var (node, text) in items)
            {
                if (text.Trim().Length == 0)
                {
                    Error(node, $"an entry of '{key}' must not be empty");
                    continue;
                }

                if (text.Length > GlobMatcher.MaxPatternLength)
                {
                    Error(node, $"an entry of '{key}' has {text.Length} characters; a glob may have at most {GlobMatcher.MaxPatternLength}");
                    continue;
                }

                if (text.Trim().Length != text.Length)
                {
                    Error(node, $"'{Show(text)}' in '{key}' has leading or trailing whitespace");
                    continue;
                }

                // By index: NUL is default(char), so FirstOrDefault could not tell it from "none".
                var badAt = text.ToList().FindIndex(c => c != '*' && c != '?' && !isAllowed(c));
                if (badAt >= 0)
                {
                    var bad = text[badAt];
                    Error(node, $"'{Show(text)}' in '{key}' is not a valid glob for {what}: {Shown(bad)} is not allowed (use * and ? as wildcards)");
                    continue;
                }

                if (text.Contains("**"))
                {
                    Error(node, $"'{Show(text)}' in '{key}' is not a valid glob: '**' has no meaning in a name, use '*'");
                    continue;
                }

                result.Add(new NamePattern(text));
            }

            return result;
        }

        private IReadOnlyDictionary<string, string> StringMap(JsonNode node, string key)
        {
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            if (node.Kind != JsonNodeKind.Object)
            {
                Error(node, $"'{key}' must be an object mapping names to names, not {node.KindName}");
                return map;
            }

            foreach (var property in node.Properties!)
            {
                if (ExpectString(property.Value, $"{key}.{property.Name}") is { } value)
                {
                    if (map.ContainsKey(property.Name))
                    {
                        Error(property.Value, $"'{Show(property.Name)}' appears twice in '{key}'");
                    }
                    else if (!IsNamespace(property.Name) || !IsNamespace(value))
                    {
                        Error(property.Value, $"'{key}' maps dotted names (namespaces, types, members): '{Show(property.Name)}' -> '{Show(value)}' is not one");
                    }
                    else
                    {
                        map[property.Name] = value;
                    }
                }
            }

            return map;
        }

        private PolicySeverity? Severity(JsonNode node)
        {
            switch (ExpectString(node, "severity"))
            {
                case null: return null;
                case "error": return PolicySeverity.Error;
                case "warning": return PolicySeverity.Warning;
                case "info": case "suggestion": return PolicySeverity.Info;
                case "none": case "silent": case "hidden": return PolicySeverity.None;
                case var other:
                    Error(node, $"'severity' must be one of {string.Join(", ", PolicyKeys.Severities.Select(s => "\"" + s + "\""))}, not \"{Show(other)}\"");
                    return null;
            }
        }

        private string? Jurisdiction(JsonNode node, string code)
        {
            if (code.Length == 2 && Iso3166.IsValid(code))
            {
                return code.ToUpperInvariant();
            }

            Error(node, $"'{Show(code)}' is not an ISO 3166-1 alpha-2 country code");
            return null;
        }

        private IEnumerable<JsonProperty> Properties(JsonNode node, string what, string[] allowed)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in node.Properties!)
            {
                if (!allowed.Contains(property.Name, StringComparer.Ordinal))
                {
                    var hint = allowed.FirstOrDefault(a => string.Equals(a, property.Name, StringComparison.OrdinalIgnoreCase));
                    var suggestion = hint is not null ? $"did you mean '{hint}'?" : "expected one of: " + string.Join(", ", allowed);
                    Error(property.Line, property.Column, $"unknown key '{Show(property.Name)}' in {what}; {suggestion}");
                    continue;
                }

                if (!seen.Add(property.Name))
                {
                    Error(property.Line, property.Column, $"key '{Show(property.Name)}' appears twice in {what}");
                    continue;
                }

                yield return property;
            }
        }

        private IEnumerable<JsonNode> Array(JsonNode node, string key)
        {
            if (node.Kind != JsonNodeKind.Array)
            {
                Error(node, $"'{key}' must be an array, not {node.KindName}");
                return System.Array.Empty<JsonNode>();
            }

            return node.Items!;
        }

        private List<(JsonNode Node, string Text)> StringList(JsonNode node, string key)
        {
            var result = new List<(JsonNode, string)>();
            foreach (var item in Array(node, key))
            {
                if (item.Kind == JsonNodeKind.String)
                {
                    result.Add((item, item.Text!));
                }
                else
                {
                    Error(item, $"entries of '{key}' must be strings, not {item.KindName}");
                }
            }

            return result;
        }

        private string? ExpectString(JsonNode node, string key)
        {
            if (node.Kind == JsonNodeKind.String)
            {
                return node.Text;
            }

            Error(node, $"'{key}' must be a string, not {node.KindName}");
            return null;
        }

        private static bool IsPackageIdChar(char c) => (c < 128 && char.IsLetterOrDigit(c)) || c == '.' || c == '-' || c == '_';

        private static bool IsNamespace(string text)
        {
            if (text.Length == 0)
            {
                return false;
            }

            foreach (var part in text.Split('.'))
            {
                if (part.Length == 0 || !(char.IsLetter(part[0]) || part[0] == '_') || !part.All(c => char.IsLetterOrDigit(c) || c == '_'))
                {
                    return false;
                }
            }

            return true;
        }

        private static string Show(string text) => DiagnosticText.Show(text);

        private static string Shown(char c) => c < ' ' || char.IsSurrogate(c) || char.IsControl(c) ? DiagnosticText.Describe(c) : $"'{c}'";

        private SourceLocation Location(JsonNode node) => new SourceLocation(_path, node.Line, node.Column);

        private void Error(JsonNode node, string message) => Error(node.Line, node.Column, message);

        private void Error(int line, int column, string message) =>
            _diagnostics.Add(new PolicyDiagnostic(new SourceLocation(_path, line, column), message));
    }
}
