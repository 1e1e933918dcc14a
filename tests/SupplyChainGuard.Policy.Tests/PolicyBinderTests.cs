using System.Linq;
using Xunit;

namespace SupplyChainGuard.Policy.Tests
{
    /// <summary>
    /// The binder, key by key: each value of the wrong type or form is one SCG0901 at the value, naming the key
    /// as the user wrote it; a bad entry is reported once, by its first problem; what binds keeps every part.
    /// </summary>
    public sealed class PolicyBinderTests
    {
        private static readonly string Long1024 = new string('a', 1024);

        /// <summary>The load failed with one diagnostic, on line 1 at the first occurrence of <paramref name="at"/>.</summary>
        private static void SingleErrorAt(string policy, string at, string message) =>
            PolicyAssert.SingleError(PolicyAssert.Load(policy), 1, ColumnOf(policy, at), message);

        private static int ColumnOf(string policy, string at, int from = 0) => policy.IndexOf(at, from, System.StringComparison.Ordinal) + 1;

        /// <summary>The column of the first string in a list: its opening quote.</summary>
        private static int FirstEntry(string policy) => ColumnOf(policy, "[\"") + 1;

        [Theory]
        [InlineData("""{ "title": 1 }""", "1", "'title' must be a string, not a number")]
        [InlineData("""{ "basis": [] }""", "[]", "'basis' must be a string, not an array")]
        [InlineData("""{ "scope": {} }""", "{}", "'scope' must be a string, not an object")]
        [InlineData("""{ "weakSignals": true }""", "true", "'weakSignals' must be a string, not a boolean")]
        [InlineData("""{ "weakSignals": "loud" }""", "\"loud", "'weakSignals' must be \"report\", \"warn\" or \"ignore\", not \"loud\"")]
        [InlineData("""{ "reviewed": 2026 }""", "2026", "'reviewed' must be a string, not a number")]
        [InlineData("""{ "sources": {} }""", "{}", "'sources' must be an array, not an object")]
        [InlineData("""{ "sources": [ "47 CFR 1.50002" ] }""", "\"47", "each source must be an object with a 'citation' and a 'url', not a string")]
        [InlineData("""{ "sources": [ { "citation": "x", "url": 5 } ] }""", "5", "'url' must be a string, not a number")]
        [InlineData("""{ "mode": "deny", "mode": "strict" }""", "\"mode\": \"strict", "key 'mode' appears twice in the policy")]
        public void A_root_key_of_the_wrong_type_or_form_is_reported_at_the_value(string policy, string at, string message)
        {
            SingleErrorAt(policy, at, message);
        }

        [Theory]
        [InlineData("""{ "vendors": [ { "id": 5 } ] }""", "5", "'id' must be a string, not a number")]
        [InlineData("""{ "vendors": [ { "id": "x", "jurisdiction": 86 } ] }""", "86", "'jurisdiction' must be a string, not a number")]
        [InlineData("""{ "vendors": [ { "id": "x", "reason": false } ] }""", "false", "'reason' must be a string, not a boolean")]
        [InlineData("""{ "vendors": [ { "id": "x", "severity": 2 } ] }""", "2", "'severity' must be a string, not a number")]
        [InlineData("""{ "vendors": [ { "id": "x", "confidence": 1 } ] }""", "1", "'confidence' must be a string, not a number")]
        [InlineData("""{ "vendors": [ { "id": "x", "entities": "Baidu" } ] }""", "\"Baidu", "'entities' must be an array, not a string")]
        [InlineData("""{ "vendors": [ { "id": "x", "entities": [ 3 ] } ] }""", "3", "entries of 'entities' must be strings, not a number")]
        [InlineData("""{ "vendors": [ { "id": "x", "alternatives": [ "AWSSDK.Textract" ] } ] }""", "\"AWSSDK", "each alternative must be an object, not a string")]
        [InlineData("""{ "vendors": [ { "id": "x", "alternatives": [ { "package": 1 } ] } ] }""", "1 }", "'package' must be a string, not a number")]
        [InlineData("""{ "vendors": [ { "id": "x", "alternatives": [ { "package": "" } ] } ] }""", "\"\"", "'' is not a NuGet package id")]
        [InlineData("""{ "vendors": [ { "id": "x", "alternatives": [ { "package": "AWS SDK" } ] } ] }""", "\"AWS SDK", "'AWS SDK' is not a NuGet package id")]
        [InlineData("""{ "vendors": [ { "id": "x", "alternatives": [ { "package": "?WSSDK" } ] } ] }""", "\"?WSSDK", "'?WSSDK' is not a NuGet package id")]
        [InlineData("""{ "vendors": [ { "id": "x", "alternatives": [ { "note": 1 } ] } ] }""", "1 }", "'note' must be a string, not a number")]
        [InlineData("""{ "vendors": [ { "id": "x", "alternatives": [ { "namespaces": { "Baidu.Aip": 1 } } ] } ] }""", "1 }", "'namespaces.Baidu.Aip' must be a string, not a number")]
        [InlineData("""{ "vendors": [ { "id": "x", "alternatives": [ { "types": { "Baidu.Aip.Ocr": "A.B", "Baidu.Aip.Ocr": "C.D" } } ] } ] }""", "\"C.D", "'Baidu.Aip.Ocr' appears twice in 'types'")]
        public void A_vendor_key_of_the_wrong_type_or_form_is_reported_at_the_value(string policy, string at, string message)
        {
            SingleErrorAt(policy, at, message);
        }

        [Theory]
        [InlineData("packages", " ", "an entry of 'packages' must not be empty")]
        [InlineData("packages", "Baidu AI**", "'Baidu AI**' in 'packages' is not a valid glob for a NuGet package id: ' ' is not allowed (use * and ? as wildcards)")]
        [InlineData("packages", "Baidu.AI\\ud83d\\ude00", "'Baidu.AI\ud83d\ude00' in 'packages' is not a valid glob for a NuGet package id: the character U+D83D is not allowed (use * and ? as wildcards)")]
        [InlineData("authors", "Bai\\u0001du", "'Bai\\u0001du' in 'authors' is not a valid glob for an author: the character U+0001 is not allowed (use * and ? as wildcards)")]
        [InlineData("authors", "Bai\\u0085du", "'Bai\\u0085du' in 'authors' is not a valid glob for an author: the character U+0085 is not allowed (use * and ? as wildcards)")]
        [InlineData("nativeLibraries", "HC\\u0007Net", "'HC\\u0007Net' in 'nativeLibraries' is not a valid glob for a native library name: the character U+0007 is not allowed (use * and ? as wildcards)")]
        [InlineData("publicKeyTokens", "abc", "'abc' in 'publicKeyTokens' is not a public key token (16 hexadecimal digits)")]
        [InlineData("publicKeyTokens", "0123456789abcdeg", "'0123456789abcdeg' in 'publicKeyTokens' is not a public key token (16 hexadecimal digits)")]
        [InlineData("namespaces", "1Baidu.Aip", "'1Baidu.Aip' in 'namespaces' is not a namespace (dotted identifiers, no wildcards)")]
        [InlineData("namespaces", "Baidu.A-ip", "'Baidu.A-ip' in 'namespaces' is not a namespace (dotted identifiers, no wildcards)")]
        public void A_bad_match_entry_is_reported_once_at_the_string(string key, string glob, string message)
        {
            var policy = $$"""{ "vendors": [ { "id": "x", "match": { "{{key}}": ["{{glob}}"] } } ] }""";

            PolicyAssert.SingleError(PolicyAssert.Load(policy), 1, FirstEntry(policy), message);
        }

        [Theory]
        [InlineData("packages")]
        [InlineData("certificates")]
        public void A_match_entry_of_1024_characters_is_read_and_one_of_1025_is_not(string key)
        {
            var prefix = key == "certificates" ? "O=" : string.Empty;
            var longest = prefix + Long1024.Substring(prefix.Length);
            var policy = PolicyAssert.Valid($$"""{ "vendors": [ { "id": "x", "match": { "{{key}}": ["{{longest}}"] } } ] }""");
            var match = policy.Vendors[0].Match;
            Assert.Equal(1, key == "certificates" ? match.Certificates.Count : match.Packages.Count);

            var tooLong = $$"""{ "vendors": [ { "id": "x", "match": { "{{key}}": ["{{longest}}a"] } } ] }""";
            PolicyAssert.SingleError(PolicyAssert.Load(tooLong), 1, FirstEntry(tooLong), $"an entry of '{key}' has 1025 characters; a glob may have at most 1024");
        }

        [Fact]
        public void Each_match_list_marks_exactly_the_entries_written_unverified()
        {
            static string Pair(string unverified, string verified) => $$"""[ { "pattern": "{{unverified}}", "confidence": "unverified" }, "{{verified}}" ]""";
            var policy = PolicyAssert.Valid($$"""
                { "vendors": [ { "id": "x", "match": {
                  "packages": {{Pair("Baidu.AI", "Baidu.Ocr")}},
                  "owners": {{Pair("Baidu-AI", "baidu")}},
                  "authors": {{Pair("Baidu", "Baidu Inc")}},
                  "repositories": {{Pair("https://github.com/Baidu-AIP/*", "github.com/baidu/*")}},
                  "assemblies": {{Pair("AipSdk", "AipSdk.Ocr")}},
                  "publicKeyTokens": {{Pair("0123456789ABCDEF", "fedcba9876543210")}},
                  "namespaces": {{Pair("Baidu.Aip", "Baidu.Ocr")}},
                  "certificates": {{Pair("O=Baidu*", "CN=Baidu*")}},
                  "nativeLibraries": {{Pair("aip", "ocr")}},
                  "endpoints": {{Pair("*.baidubce.com", "aip.baidu.com")}}
                } } ] }
                """);

            var match = policy.Vendors[0].Match;
            foreach (var list in new[] { match.Packages, match.Owners, match.Authors, match.Repositories, match.Assemblies, match.PublicKeyTokens, match.NativeLibraries, match.Endpoints })
            {
                Assert.Equal(new[] { true, false }, list.Select(p => p.IsUnverified));
            }

            Assert.Equal("github.com/Baidu-AIP/*", match.Repositories[0].Pattern);
            Assert.Equal(new[] { true, false }, match.Namespaces.Select(p => p.IsUnverified));
            Assert.Equal(new[] { true, false }, match.Certificates.Select(p => p.IsUnverified));
        }

        [Fact]
        public void Within_one_file_the_last_entry_for_a_jurisdiction_decides_its_confidence()
        {
            var policy = PolicyAssert.Valid("""
                { "restrictedJurisdictions": [ { "code": "CN", "confidence": "unverified" }, "cn", { "code": "RU", "confidence": "unverified" } ] }
                """);

            Assert.Equal(new[] { "CN", "RU" }, policy.RestrictedJurisdictions);
            Assert.Equal(new[] { "RU" }, policy.UnverifiedJurisdictions);
        }

        [Fact]
        public void A_source_with_a_blank_citation_is_reported_at_the_citation_and_as_missing_one()
        {
            const string policy = """{ "sources": [ { "citation": " ", "url": "https://example.test" } ] }""";

            var result = PolicyAssert.Load(policy);

            Assert.Null(result.Policy);
            Assert.Equal(2, result.Diagnostics.Count);
            PolicyAssert.Error(result.Diagnostics[0], 1, ColumnOf(policy, "{ \"citation"), "a source needs a 'citation'");
            PolicyAssert.Error(result.Diagnostics[1], 1, ColumnOf(policy, "\" \""), "a source's 'citation' must not be empty");
        }

        [Fact]
        public void A_source_whose_citation_is_not_a_string_is_reported_at_the_citation_and_as_missing_one()
        {
            const string policy = """{ "sources": [ { "citation": 1 } ] }""";

            var result = PolicyAssert.Load(policy);

            Assert.Equal(2, result.Diagnostics.Count);
            PolicyAssert.Error(result.Diagnostics[0], 1, ColumnOf(policy, "{ \"citation"), "a source needs a 'citation'");
            PolicyAssert.Error(result.Diagnostics[1], 1, ColumnOf(policy, "1 }"), "'citation' must be a string, not a number");
        }

        [Fact]
        public void An_unknown_key_in_a_source_names_the_keys_a_source_has()
        {
            SingleErrorAt("""{ "sources": [ { "citation": "x", "cite": "y" } ] }""", "\"cite\"", "unknown key 'cite' in a source; expected one of: citation, url");
        }

        [Fact]
        public void Sources_keep_their_citation_and_address()
        {
            var policy = PolicyAssert.Valid("""
                { "vendors": [ { "id": "x", "sources": [ { "citation": "47 CFR 1.50002", "url": "https://www.fcc.gov/supplychain/coveredlist" }, { "citation": "Entity List" } ] } ] }
                """);

            Assert.Equal(new[] { "47 CFR 1.50002 <https://www.fcc.gov/supplychain/coveredlist>", "Entity List" }, policy.Vendors[0].Sources.Select(s => s.ToString()));
        }

        [Fact]
        public void A_vendor_id_defined_three_times_is_reported_twice_both_pointing_to_the_first()
        {
            const string policy = """{ "vendors": [ { "id": "a" }, { "id": "A" }, { "id": "a" } ] }""";
            var first = ColumnOf(policy, "\"a\"");

            var result = PolicyAssert.Load(policy);

            Assert.Equal(2, result.Diagnostics.Count);
            PolicyAssert.Error(result.Diagnostics[0], 1, ColumnOf(policy, "\"A\""), $"duplicate vendor id 'A' (first defined at line 1, column {first})");
            PolicyAssert.Error(result.Diagnostics[1], 1, ColumnOf(policy, "\"a\"", first), $"duplicate vendor id 'a' (first defined at line 1, column {first})");
        }

        [Fact]
        public void A_file_with_an_error_does_not_read_what_it_extends()
        {
            var files = new InMemoryPolicyFiles();

            const string policy = """{ "extends": ["missing.json"], "mode": "strict" }""";

            var result = PolicyAssert.Load(policy, files);

            PolicyAssert.SingleError(result, 1, ColumnOf(policy, "\"strict"), "'mode' must be \"deny\" or \"allowlist\", not \"strict\"");
            Assert.Equal(new[] { TestPaths.Policy }, files.Reads);
        }

        // ---------------------------------------------------------------- waivers

        private const string Vendor = """ "vendors": [ { "id": "baidu" } ] """;

        [Theory]
        [InlineData("""{ "waivers": [ "baidu" ] }""", "\"baidu", "each waiver must be an object, not a string")]
        [InlineData("""{ "vendors": [ { "id": "baidu" } ], "waivers": [ { "vendor": "baidu", "reason": "r", "expires": "2030-01-01", "package": 1 } ] }""", "1 }", "'package' must be a string, not a number")]
        [InlineData("""{ "vendors": [ { "id": "baidu" } ], "waivers": [ { "vendor": "baidu", "reason": "r", "expires": "2030-01-01", "package": "Baidu AI" } ] }""", "\"Baidu AI",
            "'Baidu AI' in 'package' is not a valid glob for a NuGet package id: ' ' is not allowed (use * and ? as wildcards)")]
        [InlineData("""{ "vendors": [ { "id": "baidu" } ], "waivers": [ { "vendor": "baidu", "reason": "r", "expires": "2030-01-01", "namespaces": "Baidu" } ] }""", "\"Baidu\" }", "'namespaces' must be an array, not a string")]
        [InlineData("""{ "vendors": [ { "id": "baidu" } ], "waivers": [ { "vendor": "baidu", "reason": "r", "expires": "2030-01-01", "namespaces": ["Baidu.*"] } ] }""", "\"Baidu.*", "'Baidu.*' in 'namespaces' is not a namespace (dotted identifiers, no wildcards)")]
        [InlineData("""{ "vendors": [ { "id": "baidu" } ], "waivers": [ { "vendor": "baidu", "reason": "r", "expires": "2030-01-01", "types": "Baidu.Aip.Ocr" } ] }""", "\"Baidu.Aip.Ocr", "'types' must be an array, not a string")]
        [InlineData("""{ "vendors": [ { "id": "baidu" } ], "waivers": [ { "vendor": "baidu", "reason": "r", "expires": "2030-01-01", "types": ["Baidu/Ocr"] } ] }""", "\"Baidu/Ocr",
            "'Baidu/Ocr' in 'types' is not a valid glob for a fully qualified type name: '/' is not allowed (use * and ? as wildcards)")]
        [InlineData("""{ "vendors": [ { "id": "baidu" } ], "waivers": [ { "vendor": "baidu", "reason": "r", "expires": "2030-01-01", "types": [7] } ] }""", "7", "entries of 'types' must be strings, not a number")]
        [InlineData("""{ "vendors": [ { "id": "baidu" } ], "waivers": [ { "vendor": "baidu", "reason": "r", "expires": "2030-01-01", "projects": "src" } ] }""", "\"src", "'projects' must be an array, not a string")]
        [InlineData("""{ "vendors": [ { "id": "baidu" } ], "waivers": [ { "vendor": "baidu", "reason": "r", "expires": "2030-01-01", "projects": [" "] } ] }""", "\" \"", "an entry of 'projects' must not be empty")]
        public void A_waiver_key_of_the_wrong_type_or_form_is_reported_at_the_value(string policy, string at, string message)
        {
            SingleErrorAt(policy, at, message);
        }

        [Theory]
        [InlineData("""{ "vendor": 1, "reason": "r", "expires": "2030-01-01" }""", "1, ", "'vendor' must be a string, not a number", "a waiver needs the 'vendor' it applies to")]
        [InlineData("""{ "vendor": "baidu", "reason": 1, "expires": "2030-01-01" }""", "1, ", "'reason' must be a string, not a number", "a waiver needs a 'reason'")]
        [InlineData("""{ "vendor": "baidu", "reason": "r", "expires": 20300101 }""", "20300101", "'expires' must be a string, not a number", "a waiver needs an 'expires' date (yyyy-MM-dd)")]
        public void A_required_waiver_key_of_the_wrong_type_is_reported_at_the_value_and_as_missing(string waiver, string at, string wrongType, string missing)
        {
            var policy = $$"""{ {{Vendor}}, "waivers": [ {{waiver}} ] }""";

            var result = PolicyAssert.Load(policy);

            Assert.Null(result.Policy);
            Assert.Equal(2, result.Diagnostics.Count);
            PolicyAssert.Error(result.Diagnostics[0], 1, ColumnOf(policy, "{ \"vendor\""), missing);
            PolicyAssert.Error(result.Diagnostics[1], 1, ColumnOf(policy, at), wrongType);
        }

        [Fact]
        public void A_waiver_keeps_its_namespaces_types_and_projects()
        {
            var policy = PolicyAssert.Valid($$"""
                { {{Vendor}}, "waivers": [ { "vendor": "baidu", "reason": "r", "expires": "2030-01-01",
                  "namespaces": ["_Baidu.Aip2"], "types": ["Baidu.Aip_1.Ocr`1", "Baidu.*"], "projects": ["{{Long1024}}"] } ] }
                """);

            var waiver = Assert.Single(policy.Waivers);
            Assert.Equal("_Baidu.Aip2", Assert.Single(waiver.Namespaces).Prefix);
            Assert.Equal(new[] { "Baidu.Aip_1.Ocr`1", "Baidu.*" }, waiver.Types.Select(t => t.Pattern));
            Assert.Equal(Long1024, Assert.Single(waiver.Projects).Pattern);
            Assert.True(waiver.IsForSymbolsOnly);
        }

        [Fact]
        public void A_waiver_project_of_1025_characters_is_reported_at_the_entry()
        {
            var policy = $$"""{ {{Vendor}}, "waivers": [ { "vendor": "baidu", "reason": "r", "expires": "2030-01-01", "projects": ["{{Long1024}}a"] } ] }""";

            PolicyAssert.SingleError(PolicyAssert.Load(policy), 1, FirstEntry(policy), "an entry of 'projects' has 1025 characters; a glob may have at most 1024");
        }
    }
}
