using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using VerifyApi = SupplyChainGuard.Analyzers.Tests.Verify<SupplyChainGuard.Analyzers.RestrictedApiAnalyzer>;
using VerifyNative = SupplyChainGuard.Analyzers.Tests.Verify<SupplyChainGuard.Analyzers.RestrictedNativeLibraryAnalyzer>;

namespace SupplyChainGuard.Analyzers.Tests
{
    /// <summary>
    /// The analyzer under a policy that is only an extends of a shipped preset: the preset comes from the Policy
    /// assembly, not from an additional file. Unverified signals never raise more than a warning.
    /// </summary>
    public sealed class PresetNativeLibraryTests
    {
        private const string Camera = """
            using System;
            using System.Runtime.InteropServices;
            static class Camera
            {
                [{|#0:DllImport("HCNetSDK.dll")|}]
                static extern bool NET_DVR_Init();

                [{|#1:DllImport("dhnetsdk.dll")|}]
                static extern bool CLIENT_Init(IntPtr cbDisConnect, IntPtr dwUser);
            }
            """;

        [Fact]
        public Task P_Invoke_into_HCNetSDK_is_SCG0103_under_the_fcc_preset() => VerifyNative.AnalyzeAsync("""
            using System.Runtime.InteropServices;
            static class Camera
            {
                [{|SCG0103:DllImport("HCNetSDK.dll")|}]
                static extern bool NET_DVR_Init();

                [DllImport("kernel32.dll")]
                static extern int GetTickCount();
            }
            """, """{ "extends": ["preset:us-fcc-covered-list"] }""");

        [Fact]
        public Task The_message_cites_the_covered_list()
        {
            var test = VerifyNative.Create("""
                using System.Runtime.InteropServices;
                static class Camera
                {
                    [{|#0:DllImport("HCNetSDK.dll")|}]
                    static extern bool NET_DVR_Init();
                }
                """, """{ "extends": ["preset:us-fcc-covered-list"] }""");
            test.ExpectedDiagnostics.Add(new DiagnosticResult("SCG0103", DiagnosticSeverity.Warning).WithLocation(0)
                .WithMessage("'[DllImport]' loads native library 'HCNetSDK.dll', published by 'Hangzhou Hikvision Digital Technology Company' (vendor 'hikvision', CN), which the policy restricts: its native library 'HCNetSDK' is the vendor's. Reason: Listed on the FCC Covered List (47 CFR 1.50002; Secure and Trusted Communications Networks Act of 2019) for video surveillance and telecommunications equipment and services of Hangzhou Hikvision Digital Technology Company and its subsidiaries and affiliates."));
            return test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public Task Raised_to_error_HCNetSDK_is_an_error_but_the_unverified_dhnetsdk_stays_a_warning()
        {
            var test = VerifyNative.Create(Camera, """
                {
                  "extends": ["preset:us-fcc-covered-list"],
                  "vendors": [ { "id": "hikvision", "severity": "error" }, { "id": "dahua", "severity": "error" } ]
                }
                """);
            test.ExpectedDiagnostics.Add(new DiagnosticResult("SCG0103", DiagnosticSeverity.Error).WithLocation(0));
            test.ExpectedDiagnostics.Add(new DiagnosticResult("SCG0103", DiagnosticSeverity.Warning).WithLocation(1));
            return test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public Task Once_the_project_verifies_dhnetsdk_its_severity_applies()
        {
            var test = VerifyNative.Create(Camera, """
                {
                  "extends": ["preset:us-fcc-covered-list"],
                  "vendors": [ { "id": "dahua", "severity": "error", "match": { "nativeLibraries": ["dhnetsdk"] } } ]
                }
                """);
            test.ExpectedDiagnostics.Add(new DiagnosticResult("SCG0103", DiagnosticSeverity.Warning).WithLocation(0));
            test.ExpectedDiagnostics.Add(new DiagnosticResult("SCG0103", DiagnosticSeverity.Error).WithLocation(1));
            return test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public Task Switched_off_by_the_project_HCNetSDK_is_not_reported() => VerifyNative.AnalyzeAsync("""
            using System.Runtime.InteropServices;
            static class Camera
            {
                [DllImport("HCNetSDK.dll")]
                static extern bool NET_DVR_Init();
            }
            """, """
            { "extends": ["preset:us-fcc-covered-list"],
              "vendors": [ { "id": "hikvision", "restricted": false, "reason": "Lab rig, not used for public safety, SEC-31" } ] }
            """);

        [Fact]
        public Task Tencent_COS_types_in_namespace_COSXML_are_SCG0101_under_the_foreign_adversaries_preset()
        {
            var test = VerifyApi.Create("""
                using COSXML;
                class Storage
                {
                    object Open() => new {|SCG0101:CosXmlServer|}();
                }
                """, """{ "extends": ["preset:us-foreign-adversaries"] }""");
            test.TestState.AdditionalReferences.Add(CosSdk.Reference);
            return test.RunAsync(CancellationToken.None);
        }

        /// <summary>A stand-in for Tencent's COS SDK: assembly COSXML, namespace COSXML, as the real package has.</summary>
        private static class CosSdk
        {
            public static readonly MetadataReference Reference = Build();

            private static MetadataReference Build()
            {
                var compilation = CSharpCompilation.Create("COSXML",
                    new[] { CSharpSyntaxTree.ParseText("namespace COSXML { public class CosXmlServer { } }") },
                    new[] { MetadataReference.CreateFromFile(typeof(object).Assembly.Location) },
                    new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
                using var image = new MemoryStream();
                var emitted = compilation.Emit(image);
                Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
                return MetadataReference.CreateFromImage(image.ToArray());
            }
        }
    }
}
