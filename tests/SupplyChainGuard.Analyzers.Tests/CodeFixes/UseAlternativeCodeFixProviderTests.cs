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
        public Task The_added_using_goes_below_the_file_header_and_nullable_line_in_sorted_place() => Fix.RunAsync("""
            // Reads receipts with the OCR service.
            // Owned by the billing team.
            #nullable enable
            using Newtonsoft.Json.Linq;

            class App
            {
                JObject Read(byte[] image) => new Baidu.Aip.Ocr.{|SCG0101:Ocr|}("key", "secret").{|SCG0101:GeneralBasic|}(image, null);
            }
            """, """
            // Reads receipts with the OCR service.
            // Owned by the billing team.
            #nullable enable
            using Contoso.Ocr;
            using Newtonsoft.Json.Linq;

            class App
            {
                JObject Read(byte[] image) => new OcrClient("key", "secret").DetectText(image, null);
            }
            """);

        [Fact]
        public Task The_added_using_follows_editorconfig_where_the_file_sorts_both_ways()
        {
            // Only System usings: sorted with System first and plainly alike, so .editorconfig decides.
            var test = Fix.Create("""
                using System;
                using System.Collections.Generic;

                class App
                {
                    object Make(List<byte[]> images) => new Baidu.Aip.Ocr.{|SCG0101:Ocr|}("key", "secret").{|SCG0101:GeneralBasic|}(images[0], null);
                }
                """, """
                using Contoso.Ocr;
                using System;
                using System.Collections.Generic;

                class App
                {
                    object Make(List<byte[]> images) => new OcrClient("key", "secret").DetectText(images[0], null);
                }
                """);
            foreach (var state in new[] { test.TestState, test.FixedState })
            {
                state.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*.cs]\ndotnet_sort_system_directives_first = false\n"));
            }

            return test.RunAsync();
        }

        [Fact]
        public Task No_using_is_added_for_a_namespace_a_global_using_in_another_file_imports()
        {
            var test = Fix.Create("""
                class App
                {
                    object Make() => new Baidu.Aip.Ocr.{|SCG0101:Ocr|}("key", "secret");
                }
                """, """
                class App
                {
                    object Make() => new OcrClient("key", "secret");
                }
                """);
            foreach (var state in new[] { test.TestState, test.FixedState })
            {
                state.Sources.Add(("/0/GlobalUsings.cs", "global using Contoso.Ocr;\n"));
            }

            return test.RunAsync();
        }

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
