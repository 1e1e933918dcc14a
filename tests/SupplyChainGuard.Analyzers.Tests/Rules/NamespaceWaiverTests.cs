using System.Threading.Tasks;
using Xunit;
using VerifyApi = SupplyChainGuard.Analyzers.Tests.Verify<SupplyChainGuard.Analyzers.RestrictedApiAnalyzer>;
using VerifyImport = SupplyChainGuard.Analyzers.Tests.Verify<SupplyChainGuard.Analyzers.RestrictedNamespaceImportAnalyzer>;

namespace SupplyChainGuard.Analyzers.Tests
{
    /// <summary>
    /// A waiver scoped by <c>namespaces</c> (docs/policy.md): it covers SDK usages in those namespaces and their
    /// sub-namespaces, segment by segment, and nothing else of the vendor — on SCG0101 and SCG0102 alike.
    /// Baidu.AI 4.15.10 declares <c>Baidu.Aip.Ocr.Ocr</c> and <c>Baidu.Aip.Nlp.Nlp</c> beside <c>Baidu.Aip.AipException</c>.
    /// </summary>
    public sealed class NamespaceWaiverTests
    {
        private const string Usings = "using Baidu.Aip; using Baidu.Aip.Ocr; using Baidu.Aip.Nlp;\n";

        private static string Waiving(string namespaces, string expires = "2099-12-31") =>
            Policies.BaiduByNamespace.Replace("\"restrictedJurisdictions\": [\"CN\"],",
                "\"restrictedJurisdictions\": [\"CN\"], \"waivers\": [ { \"vendor\": \"baidu\", \"namespaces\": [" + namespaces
                + "], \"reason\": \"legacy OCR, ticket SEC-481\", \"expires\": \"" + expires + "\" } ],");

        [Fact]
        public Task A_waiver_for_a_namespace_silences_uses_of_its_types_and_not_of_the_vendors_other_namespaces() =>
            VerifyApi.AnalyzeAsync(Usings + """
                class App
                {
                    object Read() => new Ocr("key", "secret");
                    object Parse() => new {|SCG0101:Nlp|}("key", "secret");
                    object Fail() => new {|SCG0101:AipException|}("x");
                }
                """, Waiving("\"Baidu.Aip.Ocr\""));

        [Fact]
        public Task A_waiver_for_a_parent_namespace_covers_its_sub_namespaces() =>
            VerifyApi.AnalyzeAsync(Usings + """
                class App
                {
                    object Read() => new Ocr("key", "secret");
                    object Parse() => new Nlp("key", "secret");
                    object Fail() => new AipException("x");
                }
                """, Waiving("\"Baidu.Aip\""));

        [Fact]
        public Task A_waiver_for_a_namespace_prefix_that_ends_inside_a_segment_covers_nothing() =>
            VerifyApi.AnalyzeAsync(Usings + """
                class App
                {
                    object Read() => new {|SCG0101:Ocr|}("key", "secret");
                    object Fail() => new {|SCG0101:AipException|}("x");
                }
                """, Waiving("\"Baidu.Ai\", \"Baidu.Aip.Oc\""));

        [Fact]
        public Task A_waiver_for_several_namespaces_covers_each_of_them() =>
            VerifyApi.AnalyzeAsync(Usings + """
                class App
                {
                    object Read() => new Ocr("key", "secret");
                    object Parse() => new Nlp("key", "secret");
                    object Fail() => new {|SCG0101:AipException|}("x");
                }
                """, Waiving("\"Baidu.Aip.Ocr\", \"Baidu.Aip.Nlp\""));

        [Fact]
        public Task An_expired_namespace_waiver_silences_nothing() =>
            VerifyApi.AnalyzeAsync(Usings + """
                class App { object Read() => new {|SCG0101:Ocr|}("key", "secret"); }
                """, Waiving("\"Baidu.Aip.Ocr\"", expires: "2020-01-01"));

        [Fact]
        public Task A_namespace_waiver_silences_the_import_of_that_namespace_and_not_the_import_of_another() =>
            VerifyImport.AnalyzeAsync("""
                using Baidu.Aip.Ocr;
                using static Baidu.Aip.Ocr.Ocr;
                {|SCG0102:using Baidu.Aip.Nlp;|}
                {|SCG0102:using Baidu.Aip;|}
                class App { }
                """, Waiving("\"Baidu.Aip.Ocr\""));
    }
}
