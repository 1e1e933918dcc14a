using System.Linq;
using Xunit;

namespace SupplyChainGuard.Policy.Tests
{
    /// <summary>"Who published this?": evidence against every vendor of a policy, with the signal that says so.</summary>
    public class VendorMatcherTests
    {
        private const string Fingerprint = "5A29F3C15A29F3C15A29F3C15A29F3C15A29F3C15A29F3C15A29F3C15A29F3C1";

        private const string BaiduPolicy = """
            {
              "restrictedJurisdictions": ["CN"],
              "vendors": [
                {
                  "id": "baidu",
                  "name": "Baidu, Inc.",
                  "jurisdiction": "CN",
                  "match": {
                    "packages": ["Baidu.AI", "Baidu-AI*"],
                    "owners": ["Baidu-AI"],
                    "authors": ["Baidu"],
                    "certificates": ["O=Baidu*", "SHA256:5A29F3C15A29F3C15A29F3C15A29F3C15A29F3C15A29F3C15A29F3C15A29F3C1"],
                    "repositories": ["github.com/Baidu-AIP/*"],
                    "assemblies": ["AipSdk"],
                    "publicKeyTokens": ["0123456789abcdef"],
                    "namespaces": ["Baidu.Aip"]
                  }
                }
              ]
            }
            """;

        private static VendorMatcher Matcher(string policyText = BaiduPolicy) => new VendorMatcher(PolicyAssert.Valid(policyText));

        /// <summary>The single attribution, which must rest on at least one signal.</summary>
        private static VendorAttribution Attributed(VendorMatcher matcher, PublisherEvidence evidence)
        {
            var attribution = Assert.Single(matcher.Match(evidence));
            Assert.NotEmpty(attribution.Signals);
            return attribution;
        }

        [Fact]
        public void Owner_in_the_repository_signature_attributes_the_package_and_says_so()
        {
            var attribution = Attributed(Matcher(), new PublisherEvidence { PackageId = "SomeSdk", Owners = new[] { "Baidu-AI", "chenxiaoyu3" } });

            Assert.Equal("baidu", attribution.Vendor.Id);
            var signal = Assert.Single(attribution.Signals);
            Assert.Equal(SignalKind.Owner, signal.Kind);
            Assert.Equal(SignalStrength.Strong, signal.Strength);
            Assert.Equal("owner 'Baidu-AI' in the repository signature", signal.Describe());
            Assert.Equal("owner 'Baidu-AI' in the repository signature", signal.ToString());
            Assert.False(attribution.IsWeak);
        }

        [Fact]
        public void Owner_description_names_where_the_owners_were_read_and_the_pattern_when_it_differs()
        {
            var matcher = Matcher("""{ "vendors": [ { "id": "baidu", "match": { "owners": ["baidu-*"] } } ] }""");
            var evidence = new PublisherEvidence { Owners = new[] { "Baidu-AI" }, OwnersSource = "repository countersignature" };

            var signal = Assert.Single(Attributed(matcher, evidence).Signals);

            Assert.Equal("owner 'Baidu-AI' in the repository countersignature (matches 'baidu-*')", signal.Describe());
        }

        [Fact]
        public void Owner_match_ignores_case_but_not_a_partial_name()
        {
            var matcher = Matcher();

            Assert.Single(matcher.Match(new PublisherEvidence { Owners = new[] { "baidu-ai" } }));
            Assert.Empty(matcher.Match(new PublisherEvidence { Owners = new[] { "Baidu-AI-fan" } }));
        }

        [Theory]
        [InlineData("Baidu.AI", "Baidu.AI", "package id 'Baidu.AI'")]
        [InlineData("baidu.ai", "Baidu.AI", "package id 'baidu.ai'")]
        [InlineData("Baidu-AI.Ocr", "Baidu-AI*", "package id 'Baidu-AI.Ocr' (matches 'Baidu-AI*')")]
        public void Package_id_attributes_the_package(string packageId, string pattern, string description)
        {
            var signal = Assert.Single(Attributed(Matcher(), new PublisherEvidence { PackageId = packageId }).Signals);

            Assert.Equal(SignalKind.PackageId, signal.Kind);
            Assert.Equal(SignalStrength.Medium, signal.Strength);
            Assert.Equal(pattern, signal.Pattern);
            Assert.Equal(description, signal.Describe());
        }

        [Fact]
        public void Package_id_that_only_contains_the_vendor_name_is_not_attributed()
        {
            Assert.Empty(Matcher().Match(new PublisherEvidence { PackageId = "wang.Baidu.AI" }));
        }

        [Fact]
        public void Nuspec_author_of_an_unsigned_package_attributes_it_weakly()
        {
            var attribution = Attributed(Matcher(), new PublisherEvidence { PackageId = "Unsigned.Sdk", Authors = new[] { "Baidu" } });

            var signal = Assert.Single(attribution.Signals);
            Assert.Equal(SignalKind.Author, signal.Kind);
            Assert.Equal(SignalStrength.Weak, signal.Strength);
            Assert.Equal("author 'Baidu' in the nuspec", signal.Describe());
            Assert.True(attribution.IsWeak);
        }

        [Fact]
        public void Certificate_subject_attributes_the_package()
        {
            var evidence = new PublisherEvidence { CertificateSubject = "CN=x, O=Baidu Inc., C=CN" };

            var signal = Assert.Single(Attributed(Matcher(), evidence).Signals);

            Assert.Equal(SignalKind.CertificateSubject, signal.Kind);
            Assert.Equal(SignalStrength.Strong, signal.Strength);
            Assert.Equal("author-signature certificate 'CN=x, O=Baidu Inc., C=CN' (matches 'O=Baidu*')", signal.Describe());
        }

        [Fact]
        public void Certificate_fingerprint_attributes_the_package()
        {
            var evidence = new PublisherEvidence { CertificateSubject = "CN=Renamed Subsidiary", CertificateFingerprint = Fingerprint.ToLowerInvariant() };

            var signal = Assert.Single(Attributed(Matcher(), evidence).Signals);

            Assert.Equal(SignalKind.CertificateFingerprint, signal.Kind);
            Assert.Equal(SignalStrength.Strong, signal.Strength);
            Assert.Equal($"author-signature certificate SHA256:{Fingerprint.ToLowerInvariant()}", signal.Describe());
        }

        [Theory]
        [InlineData("https://www.github.com/Baidu-AIP/dotnet-sdk.git")]
        [InlineData("https://github.com/Baidu-AIP/dotnet-sdk")]
        [InlineData("http://github.com/Baidu-AIP/dotnet-sdk/")]
        [InlineData("git@github.com:Baidu-AIP/dotnet-sdk.git")]
        [InlineData("https://github.com/Baidu-AIP/dotnet-sdk.git/")]
        public void Repository_url_is_normalised_before_matching(string url)
        {
            var signal = Assert.Single(Attributed(Matcher(), new PublisherEvidence { Repositories = new[] { url } }).Signals);

            Assert.Equal(SignalKind.Repository, signal.Kind);
            Assert.Equal(SignalStrength.Weak, signal.Strength);
            Assert.Equal("github.com/Baidu-AIP/dotnet-sdk", signal.Value);
            Assert.Equal("repository 'github.com/Baidu-AIP/dotnet-sdk' in the nuspec (matches 'github.com/Baidu-AIP/*')", signal.Describe());
        }

        [Theory]
        [InlineData("https://www.github.com/Baidu-AIP/dotnet-sdk.git", "github.com/Baidu-AIP/dotnet-sdk")]
        [InlineData("  https://github.com/Baidu-AIP/dotnet-sdk/  ", "github.com/Baidu-AIP/dotnet-sdk")]
        [InlineData("git@github.com:Baidu-AIP/dotnet-sdk.git", "github.com/Baidu-AIP/dotnet-sdk")]
        [InlineData("github.com/Baidu-AIP/dotnet-sdk", "github.com/Baidu-AIP/dotnet-sdk")]
        public void NormalizeRepository_drops_scheme_www_git_suffix_and_trailing_slash(string url, string expected)
        {
            Assert.Equal(expected, VendorMatcher.NormalizeRepository(url));
        }

        [Fact]
        public void Assembly_public_key_token_and_namespace_attribute_an_assembly()
        {
            var evidence = new PublisherEvidence
            {
                Assemblies = new[] { "AipSdk" },
                PublicKeyTokens = new[] { "0123456789abcdef" },
                Namespaces = new[] { "Baidu.Aip.Ocr", "Newtonsoft.Json" },
            };

            var signals = Attributed(Matcher(), evidence).Signals;

            Assert.Equal(new[] { SignalKind.PublicKeyToken, SignalKind.Assembly, SignalKind.Namespace }, signals.Select(s => s.Kind));
            Assert.Equal("public key token '0123456789abcdef'", signals[0].Describe());
            Assert.Equal("assembly 'AipSdk'", signals[1].Describe());
            Assert.Equal("namespace 'Baidu.Aip.Ocr' (matches 'Baidu.Aip')", signals[2].Describe());
        }

        [Fact]
        public void Assembly_of_a_package_says_it_came_from_the_package()
        {
            var signal = Assert.Single(Attributed(Matcher(), new PublisherEvidence { PackageId = "Some.Wrapper", Assemblies = new[] { "AipSdk" } }).Signals);

            Assert.Equal("assembly 'AipSdk' in the package", signal.Describe());
        }

        [Fact]
        public void Authors_claiming_the_vendor_are_overruled_when_the_signature_names_other_owners()
        {
            // A squatter writes <authors>Baidu</authors>, but nuget.org signed the package for account "wang".
            var evidence = new PublisherEvidence
            {
                PackageId = "wang.BaiduOcr",
                Owners = new[] { "wang" },
                Authors = new[] { "Baidu" },
                Repositories = new[] { "https://github.com/Baidu-AIP/dotnet-sdk" },
            };

            var attribution = Assert.Single(Matcher().Match(evidence));

            Assert.Empty(attribution.Signals);
            Assert.Equal(new[] { SignalKind.Repository, SignalKind.Author }, attribution.Overruled.Select(s => s.Kind).OrderBy(k => k));
        }

        [Fact]
        public void Authors_claiming_the_vendor_are_overruled_when_the_author_certificate_is_someone_elses()
        {
            var evidence = new PublisherEvidence { Authors = new[] { "Baidu" }, CertificateSubject = "CN=Wang Software, O=Wang Ltd" };

            var attribution = Assert.Single(Matcher().Match(evidence));

            Assert.Empty(attribution.Signals);
            Assert.Equal(SignalKind.Author, Assert.Single(attribution.Overruled).Kind);
        }

        [Fact]
        public void Authors_attribute_the_package_when_the_vendor_declares_no_owners_and_the_package_is_unsigned()
        {
            var matcher = Matcher("""{ "vendors": [ { "id": "baidu", "match": { "authors": ["Baidu"] } } ] }""");

            var attribution = Attributed(matcher, new PublisherEvidence { PackageId = "wang.BaiduOcr", Authors = new[] { "Baidu" } });

            Assert.Equal(SignalKind.Author, Assert.Single(attribution.Signals).Kind);
            Assert.Empty(attribution.Overruled);
            Assert.True(attribution.IsWeak);
        }

        [Fact]
        public void Strong_signals_are_never_overruled()
        {
            var evidence = new PublisherEvidence { PackageId = "Baidu.AI", Owners = new[] { "wang" }, Authors = new[] { "Baidu" } };

            var attribution = Attributed(Matcher(), evidence);

            Assert.Equal(new[] { SignalKind.PackageId, SignalKind.Author }, attribution.Signals.Select(s => s.Kind));
            Assert.Empty(attribution.Overruled);
        }

        [Fact]
        public void Signals_are_sorted_strongest_first()
        {
            var evidence = new PublisherEvidence
            {
                PackageId = "Baidu.AI",
                Owners = new[] { "Baidu-AI" },
                Authors = new[] { "Baidu" },
                Repositories = new[] { "https://github.com/Baidu-AIP/dotnet-sdk" },
                CertificateSubject = "CN=x, O=Baidu Inc., C=CN",
                Assemblies = new[] { "AipSdk" },
            };

            var attribution = Attributed(Matcher(), evidence);

            var strengths = attribution.Signals.Select(s => s.Strength).ToArray();
            Assert.Equal(strengths.OrderByDescending(s => s), strengths);
            Assert.Equal(
                new[] { SignalStrength.Strong, SignalStrength.Strong, SignalStrength.Medium, SignalStrength.Medium, SignalStrength.Weak, SignalStrength.Weak },
                strengths);
            Assert.Equal(SignalStrength.Strong, attribution.StrongestSignal.Strength);
            Assert.Equal(SignalKind.Owner, attribution.StrongestSignal.Kind);
            Assert.False(attribution.IsWeak);
        }

        [Fact]
        public void Restricted_flag_comes_from_the_policy()
        {
            var matcher = Matcher("""
                {
                  "restrictedJurisdictions": ["CN"],
                  "vendors": [
                    { "id": "baidu", "jurisdiction": "CN", "match": { "packages": ["Baidu.AI"] } },
                    { "id": "exempt", "jurisdiction": "CN", "restricted": false, "match": { "packages": ["Exempt.Sdk"] } },
                    { "id": "kaspersky", "jurisdiction": "GB", "restricted": true, "match": { "packages": ["Kaspersky.*"] } },
                    { "id": "contoso", "jurisdiction": "US", "match": { "packages": ["Contoso.*"] } }
                  ]
                }
                """);

            Assert.True(Attributed(matcher, new PublisherEvidence { PackageId = "Baidu.AI" }).IsRestricted);
            Assert.False(Attributed(matcher, new PublisherEvidence { PackageId = "Exempt.Sdk" }).IsRestricted);
            Assert.True(Attributed(matcher, new PublisherEvidence { PackageId = "Kaspersky.Sdk" }).IsRestricted);
            Assert.False(Attributed(matcher, new PublisherEvidence { PackageId = "Contoso.Sdk" }).IsRestricted);
        }

        [Fact]
        public void Evidence_pointing_to_several_vendors_lists_them_in_policy_order()
        {
            var matcher = Matcher("""
                {
                  "vendors": [
                    { "id": "tencent", "match": { "owners": ["Tencent"] } },
                    { "id": "alibaba", "match": { "packages": ["aliyun-*"] } },
                    { "id": "baidu", "match": { "authors": ["Baidu"] } }
                  ]
                }
                """);
            var evidence = new PublisherEvidence { PackageId = "aliyun-net-sdk-core", Authors = new[] { "Baidu" }, Owners = new[] { "Tencent" } };

            var attributions = matcher.Match(evidence);

            Assert.Equal(new[] { "tencent", "alibaba", "baidu" }, attributions.Select(a => a.Vendor.Id));
        }

        [Fact]
        public void Newtonsoft_Json_is_not_Baidus_even_though_Baidu_AI_depends_on_it()
        {
            var evidence = new PublisherEvidence
            {
                PackageId = "Newtonsoft.Json",
                Owners = new[] { "jamesnk", "newtonsoft" },
                Authors = new[] { "James Newton-King" },
                Repositories = new[] { "https://github.com/JamesNK/Newtonsoft.Json" },
                CertificateSubject = "CN=Json.NET (.NET Foundation), O=Json.NET (.NET Foundation), L=Redmond, S=wa, C=US",
                Assemblies = new[] { "Newtonsoft.Json" },
                PublicKeyTokens = new[] { "30ad4fe6b2a6aeed" },
                Namespaces = new[] { "Newtonsoft.Json", "Newtonsoft.Json.Linq" },
            };

            Assert.Empty(Matcher().Match(evidence));
        }

        [Fact]
        public void Empty_evidence_matches_nothing()
        {
            Assert.Empty(Matcher().Match(new PublisherEvidence()));
        }

        [Fact]
        public void Matcher_exposes_its_policy()
        {
            var policy = PolicyAssert.Valid(BaiduPolicy);

            Assert.Same(policy, new VendorMatcher(policy).Policy);
        }

        // ---- one signature contradicts free text, one pattern is one signal ---------------------------

        [Fact]
        public void An_attribution_resting_only_on_overruled_signals_is_neither_weak_nor_unverified()
        {
            var evidence = new PublisherEvidence { PackageId = "wang.BaiduOcr", Owners = new[] { "wang" }, Authors = new[] { "Baidu" } };

            var attribution = Assert.Single(Matcher().Match(evidence));

            Assert.Empty(attribution.Signals);
            Assert.False(attribution.IsWeak);
            Assert.False(attribution.IsUnverified);
        }

        [Fact]
        public void Authors_stay_when_the_vendor_declares_no_owners_or_certificates_for_a_signature_to_contradict()
        {
            var matcher = Matcher("""{ "vendors": [ { "id": "baidu", "match": { "authors": ["Baidu"] } } ] }""");
            var evidence = new PublisherEvidence { PackageId = "wang.BaiduOcr", Owners = new[] { "wang" }, CertificateSubject = "CN=Wang Ltd", Authors = new[] { "Baidu" } };

            var attribution = Attributed(matcher, evidence);

            Assert.Equal(SignalKind.Author, Assert.Single(attribution.Signals).Kind);
            Assert.Empty(attribution.Overruled);
        }

        [Fact]
        public void A_value_that_several_patterns_match_is_one_signal_named_by_the_first_pattern()
        {
            var matcher = Matcher("""
                { "vendors": [ { "id": "baidu", "match": {
                  "owners": ["Baidu-AI", "Baidu*"], "authors": ["Baidu", "Baidu*"], "assemblies": ["AipSdk", "Aip*"] } } ] }
                """);
            var evidence = new PublisherEvidence { Owners = new[] { "Baidu-AI" }, Authors = new[] { "Baidu" }, Assemblies = new[] { "AipSdk" } };

            var attribution = Attributed(matcher, evidence);

            Assert.Equal(new[] { "owner 'Baidu-AI' in the repository signature", "assembly 'AipSdk'", "author 'Baidu' in the nuspec" }, attribution.Signals.Select(s => s.Describe()));
        }

        [Fact]
        public void An_assembly_company_is_matched_against_the_authors_as_weak_free_text()
        {
            var attribution = Attributed(Matcher(), new PublisherEvidence { Assemblies = new[] { "Other" }, AssemblyCompany = "Baidu" });

            var signal = Assert.Single(attribution.Signals);
            Assert.Equal((SignalKind.AssemblyCompany, "AssemblyCompany 'Baidu'"), (signal.Kind, signal.Describe()));
            Assert.True(attribution.IsWeak);
        }

        // ---- native libraries ------------------------------------------------------------------------

        [Theory]
        [InlineData("HCNetSDK", new[] { "HCNetSDK" })]
        [InlineData("./lib/libHCNetSDK.so.1", new[] { "libHCNetSDK", "HCNetSDK" })]
        [InlineData("/HCNetSDK.so", new[] { "HCNetSDK" })]
        [InlineData(@"C:\sdk\HCNetSDK.dll", new[] { "HCNetSDK" })]
        [InlineData(@"sdk/x64\HCNetSDK.DLL", new[] { "HCNetSDK" })]
        [InlineData(@"sdk\x64/HCNetSDK.exe", new[] { "HCNetSDK" })]
        [InlineData("  libdhnetsdk.dylib ", new[] { "libdhnetsdk", "dhnetsdk" })]
        [InlineData("HCNetSDK.dllmain", new[] { "HCNetSDK.dllmain" })]   // an extension only ends the name or precedes a version
        [InlineData(".so", new[] { ".so" })]                             // a name is not its extension
        [InlineData("aip", new[] { "aip" })]
        [InlineData("lib", new[] { "lib" })]                             // "lib" alone is a name, not a prefix
        public void A_native_library_is_compared_without_directories_extension_or_lib_prefix(string library, string[] names)
        {
            Assert.Equal(names, VendorMatcher.NativeLibraryNames(library));
        }

        private const string DevicePolicy = """
            {
              "vendors": [
                { "id": "hikvision", "restricted": true, "match": { "nativeLibraries": ["HCNetSDK", "HCNet*"], "endpoints": ["*.hik-connect.com", "api.hik-connect.com"] } },
                { "id": "dahua", "restricted": true, "match": { "nativeLibraries": ["dhnetsdk"], "endpoints": ["*.dahuasecurity.com"] } },
                { "id": "reseller", "match": { "nativeLibraries": ["HCNetSDK"], "endpoints": ["api.hik-connect.com"] } }
              ]
            }
            """;

        [Fact]
        public void A_native_library_is_attributed_to_every_vendor_naming_it_once_each_with_the_name_as_loaded()
        {
            var attributions = Matcher(DevicePolicy).MatchNativeLibrary("./lib/libHCNetSDK.so.1");

            Assert.Equal(new[] { "hikvision", "reseller" }, attributions.Select(a => a.Vendor.Id));
            var signal = Assert.Single(attributions[0].Signals);
            Assert.Equal((SignalKind.NativeLibrary, "libHCNetSDK", "HCNetSDK"), (signal.Kind, signal.Value, signal.Pattern));
            Assert.Equal("native library 'libHCNetSDK' (matches 'HCNetSDK')", signal.Describe());
            Assert.True(attributions[0].IsRestricted);
            Assert.False(attributions[1].IsRestricted);
        }

        [Fact]
        public void A_native_library_no_vendor_names_is_attributed_to_nobody()
        {
            Assert.Empty(Matcher(DevicePolicy).MatchNativeLibrary("sqlite3.dll"));
        }

        [Theory]
        [InlineData("api.hik-connect.com", new[] { "hikvision", "reseller" })]
        [InlineData("API.Hik-Connect.com.", new[] { "hikvision", "reseller" })]
        [InlineData("hik-connect.com", new[] { "hikvision" })]       // *.example.com also stands for example.com
        [InlineData("p2p.dahuasecurity.com", new[] { "dahua" })]
        [InlineData("evilhik-connect.com", new string[0])]
        [InlineData("api.hik-connect.com.cn", new string[0])]
        [InlineData("connect.com", new string[0])]
        public void A_host_is_attributed_to_every_vendor_whose_endpoints_match_it_once_each(string host, string[] vendors)
        {
            var attributions = Matcher(DevicePolicy).MatchEndpoint(host);

            Assert.Equal(vendors, attributions.Select(a => a.Vendor.Id));
            Assert.All(attributions, a => Assert.Single(a.Signals));
        }

        [Fact]
        public void An_endpoint_signal_names_the_host_and_the_pattern_it_matched()
        {
            var signal = Assert.Single(Matcher(DevicePolicy).MatchEndpoint("hik-connect.com.")[0].Signals);

            Assert.Equal((SignalKind.Endpoint, "hik-connect.com", "host 'hik-connect.com' (matches '*.hik-connect.com')"), (signal.Kind, signal.Value, signal.Describe()));
        }

        [Fact]
        public void An_owner_signal_without_a_source_says_it_was_read_from_the_repository_signature()
        {
            Assert.Equal("owner 'Baidu-AI' in the repository signature", new MatchedSignal(SignalKind.Owner, "Baidu-AI", "Baidu-AI").Describe());
            Assert.Equal("owner 'baidu-ai' in the repository countersignature (matches 'Baidu-AI*')",
                new MatchedSignal(SignalKind.Owner, "baidu-ai", "Baidu-AI*", "repository countersignature").Describe());
        }
    }
}
