using System.Threading.Tasks;
using Xunit;
using VerifyReflection = SupplyChainGuard.Analyzers.Tests.Verify<SupplyChainGuard.Analyzers.RestrictedReflectionLoadAnalyzer>;

namespace SupplyChainGuard.Analyzers.Tests
{
    /// <summary>SCG0104: reaching the restricted SDK by name, without a compile-time reference.</summary>
    public sealed class RestrictedReflectionLoadAnalyzerTests
    {
        [Fact]
        public Task Assembly_Type_and_Activator_loads_with_constant_names_are_reported() => VerifyReflection.AnalyzeAsync("""
            using System;
            using System.Reflection;
            class Loader
            {
                const string Sdk = "AipSdk";
                void Run()
                {
                    Assembly.Load({|SCG0104:"AipSdk, Version=1.0.0.0"|});
                    Assembly.Load({|SCG0104:Sdk|});
                    Assembly.LoadFrom({|SCG0104:"/opt/sdk/AipSdk.dll"|});
                    Type.GetType({|SCG0104:"Baidu.Aip.Ocr.Ocr, AipSdk"|});
                    Type.GetType({|SCG0104:"Baidu.Aip.Ocr.Ocr"|});
                    Activator.CreateInstance({|SCG0104:"AipSdk"|}, "Baidu.Aip.Ocr.Ocr");
                    Assembly.Load("Newtonsoft.Json");
                    Type.GetType("System.String");
                    Assembly.Load(Environment.GetEnvironmentVariable("SDK")!);
                }
            }
            """, Policies.BaiduByNamespace);

        [Fact]
        public Task The_hand_over_makes_the_assembly_name_known_for_an_owner_only_policy() => VerifyReflection.AnalyzeAsync("""
            using System.Reflection;
            class Loader { void Run() => Assembly.Load({|SCG0104:"AipSdk"|}); }
            """, Policies.BaiduByOwner, Policies.Handover);
    }
}
