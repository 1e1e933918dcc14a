using System.Threading.Tasks;
using Xunit;
using VerifyImport = SupplyChainGuard.Analyzers.Tests.Verify<SupplyChainGuard.Analyzers.RestrictedNamespaceImportAnalyzer>;

namespace SupplyChainGuard.Analyzers.Tests
{
    /// <summary>SCG0102 on every form of directive that imports a restricted namespace or type.</summary>
    public sealed class RestrictedNamespaceImportAnalyzerTests
    {
        [Fact]
        public Task Using_global_using_static_and_alias_directives_are_reported() => VerifyImport.AnalyzeAsync("""
            {|SCG0102:global using Baidu.Aip;|}
            {|SCG0102:using Baidu.Aip.Ocr;|}
            {|SCG0102:using static Baidu.Aip.Ocr.Ocr;|}
            {|SCG0102:using Client = Baidu.Aip.Ocr.Ocr;|}
            {|SCG0102:using OcrNamespace = Baidu.Aip.Ocr;|}
            using System;
            using Newtonsoft.Json.Linq;
            class App { }
            """, Policies.BaiduByNamespace);

        [Fact]
        public Task A_namespace_whose_every_type_comes_from_a_restricted_package_is_restricted_without_a_namespace_rule() => VerifyImport.AnalyzeAsync("""
            {|SCG0102:using Baidu.Aip.Ocr;|}
            using Newtonsoft.Json;
            class App { }
            """, Policies.BaiduByOwner, Policies.Handover);

        [Fact]
        public Task A_project_namespace_that_shares_a_prefix_with_nothing_restricted_is_not_reported() => VerifyImport.AnalyzeAsync("""
            using MyApp.Baidu;
            namespace MyApp.Baidu { class Helper { } }
            """, Policies.BaiduByNamespace);
    }
}
