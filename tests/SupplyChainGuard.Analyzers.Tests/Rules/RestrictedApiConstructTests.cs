using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using VerifyApi = SupplyChainGuard.Analyzers.Tests.Verify<SupplyChainGuard.Analyzers.RestrictedApiAnalyzer>;

namespace SupplyChainGuard.Analyzers.Tests
{
    /// <summary>
    /// SCG0101 on every construct through which code reaches a restricted type or member — the C# constructs
    /// of BannedApiAnalyzers' own suite among them — with the in-memory vendor assembly
    /// (<see cref="VendorFixture"/>, namespace <c>Baidu.Aip.Fixtures</c>) for what the Baidu SDK lacks, and
    /// Newtonsoft.Json as the "restricted" SDK where a real package shows it. Named uses are reported on the
    /// name; uses without a name where BannedApiAnalyzers reports the operation, or on the keyword.
    /// </summary>
    public sealed class RestrictedApiConstructTests
    {
        private const string NewtonsoftRestricted = """
            { "vendors": [ { "id": "newtonsoft", "restricted": true, "match": { "namespaces": ["Newtonsoft.Json"] } } ] }
            """;

        [Fact]
        public Task Attributes_are_reported_on_their_name() => VerifyApi.AnalyzeAsync("""
            [Newtonsoft.Json.{|SCG0101:JsonObject|}]
            class Dto
            {
                [Newtonsoft.Json.{|SCG0101:JsonProperty|}("name")]
                public string? Name { get; set; }
            }
            """, NewtonsoftRestricted);

        [Fact]
        public Task Assembly_level_attributes_are_reported() => VerifyApi.AnalyzeAsync("""
            [assembly: System.Reflection.{|SCG0101:AssemblyCompany|}("Contoso")]
            """, """
            { "vendors": [ { "id": "reflection", "restricted": true, "match": { "namespaces": ["System.Reflection"] } } ] }
            """);

        [Fact]
        public Task Extension_methods_events_interfaces_and_generic_methods_are_reported() => VerifyApi.AnalyzeAsync("""
            using System.Collections.Generic;
            using Newtonsoft.Json;
            using Newtonsoft.Json.Linq;

            class App
            {
                string? Read({|SCG0101:JToken|} token) => token.{|SCG0101:Value|}<string>("name");

                void Watch({|SCG0101:JObject|} json) => json.{|SCG0101:PropertyChanged|} += (sender, e) => { };

                T? Parse<T>(string text) => {|SCG0101:JsonConvert|}.{|SCG0101:DeserializeObject|}<T>(text);
            }

            interface ITokens : {|SCG0101:IJEnumerable|}<{|SCG0101:JToken|}>
            {
            }
            """, NewtonsoftRestricted);
    

        private const string Fixtures = "using System;\nusing System.Collections.Generic;\nusing System.Threading.Tasks;\nusing Baidu.Aip.Fixtures;\n";

        private static Task Analyze(string source, params DiagnosticResult[] expected) =>
            VendorFixture.AnalyzeAsync<RestrictedApiAnalyzer>(Fixtures + source, Policies.BaiduByNamespace, expected);

        [Fact]
        public Task User_defined_implicit_conversions_are_reported_on_the_converted_expression() => Analyze("""
            class App
            {
                void Run(int? count)
                {
                    {|SCG0101:Money|} price = {|SCG0101:5|};
                    {|SCG0101:Point|}? lifted = {|SCG0101:count|};
                }
            }
            """);

        [Fact]
        public Task User_defined_explicit_conversions_are_reported_on_the_cast_or_on_its_type_name() => Analyze("""
            class App
            {
                decimal Run({|SCG0101:Money|} price)
                {
                    var fromFloat = ({|SCG0101:Money|})1.5f;
                    return {|SCG0101:(decimal)price|};
                }
            }
            """);

        [Fact]
        public Task Binary_unary_increment_and_compound_operators_are_reported_on_the_expression() => Analyze("""
            class App
            {
                void Run({|SCG0101:Money|} price)
                {
                    price = {|SCG0101:price + 1|};
                    price = {|SCG0101:-price|};
                    {|SCG0101:price++|};
                    {|SCG0101:++price|};
                    {|SCG0101:price += 2|};
                    var both = {|SCG0101:price & price|};
                    var sum = 1 + 2;
                }
            }
            """);

        [Fact]
        public Task Lifted_operators_are_reported() => Analyze("""
            class App
            {
                {|SCG0101:Point|}? Add({|SCG0101:Point|}? left, {|SCG0101:Point|}? right) => {|SCG0101:left + right|};
            }
            """);

        [Fact]
        public Task Foreach_over_a_vendor_enumerable_is_reported_on_the_foreach_keyword() => Analyze("""
            class App
            {
                void Run({|SCG0101:Batch|} batch, {|SCG0101:Pages|} pages, List<string> names)
                {
                    {|SCG0101:foreach|} (var item in batch) { }
                    {|SCG0101:foreach|} (var page in pages) { }
                    foreach (var name in names) { }
                }
            }
            """);

        [Fact]
        public Task Await_on_a_vendor_awaitable_is_reported_on_the_await_keyword() => Analyze("""
            class App
            {
                async Task<int> Run({|SCG0101:Job|} job, Task<int> other) => {|SCG0101:await|} job + await other;
            }
            """);

        [Fact]
        public Task Using_and_await_using_on_a_vendor_disposable_are_reported_on_the_using_keyword() => Analyze("""
            class App
            {
                async Task Run({|SCG0101:Session|} session, System.IO.Stream stream)
                {
                    {|SCG0101:using|} (var scoped = new {|SCG0101:Session|}()) { }
                    {|SCG0101:using|} (session) { }
                    {|SCG0101:using|} var declared = session;
                    await {|SCG0101:using|} var asynchronous = session;
                    using var ordinary = stream;
                }
            }
            """);

        [Fact]
        public Task Collection_initializer_elements_are_reported_where_Add_is_called() => Analyze("""
            class App
            {
                object Make() => new {|SCG0101:Batch|} { {|SCG0101:"first"|}, {|SCG0101:"second"|} };
                object Plain() => new List<string> { "first" };
            }
            """);

        [Fact]
        public Task Deconstruction_assignments_foreach_and_positional_patterns_are_reported() => Analyze("""
            class App
            {
                void Run({|SCG0101:Point|} point, {|SCG0101:Point|}[] points)
                {
                    {|SCG0101:var (x, y)|} = point;
                    int a, b;
                    {|SCG0101:(a, b)|} = point;
                    foreach ({|SCG0101:var (px, py)|} in points) { }
                    if (point is {|SCG0101:(1, 2)|}) { }
                    var (c, d) = (1, 2);
                }
            }
            """);

        [Fact]
        public Task Query_clauses_are_reported_where_they_call_a_vendor_method() => Analyze("""
            using System.Linq;
            class App
            {
                object Run({|SCG0101:Source|}<int> source, int[] numbers)
                {
                    var vendor = from x in source {|SCG0101:where x > 0|} {|SCG0101:select x * 2|};
                    return from n in numbers where n > 0 select n;
                }
            }
            """);

        [Fact]
        public Task With_on_a_vendor_record_is_reported_on_the_with_keyword() => Analyze("""
            class App
            {
                object Run({|SCG0101:Settings|} settings) => settings {|SCG0101:with|} { {|SCG0101:Retries|} = 2 };
            }
            """);

        [Fact]
        public Task Pointers_address_of_and_indirection_of_a_vendor_struct_are_reported() => Analyze("""
            class App
            {
                unsafe int Run()
                {
                    {|SCG0101:Point|}[] g = new {|SCG0101:Point|}[42];
                    fixed ({|SCG0101:Point|}* p = {|SCG0101:&g[0]|})
                    {
                        var copy = {|SCG0101:*p|};
                        {|SCG0101:Point|}* onStack = stackalloc {|SCG0101:Point|}[2];
                        return p->{|SCG0101:X|} + sizeof({|SCG0101:Point|});
                    }
                }
            }
            """);

        [Fact]
        public Task Delegate_invocation_of_a_vendor_delegate_is_reported_on_the_invocation() => Analyze("""
            class App
            {
                void Run({|SCG0101:Callback|} callback, {|SCG0101:Registry|} registry, Action<string> local)
                {
                    {|SCG0101:callback("text")|};
                    callback.{|SCG0101:Invoke|}("text");
                    registry.{|SCG0101:OnScanned|}?.{|SCG0101:Invoke|}("text");
                    local("text");
                }
            }
            """);

        [Fact]
        public Task Event_subscription_and_unsubscription_are_reported_on_the_event() => Analyze("""
            class App
            {
                void Run({|SCG0101:Registry|} registry, EventHandler handler)
                {
                    registry.{|SCG0101:Scanned|} += handler;
                    registry.{|SCG0101:Scanned|} -= handler;
                }
            }
            """);

        [Fact]
        public Task Fields_properties_indexers_and_method_groups_are_reported() => Analyze("""
            class App
            {
                int Run({|SCG0101:Registry|} registry)
                {
                    registry.{|SCG0101:Count|} = registry.{|SCG0101:Count|};
                    Action<string> log = {|SCG0101:Registry|}.{|SCG0101:Log|};
                    return registry{|SCG0101:["key"]|};
                }
            }
            """);

        [Fact]
        public Task Base_constructor_calls_are_reported_on_base_and_on_a_primary_constructor_s_arguments() => Analyze("""
            class Books() : {|SCG0101:Ledger|}{|SCG0101:("main")|};

            class Journal : {|SCG0101:Ledger|}
            {
                public Journal() : {|SCG0101:base("journal")|} { }
                public Journal(int pages) : this() { }
            }
            """);

        [Fact]
        public Task Target_typed_new_of_a_vendor_type_is_reported_on_new() => Analyze("""
            class App
            {
                {|SCG0101:Session|} session = {|SCG0101:new|}();
            }
            """);

        [Fact]
        public Task Attributes_and_their_arguments_are_reported_on_every_target() => Analyze("""
            [assembly: {|SCG0101:Traced|}]
            [module: {|SCG0101:Traced|}]
            [{|SCG0101:Traced|}(typeof({|SCG0101:Money|}), {|SCG0101:Level|} = {|SCG0101:Limits|}.{|SCG0101:MaxRetries|})]
            class App
            {
                [{|SCG0101:TracedAttribute|}]
                public int Property { get; }

                [return: {|SCG0101:Traced|}]
                int Run([{|SCG0101:Traced|}] int value) => value;
            }
            """);

        [Fact]
        public Task Enum_members_and_constants_are_reported() => Analyze("""
            class App
            {
                object Home => {|SCG0101:Region|}.{|SCG0101:North|};
                int Retries => {|SCG0101:Limits|}.{|SCG0101:MaxRetries|};
            }
            """);

        [Fact]
        public Task Interface_implementation_class_inheritance_and_interface_calls_are_reported() => Analyze("""
            class Scanner : {|SCG0101:IScanner|}
            {
                public string Scan(byte[] image) => "";
            }

            class App
            {
                string Run({|SCG0101:IScanner|} scanner) => scanner.{|SCG0101:Scan|}(new byte[0]);
            }
            """);

        [Fact]
        public Task Overrides_of_vendor_members_are_reported_where_they_are_used() => Analyze("""
            class MyHandler : {|SCG0101:Handler|}
            {
                public override void Handle() { }
                public override int Priority => 1;

                void Run()
                {
                    {|SCG0101:Handle|}();
                    _ = {|SCG0101:Priority|};
                    base.{|SCG0101:Raise|}();
                    {|SCG0101:Changed|} += () => { };
                }
            }
            """);

        [Fact]
        public Task A_project_method_that_only_looks_like_an_override_is_not_reported() => Analyze("""
            class MyHandler : {|SCG0101:Handler|}
            {
                public override void Handle() { }
                public override void {|CS0506:Raise|}() { }

                void Run() => Raise();
            }
            """);

        [Fact]
        public Task Nested_and_generic_vendor_types_are_reported_wherever_they_are_type_arguments() => Analyze("""
            class G<T>
            {
                public class N<U> { }
            }

            class App
            {
                void Run()
                {
                    var a = new G<{|SCG0101:Money|}>();
                    var b = new G<{|SCG0101:Money|}>.N<int>();
                    var c = new G<int>.N<{|SCG0101:Money|}>();
                    var d = new G<G<int>.N<{|SCG0101:Money|}>>.N<int>();
                    var e = new G<{|SCG0101:Money|}[]>();
                    {|SCG0101:Outer|}<int>.{|SCG0101:Inner|}<string>.{|SCG0101:Run|}();
                }

                void Constrained<T>() where T : {|SCG0101:Handler|} { }
            }
            """);

        [Fact]
        public Task Documentation_crefs_are_reported_as_information()
        {
            var cref = new DiagnosticResult("SCG0101", DiagnosticSeverity.Info).WithLocation(0);
            return Analyze("""
                /// <summary>Converts <see cref="{|#0:Money|}"/> amounts.</summary>
                public class Wrapper
                {
                }
                """, cref);
        }

        [Fact]
        public Task A_namespace_ban_reaches_the_types_of_that_namespace_in_any_assembly() => VerifyApi.AnalyzeAsync("""
            class App
            {
                object Start() => new System.Threading.{|SCG0101:Thread|}((System.Threading.{|SCG0101:ThreadStart|})null!);
            }
            """, """
            { "vendors": [ { "id": "threads", "restricted": true, "match": { "namespaces": ["System.Threading"] } } ] }
            """);

        [Fact]
        public Task A_vendor_named_by_assembly_is_reported_for_nameless_uses_too() => VendorFixture.AnalyzeAsync<RestrictedApiAnalyzer>(Fixtures + """
            class App
            {
                void Run({|SCG0101:Money|} price) => price = {|SCG0101:price + 1|};
            }
            """, """
            { "vendors": [ { "id": "fixtures", "restricted": true, "match": { "assemblies": ["AipFixtures"] } } ] }
            """);
    }
}
