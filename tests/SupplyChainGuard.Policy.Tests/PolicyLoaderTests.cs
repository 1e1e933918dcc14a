using System.IO;
using System.Linq;
using Xunit;

namespace SupplyChainGuard.Policy.Tests
{
    /// <summary>
    /// Reading one supplychainguard.json: what parses, and for everything that does not, the exact 1-based
    /// line and column of the offending token with a message a user can act on (SCG0901).
    /// </summary>
    public class PolicyLoaderTests
    {
        private const string Fingerprint = "5A29F3C15A29F3C15A29F3C15A29F3C15A29F3C15A29F3C15A29F3C15A29F3C1";

        private static readonly string OrgPolicy = TestPaths.At("org", "supplychainguard.json");

        // ---------------------------------------------------------------- what parses

        private const string FullPolicy = """
            {
              "$schema": "https://raw.githubusercontent.com/supplychainguard/supplychainguard/main/docs/supplychainguard.schema.json",
              "extends": ["../org/supplychainguard.json"], // shared company rules
              "mode": "deny",
              "restrictedJurisdictions": ["CN", "RU"],
              "vendors": [
                {
                  "id": "baidu",
                  "name": "Baidu, Inc.",
                  "jurisdiction": "CN",
                  "restricted": true,
                  "reason": "Company policy SEC-12: no CN-jurisdiction AI services",
                  "severity": "error",
                  "match": {
                    "packages": ["Baidu.AI", "Baidu-AI*"],
                    "owners": ["Baidu-AI"],
                    "authors": ["Baidu"],
                    "certificates": ["O=Baidu*", "SHA256:5a:29:f3:c1:5a:29:f3:c1:5a:29:f3:c1:5a:29:f3:c1:5a:29:f3:c1:5a:29:f3:c1:5a:29:f3:c1:5a:29:f3:c1"],
                    "repositories": ["https://github.com/Baidu-AIP/*"],
                    "assemblies": ["AipSdk"],
                    "publicKeyTokens": ["0123456789ABCDEF"],
                    "namespaces": ["Baidu.Aip"],
                    "nativeLibraries": ["HCNetSDK"],
                    "endpoints": ["*.baidubce.com"],
                  },
                  "alternatives": [
                    { "package": "AWSSDK.Textract", "note": "OCR",
                      "namespaces": { "Baidu.Aip.Ocr": "Amazon.Textract" },
                      "types": { "Baidu.Aip.Ocr.Ocr": "Amazon.Textract.AmazonTextractClient" } },
                  ],
                },
              ],
              "waivers": [
                { "vendor": "baidu", "package": "Baidu.AI", "reason": "legacy OCR, ticket SEC-481",
                  "expires": "2027-03-31", "projects": ["src/Legacy/**"] },
              ],
            }
            """;

        private const string OrgPolicyText = """
            {
              "vendors": [
                { "id": "hikvision", "name": "Hikvision", "jurisdiction": "CN", "match": { "owners": ["hikvision"] } }
              ]
            }
            """;

        [Fact]
        public void Full_policy_with_every_key_of_the_spec_example_loads()
        {
            var policy = PolicyAssert.Valid(FullPolicy, new InMemoryPolicyFiles().Add(OrgPolicy, OrgPolicyText));

            Assert.Equal(PolicyMode.Deny, policy.Mode);
            Assert.Equal(new[] { "CN", "RU" }, policy.RestrictedJurisdictions);
            Assert.Equal(new[] { TestPaths.Policy, OrgPolicy }, policy.SourceFiles);
            Assert.Equal(new[] { "hikvision", "baidu" }, policy.Vendors.Select(v => v.Id));

            var baidu = policy.FindVendor("baidu")!;
            Assert.Equal("Baidu, Inc.", baidu.Name);
            Assert.Equal("Baidu, Inc.", baidu.DisplayName);
            Assert.Equal("CN", baidu.Jurisdiction);
            Assert.True(baidu.Restricted);
            Assert.Equal("Company policy SEC-12: no CN-jurisdiction AI services", baidu.Reason);
            Assert.Equal(PolicySeverity.Error, baidu.Severity);
            Assert.Equal(new SourceLocation(TestPaths.Policy, 7, 5), baidu.Location);

            var match = baidu.Match;
            Assert.Equal(new[] { "Baidu.AI", "Baidu-AI*" }, match.Packages.Select(p => p.Pattern));
            Assert.Equal(new[] { "Baidu-AI" }, match.Owners.Select(p => p.Pattern));
            Assert.Equal(new[] { "Baidu" }, match.Authors.Select(p => p.Pattern));
            Assert.Equal(2, match.Certificates.Count);
            Assert.Equal("O=Baidu*", match.Certificates[0].Subject!.Pattern);
            Assert.Equal(Fingerprint, match.Certificates[1].Fingerprint);
            Assert.Equal(new[] { "github.com/Baidu-AIP/*" }, match.Repositories.Select(p => p.Pattern));
            Assert.Equal(new[] { "AipSdk" }, match.Assemblies.Select(p => p.Pattern));
            Assert.Equal(new[] { "0123456789abcdef" }, match.PublicKeyTokens.Select(p => p.Pattern));
            Assert.Equal(new[] { "Baidu.Aip" }, match.Namespaces.Select(p => p.Prefix));
            Assert.Equal(new[] { "HCNetSDK" }, match.NativeLibraries.Select(p => p.Pattern));
            Assert.Equal(new[] { "*.baidubce.com" }, match.Endpoints.Select(p => p.Pattern));

            var alternative = Assert.Single(baidu.Alternatives);
            Assert.Equal("AWSSDK.Textract", alternative.Package);
            Assert.Equal("OCR", alternative.Note);
            Assert.Equal("Amazon.Textract", alternative.Namespaces["Baidu.Aip.Ocr"]);
            Assert.Equal("Amazon.Textract.AmazonTextractClient", alternative.Types["Baidu.Aip.Ocr.Ocr"]);
            Assert.Equal("AWSSDK.Textract (OCR)", alternative.ToString());

            var waiver = Assert.Single(policy.Waivers);
            Assert.Equal("baidu", waiver.Vendor);
            Assert.Equal("Baidu.AI", waiver.Package!.Pattern);
            Assert.Equal("legacy OCR, ticket SEC-481", waiver.Reason);
            Assert.Equal(new System.DateTime(2027, 3, 31), waiver.Expires);
            Assert.Equal("src/Legacy/**", Assert.Single(waiver.Projects).Pattern);
            Assert.Equal(Path.GetDirectoryName(TestPaths.Policy), waiver.BaseDirectory);
            Assert.Equal(new SourceLocation(TestPaths.Policy, 34, 5), waiver.Location);

            var hikvision = policy.FindVendor("hikvision")!;
            Assert.Null(hikvision.Restricted);
            Assert.True(policy.IsRestricted(hikvision));
            Assert.Equal(new SourceLocation(OrgPolicy, 3, 5), hikvision.Location);
        }

        [Fact]
        public void Optional_parts_default_to_empty_and_mode_to_deny()
        {
            var policy = PolicyAssert.Valid("""{ "vendors": [ { "id": "baidu" } ] }""");

            Assert.Equal(PolicyMode.Deny, policy.Mode);
            Assert.Empty(policy.RestrictedJurisdictions);
            Assert.Empty(policy.Waivers);
            var vendor = Assert.Single(policy.Vendors);
            Assert.Null(vendor.Name);
            Assert.Equal("baidu", vendor.DisplayName);
            Assert.Null(vendor.Jurisdiction);
            Assert.Null(vendor.Restricted);
            Assert.Null(vendor.Severity);
            Assert.Empty(vendor.Match.Packages);
            Assert.Empty(vendor.Match.Owners);
            Assert.Empty(vendor.Alternatives);
        }

        [Fact]
        public void Empty_object_is_a_valid_policy_with_nothing_in_it()
        {
            var policy = PolicyAssert.Valid("{}");

            Assert.Empty(policy.Vendors);
            Assert.Equal(new[] { TestPaths.Policy }, policy.SourceFiles);
        }

        [Fact]
        public void Comments_and_trailing_commas_are_allowed()
        {
            var policy = PolicyAssert.Valid("""
                // Our supply-chain policy.
                {
                  /* block comment */ "mode": "allowlist", // line comment
                  "restrictedJurisdictions": ["CN", "RU",],
                  "vendors": [
                    { "id": "contoso", "restricted": false, }, // trailing comma in an object
                  ],
                }
                // trailing comment
                """);

            Assert.Equal(PolicyMode.Allowlist, policy.Mode);
            Assert.Equal(new[] { "CN", "RU" }, policy.RestrictedJurisdictions);
            Assert.False(Assert.Single(policy.Vendors).Restricted);
        }

        [Fact]
        public void Byte_order_mark_is_allowed_and_does_not_shift_columns()
        {
            Assert.Equal(PolicyMode.Allowlist, PolicyAssert.Valid("\uFEFF{ \"mode\": \"allowlist\" }").Mode);

            var result = PolicyAssert.Load("\uFEFF{ \"Mode\": \"allowlist\" }");
            PolicyAssert.SingleError(result, 1, 3, "unknown key 'Mode' in the policy; did you mean 'mode'?");
        }

        [Fact]
        public void Schema_key_is_allowed_at_the_root()
        {
            var policy = PolicyAssert.Valid("""{ "$schema": "./docs/supplychainguard.schema.json", "mode": "deny" }""");

            Assert.Equal(PolicyMode.Deny, policy.Mode);
        }

        [Fact]
        public void Windows_line_endings_do_not_change_positions()
        {
            var result = PolicyAssert.Load("{\r\n  \"mode\": \"deny\",\r\n  \"Vendors\": []\r\n}\r\n");

            PolicyAssert.SingleError(result, 3, 3, "unknown key 'Vendors' in the policy; did you mean 'vendors'?");
        }

        [Theory]
        [InlineData("error", PolicySeverity.Error)]
        [InlineData("warning", PolicySeverity.Warning)]
        [InlineData("info", PolicySeverity.Info)]
        [InlineData("none", PolicySeverity.None)]
        [InlineData("suggestion", PolicySeverity.Info)]
        [InlineData("silent", PolicySeverity.None)]
        [InlineData("hidden", PolicySeverity.None)]
        public void Severity_accepts_the_editorconfig_names(string written, PolicySeverity expected)
        {
            var policy = PolicyAssert.Valid($$"""{ "vendors": [ { "id": "baidu", "severity": "{{written}}" } ] }""");

            Assert.Equal(expected, Assert.Single(policy.Vendors).Severity);
        }

        [Fact]
        public void Jurisdiction_codes_are_accepted_in_lower_case_and_stored_upper_case()
        {
            var policy = PolicyAssert.Valid("""{ "restrictedJurisdictions": ["cn", "CN", "ru"], "vendors": [ { "id": "baidu", "jurisdiction": "cn" } ] }""");

            Assert.Equal(new[] { "CN", "RU" }, policy.RestrictedJurisdictions);
            Assert.Equal("CN", Assert.Single(policy.Vendors).Jurisdiction);
        }

        [Fact]
        public void LoadText_parses_text_already_in_memory_without_reading()
        {
            var files = new InMemoryPolicyFiles();
            var result = new PolicyLoader(files).LoadText(TestPaths.Policy, """{ "mode": "allowlist" }""");

            Assert.True(result.Succeeded);
            Assert.Equal(PolicyMode.Allowlist, result.Policy!.Mode);
            Assert.Empty(files.Reads);
        }

        // ---------------------------------------------------------------- unknown keys

        [Fact]
        public void Unknown_root_key_differing_only_in_case_suggests_the_right_key()
        {
            var result = PolicyAssert.Load("""
                {
                  "mode": "deny",
                  "Vendors": []
                }
                """);

            PolicyAssert.SingleError(result, 3, 3, "unknown key 'Vendors' in the policy; did you mean 'vendors'?");
        }

        [Fact]
        public void Unknown_root_key_lists_the_keys_that_are_allowed()
        {
            var result = PolicyAssert.Load("""
                {
                  "vendor": []
                }
                """);

            PolicyAssert.SingleError(result, 2, 3,
                "unknown key 'vendor' in the policy; expected one of: $schema, extends, mode, restrictedJurisdictions, weakSignals, vendors, waivers, title, basis, scope, reviewed, sources");
        }

        [Fact]
        public void Unknown_vendor_key_is_reported_at_the_key()
        {
            var result = PolicyAssert.Load("""
                {
                  "vendors": [
                    {
                      "id": "baidu",
                      "Jurisdiction": "CN"
                    }
                  ]
                }
                """);

            PolicyAssert.SingleError(result, 5, 7, "unknown key 'Jurisdiction' in a vendor; did you mean 'jurisdiction'?");
        }

        [Fact]
        public void Unknown_match_key_is_reported_at_the_key()
        {
            var result = PolicyAssert.Load("""
                {
                  "vendors": [
                    {
                      "id": "baidu",
                      "match": {
                        "Owners": ["Baidu-AI"]
                      }
                    }
                  ]
                }
                """);

            PolicyAssert.SingleError(result, 6, 9, "unknown key 'Owners' in 'match'; did you mean 'owners'?");
        }

        [Fact]
        public void Unknown_match_key_without_a_near_miss_lists_the_signals()
        {
            var result = PolicyAssert.Load("""
                {
                  "vendors": [
                    {
                      "id": "baidu",
                      "match": {
                        "owner": ["Baidu-AI"]
                      }
                    }
                  ]
                }
                """);

            PolicyAssert.SingleError(result, 6, 9,
                "unknown key 'owner' in 'match'; expected one of: packages, owners, authors, certificates, repositories, assemblies, publicKeyTokens, namespaces, nativeLibraries, endpoints");
        }

        [Fact]
        public void Unknown_waiver_key_is_reported_at_the_key()
        {
            var result = PolicyAssert.Load("""
                {
                  "vendors": [ { "id": "baidu" } ],
                  "waivers": [
                    {
                      "vendor": "baidu",
                      "reason": "legacy OCR",
                      "expires": "2027-03-31",
                      "Projects": ["src/Legacy/**"]
                    }
                  ]
                }
                """);

            PolicyAssert.SingleError(result, 8, 7, "unknown key 'Projects' in a waiver; did you mean 'projects'?");
        }

        [Fact]
        public void Unknown_alternative_key_is_reported_at_the_key()
        {
            var result = PolicyAssert.Load("""
                {
                  "vendors": [
                    {
                      "id": "baidu",
                      "alternatives": [
                        { "package": "AWSSDK.Textract", "Note": "OCR" }
                      ]
                    }
                  ]
                }
                """);

            PolicyAssert.SingleError(result, 6, 41, "unknown key 'Note' in an alternative; did you mean 'note'?");
        }

        [Fact]
        public void Key_written_twice_is_reported_at_the_second_one()
        {
            var result = PolicyAssert.Load("""{ "mode": "deny", "mode": "allowlist" }""");

            PolicyAssert.SingleError(result, 1, 19, "key 'mode' appears twice in the policy");
        }

        // ---------------------------------------------------------------- wrong types and values

        [Theory]
        [InlineData("""{ "mode": 1 }""", 11, "'mode' must be a string, not a number")]
        [InlineData("""{ "mode": "strict" }""", 11, "'mode' must be \"deny\" or \"allowlist\", not \"strict\"")]
        [InlineData("""{ "vendors": {} }""", 14, "'vendors' must be an array, not an object")]
        [InlineData("""{ "waivers": "none" }""", 14, "'waivers' must be an array, not a string")]
        [InlineData("""{ "extends": "../org/x.json" }""", 14, "'extends' must be an array, not a string")]
        [InlineData("""{ "extends": [""] }""", 15, "an 'extends' entry must not be empty")]
        [InlineData("""{ "$schema": 2 }""", 14, "'$schema' must be a string, not a number")]
        [InlineData("""{ "restrictedJurisdictions": ["CN", 86] }""", 37, "entries of 'restrictedJurisdictions' must be strings or { \"code\": …, \"confidence\": … } objects, not a number")]
        [InlineData("""{ "vendors": [ "baidu" ] }""", 16, "each vendor must be an object, not a string")]
        [InlineData("""{ "vendors": [ { "name": "Baidu" } ] }""", 16, "a vendor needs an 'id'")]
        [InlineData("""{ "vendors": [ { "id": "bai du" } ] }""", 24, "vendor id 'bai du' must be non-empty and contain no whitespace")]
        [InlineData("""{ "vendors": [ { "id": "" } ] }""", 24, "vendor id '' must be non-empty and contain no whitespace")]
        [InlineData("""{ "vendors": [ { "id": "baidu", "restricted": "yes" } ] }""", 47, "'restricted' must be true or false, not a string")]
        [InlineData("""{ "vendors": [ { "id": "baidu", "name": null } ] }""", 41, "'name' must be a string, not null")]
        [InlineData("""{ "vendors": [ { "id": "baidu", "match": [] } ] }""", 42, "'match' must be an object, not an array")]
        [InlineData("""{ "vendors": [ { "id": "baidu", "severity": "fatal" } ] }""", 45, "'severity' must be one of \"error\", \"warning\", \"info\", \"none\", not \"fatal\"")]
        [InlineData("""{ "vendors": [ { "id": "baidu", "alternatives": {} } ] }""", 49, "'alternatives' must be an array, not an object")]
        [InlineData("""{ "vendors": [ { "id": "baidu", "match": { "owners": "Baidu-AI" } } ] }""", 54, "'owners' must be an array, not a string")]
        [InlineData("""{ "vendors": [ { "id": "baidu", "match": { "owners": [true] } } ] }""", 55, "entries of 'owners' must be strings or { \"pattern\": …, \"confidence\": … } objects, not a boolean")]
        public void Value_of_the_wrong_type_or_form_is_reported_at_the_value(string policy, int column, string message)
        {
            PolicyAssert.SingleError(PolicyAssert.Load(policy), 1, column, message);
        }

        [Fact]
        public void Alternative_must_name_a_real_package_id_and_map_dotted_names()
        {
            var result = PolicyAssert.Load("""
                {
                  "vendors": [
                    {
                      "id": "baidu",
                      "alternatives": [
                        { "package": "AWSSDK.*" },
                        { "namespaces": { "Baidu.Aip.Ocr": "Amazon Textract" } },
                        { "types": [] }
                      ]
                    }
                  ]
                }
                """);

            Assert.Null(result.Policy);
            Assert.Equal(3, result.Diagnostics.Count);
            PolicyAssert.Error(result.Diagnostics[0], 6, 22, "'AWSSDK.*' is not a NuGet package id");
            PolicyAssert.Error(result.Diagnostics[1], 7, 44, "'namespaces' maps dotted names (namespaces, types, members): 'Baidu.Aip.Ocr' -> 'Amazon Textract' is not one");
            PolicyAssert.Error(result.Diagnostics[2], 8, 20, "'types' must be an object mapping names to names, not an array");
        }

        // ---------------------------------------------------------------- bad globs

        [Theory]
        [InlineData("packages", "Baidu AI", "'Baidu AI' in 'packages' is not a valid glob for a NuGet package id: ' ' is not allowed (use * and ? as wildcards)")]
        [InlineData("packages", "a**b", "'a**b' in 'packages' is not a valid glob: '**' has no meaning in a name, use '*'")]
        [InlineData("packages", "Baidu/AI", "'Baidu/AI' in 'packages' is not a valid glob for a NuGet package id: '/' is not allowed (use * and ? as wildcards)")]
        [InlineData("packages", " Baidu.AI", "' Baidu.AI' in 'packages' has leading or trailing whitespace")]
        [InlineData("packages", "", "an entry of 'packages' must not be empty")]
        [InlineData("owners", "Baidu AI", "'Baidu AI' in 'owners' is not a valid glob for a nuget.org account name: ' ' is not allowed (use * and ? as wildcards)")]
        [InlineData("endpoints", "https://*.baidubce.com/", "'https://*.baidubce.com/' in 'endpoints' is not a valid glob for a host name: '/' is not allowed (use * and ? as wildcards)")]
        [InlineData("repositories", "github.com/Baidu AIP/*", "'github.com/Baidu AIP/*' in 'repositories' is not a valid glob for a repository URL: ' ' is not allowed (use * and ? as wildcards)")]
        [InlineData("assemblies", "lib/AipSdk", "'lib/AipSdk' in 'assemblies' is not a valid glob for an assembly name: '/' is not allowed (use * and ? as wildcards)")]
        [InlineData("namespaces", "Baidu.*", "'Baidu.*' in 'namespaces' is not a namespace (dotted identifiers, no wildcards)")]
        [InlineData("namespaces", "Baidu..Aip", "'Baidu..Aip' in 'namespaces' is not a namespace (dotted identifiers, no wildcards)")]
        [InlineData("publicKeyTokens", "xyz", "'xyz' in 'publicKeyTokens' is not a public key token (16 hexadecimal digits)")]
        [InlineData("certificates", "SHA256:5A29", "'SHA256:5A29' is not a SHA-256 fingerprint: expected 64 hexadecimal digits after 'SHA256:'")]
        [InlineData("certificates", " ", "an entry of 'certificates' must not be empty")]
        public void Bad_glob_is_reported_at_the_string(string key, string glob, string message)
        {
            var result = PolicyAssert.Load($$"""
                {
                  "vendors": [
                    {
                      "id": "baidu",
                      "match": {
                        "{{key}}": [
                          "{{glob}}"
                        ]
                      }
                    }
                  ]
                }
                """);

            PolicyAssert.SingleError(result, 7, 11, message);
        }

        // ---------------------------------------------------------------- dates, jurisdictions

        [Theory]
        [InlineData("2027-13-01")]
        [InlineData("31/03/2027")]
        [InlineData("2027-02-30")]
        [InlineData("2027-3-31")]
        [InlineData("2027-03-31T00:00:00")]
        [InlineData("")]
        public void Expiry_that_is_not_a_yyyy_MM_dd_date_is_reported_at_the_value(string expires)
        {
            var result = PolicyAssert.Load($$"""
                {
                  "vendors": [ { "id": "baidu" } ],
                  "waivers": [
                    {
                      "vendor": "baidu",
                      "reason": "legacy OCR",
                      "expires": "{{expires}}"
                    }
                  ]
                }
                """);

            PolicyAssert.SingleError(result, 7, 18, $"'expires' must be a date written yyyy-MM-dd, not \"{expires}\"");
        }

        [Theory]
        [InlineData("XX")]
        [InlineData("CHN")]
        [InlineData("C")]
        [InlineData("EU")]
        public void Restricted_jurisdiction_must_be_an_ISO_3166_alpha_2_code(string code)
        {
            var result = PolicyAssert.Load($$"""
                {
                  "restrictedJurisdictions": ["CN", "{{code}}"]
                }
                """);

            PolicyAssert.SingleError(result, 2, 37, $"'{code}' is not an ISO 3166-1 alpha-2 country code");
        }

        [Theory]
        [InlineData("XX")]
        [InlineData("CHN")]
        public void Vendor_jurisdiction_must_be_an_ISO_3166_alpha_2_code(string code)
        {
            var result = PolicyAssert.Load($$"""
                {
                  "vendors": [
                    {
                      "id": "baidu",
                      "jurisdiction": "{{code}}"
                    }
                  ]
                }
                """);

            PolicyAssert.SingleError(result, 5, 23, $"'{code}' is not an ISO 3166-1 alpha-2 country code");
        }

        // ---------------------------------------------------------------- vendors and waivers

        [Fact]
        public void Duplicate_vendor_id_is_reported_at_the_second_id_and_points_to_the_first()
        {
            var result = PolicyAssert.Load("""
                {
                  "vendors": [
                    { "id": "baidu" },
                    { "id": "Baidu" }
                  ]
                }
                """);

            PolicyAssert.SingleError(result, 4, 13, "duplicate vendor id 'Baidu' (first defined at line 3, column 13)");
        }

        [Fact]
        public void Waiver_for_an_unknown_vendor_is_reported_at_its_vendor_value()
        {
            var result = PolicyAssert.Load("""
                {
                  "vendors": [ { "id": "baidu" }, { "id": "alibaba" } ],
                  "waivers": [
                    { "vendor": "tencent", "reason": "legacy", "expires": "2027-03-31" }
                  ]
                }
                """);

            PolicyAssert.SingleError(result, 4, 17, "waiver names unknown vendor 'tencent' (known vendors: alibaba, baidu)");
        }

        [Fact]
        public void Waiver_in_a_policy_without_vendors_says_so()
        {
            var result = PolicyAssert.Load("""
                {
                  "waivers": [
                    { "vendor": "tencent", "reason": "legacy", "expires": "2027-03-31" }
                  ]
                }
                """);

            PolicyAssert.SingleError(result, 3, 17, "waiver names unknown vendor 'tencent' (the policy defines no vendors)");
        }

        [Fact]
        public void Waiver_vendor_is_matched_ignoring_case()
        {
            var policy = PolicyAssert.Valid("""
                {
                  "vendors": [ { "id": "baidu" } ],
                  "waivers": [ { "vendor": "Baidu", "reason": "legacy", "expires": "2027-03-31" } ]
                }
                """);

            Assert.Single(policy.Waivers);
        }

        [Fact]
        public void Waiver_without_a_reason_is_reported_at_the_waiver()
        {
            var result = PolicyAssert.Load("""
                {
                  "vendors": [ { "id": "baidu" } ],
                  "waivers": [
                    { "vendor": "baidu", "expires": "2027-03-31" }
                  ]
                }
                """);

            PolicyAssert.SingleError(result, 4, 5, "a waiver needs a 'reason'");
        }

        [Fact]
        public void Waiver_with_a_blank_reason_is_reported_at_the_reason()
        {
            var result = PolicyAssert.Load("""
                {
                  "vendors": [ { "id": "baidu" } ],
                  "waivers": [
                    { "vendor": "baidu", "reason": " ", "expires": "2027-03-31" }
                  ]
                }
                """);

            PolicyAssert.SingleError(result, 4, 36, "a waiver's 'reason' must say why it is granted");
        }

        [Fact]
        public void Waiver_without_an_expiry_is_reported_at_the_waiver()
        {
            var result = PolicyAssert.Load("""
                {
                  "vendors": [ { "id": "baidu" } ],
                  "waivers": [
                    { "vendor": "baidu", "reason": "legacy OCR" }
                  ]
                }
                """);

            PolicyAssert.SingleError(result, 4, 5, "a waiver needs an 'expires' date (yyyy-MM-dd)");
        }

        [Fact]
        public void Waiver_without_reason_or_expiry_reports_both()
        {
            var result = PolicyAssert.Load("""
                {
                  "vendors": [ { "id": "baidu" } ],
                  "waivers": [
                    { "vendor": "baidu" }
                  ]
                }
                """);

            Assert.Null(result.Policy);
            Assert.Equal(2, result.Diagnostics.Count);
            PolicyAssert.Error(result.Diagnostics[0], 4, 5, "a waiver needs a 'reason'");
            PolicyAssert.Error(result.Diagnostics[1], 4, 5, "a waiver needs an 'expires' date (yyyy-MM-dd)");
        }

        [Fact]
        public void Waiver_with_a_bad_date_and_no_reason_reports_each_problem_once()
        {
            var result = PolicyAssert.Load("""
                {
                  "vendors": [ { "id": "baidu" } ],
                  "waivers": [
                    { "vendor": "baidu", "expires": "31/03/2027" }
                  ]
                }
                """);

            Assert.Null(result.Policy);
            Assert.Equal(2, result.Diagnostics.Count);
            PolicyAssert.Error(result.Diagnostics[0], 4, 5, "a waiver needs a 'reason'");
            PolicyAssert.Error(result.Diagnostics[1], 4, 37, "'expires' must be a date written yyyy-MM-dd, not \"31/03/2027\"");
        }

        [Fact]
        public void Waiver_without_a_vendor_is_reported_at_the_waiver()
        {
            var result = PolicyAssert.Load("""
                {
                  "vendors": [ { "id": "baidu" } ],
                  "waivers": [
                    { "reason": "legacy OCR", "expires": "2027-03-31" }
                  ]
                }
                """);

            PolicyAssert.SingleError(result, 4, 5, "a waiver needs the 'vendor' it applies to");
        }

        // ---------------------------------------------------------------- syntax and shape

        [Fact]
        public void Invalid_json_is_reported_where_the_reader_stopped()
        {
            var result = PolicyAssert.Load("""
                {
                  "mode": "deny"
                  "vendors": []
                }
                """);

            Assert.Null(result.Policy);
            var diagnostic = Assert.Single(result.Diagnostics);
            Assert.Equal((TestPaths.Policy, 3, 3), (diagnostic.Location.FilePath, diagnostic.Location.Line, diagnostic.Location.Column));
            Assert.StartsWith("invalid JSON: ", diagnostic.Message);
            Assert.DoesNotContain("LineNumber", diagnostic.Message);
        }

        [Fact]
        public void Invalid_json_column_counts_characters_not_utf8_bytes()
        {
            var result = PolicyAssert.Load("""{ "vendors": [ { "id": "baidu", "name": "百度" "reason": "x" } ] }""");

            Assert.Null(result.Policy);
            var diagnostic = Assert.Single(result.Diagnostics);
            Assert.Equal((1, 46), (diagnostic.Location.Line, diagnostic.Location.Column));
            Assert.StartsWith("invalid JSON: ", diagnostic.Message);
        }

        [Fact]
        public void Validation_column_counts_characters_not_utf8_bytes()
        {
            var result = PolicyAssert.Load("""{ "vendors": [ { "id": "baidu", "name": "百度", "Reason": "x" } ] }""");

            PolicyAssert.SingleError(result, 1, 47, "unknown key 'Reason' in a vendor; did you mean 'reason'?");
        }

        [Fact]
        public void Unterminated_json_is_reported_in_the_file()
        {
            var result = PolicyAssert.Load("{\n  \"mode\": \"deny\",\n");

            Assert.Null(result.Policy);
            var diagnostic = Assert.Single(result.Diagnostics);
            Assert.Equal(TestPaths.Policy, diagnostic.Location.FilePath);
            Assert.True(diagnostic.Location.Line >= 2, diagnostic.ToString());
            Assert.StartsWith("invalid JSON: ", diagnostic.Message);
        }

        [Theory]
        [InlineData("")]
        [InlineData("   \n  ")]
        [InlineData("// nothing here yet\n")]
        [InlineData("\uFEFF")]
        public void Empty_file_is_an_error_not_an_empty_policy(string text)
        {
            var result = PolicyAssert.Load(text);

            PolicyAssert.SingleError(result, 1, 1, "the file is empty; expected a JSON object");
        }

        [Theory]
        [InlineData("[]", 1, 1, "an array")]
        [InlineData("\"deny\"", 1, 1, "a string")]
        [InlineData("42", 1, 1, "a number")]
        [InlineData("null", 1, 1, "null")]
        [InlineData("// policy\n  true", 2, 3, "a boolean")]
        public void Root_that_is_not_an_object_is_reported(string text, int line, int column, string kind)
        {
            var result = PolicyAssert.Load(text);

            PolicyAssert.SingleError(result, line, column, $"the policy must be a JSON object, not {kind}");
        }

        [Fact]
        public void Missing_policy_file_is_an_error_for_the_file_as_a_whole()
        {
            var result = new PolicyLoader(new InMemoryPolicyFiles()).Load(TestPaths.Policy);

            PolicyAssert.SingleError(result, 0, 0, "the policy file does not exist");
            Assert.Equal(TestPaths.Policy, result.Diagnostics[0].Location.ToString());
        }

        // ---------------------------------------------------------------- extends

        [Fact]
        public void Unknown_preset_is_reported_at_the_extends_entry_and_names_it()
        {
            var result = PolicyAssert.Load("""
                {
                  "extends": ["preset:nope"]
                }
                """);

            Assert.Null(result.Policy);
            var diagnostic = Assert.Single(result.Diagnostics);
            Assert.Equal((TestPaths.Policy, 2, 15), (diagnostic.Location.FilePath, diagnostic.Location.Line, diagnostic.Location.Column));
            Assert.StartsWith("unknown preset 'nope' (", diagnostic.Message);
        }

        [Fact]
        public void Extends_of_a_missing_file_is_reported_at_the_entry_with_the_resolved_path()
        {
            var result = PolicyAssert.Load("""
                {
                  "extends": ["../org/missing.json"]
                }
                """);

            var missing = TestPaths.At("org", "missing.json");
            PolicyAssert.SingleError(result, 2, 15, $"extended policy '../org/missing.json' was not found at '{missing}'");
        }

        [Fact]
        public void Extends_cycle_is_reported_where_it_closes_and_shows_the_chain()
        {
            var b = TestPaths.At("b", "supplychainguard.json");
            var files = new InMemoryPolicyFiles().Add(b, """
                {
                  "extends": ["../a/supplychainguard.json"]
                }
                """);

            var result = PolicyAssert.Load("""
                {
                  "extends": ["../b/supplychainguard.json"]
                }
                """, files);

            PolicyAssert.SingleError(result, b, 2, 15,
                $"'../a/supplychainguard.json' extends itself through a cycle: {TestPaths.Policy} -> {b} -> {TestPaths.Policy}");
        }

        [Fact]
        public void Policy_extending_itself_is_a_cycle()
        {
            var result = PolicyAssert.Load("""
                {
                  "extends": ["./supplychainguard.json"]
                }
                """);

            PolicyAssert.SingleError(result, 2, 15,
                $"'./supplychainguard.json' extends itself through a cycle: {TestPaths.Policy} -> {TestPaths.Policy}");
        }

        [Fact]
        public void Error_in_an_extended_file_is_reported_in_that_file()
        {
            var files = new InMemoryPolicyFiles().Add(OrgPolicy, """
                {
                  "mode": "strict"
                }
                """);

            var result = PolicyAssert.Load("""{ "extends": ["../org/supplychainguard.json"] }""", files);

            PolicyAssert.SingleError(result, OrgPolicy, 2, 11, "'mode' must be \"deny\" or \"allowlist\", not \"strict\"");
        }

        // ---------------------------------------------------------------- all or nothing, and order

        [Fact]
        public void Broken_policy_is_never_half_applied()
        {
            var result = PolicyAssert.Load("""
                {
                  "mode": "allowlist",
                  "vendors": [
                    { "id": "baidu", "restricted": true, "match": { "packages": ["Baidu.AI"] } },
                    { "id": "tencent", "jurisdiction": "XX" }
                  ]
                }
                """);

            Assert.Null(result.Policy);
            Assert.False(result.Succeeded);
            Assert.Single(result.Diagnostics);
        }

        [Fact]
        public void Diagnostics_are_sorted_by_file_line_and_column_whatever_order_they_are_found_in()
        {
            var result = PolicyAssert.Load("""
                {
                  "vendors": [
                    {
                      "name": 42,
                      "jurisdiction": "XX"
                    }
                  ],
                  "mode": "strict"
                }
                """);

            Assert.Null(result.Policy);
            Assert.Equal(4, result.Diagnostics.Count);
            PolicyAssert.Error(result.Diagnostics[0], 3, 5, "a vendor needs an 'id'");
            PolicyAssert.Error(result.Diagnostics[1], 4, 15, "'name' must be a string, not a number");
            PolicyAssert.Error(result.Diagnostics[2], 5, 23, "'XX' is not an ISO 3166-1 alpha-2 country code");
            PolicyAssert.Error(result.Diagnostics[3], 8, 11, "'mode' must be \"deny\" or \"allowlist\", not \"strict\"");
        }

        [Fact]
        public void Diagnostics_from_several_files_are_sorted_by_file_path()
        {
            var zFirst = TestPaths.At("a", "z-first.json");
            var aSecond = TestPaths.At("a", "a-second.json");
            var files = new InMemoryPolicyFiles()
                .Add(zFirst, """{ "mode": "strict" }""")
                .Add(aSecond, """{ "mode": 1 }""");
            const string policy = """{ "extends": ["z-first.json", "a-second.json"] }""";

            var result = PolicyAssert.Load(policy, files);

            Assert.Null(result.Policy);
            Assert.Equal(2, result.Diagnostics.Count);
            PolicyAssert.Error(result.Diagnostics[0], aSecond, 1, 11, "'mode' must be a string, not a number");
            PolicyAssert.Error(result.Diagnostics[1], zFirst, 1, 11, "'mode' must be \"deny\" or \"allowlist\", not \"strict\"");

            var again = PolicyAssert.Load(policy, files);
            Assert.Equal(result.Diagnostics.Select(d => d.ToString()), again.Diagnostics.Select(d => d.ToString()));
        }

        [Fact]
        public void Diagnostic_prints_as_file_line_and_column()
        {
            var result = PolicyAssert.Load("""{ "mode": 1 }""");

            Assert.Equal($"{TestPaths.Policy}(1,11): 'mode' must be a string, not a number", Assert.Single(result.Diagnostics).ToString());
        }
    }
}
