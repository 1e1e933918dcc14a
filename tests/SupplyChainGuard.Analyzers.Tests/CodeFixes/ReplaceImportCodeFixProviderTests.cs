using System.Threading.Tasks;
using Xunit;
using Fix = SupplyChainGuard.Analyzers.Tests.FixVerify<SupplyChainGuard.Analyzers.RestrictedNamespaceImportAnalyzer, SupplyChainGuard.CodeFixes.ReplaceImportCodeFixProvider>;

namespace SupplyChainGuard.Analyzers.Tests
{
    /// <summary>SCG0102's fix: the directive imports the mapped namespace or type, in the same form.</summary>
    public sealed class ReplaceImportCodeFixProviderTests
    {
        [Fact]
        public Task Plain_global_static_and_alias_directives_keep_their_form() => Fix.RunAsync("""
            {|SCG0102:global using Baidu.Aip.Ocr;|}
            {|SCG0102:using static Baidu.Aip.Ocr.Ocr;|}
            {|SCG0102:using Reader = Baidu.Aip.Ocr.Ocr;|}
            {|SCG0102:using OcrApi = Baidu.Aip.Ocr;|}

            class App { }
            """, """
            global using Contoso.Ocr;
            using static Contoso.Ocr.OcrClient;
            using Reader = Contoso.Ocr.OcrClient;
            using OcrApi = Contoso.Ocr;

            class App { }
            """);

        [Fact]
        public Task The_types_and_members_the_import_brought_in_move_with_it() => Fix.RunAsync("""
            {|SCG0102:using Baidu.Aip.Ocr;|}

            class App
            {
                object Read(byte[] image) => new Ocr("key", "secret").GeneralBasic(image, null);
            }
            """, """
            using Contoso.Ocr;

            class App
            {
                object Read(byte[] image) => new OcrClient("key", "secret").DetectText(image, null);
            }
            """);

        [Fact]
        public Task A_directive_that_would_repeat_an_existing_one_is_removed() => Fix.RunAsync("""
            using System;
            using Contoso.Ocr;
            {|SCG0102:using Baidu.Aip.Ocr;|}

            class App { }
            """, """
            using System;
            using Contoso.Ocr;

            class App { }
            """);

        [Fact]
        public Task A_directive_that_would_repeat_a_later_one_is_removed_too() => Fix.RunAsync("""
            {|SCG0102:using Baidu.Aip.Ocr;|}
            using Contoso.Ocr;

            class App { }
            """, """
            using Contoso.Ocr;

            class App { }
            """);

        [Fact]
        public Task Without_a_namespaces_map_no_code_change_is_offered()
        {
            const string source = "{|SCG0102:using Baidu.Aip;|}\n\nclass App { }\n";
            return Fix.RunAsync(source, source);
        }
    }
}
