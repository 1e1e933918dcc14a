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

            // A package this run will damage in the packages folder after restore.
            new FixturePackage("Acme.Damaged", "1.0.0") { RepositoryOwners = new[] { "acme" } }.WriteTo(feed);
        }
    }
}
