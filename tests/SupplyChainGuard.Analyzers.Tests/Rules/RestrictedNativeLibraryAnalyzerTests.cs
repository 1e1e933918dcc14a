using System.Threading.Tasks;
using Xunit;
using VerifyNative = SupplyChainGuard.Analyzers.Tests.Verify<SupplyChainGuard.Analyzers.RestrictedNativeLibraryAnalyzer>;

namespace SupplyChainGuard.Analyzers.Tests
{
    /// <summary>SCG0103: P/Invoke and NativeLibrary loads of Hikvision's HCNetSDK, however the name is spelled.</summary>
    public sealed class RestrictedNativeLibraryAnalyzerTests
    {
        [Fact]
        public Task DllImport_LibraryImport_and_NativeLibrary_loads_are_reported_with_any_spelling() => VerifyNative.AnalyzeAsync("""
            using System;
            using System.Runtime.InteropServices;
            static partial class Camera
            {
                [{|SCG0103:DllImport("HCNetSDK.dll")|}]
                static extern bool NET_DVR_Init();

                [{|SCG0103:DllImport("./lib/libHCNetSDK.so.1", EntryPoint = "NET_DVR_Cleanup")|}]
                static extern bool Cleanup();

                [{|SCG0103:LibraryImport("HCNetSDK")|}]
                private static partial int NET_DVR_Login();
                private static partial int NET_DVR_Login() => 0;

                [DllImport("kernel32.dll")]
                static extern int GetTickCount();

                static IntPtr Load() => {|SCG0103:NativeLibrary.Load("libHCNetSDK.so")|};
                static bool TryLoad(out IntPtr handle) => {|SCG0103:NativeLibrary.TryLoad(@"C:\sdk\HCNetSDK.dll", out handle)|};
                static IntPtr Other() => NativeLibrary.Load("libz.so.1");
            }
            """, Policies.BaiduByNamespace);
    }
}
