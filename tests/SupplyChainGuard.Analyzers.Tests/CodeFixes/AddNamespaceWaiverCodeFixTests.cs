using System;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using SupplyChainGuard.CodeFixes;
using Xunit;
using ImportFix = SupplyChainGuard.Analyzers.Tests.FixVerify<SupplyChainGuard.Analyzers.RestrictedNamespaceImportAnalyzer, SupplyChainGuard.CodeFixes.AddWaiverCodeFixProvider>;

namespace SupplyChainGuard.Analyzers.Tests
{
    /// <summary>
    /// "Add a waiver" on SCG0102: a directive that imports a namespace gets a waiver scoped by <c>namespaces</c>
    /// (never one for the whole vendor, which would silence its packages too); a <c>using static</c> of a type
    /// gets one scoped by <c>types</c>. The waived directive is then no longer reported.
    /// </summary>
    public sealed class AddNamespaceWaiverCodeFixTests
    {
        private const string Policy = """
            {
              "vendors": [
                { "id": "baidu", "restricted": true, "match": { "namespaces": ["Baidu.Aip"] } }
              ]
            }
            """;

        public AddNamespaceWaiverCodeFixTests()
        {
            AddWaiverCodeFixProvider.Clock = () => new DateTime(2026, 11, 25);
        }

        private static Task Fix(string source, string waiver)
        {
            var test = ImportFix.Create(source, source.Replace("{|SCG0102:", string.Empty).Replace(";|}", ";"), Policy);
            test.FixedState.AdditionalFiles.Clear();
            test.FixedState.AdditionalFiles.Add((Verify<RestrictedNamespaceImportAnalyzer>.PolicyPath, """
                {
                  "vendors": [
                    { "id": "baidu", "restricted": true, "match": { "namespaces": ["Baidu.Aip"] } }
                  ],
                  "waivers": [
                """ + "\n    " + waiver + "\n" + """
                  ]
                }
                """));
            test.CodeFixTestBehaviors = CodeFixTestBehaviors.SkipFixAllInProjectCheck | CodeFixTestBehaviors.SkipFixAllInSolutionCheck;
            test.NumberOfIncrementalIterations = 1;
            return test.RunAsync();
        }

        [Fact]
        public Task A_namespace_directive_gets_a_waiver_for_that_namespace_with_a_reason_to_fill_in_and_an_expiry_90_days_out() => Fix("""
            {|SCG0102:using Baidu.Aip.Ocr;|}
            class App { }
            """,
            """{ "vendor": "baidu", "namespaces": ["Baidu.Aip.Ocr"], "reason": "Why this use is accepted, and the ticket that tracks its removal", "expires": "2027-02-23" }""");

        [Fact]
        public Task An_alias_of_a_namespace_gets_a_waiver_for_the_namespace_it_names() => Fix("""
            {|SCG0102:using Sdk = Baidu.Aip;|}
            class App { }
            """,
            """{ "vendor": "baidu", "namespaces": ["Baidu.Aip"], "reason": "Why this use is accepted, and the ticket that tracks its removal", "expires": "2027-02-23" }""");

        [Fact]
        public Task A_using_static_of_a_type_gets_a_waiver_for_the_type_not_its_namespace() => Fix("""
            {|SCG0102:using static Baidu.Aip.Ocr.Ocr;|}
            class App { }
            """,
            """{ "vendor": "baidu", "types": ["Baidu.Aip.Ocr.Ocr"], "reason": "Why this use is accepted, and the ticket that tracks its removal", "expires": "2027-02-23" }""");
    }
}
