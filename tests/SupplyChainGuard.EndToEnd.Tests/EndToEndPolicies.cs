namespace SupplyChainGuard.EndToEnd.Tests
{
    /// <summary>Policies the fail-closed end-to-end tests write, as a user writes them.</summary>
    internal static class EndToEndPolicies
    {
        /// <summary>Baidu by its nuget.org owner only: the analyzer can apply it to SDK types through the hand-over alone.</summary>
        public const string BaiduByOwner = """
            {
              "id": "baidu",
              "name": "Baidu, Inc.",
              "jurisdiction": "CN",
              "reason": "Company policy SEC-12",
              "match": { "owners": ["Baidu-AI"] }
            }
            """;

        public const string TencentByOwner = """
            {
              "id": "tencent",
              "name": "Tencent Holdings",
              "jurisdiction": "CN",
              "match": { "owners": ["tencentcloudapi"] }
            }
            """;

        public static string Policy(string vendors, string extra = "") =>
            $$"""
            {
              // written by the end-to-end tests
              "restrictedJurisdictions": ["CN"],
              "vendors": [ {{vendors}} ],
              {{extra}}
            }
            """;

        /// <summary>A valid policy that restricts nothing the tests use.</summary>
        public static string Lax => Policy("""{ "id": "nobody", "name": "Nobody", "restricted": true, "match": { "owners": ["no-such-owner"] } }""");

        public const string OcrClient = """
            namespace App
            {
                public static class OcrClient
                {
                    public static object Create() => new Baidu.Aip.Ocr.Ocr("api-key", "secret-key");
                }
            }
            """;
    }
}
