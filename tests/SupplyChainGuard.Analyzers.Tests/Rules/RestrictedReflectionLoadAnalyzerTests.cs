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

        [Fact]
        public Task Loads_through_using_static_are_reported() => VerifyReflection.AnalyzeAsync("""
            using static System.Reflection.Assembly;
            using static System.Activator;
            class Loader
            {
                void Run()
                {
                    Load({|SCG0104:"AipSdk"|});
                    LoadFrom({|SCG0104:"plugins/AipSdk.dll"|});
                    CreateInstance({|SCG0104:"AipSdk"|}, "Baidu.Aip.Ocr.Ocr");
                    CreateInstanceFrom({|SCG0104:"AipSdk.dll"|}, "Baidu.Aip.Ocr.Ocr");
                }
            }
            """, Policies.BaiduByNamespace);

        [Fact]
        public Task Loads_through_aliases_global_qualification_and_named_arguments_in_any_order_are_reported() => VerifyReflection.AnalyzeAsync("""
            using Loader = System.Reflection.Assembly;
            using Factory = System.Activator;
            class Plugins
            {
                void Run()
                {
                    Loader.Load({|SCG0104:"AipSdk"|});
                    global::System.Reflection.Assembly.Load(assemblyString: {|SCG0104:"AipSdk"|});
                    Factory.CreateInstance(typeName: "Baidu.Aip.Ocr.Ocr", assemblyName: {|SCG0104:"AipSdk"|});
                    System.Type.GetType(throwOnError: true, typeName: {|SCG0104:"Baidu.Aip.Ocr.Ocr"|});
                }
            }
            """, Policies.BaiduByNamespace);

        [Fact]
        public Task Instance_loads_app_domains_load_contexts_and_assembly_names_are_reported() => VerifyReflection.AnalyzeAsync("""
            using System;
            using System.Reflection;
            using System.Runtime.Loader;
            class Plugins
            {
                void Run(Assembly? loaded)
                {
                    loaded?.GetType({|SCG0104:"Baidu.Aip.Ocr.Ocr"|});
                    AppDomain.CurrentDomain.Load({|SCG0104:"AipSdk"|});
                    AssemblyLoadContext.Default.LoadFromAssemblyPath({|SCG0104:"/opt/sdk/AipSdk.dll"|});
                    AssemblyLoadContext.Default.LoadFromAssemblyName(new AssemblyName({|SCG0104:"AipSdk, Version=1.0.0.0"|}));
                    AssemblyName target = new({|SCG0104:"AipSdk"|});
                    AppDomain.CurrentDomain.Load("Newtonsoft.Json");
                    new AssemblyName("System.Text.Json");
                }
            }
            """, Policies.BaiduByNamespace);
    }
}
