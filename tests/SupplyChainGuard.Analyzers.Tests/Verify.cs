using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using SupplyChainGuard.Policy;

namespace SupplyChainGuard.Analyzers.Tests
{
    /// <summary>Runs one analyzer over C# that uses the real Baidu.AI 4.15.10 SDK, with a policy as an additional file.</summary>
    internal static class Verify<TAnalyzer>
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        public const string PolicyPath = "/0/supplychainguard.json";
        public const string HandoverPath = "/0/obj/supplychainguard.packages.json";

        public static readonly ReferenceAssemblies WithBaiduSdk = ReferenceAssemblies.Net.Net80.AddPackages(
            ImmutableArray.Create(new PackageIdentity("Baidu.AI", "4.15.10"), new PackageIdentity("Newtonsoft.Json", "13.0.3")));

        public static Task AnalyzeAsync(string source, string policy, string? handover = null, string? globalConfig = null, params DiagnosticResult[] expected)
        {
            var test = Create(source, policy, handover, globalConfig);
            test.ExpectedDiagnostics.AddRange(expected);
            return test.RunAsync(CancellationToken.None);
        }

        public static CSharpAnalyzerTest<TAnalyzer, DefaultVerifier> Create(string source, string? policy, string? handover = null, string? globalConfig = null)
        {
            var test = new CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
            {
                TestCode = source,
                ReferenceAssemblies = WithBaiduSdk,
            };

            if (policy is not null)
            {
                test.TestState.AdditionalFiles.Add((PolicyPath, policy));
            }

            if (handover is not null)
            {
                test.TestState.AdditionalFiles.Add((HandoverPath, handover));
            }

            test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\n"
                + $"build_property.SupplyChainGuardPolicyFile = {PolicyPath}\n"
                + "build_property.MSBuildProjectFullPath = /0/src/App/App.csproj\n"
                + (globalConfig ?? string.Empty)));
            return test;
        }
    }

    internal static class Policies
    {
        /// <summary>Baidu restricted by namespace only: no hand-over needed.</summary>
        public const string BaiduByNamespace = """
            {
              "restrictedJurisdictions": ["CN"],
              "vendors": [
                {
                  "id": "baidu", "name": "Baidu, Inc.", "jurisdiction": "CN", "reason": "Company policy SEC-12",
                  "match": { "namespaces": ["Baidu.Aip"], "endpoints": ["*.baidubce.com"] },
                  "alternatives": [ { "package": "AWSSDK.Textract", "note": "OCR",
                    "types": { "Baidu.Aip.Ocr.Ocr": "Amazon.Textract.AmazonTextractClient" },
                    "namespaces": { "Baidu.Aip.Ocr": "Amazon.Textract" } } ]
                },
                {
                  "id": "hikvision", "name": "Hangzhou Hikvision Digital Technology", "jurisdiction": "CN",
                  "match": { "nativeLibraries": ["HCNetSDK"] }
                }
              ]
            }
            """;

        /// <summary>Baidu restricted only by its nuget.org owner: the analyzer must rely on the task's hand-over.</summary>
        public const string BaiduByOwner = """
            {
              "restrictedJurisdictions": ["CN"],
              "vendors": [
                { "id": "baidu", "name": "Baidu, Inc.", "jurisdiction": "CN", "match": { "owners": ["Baidu-AI"] } }
              ]
            }
            """;

        /// <summary>What the build task hands over for the real Baidu.AI restricted by owner, written by the task's own writer.</summary>
        public static string Handover => BaiduHandover(weak: false, "owner 'Baidu-AI' in the repository signature");

        /// <summary>The hand-over for Baidu.AI with the given evidence, as <see cref="PackageHandover.ToJson"/> writes it.</summary>
        public static string BaiduHandover(bool weak, params string[] signals)
        {
            var handover = new PackageHandover { Project = "/0/src/App/App.csproj" };
            handover.PolicyFiles.Add("/0/supplychainguard.json");
            var package = new PackageHandover.RestrictedPackage { Id = "Baidu.AI", Version = "4.15.10", Vendor = "baidu", Weak = weak };
            package.Assemblies.Add("AipSdk");
            package.Signals.AddRange(signals);
            handover.Packages.Add(package);
            return handover.ToJson();
        }
    }
}
