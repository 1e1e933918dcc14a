using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using VerifyApi = SupplyChainGuard.Analyzers.Tests.Verify<SupplyChainGuard.Analyzers.RestrictedApiAnalyzer>;

namespace SupplyChainGuard.Analyzers.Tests
{
    /// <summary>SCG0101 on every kind of reference to a restricted type or member of the real Baidu.AI SDK.</summary>
    public sealed class RestrictedApiAnalyzerTests
    {
        private const string Usings = "using System; using System.Collections.Generic; using Baidu.Aip; using Baidu.Aip.Ocr; using Newtonsoft.Json.Linq;\n";

        private static Task Analyze(string source, string policy = Policies.BaiduByNamespace, string? handover = null) =>
            VerifyApi.AnalyzeAsync(Usings + source, policy, handover);

        [Fact]
        public Task Object_creation_and_method_call_are_reported_once_each() => Analyze("""
            class App
            {
                JObject Read(byte[] image)
                {
                    var client = new {|SCG0101:Ocr|}("key", "secret");
                    return client.{|SCG0101:GeneralBasic|}(image, null);
                }
            }
            """);

        [Fact]
        public Task Qualified_names_report_the_type_not_its_namespaces() => Analyze("""
            class App
            {
                object Make() => new Baidu.Aip.Ocr.{|SCG0101:Ocr|}("key", "secret");
            }
            """);

        [Fact]
        public Task Declared_types_of_fields_properties_parameters_returns_and_locals() => Analyze("""
            class App
            {
                private {|SCG0101:Ocr|}? _field;
                public {|SCG0101:Ocr|}? Property { get; set; }
                {|SCG0101:Ocr|}? Pass({|SCG0101:Ocr|} parameter)
                {
                    {|SCG0101:Ocr|} local = parameter;
                    return local;
                }
            }
            """);

        [Fact]
        public Task Generic_arguments_arrays_nullable_and_tuples() => Analyze("""
            class App
            {
                List<{|SCG0101:Ocr|}> list = new List<{|SCG0101:Ocr|}>();
                {|SCG0101:Ocr|}[] array = new {|SCG0101:Ocr|}[0];
                ({|SCG0101:Ocr|} Client, int Count) tuple;
            }
            """);

        [Fact]
        public Task Target_typed_new_is_reported_on_the_new_keyword() => Analyze("""
            class App
            {
                {|SCG0101:Ocr|} client = {|SCG0101:new|}("key", "secret");
            }
            """);

        [Fact]
        public Task Typeof_casts_is_as_and_patterns() => Analyze("""
            class App
            {
                void Check(object value)
                {
                    var type = typeof({|SCG0101:Ocr|});
                    var cast = ({|SCG0101:Ocr|})value;
                    var isOcr = value is {|SCG0101:Ocr|};
                    var asOcr = value as {|SCG0101:Ocr|};
                    if (value is {|SCG0101:Ocr|} pattern) { }
                    switch (value) { case {|SCG0101:Ocr|}: break; }
                }
            }
            """);

        [Fact]
        public Task Catch_types_and_nameof() => Analyze("""
            class App
            {
                void Run()
                {
                    try { }
                    catch ({|SCG0101:AipException|} e) { Console.WriteLine(e.Message); }
                    Console.WriteLine(nameof({|SCG0101:Ocr|}));
                }
            }
            """);

        [Fact]
        public Task Base_types_and_base_constructor_calls_are_reported() => Analyze("""
            class MyError : {|SCG0101:AipException|}
            {
                public MyError() : {|SCG0101:base("failed")|} { }
            }
            """);

        [Fact]
        public Task Members_reached_through_var_and_method_groups() => Analyze("""
            class App
            {
                void Run(byte[] image)
                {
                    var client = new {|SCG0101:Ocr|}("key", "secret");
                    Func<byte[], Dictionary<string, object>, JObject> read = client.{|SCG0101:GeneralBasic|};
                    client.{|SCG0101:Timeout|} = 1000;
                }
            }
            """);

        [Fact]
        public Task Aliases_of_restricted_types_are_reported_where_they_are_used() => VerifyApi.AnalyzeAsync("""
            using Client = Baidu.Aip.Ocr.Ocr;
            class App
            {
                System.Type Kind() => typeof({|SCG0101:Client|});
                object Make() => new {|SCG0101:Client|}("key", "secret");
            }
            """, Policies.BaiduByNamespace);

        [Fact]
        public Task Documentation_crefs_are_reported_as_information_on_the_type_name() => VerifyApi.AnalyzeAsync("""
            /// <summary>Wraps <see cref="Baidu.Aip.Ocr.{|#0:Ocr|}"/>.</summary>
            public class Wrapper
            {
            }
            """, Policies.BaiduByNamespace, null, null,
            new DiagnosticResult("SCG0101", DiagnosticSeverity.Info).WithLocation(0));

        [Fact]
        public Task A_generic_alias_is_reported_in_its_directive_and_wherever_it_is_used() => VerifyApi.AnalyzeAsync("""
            global using Box = System.Collections.Generic.List<Baidu.Aip.Ocr.{|SCG0101:Ocr|}>;
            class App
            {
                System.Type Kind() => typeof({|SCG0101:Box|});
                object Make() => System.Activator.CreateInstance<{|SCG0101:Box|}>();
                void Late()
                {
                    dynamic boxes = new {|SCG0101:Box|}();
                    boxes.Add(null);
                }
            }
            """, Policies.BaiduByNamespace);

        [Fact]
        public Task Tuple_and_array_aliases_of_restricted_types_are_reported() => VerifyApi.AnalyzeAsync("""
            using Pair = (Baidu.Aip.Ocr.{|SCG0101:Ocr|} Client, int Count);
            using Clients = Baidu.Aip.Ocr.{|SCG0101:Ocr|}[];
            class App
            {
                {|SCG0101:Pair|} pair;
                {|SCG0101:Clients|}? clients;
            }
            """, Policies.BaiduByNamespace);

        [Fact]
        public Task An_alias_of_an_unrestricted_type_is_not_reported() => VerifyApi.AnalyzeAsync("""
            using Names = System.Collections.Generic.List<string>;
            class App
            {
                Names names = new Names();
            }
            """, Policies.BaiduByNamespace);

        [Fact]
        public Task Indexers_of_restricted_types_are_reported_on_the_brackets() => VerifyApi.AnalyzeAsync("""
            using Newtonsoft.Json.Linq;
            class App
            {
                object Read({|SCG0101:JObject|} json) => json{|SCG0101:["text"]|}!;
            }
            """, """
            { "vendors": [ { "id": "newtonsoft", "restricted": true, "match": { "namespaces": ["Newtonsoft.Json.Linq"] } } ] }
            """);

        [Fact]
        public Task Var_itself_and_Newtonsoft_types_beside_the_restricted_SDK_are_not_reported() => Analyze("""
            class App
            {
                void Run(byte[] image)
                {
                    var client = new {|SCG0101:Ocr|}("key", "secret");
                    JObject result = client.{|SCG0101:GeneralBasic|}(image, null);
                    var text = result.ToString();
                    JToken token = JToken.Parse("{}");
                }
            }
            """);

        [Fact]
        public Task A_same_named_type_in_the_project_is_not_reported() => VerifyApi.AnalyzeAsync("""
            namespace MyApp
            {
                class Ocr { public void GeneralBasic() { } }
                class App
                {
                    void Run() => new Ocr().GeneralBasic();
                }
            }
            """, Policies.BaiduByNamespace);

        [Fact]
        public Task A_vendor_outside_the_restricted_jurisdictions_is_not_reported() => Analyze("""
            class App { object Make() => new Ocr("key", "secret"); }
            """, """
            { "restrictedJurisdictions": ["RU"], "vendors": [ { "id": "baidu", "jurisdiction": "CN", "match": { "namespaces": ["Baidu.Aip"] } } ] }
            """);

        [Fact]
        public Task Without_a_policy_nothing_is_reported() =>
            VerifyApi.Create(Usings + "class App { object Make() => new Ocr(\"key\", \"secret\"); }", policy: null).RunAsync();

        [Fact]
        public Task An_owner_only_policy_relies_on_the_build_task_hand_over() => Analyze("""
            class App { object Make() => new {|SCG0101:Ocr|}("key", "secret"); }
            """, Policies.BaiduByOwner, Policies.Handover);

        [Fact]
        public Task An_owner_only_policy_without_a_hand_over_cannot_tell_and_reports_nothing() => Analyze("""
            class App { object Make() => new Ocr("key", "secret"); }
            """, Policies.BaiduByOwner);

        [Fact]
        public Task The_assembly_name_alone_can_restrict() => Analyze("""
            class App { object Make() => new {|SCG0101:Ocr|}("key", "secret"); }
            """, """
            { "vendors": [ { "id": "baidu", "restricted": true, "match": { "assemblies": ["AipSdk"] } } ] }
            """);

        [Fact]
        public Task The_message_names_the_symbol_vendor_evidence_reason_and_mapped_alternative()
        {
            var expected = new DiagnosticResult("SCG0101", DiagnosticSeverity.Warning)
                .WithSpan(2, 34, 2, 37)
                .WithArguments(
                    "Baidu.Aip.Ocr.Ocr",
                    "'Baidu, Inc.' (vendor 'baidu', CN)",
                    "it comes from package 'Baidu.AI' 4.15.10 (owner 'Baidu-AI' in the repository signature)",
                    " Reason: Company policy SEC-12. Alternatives: AWSSDK.Textract (OCR). Use 'Amazon.Textract.AmazonTextractClient' from AWSSDK.Textract.");
            var policy = Policies.BaiduByNamespace.Replace("\"namespaces\": [\"Baidu.Aip\"], ", "\"owners\": [\"Baidu-AI\"], ");
            return VerifyApi.AnalyzeAsync(Usings + "class App { object Make() => new Ocr(\"key\", \"secret\"); }", policy, Policies.Handover, null, expected);
        }

        [Fact]
        public Task Vendor_severity_error_makes_the_finding_an_error()
        {
            var error = Policies.BaiduByNamespace.Replace("\"reason\": \"Company policy SEC-12\",", "\"reason\": \"x\", \"severity\": \"error\",");
            var expected = new DiagnosticResult("SCG0101", DiagnosticSeverity.Error).WithSpan(2, 34, 2, 37).WithArguments(
                "Baidu.Aip.Ocr.Ocr",
                "'Baidu, Inc.' (vendor 'baidu', CN)",
                "its namespace 'Baidu.Aip.Ocr' (matches 'Baidu.Aip') is the vendor's",
                " Reason: x. Alternatives: AWSSDK.Textract (OCR). Use 'Amazon.Textract.AmazonTextractClient' from AWSSDK.Textract.");
            return VerifyApi.AnalyzeAsync(Usings + "class App { object Make() => new Ocr(\"key\", \"secret\"); }", error, null, null, expected);
        }

        [Fact]
        public Task Vendor_severity_none_reports_nothing() => Analyze("""
            class App { object Make() => new Ocr("key", "secret"); }
            """, Policies.BaiduByNamespace.Replace("\"reason\": \"Company policy SEC-12\",", "\"severity\": \"none\","));

        [Fact]
        public Task A_waiver_naming_types_by_glob_silences_those_types_and_not_another_type_of_the_vendor() => Analyze("""
            class App
            {
                object Make() => new Ocr("key", "secret");
                object Fail() => new {|SCG0101:AipException|}("x");
            }
            """, Policies.BaiduByNamespace.Replace("\"restrictedJurisdictions\": [\"CN\"],",
            "\"restrictedJurisdictions\": [\"CN\"], \"waivers\": [ { \"vendor\": \"baidu\", \"types\": [\"Baidu.Aip.Ocr.*\"], \"reason\": \"legacy OCR\", \"expires\": \"2099-12-31\" } ],"));

        [Fact]
        public Task An_expired_waiver_silences_nothing() => Analyze("""
            class App { object Make() => new {|SCG0101:Ocr|}("key", "secret"); }
            """, Policies.BaiduByNamespace.Replace("\"restrictedJurisdictions\": [\"CN\"],",
            "\"restrictedJurisdictions\": [\"CN\"], \"waivers\": [ { \"vendor\": \"baidu\", \"reason\": \"legacy\", \"expires\": \"2020-01-01\" } ],"));

        [Fact]
        public Task Generated_code_is_analyzed_by_default_and_skipped_on_request()
        {
            const string generated = "// <auto-generated/>\n" + Usings + "class Gen { object Make() => new {|SCG0101:Ocr|}(\"key\", \"secret\"); }";
            return Task.WhenAll(
                VerifyApi.AnalyzeAsync(generated, Policies.BaiduByNamespace),
                VerifyApi.AnalyzeAsync(generated.Replace("{|SCG0101:Ocr|}", "Ocr"), Policies.BaiduByNamespace, null, "build_property.SupplyChainGuardSkipGeneratedCode = true\n"));
        }
    }
}
