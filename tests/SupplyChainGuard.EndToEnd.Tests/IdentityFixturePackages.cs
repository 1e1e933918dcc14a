using SupplyChainGuard.TestKit;

namespace SupplyChainGuard.EndToEnd.Tests
{
    /// <summary>
    /// Packages that try to pass as someone else's, signed offline as nuget.org signs (the TestKit's self-signed
    /// repository certificate names the owners). Ids with Cyrillic or Greek letters are valid NuGet ids.
    /// </summary>
    internal static class IdentityFixturePackages
    {
        /// <summary><c>Bаidu.AI</c> with U+0430 CYRILLIC SMALL LETTER A for the first 'a'.</summary>
        public const string CyrillicBaidu = "B\u0430idu.AI";

        /// <summary><c>Newtonsoft.Jsοn</c> with U+03BF GREEK SMALL LETTER OMICRON.</summary>
        public const string GreekNewtonsoft = "Newtonsoft.Js\u03BFn";

        public static void WriteAll(string feed)
        {
            // Look-alikes of Baidu.AI, uploaded by someone else.
            new FixturePackage(CyrillicBaidu, "4.15.10") { RepositoryOwners = new[] { "mallory" }, Authors = "Baidu" }.WriteTo(feed);
            new FixturePackage("Baidu.Al", "4.15.10") { RepositoryOwners = new[] { "mallory" }, Authors = "Baidu" }.WriteTo(feed);

            // A look-alike of an allowed vendor's id that claims its author.
            new FixturePackage(GreekNewtonsoft, "13.0.1") { RepositoryOwners = new[] { "mallory" }, Authors = "James Newton-King" }.WriteTo(feed);

            // The nuspec claims Microsoft; the repository signature names Tencent's nuget.org account.
            new FixturePackage("Fabrikam.Telemetry", "3.1.0")
            {
                RepositoryOwners = new[] { "tencentcloudapi" },
                Authors = "Microsoft",
                ProjectUrl = "https://github.com/microsoft/fabrikam-telemetry",
            }.WriteTo(feed);

            // The nuspec claims Baidu; the signature names Contoso.
            new FixturePackage("Contoso.Ocr", "1.0.0") { RepositoryOwners = new[] { "contoso" }, Authors = "Baidu" }.WriteTo(feed);

            // Unsigned, and only its authors say Baidu: a weak finding.
            new FixturePackage("Ocr.Helper", "1.0.0") { Authors = "Baidu" }.WriteTo(feed);

            // A package that changes hands between versions.
            new FixturePackage("Acme.Transfer", "1.0.0") { RepositoryOwners = new[] { "acme" }, Authors = "Acme" }.WriteTo(feed);
            new FixturePackage("Acme.Transfer", "2.0.0") { RepositoryOwners = new[] { "mallory" }, Authors = "Acme" }.WriteTo(feed);
        }
    }
}
