using SupplyChainGuard.TestKit;

namespace SupplyChainGuard.EndToEnd.Tests
{
    /// <summary>Packages for vendors the registry does not have, with the ids and owners VENDORS.md lists.</summary>
    internal static class FixturePackages
    {
        public static void WriteAll(string feed)
        {
            // Tencent's COS SDK stand-in, repository-signed with the owner nuget.org shows for Tencent.
            new FixturePackage("Tencent.QCloud.Cos.Sdk", "5.4.40") { RepositoryOwners = new[] { "tencentcloudapi" }, Authors = "Tencent Cloud API Team" }.WriteTo(feed);

            // A third party's wrapper that depends on it: the restriction must show as transitive.
            new FixturePackage("Acme.Storage.Wrapper", "1.2.0") { RepositoryOwners = new[] { "acme" }, Authors = "Acme" }
                .DependsOn("Tencent.QCloud.Cos.Sdk", "5.4.40").WriteTo(feed);

            // Another route to the same package, to show NoWarn covering only what a reference brings in.
            new FixturePackage("Acme.Media", "2.0.0") { RepositoryOwners = new[] { "acme" }, Authors = "Acme" }
                .DependsOn("Tencent.QCloud.Cos.Sdk", "5.4.40").WriteTo(feed);

            // A re-upload by an individual: the id and authors claim Alibaba, the owner does not.
            new FixturePackage("wang.aliyun-net-sdk-dysmsapi", "1.0.0") { RepositoryOwners = new[] { "wang" }, Authors = "Alibaba Cloud" }.WriteTo(feed);

            // Alibaba's own SDK, owner aliyun.
            new FixturePackage("aliyun-net-sdk-core", "1.5.10") { RepositoryOwners = new[] { "aliyun" }, Authors = "Alibaba Cloud" }.WriteTo(feed);

            // A package a test damages in its own packages folder after restore.
            new FixturePackage("Acme.Damaged", "1.0.0") { RepositoryOwners = new[] { "acme" } }.WriteTo(feed);

            // A crypto wrapper whose runtime.json maps linux-x64 to Tencent's native build: that package is only in
            // the assets file's RID-specific target.
            var crypto = new FixturePackage("Acme.Crypto", "1.0.0") { RepositoryOwners = new[] { "acme" }, Authors = "Acme" };
            crypto.Files["runtime.json"] = """
                { "runtimes": { "linux-x64": { "Acme.Crypto": { "Tencent.Kona.Native.linux-x64": "1.0.0" } } } }
                """;
            crypto.WriteTo(feed);
            var native = new FixturePackage("Tencent.Kona.Native.linux-x64", "1.0.0") { RepositoryOwners = new[] { "tencentcloudapi" }, Authors = "Tencent" };
            native.Files["runtimes/linux-x64/native/libkona.so"] = "not really a library";
            native.WriteTo(feed);

            // Free text with a TAB and a newline in it, which a console would print over two lines.
            new FixturePackage("Acme.Tabbed", "1.0.0") { Authors = "Tencent\tCloud\nAPI Team" }.WriteTo(feed);
        }

        /// <summary>
        /// A different, valid package with the same id and version as the feed's Tencent SDK, signed with an
        /// owner that no policy restricts: what an attacker would put in the packages folder. Not in the feed.
        /// </summary>
        public static string WriteImpostor(string folder) =>
            new FixturePackage("Tencent.QCloud.Cos.Sdk", "5.4.40") { RepositoryOwners = new[] { "acme" }, Authors = "Acme" }.WriteTo(folder);
    }
}
