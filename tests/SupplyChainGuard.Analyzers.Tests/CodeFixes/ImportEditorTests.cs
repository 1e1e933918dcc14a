using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using SupplyChainGuard.CodeFixes;
using Xunit;

namespace SupplyChainGuard.Analyzers.Tests
{
    /// <summary>
    /// Where the fixes put the <c>using</c> they add: below the file's header comment and its <c>#nullable</c>,
    /// <c>#pragma</c> and <c>#define</c> lines, beside the other usings (inside the namespace when the file keeps
    /// them there), in the order the file already sorts them, and never inside an <c>#if</c> block.
    /// </summary>
    public sealed class ImportEditorTests
    {
        [Fact]
        public void A_header_comment_directly_above_the_first_using_stays_the_first_thing_in_the_file() => AssertAdded("""
            // Reads receipts with the OCR service.
            // Owned by the billing team.
            using Zeta.Tools;

            class App { }
            """, """
            // Reads receipts with the OCR service.
            // Owned by the billing team.
            using Contoso.Ocr;
            using Zeta.Tools;

            class App { }
            """);

        [Fact]
        public void A_header_block_comment_stays_on_top() => AssertAdded("""
            /*
             * Copyright (c) Contoso.
             */
            using Zeta.Tools;
            """, """
            /*
             * Copyright (c) Contoso.
             */
            using Contoso.Ocr;
            using Zeta.Tools;
            """);

        [Fact]
        public void A_comment_that_belongs_to_the_first_using_stays_with_it_below_the_header() => AssertAdded("""
            // Copyright (c) Contoso.

            // Kept for the legacy export path.
            using Zeta.Tools;
            """, """
            // Copyright (c) Contoso.

            using Contoso.Ocr;
            // Kept for the legacy export path.
            using Zeta.Tools;
            """);

        [Fact]
        public void Nullable_and_pragma_lines_above_the_usings_stay_above_the_new_one() => AssertAdded("""
            // Header.
            #nullable enable
            #pragma warning disable CS1591
            using Zeta.Tools;

            class App { }
            """, """
            // Header.
            #nullable enable
            #pragma warning disable CS1591
            using Contoso.Ocr;
            using Zeta.Tools;

            class App { }
            """);

        [Fact]
        public void Without_usings_the_new_one_goes_below_the_header_and_a_blank_line_separates_it_from_the_code() => AssertAdded("""
            // Header.

            var text = "receipt";
            """, """
            // Header.

            using Contoso.Ocr;

            var text = "receipt";
            """);

        [Fact]
        public void Without_usings_or_a_header_the_new_one_is_the_first_line() => AssertAdded("""
            class App { }
            """, """
            using Contoso.Ocr;

            class App { }
            """);

        [Fact]
        public void Without_usings_a_documentation_comment_stays_with_its_type() => AssertAdded("""
            // Header.

            /// <summary>The app.</summary>
            class App { }
            """, """
            // Header.

            using Contoso.Ocr;

            /// <summary>The app.</summary>
            class App { }
            """);

        [Fact]
        public void Define_lines_stay_before_the_new_using_as_the_compiler_requires() => AssertAdded("""
            #define TRACE_OCR
            #nullable enable
            class App { }
            """, """
            #define TRACE_OCR
            #nullable enable
            using Contoso.Ocr;

            class App { }
            """);

        [Fact]
        public void A_file_scoped_namespace_without_usings_gets_the_using_above_it() => AssertAdded("""
            // Header.
            namespace App;

            class Reader { }
            """, """
            // Header.
            using Contoso.Ocr;

            namespace App;

            class Reader { }
            """);

        [Fact]
        public void Usings_inside_a_file_scoped_namespace_get_the_new_one_beside_them() => AssertAdded("""
            namespace App;

            using Zeta.Tools;

            class Reader { }
            """, """
            namespace App;

            using Contoso.Ocr;
            using Zeta.Tools;

            class Reader { }
            """);

        [Fact]
        public void Usings_inside_a_namespace_block_get_the_new_one_beside_them_with_their_indentation() => AssertAdded("""
            // Header.
            namespace App
            {
                using Alpha.Tools;
                using Zeta.Tools;

                class Reader { }
            }
            """, """
            // Header.
            namespace App
            {
                using Alpha.Tools;
                using Contoso.Ocr;
                using Zeta.Tools;

                class Reader { }
            }
            """);

        [Fact]
        public void Usings_sorted_with_System_first_stay_sorted_that_way() => AssertAdded("""
            using System;
            using System.IO;
            using Alpha.Tools;
            using Zeta.Tools;
            """, """
            using System;
            using System.IO;
            using Alpha.Tools;
            using Contoso.Ocr;
            using Zeta.Tools;
            """);

        [Fact]
        public void Usings_sorted_plainly_stay_sorted_plainly() => AssertAdded("""
            using Alpha.Tools;
            using System.IO;
            using Zeta.Tools;
            """, """
            using Alpha.Tools;
            using Contoso.Ocr;
            using System.IO;
            using Zeta.Tools;
            """);

        [Fact]
        public void Unsorted_usings_get_the_new_one_after_the_last_plain_using() => AssertAdded("""
            using Zeta.Tools;
            using Alpha.Tools;
            using static System.Math;
            using Tools = Zeta.Tools;
            """, """
            using Zeta.Tools;
            using Alpha.Tools;
            using Contoso.Ocr;
            using static System.Math;
            using Tools = Zeta.Tools;
            """);

        [Fact]
        public void With_only_global_and_static_usings_the_new_one_goes_after_the_global_ones() => AssertAdded("""
            global using Zeta.Global;
            using static System.Math;

            class App { }
            """, """
            global using Zeta.Global;
            using Contoso.Ocr;
            using static System.Math;

            class App { }
            """);

        [Fact]
        public void Global_usings_stay_before_the_new_one_even_when_it_sorts_first() => AssertAdded("""
            global using Zeta.Global;
            using Alpha.Tools;
            """, """
            global using Zeta.Global;
            using Aardvark.Ocr;
            using Alpha.Tools;
            """, "Aardvark.Ocr");

        [Fact]
        public void A_namespace_the_file_already_imports_globally_is_not_imported_again()
        {
            const string source = "global using Contoso.Ocr;\n\nclass App { }\n";
            Assert.Equal(source, Add(source, "Contoso.Ocr"));
        }

        [Fact]
        public void The_new_using_is_not_put_inside_an_if_block_that_ends_the_usings() => AssertAdded("""
            using Alpha.Tools;
            #if DEBUG
            using Beta.Diagnostics;
            #endif

            class App { }
            """, """
            using Alpha.Tools;
            #if DEBUG
            using Beta.Diagnostics;
            #endif
            using Contoso.Ocr;

            class App { }
            """);

        [Fact]
        public void The_new_using_is_not_put_inside_an_if_block_in_the_middle_of_the_usings() => AssertAdded("""
            #if DEBUG
            using Beta.Diagnostics;
            #endif
            using Zeta.Tools;
            """, """
            #if DEBUG
            using Beta.Diagnostics;
            #endif
            using Contoso.Ocr;
            using Zeta.Tools;
            """);

        [Fact]
        public void A_name_that_sorts_before_an_if_block_at_the_top_goes_above_it() => AssertAdded("""
            #if DEBUG
            using Beta.Diagnostics;
            #endif
            using Zeta.Tools;
            """, """
            using Aardvark.Ocr;
            #if DEBUG
            using Beta.Diagnostics;
            #endif
            using Zeta.Tools;
            """, "Aardvark.Ocr");

        [Fact]
        public void The_new_using_is_not_put_into_a_disabled_if_block() => AssertAdded("""
            using Alpha.Tools;
            #if NETFRAMEWORK
            using Beta.Legacy;
            #endif

            class App { }
            """, """
            using Alpha.Tools;
            using Contoso.Ocr;
            #if NETFRAMEWORK
            using Beta.Legacy;
            #endif

            class App { }
            """);

        [Fact]
        public void Where_the_file_sorts_both_ways_System_comes_first_by_default() => AssertAdded("""
            using System;
            using Zeta.Tools;
            """, """
            using System;
            using Contoso.Ocr;
            using Zeta.Tools;
            """);

        [Fact]
        public void Where_the_file_sorts_both_ways_editorconfig_can_say_System_is_not_first() => AssertAdded("""
            using System;
            using Zeta.Tools;
            """, """
            using Contoso.Ocr;
            using System;
            using Zeta.Tools;
            """, style: new ImportStyle(systemFirst: false, globalImports: new string[0]));

        [Fact]
        public void Editorconfig_does_not_override_the_order_the_file_keeps() => AssertAdded("""
            using System.IO;
            using Alpha.Tools;
            """, """
            using System.IO;
            using Alpha.Tools;
            using Contoso.Ocr;
            """, style: new ImportStyle(systemFirst: false, globalImports: new string[0]));

        [Fact]
        public void A_namespace_a_global_using_elsewhere_in_the_project_imports_is_not_imported_again()
        {
            const string source = "using Zeta.Tools;\n\nclass App { }\n";
            Assert.Equal(source, Add(source, "Contoso.Ocr", style: new ImportStyle(null, new[] { "Contoso.Ocr" })));
        }

        [Fact]
        public void A_using_written_with_global_qualifier_counts_as_importing_the_namespace()
        {
            const string source = "using global::Contoso.Ocr;\n\nclass App { }\n";
            Assert.Equal(source, Add(source, "Contoso.Ocr"));
        }

        [Fact]
        public void The_file_s_line_endings_are_kept()
        {
            var added = Add("// Header.\r\nusing Zeta.Tools;\r\n\r\nclass App { }\r\n", "Contoso.Ocr", keepLineEndings: true);
            Assert.Equal("// Header.\r\nusing Contoso.Ocr;\r\nusing Zeta.Tools;\r\n\r\nclass App { }\r\n", added);
        }

        private static void AssertAdded(string source, string expected, string @namespace = "Contoso.Ocr", ImportStyle? style = null) =>
            Assert.Equal(expected.Replace("\r\n", "\n"), Add(source, @namespace, style));

        /// <summary>Adds the using and formats what the edit asks a host to format, as a code action's clean-up does.</summary>
        private static string Add(string source, string @namespace, ImportStyle? style = null, bool keepLineEndings = false)
        {
            var text = keepLineEndings ? source : source.Replace("\r\n", "\n");
            var options = new CSharpParseOptions(LanguageVersion.Latest, preprocessorSymbols: new[] { "DEBUG" });
            var root = (CompilationUnitSyntax)CSharpSyntaxTree.ParseText(text, options).GetRoot();
            var added = ImportEditor.EnsureUsing(root, @namespace, style);
            using var workspace = new AdhocWorkspace();
            return Formatter.Format(added, Formatter.Annotation, workspace).ToFullString();
        }
    }
}
