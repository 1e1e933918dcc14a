using System.Threading.Tasks;
using SupplyChainGuard.CodeFixes;
using Xunit;
using Fix = SupplyChainGuard.Analyzers.Tests.FixVerify<SupplyChainGuard.Analyzers.RestrictedApiAnalyzer, SupplyChainGuard.CodeFixes.UseAlternativeCodeFixProvider>;

namespace SupplyChainGuard.Analyzers.Tests
{
    /// <summary>SCG0101's fix: the mapped type replaces the restricted one wherever it stands; a mapped member is renamed.</summary>
    public sealed class UseAlternativeCodeFixProviderTests
    {
        [Fact]
        public Task Object_creation_and_a_mapped_member_move_to_the_alternative_and_the_using_is_added() => Fix.RunAsync("""
            using System.Collections.Generic;
            using Baidu.Aip.Ocr;

            class App
            {
                object Read(byte[] image)
                {
                    var client = new {|SCG0101:Ocr|}("key", "secret");
                    return client.{|SCG0101:GeneralBasic|}(image, null);
                }
            }
            """, """
            using System.Collections.Generic;
            using Baidu.Aip.Ocr;
            using Contoso.Ocr;

            class App
            {
                object Read(byte[] image)
                {
                    var client = new OcrClient("key", "secret");
                    return client.DetectText(image, null);
                }
            }
            """);

        [Fact]
        public Task Declarations_generic_arguments_typeof_casts_and_qualified_names_are_rewritten() => Fix.RunAsync("""
            using System;
            using System.Collections.Generic;

            class App
            {
                private Baidu.Aip.Ocr.{|SCG0101:Ocr|}? _client;
                private List<Baidu.Aip.Ocr.{|SCG0101:Ocr|}> _all = new List<Baidu.Aip.Ocr.{|SCG0101:Ocr|}>();

                Type Kind(object value)
                {
                    var cast = (Baidu.Aip.Ocr.{|SCG0101:Ocr|})value;
                    return typeof(global::Baidu.Aip.Ocr.{|SCG0101:Ocr|});
                }
            }
            """, """
            using System;
            using System.Collections.Generic;
            using Contoso.Ocr;

            class App
            {
                private OcrClient? _client;
                private List<OcrClient> _all = new List<OcrClient>();

                Type Kind(object value)
                {
                    var cast = (OcrClient)value;
                    return typeof(OcrClient);
                }
            }
            """);

        [Fact]
        public Task Comments_and_whitespace_around_the_name_are_kept() => Fix.RunAsync("""
            using Contoso.Ocr;

            class App
            {
                object Make() => new /* the OCR client */ Baidu.Aip.Ocr.{|SCG0101:Ocr|} /* keys */ ("key", "secret");
            }
            """, """
            using Contoso.Ocr;

            class App
            {
                object Make() => new /* the OCR client */ OcrClient /* keys */ ("key", "secret");
            }
            """);

        [Fact]
        public Task Without_a_types_map_no_code_change_is_offered()
        {
            const string source = """
                class App
                {
                    object Make() => new Baidu.Aip.Ocr.{|SCG0101:Ocr|}("key", "secret");
                }
                """;
            return Fix.RunAsync(source, source, Policies.BaiduByNamespace.Replace("\"types\": { \"Baidu.Aip.Ocr.Ocr\": \"Amazon.Textract.AmazonTextractClient\" },", string.Empty));
        }

        [Fact]
        public Task An_unmapped_member_of_a_mapped_type_keeps_its_diagnostic_and_gets_no_fix()
        {
            var test = Fix.Create("""
                using Contoso.Ocr;

                class App
                {
                    object Read(Baidu.Aip.Ocr.{|SCG0101:Ocr|} client) => client.{|SCG0101:GeneralEnhanced|}(new byte[0], null);
                }
                """, """
                using Contoso.Ocr;

                class App
                {
                    object Read(OcrClient client) => client.{|CS1061:GeneralEnhanced|}(new byte[0], null);
                }
                """);
            return test.RunAsync();
        }

        [Fact]
        public void The_fix_is_in_one_equivalence_class_so_Fix_All_batches_it()
        {
            Assert.Equal("SCG0101.UseAlternative", UseAlternativeCodeFixProvider.EquivalenceKey);
            Assert.NotNull(new UseAlternativeCodeFixProvider().GetFixAllProvider());
        }
    }
}
