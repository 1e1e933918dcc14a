using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using VerifyEndpoint = SupplyChainGuard.Analyzers.Tests.Verify<SupplyChainGuard.Analyzers.RestrictedEndpointAnalyzer>;
using VerifyImport = SupplyChainGuard.Analyzers.Tests.Verify<SupplyChainGuard.Analyzers.RestrictedNamespaceImportAnalyzer>;
using VerifyNative = SupplyChainGuard.Analyzers.Tests.Verify<SupplyChainGuard.Analyzers.RestrictedNativeLibraryAnalyzer>;
using VerifyReflection = SupplyChainGuard.Analyzers.Tests.Verify<SupplyChainGuard.Analyzers.RestrictedReflectionLoadAnalyzer>;

namespace SupplyChainGuard.Analyzers.Tests
{
    /// <summary>
    /// What SCG0102–SCG0105 say, word for word, as docs/rules/SCG010x.md shows it: the rule tests check where
    /// each finding is; these check that the sentence names the right thing, the vendor, the evidence, the
    /// policy's reason and the alternative. Expected texts are written out, not built from the descriptors.
    /// </summary>
    public sealed class AnalyzerMessageTests
    {
        private const string Baidu = "'Baidu, Inc.' (vendor 'baidu', CN)";
        private const string BaiduTail = " Reason: Company policy SEC-12. Alternatives: AWSSDK.Textract (OCR).";

        private static DiagnosticResult Expect(string id, int line, int column, int endColumn, string message) =>
            new DiagnosticResult(id, DiagnosticSeverity.Warning).WithSpan(line, column, line, endColumn).WithMessage(message);

        [Fact]
        public Task SCG0102_names_the_imported_namespace_the_vendor_the_matched_rule_and_the_replacement_namespace() =>
            VerifyImport.AnalyzeAsync("using Baidu.Aip.Ocr;\nclass App { }\n", Policies.BaiduByNamespace, null, null,
                Expect("SCG0102", 1, 1, 21,
                    "The directive imports 'Baidu.Aip.Ocr', published by " + Baidu + ", which the policy restricts: "
                    + "its namespace 'Baidu.Aip.Ocr' (matches 'Baidu.Aip') is the vendor's." + BaiduTail
                    + " Use namespace 'Amazon.Textract' from AWSSDK.Textract."));

        [Fact]
        public Task SCG0102_for_a_using_static_names_the_type_and_its_replacement_type() =>
            VerifyImport.AnalyzeAsync("using static Baidu.Aip.Ocr.Ocr;\nclass App { }\n", Policies.BaiduByNamespace, null, null,
                Expect("SCG0102", 1, 1, 32,
                    "The directive imports 'Baidu.Aip.Ocr.Ocr', published by " + Baidu + ", which the policy restricts: "
                    + "its namespace 'Baidu.Aip.Ocr' (matches 'Baidu.Aip') is the vendor's." + BaiduTail
                    + " Use 'Amazon.Textract.AmazonTextractClient' from AWSSDK.Textract."));

        [Fact]
        public Task SCG0102_with_an_owner_only_policy_cites_the_package_and_the_signal_the_task_handed_over() =>
            VerifyImport.AnalyzeAsync("using Baidu.Aip.Ocr;\nclass App { }\n", Policies.BaiduByOwner, Policies.Handover, null,
                Expect("SCG0102", 1, 1, 21,
                    "The directive imports 'Baidu.Aip.Ocr', published by " + Baidu + ", which the policy restricts: "
                    + "it comes from package 'Baidu.AI' 4.15.10 (owner 'Baidu-AI' in the repository signature)."));

        [Fact]
        public Task SCG0103_names_the_construct_the_library_as_written_the_name_matched_and_no_reason_the_policy_does_not_give() =>
            VerifyNative.AnalyzeAsync("""
                using System;
                using System.Runtime.InteropServices;
                static class Camera
                {
                    [DllImport("./lib/libHCNetSDK.so.1")]
                    static extern bool NET_DVR_Init();
                    static IntPtr Load() => NativeLibrary.Load("HCNetSDK.dll");
                }
                """, Policies.BaiduByNamespace, null, null,
                Expect("SCG0103", 5, 6, 41,
                    "'[DllImport]' loads native library './lib/libHCNetSDK.so.1', published by 'Hangzhou Hikvision Digital Technology' (vendor 'hikvision', CN), "
                    + "which the policy restricts: its native library 'libHCNetSDK' (matches 'HCNetSDK') is the vendor's."),
                Expect("SCG0103", 7, 29, 63,
                    "'NativeLibrary.Load' loads native library 'HCNetSDK.dll', published by 'Hangzhou Hikvision Digital Technology' (vendor 'hikvision', CN), "
                    + "which the policy restricts: its native library 'HCNetSDK' is the vendor's."));

        [Fact]
        public Task SCG0104_names_the_loading_method_the_name_as_written_and_why_the_type_or_its_assembly_is_the_vendors() =>
            VerifyReflection.AnalyzeAsync("""
                using System;
                using System.Reflection;
                class Loader
                {
                    void Run()
                    {
                        Type.GetType("Baidu.Aip.Ocr.Ocr");
                        Type.GetType("Baidu.Aip.Ocr.Ocr, AipSdk");
                    }
                }
                """, Policies.BaiduByNamespace, null, null,
                Expect("SCG0104", 7, 22, 41,
                    "'Type.GetType' loads 'Baidu.Aip.Ocr.Ocr' by name, published by " + Baidu + ", which the policy restricts: "
                    + "its namespace 'Baidu.Aip.Ocr' (matches 'Baidu.Aip') is the vendor's." + BaiduTail),
                // With an assembly named, the assembly is what is attributed: by the vendor's namespace it declares.
                Expect("SCG0104", 8, 22, 49,
                    "'Type.GetType' loads 'Baidu.Aip.Ocr.Ocr, AipSdk' by name, published by " + Baidu + ", which the policy restricts: "
                    + "its namespace 'Baidu.Aip' is the vendor's." + BaiduTail));

        [Fact]
        public Task SCG0104_with_an_owner_only_policy_cites_the_package_the_assembly_comes_from() =>
            VerifyReflection.AnalyzeAsync("""
                using System.Reflection;
                class Loader { void Run() => Assembly.Load("AipSdk"); }
                """, Policies.BaiduByOwner, Policies.Handover, null,
                Expect("SCG0104", 2, 44, 52,
                    "'Assembly.Load' loads 'AipSdk' by name, published by " + Baidu + ", which the policy restricts: "
                    + "it comes from package 'Baidu.AI' 4.15.10 (owner 'Baidu-AI' in the repository signature)."));

        [Fact]
        public Task SCG0105_names_the_host_the_vendor_and_the_endpoint_rule_it_matches() =>
            VerifyEndpoint.AnalyzeAsync("""
                class Endpoints
                {
                    string token = "https://aip.baidubce.com/oauth/2.0/token";
                }
                """, Policies.BaiduByNamespace, null, null,
                Expect("SCG0105", 3, 20, 62,
                    "'aip.baidubce.com' is an endpoint of " + Baidu + ", which the policy restricts: "
                    + "its host 'aip.baidubce.com' (matches '*.baidubce.com') is the vendor's." + BaiduTail));
    }
}
