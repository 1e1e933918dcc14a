using System.IO;
using System.Linq;
using Xunit;

namespace SupplyChainGuard.EndToEnd.Tests
{
    /// <summary>
    /// Identity that can't be spoofed, as users get it from the packed package: ids and nuspec text are free for
    /// anyone to write, signatures are not. Fixture packages are signed offline with self-signed certificates.
    /// </summary>
    [Collection(EndToEndCollection.Name)]
    public sealed class IdentityEndToEndTests
    {
        private const string Baidu = """
            { "id": "baidu", "name": "Baidu, Inc.", "jurisdiction": "CN", "severity": "error",
              "match": { "owners": ["Baidu-AI"], "packages": ["Baidu.AI"], "authors": ["Baidu"] } }
            """;

        private const string Tencent = """
            { "id": "tencent", "name": "Tencent Holdings", "jurisdiction": "CN", "match": { "owners": ["tencentcloudapi"] } }
            """;

        private const string Microsoft = """
            { "id": "microsoft", "name": "Microsoft Corporation", "restricted": false,
              "match": { "owners": ["Microsoft"], "authors": ["Microsoft"], "repositories": ["github.com/microsoft/*"] } }
            """;

        private readonly PackedPackageFixture _fixture;

        public IdentityEndToEndTests(PackedPackageFixture fixture)
        {
            _fixture = fixture;
        }

        private static string Policy(string vendors, string extra = "") =>
            $$"""
            {
              {{extra}}
              "restrictedJurisdictions": ["CN"],
              "vendors": [ {{vendors}} ]
            }
            """;

        private ConsumerProject Consumer(string name, string references, string vendors, string extra = "", string properties = "") =>
            _fixture.NewConsumer(name)
                .Write("App.csproj", ConsumerProject.ProjectXml(references, properties))
                .Write("supplychainguard.json", Policy(vendors, extra));

        [Fact]
        public void A_nuspec_claiming_Microsoft_whose_owners_are_a_restricted_vendors_is_that_vendors_package_by_owner()
        {
            var app = Consumer("claims-microsoft", """
                    <PackageReference Include="Fabrikam.Telemetry" Version="3.1.0" />
                """, Tencent + "," + Microsoft);

            var build = app.Build();

            Assert.True(build.ExitCode == 0, build.Output);
            var finding = build.Single("SCG0001");
            Assert.Equal((app.PathOf("App.csproj"), app.LineOf("App.csproj", "Fabrikam.Telemetry")), (finding.File, finding.Line));
            Assert.Equal(
                "Package 'Fabrikam.Telemetry' 3.1.0 is published by 'Tencent Holdings' (vendor 'tencent', CN), which the policy restricts: owner 'tencentcloudapi' in the repository signature. "
                + "Its nuspec claims 'Microsoft Corporation' (vendor 'microsoft') with repository 'github.com/microsoft/fabrikam-telemetry' in the nuspec (matches 'github.com/microsoft/*'); "
                + "author 'Microsoft' in the nuspec, but its signature names someone else, so the claim is set aside.",
                finding.Message);
        }

        [Fact]
        public void Authors_claiming_a_vendor_of_a_package_signed_by_someone_else_are_overruled_and_the_build_says_so()
        {
            var app = Consumer("claims-baidu", """
                    <PackageReference Include="Contoso.Ocr" Version="1.0.0" />
                """, Baidu);

            var build = app.Build(null, "-v:n");

            Assert.True(build.ExitCode == 0, build.Output);
            Assert.Empty(build.Diagnostics);
            Assert.Contains(
                "SupplyChainGuard: 'Contoso.Ocr' 1.0.0: Its nuspec claims 'Baidu, Inc.' (vendor 'baidu', CN) with author 'Baidu' in the nuspec, but its signature names someone else, so the claim is set aside.",
                build.Output);
        }

        [Fact]
        public void A_finding_resting_only_on_free_text_says_it_is_weak_and_stays_a_warning_whatever_the_vendor_severity()
        {
            var app = Consumer("weak", """
                    <PackageReference Include="Ocr.Helper" Version="1.0.0" />
                """, Baidu);

            var build = app.Build();

            Assert.True(build.ExitCode == 0, build.Output);
            var finding = build.Single("SCG0001");
            Assert.Equal("warning", finding.Severity);
            Assert.Equal(
                "Package 'Ocr.Helper' 1.0.0 is published by 'Baidu, Inc.' (vendor 'baidu', CN), which the policy restricts: author 'Baidu' in the nuspec "
                + "(weak: free text in the nuspec, not verified by a signature). Resting on free text only, it is a warning, not an error (\"weakSignals\": \"report\").",
                finding.Message);

            app.Write("supplychainguard.json", Policy(Baidu, "\"weakSignals\": \"ignore\","));
            Assert.Empty(app.Build().Diagnostics);
        }

        [Fact]
        public void Cyrillic_and_lower_case_L_lookalikes_of_Baidu_AI_are_SCG0004_at_their_references()
        {
            var app = Consumer("lookalikes", $"""
                    <PackageReference Include="{IdentityFixturePackages.CyrillicBaidu}" Version="4.15.10" />
                    <PackageReference Include="Baidu.Al" Version="4.15.10" />
                """, Baidu.Replace(", \"authors\": [\"Baidu\"]", string.Empty).Replace(" \"severity\": \"error\",", string.Empty));

            var build = app.Build();

            Assert.True(build.ExitCode == 0, build.Output);
            var findings = build.OfCode("SCG0004").OrderBy(d => d.Line).ToList();
            Assert.Equal(2, findings.Count);
            Assert.All(findings, f => Assert.Equal(("warning", app.PathOf("App.csproj")), (f.Severity, f.File)));

            Assert.Equal(app.LineOf("App.csproj", IdentityFixturePackages.CyrillicBaidu), findings[0].Line);
            Assert.Equal(
                $"Package '{IdentityFixturePackages.CyrillicBaidu}' 4.15.10 has an id that looks like 'Baidu.AI' of 'Baidu, Inc.' (vendor 'baidu', CN), but that vendor's owners or certificate do not sign it: "
                + "'\u0430' (U+0430 CYRILLIC SMALL LETTER A) in place of 'a' (U+0061), a Unicode confusable (UTS #39). The id mixes scripts: Latin, Cyrillic. "
                + "It is signed with owner 'mallory' in the repository signature.",
                findings[0].Message);

            Assert.Equal(app.LineOf("App.csproj", "Baidu.Al\""), findings[1].Line);
            Assert.Equal(
                "Package 'Baidu.Al' 4.15.10 has an id that looks like 'Baidu.AI' of 'Baidu, Inc.' (vendor 'baidu', CN), but that vendor's owners or certificate do not sign it: "
                + "'l' (U+006C) in place of 'I' (U+0049), an ASCII look-alike. It is signed with owner 'mallory' in the repository signature.",
                findings[1].Message);
            Assert.Empty(build.OfCode("SCG0001"));
        }

        [Fact]
        public void In_allowlist_mode_a_lookalike_of_an_allowed_vendors_id_is_SCG0003_and_SCG0004()
        {
            var app = _fixture.NewConsumer("allowlist-lookalike")
                .Write("App.csproj", ConsumerProject.ProjectXml($"""
                        <PackageReference Include="{IdentityFixturePackages.GreekNewtonsoft}" Version="13.0.1" />
                    """))
                .Write("supplychainguard.json", """
                    {
                      "mode": "allowlist",
                      "vendors": [
                        { "id": "us", "restricted": false, "match": { "packages": ["SupplyChainGuard"] } },
                        { "id": "newtonsoft", "name": "Newtonsoft", "restricted": false,
                          "match": { "owners": ["newtonsoft", "jamesnk"], "packages": ["Newtonsoft.Json"], "authors": ["James Newton-King"] } }
                      ]
                    }
                    """);

            var build = app.Build();

            var line = app.LineOf("App.csproj", IdentityFixturePackages.GreekNewtonsoft);
            var notAllowed = build.Single("SCG0003");
            var lookalike = build.Single("SCG0004");
            Assert.Equal((line, line), (notAllowed.Line, lookalike.Line));
            Assert.Contains("cannot be established as published by an allowed vendor", notAllowed.Message);
            Assert.Contains("Its nuspec claims 'Newtonsoft' (vendor 'newtonsoft') with author 'James Newton-King' in the nuspec, but its signature names someone else", notAllowed.Message);
            Assert.Contains("has an id that looks like 'Newtonsoft.Json' of 'Newtonsoft' (vendor 'newtonsoft')", lookalike.Message);
            Assert.Contains("'\u03BF' (U+03BF GREEK SMALL LETTER OMICRON) in place of 'o' (U+006F)", lookalike.Message);
        }

        [Fact]
        public void A_package_whose_owners_change_between_versions_is_SCG0005_until_UpdateLock_accepts_it()
        {
            var app = Consumer("transfer", """
                    <PackageReference Include="Acme.Transfer" Version="1.0.0" />
                """, Tencent, properties: "    <SupplyChainGuardLockFile>true</SupplyChainGuardLockFile>");
            var lockFile = app.PathOf("supplychainguard.lock.json");

            var first = app.Build();
            Assert.True(first.ExitCode == 0, first.Output);
            Assert.Empty(first.Diagnostics);
            Assert.Contains("\"Acme.Transfer\": {\n      \"fromVersion\": \"1.0.0\",\n      \"signature\": \"repository\",\n      \"owners\": [\n        \"acme\"\n      ]\n    }", File.ReadAllText(lockFile));

            app.Write("App.csproj", File.ReadAllText(app.PathOf("App.csproj")).Replace("Version=\"1.0.0\"", "Version=\"2.0.0\""));
            var changed = app.Build();
            var finding = changed.Single("SCG0005");
            Assert.Equal(("warning", app.LineOf("App.csproj", "Acme.Transfer")), (finding.Severity, finding.Line));
            Assert.Equal(
                "The publisher of package 'Acme.Transfer' 2.0.0 differs from what 'supplychainguard.lock.json' pinned (recorded from 1.0.0): owners 'acme' → 'mallory'. "
                + "A package sold to another company or an account taken over looks like this; if the change is expected, accept it with "
                + "'dotnet build -p:SupplyChainGuardUpdateLock=true' and review the lock file's diff.",
                finding.Message);

            // A no-op build replays the finding rather than forgetting it.
            Assert.Equal(finding, app.Build().Single("SCG0005"));

            var accepted = app.Build(null, "-p:SupplyChainGuardUpdateLock=true", "-v:n");
            Assert.Empty(accepted.OfCode("SCG0005"));
            Assert.Contains("SupplyChainGuard: accepted the new publisher of 'Acme.Transfer'", accepted.Output);
            Assert.Contains("\"fromVersion\": \"2.0.0\",\n      \"signature\": \"repository\",\n      \"owners\": [\n        \"mallory\"\n      ]", File.ReadAllText(lockFile));

            Assert.Empty(app.Build().Diagnostics);
        }
    }
}
