using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using SupplyChainGuard.Diagnostics;
using SupplyChainGuard.Policy;
using Xunit;
using VerifyApi = SupplyChainGuard.Analyzers.Tests.Verify<SupplyChainGuard.Analyzers.RestrictedApiAnalyzer>;
using VerifyFindings = SupplyChainGuard.Analyzers.Tests.Verify<SupplyChainGuard.Analyzers.PackageFindingAnalyzer>;

namespace SupplyChainGuard.Analyzers.Tests
{
    /// <summary>
    /// The build task's findings in the editor: in design-time builds, each finding of the hand-over at its file,
    /// line and column, with the task's id, level and message; nothing in other builds; SCG0904 for a hand-over
    /// of another version, damaged, or another project's.
    /// </summary>
    public sealed class PackageFindingAnalyzerTests
    {
        private const string ProjectPath = "/0/src/App/App.csproj";
        private const string PackagesPropsPath = "/0/Directory.Packages.props";
        private const string DesignTime = "build_property.DesignTimeBuild = true\n";

        private const string ProjectXml = """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Baidu.AI" Version="4.15.10" />  
              </ItemGroup>
            </Project>
            """;

        private const string Message = "Package 'Baidu.AI' 4.15.10 is published by 'Baidu, Inc.' (vendor 'baidu', CN), which the policy restricts: owner 'Baidu-AI' in the repository signature.";

        private static PackageHandover.Finding DirectPackage(string file = ProjectPath, int line = 6, int column = 5, PackageHandover.FindingLevel level = PackageHandover.FindingLevel.Warning) => new()
        {
            RuleId = RuleIdentifiers.DirectPackage,
            Level = level,
            File = file,
            Line = line,
            Column = column,
            Message = Message,
            Package = "Baidu.AI",
            Vendor = "baidu",
        };

        private static string Handover(params PackageHandover.Finding[] findings)
        {
            var handover = new PackageHandover { Project = ProjectPath };
            handover.PolicyFiles.Add(VerifyFindings.PolicyPath);
            handover.Findings.AddRange(findings);
            return handover.ToJson();
        }

        private static CSharpAnalyzerTest<PackageFindingAnalyzer, DefaultVerifier> Test(string handover, string? globalConfig = DesignTime, bool projectFile = true)
        {
            var test = VerifyFindings.Create("class App { }", Policies.BaiduByOwner, handover, globalConfig);
            if (projectFile)
            {
                test.TestState.AdditionalFiles.Add((ProjectPath, ProjectXml));
            }

            return test;
        }

        private static DiagnosticResult Finding(string id, DiagnosticSeverity severity) => new DiagnosticResult(id, severity);

        [Fact]
        public Task In_a_design_time_build_SCG0001_is_at_the_PackageReference_line_with_the_task_s_message()
        {
            var test = Test(Handover(DirectPackage()));
            test.ExpectedDiagnostics.Add(Finding("SCG0001", DiagnosticSeverity.Warning)
                .WithSpan(ProjectPath, 6, 5, 6, 62)
                .WithArguments(Message));
            return test.RunAsync();
        }

        [Fact]
        public async Task The_finding_carries_the_package_the_vendor_and_the_rule_s_help_link()
        {
            var finding = Assert.Single(await Analyze(Handover(DirectPackage()), (ProjectPath, ProjectXml)));
            Assert.Equal("Baidu.AI", finding.Properties["package"]);
            Assert.Equal("baidu", finding.Properties["vendor"]);
            Assert.Equal("https://github.com/supplychainguard/supplychainguard/blob/main/docs/rules/SCG0001.md", finding.Descriptor.HelpLinkUri);
            Assert.Equal(Message, finding.GetMessage());
        }

        [Fact]
        public Task In_a_command_line_build_the_task_alone_reports_it() => Test(Handover(DirectPackage()), globalConfig: null).RunAsync();

        [Fact]
        public Task A_design_time_build_property_that_is_not_true_reports_nothing() =>
            Test(Handover(DirectPackage()), globalConfig: "build_property.DesignTimeBuild = \n").RunAsync();

        [Theory]
        [InlineData(PackageHandover.FindingLevel.Error, DiagnosticSeverity.Error)]
        [InlineData(PackageHandover.FindingLevel.Warning, DiagnosticSeverity.Warning)]
        [InlineData(PackageHandover.FindingLevel.Info, DiagnosticSeverity.Info)]
        public Task The_level_is_the_one_the_task_reported(PackageHandover.FindingLevel level, DiagnosticSeverity severity)
        {
            var test = Test(Handover(DirectPackage(level: level)));
            test.ExpectedDiagnostics.Add(Finding("SCG0001", severity).WithSpan(ProjectPath, 6, 5, 6, 62).WithArguments(Message));
            return test.RunAsync();
        }

        /// <summary>The task applies NoWarn, WarningsAsErrors and the vendor's severity and ignores .editorconfig; the
        /// compiler's options must not make the editor differ from the build.</summary>
        [Fact]
        public Task Neither_an_analyzer_config_severity_nor_the_compiler_s_NoWarn_changes_the_task_s_level()
        {
            var test = Test(Handover(DirectPackage(level: PackageHandover.FindingLevel.Error)),
                DesignTime + "dotnet_diagnostic.SCG0001.severity = none\ndotnet_analyzer_diagnostic.category-SupplyChain.severity = none\n");
            test.SolutionTransforms.Add((solution, projectId) =>
            {
                var options = solution.GetProject(projectId)!.CompilationOptions!;
                return solution.WithProjectCompilationOptions(projectId, options.WithSpecificDiagnosticOptions(
                    options.SpecificDiagnosticOptions.SetItem("SCG0001", ReportDiagnostic.Suppress)));
            });
            test.ExpectedDiagnostics.Add(Finding("SCG0001", DiagnosticSeverity.Error).WithSpan(ProjectPath, 6, 5, 6, 62).WithArguments(Message));
            return test.RunAsync();
        }

        [Fact]
        public Task Under_central_package_management_it_is_at_the_PackageVersion_line_of_Directory_Packages_props()
        {
            var test = Test(Handover(DirectPackage(PackagesPropsPath, 3, 5)));
            test.TestState.AdditionalFiles.Add((PackagesPropsPath, "<Project>\n  <ItemGroup>\n    <PackageVersion Include=\"Baidu.AI\" Version=\"4.15.10\" />\n  </ItemGroup>\n</Project>\n"));
            test.ExpectedDiagnostics.Add(Finding("SCG0001", DiagnosticSeverity.Warning).WithSpan(PackagesPropsPath, 3, 5, 3, 60).WithArguments(Message));
            return test.RunAsync();
        }

        [Fact]
        public Task A_finding_in_a_file_the_compiler_was_not_given_is_still_reported_at_its_line()
        {
            var test = Test(Handover(DirectPackage("/0/Directory.Build.props", 4, 7)));
            test.ExpectedDiagnostics.Add(Finding("SCG0001", DiagnosticSeverity.Warning).WithSpan("/0/Directory.Build.props", 4, 7, 4, 7).WithArguments(Message));
            return test.RunAsync();
        }

        [Fact]
        public Task A_finding_about_the_whole_project_is_at_the_project_file()
        {
            const string text = "The package graph could not be read, so no package was checked: the assets file does not exist; run restore.";
            var test = Test(Handover(new PackageHandover.Finding
            {
                RuleId = RuleIdentifiers.UnreadablePackage, Level = PackageHandover.FindingLevel.Warning, File = ProjectPath, Message = text,
            }));
            test.ExpectedDiagnostics.Add(Finding("SCG0902", DiagnosticSeverity.Warning).WithSpan(ProjectPath, 1, 1, 1, 1).WithArguments(text));
            return test.RunAsync();
        }

        [Fact]
        public Task Every_finding_is_reported_in_the_task_s_order_and_none_twice()
        {
            var transitive = new PackageHandover.Finding
            {
                RuleId = RuleIdentifiers.TransitivePackage, Level = PackageHandover.FindingLevel.Warning, File = ProjectPath, Line = 6, Column = 5,
                Message = "Package 'AipCore' 1.0.0 (App -> Baidu.AI 4.15.10 -> AipCore 1.0.0) is published by 'Baidu, Inc.'.", Package = "AipCore", Vendor = "baidu",
            };
            var test = Test(Handover(DirectPackage(), transitive));
            test.ExpectedDiagnostics.Add(Finding("SCG0001", DiagnosticSeverity.Warning).WithSpan(ProjectPath, 6, 5, 6, 62).WithArguments(Message));
            test.ExpectedDiagnostics.Add(Finding("SCG0002", DiagnosticSeverity.Warning).WithSpan(ProjectPath, 6, 5, 6, 62).WithArguments(transitive.Message));
            return test.RunAsync();
        }

        [Fact]
        public Task The_task_s_SCG0901_is_left_to_the_policy_analyzer_when_the_analyzer_reads_the_policy_itself()
        {
            var test = Test(Handover(new PackageHandover.Finding
            {
                RuleId = RuleIdentifiers.InvalidPolicy, Level = PackageHandover.FindingLevel.Error, File = VerifyFindings.PolicyPath, Line = 1, Column = 1,
                Message = "The policy is invalid: something.",
            }));
            return test.RunAsync();
        }

        [Fact]
        public Task The_task_s_SCG0901_for_a_policy_file_the_analyzer_cannot_see_is_reported_at_the_project()
        {
            const string text = "The policy is invalid: the policy file '/0/missing.json' does not exist.";
            var test = VerifyFindings.Create("class App { }", policy: null, Handover(new PackageHandover.Finding
            {
                RuleId = RuleIdentifiers.InvalidPolicy, Level = PackageHandover.FindingLevel.Error, File = "/0/missing.json", Message = text,
            }), DesignTime);
            test.TestState.AdditionalFiles.Add((ProjectPath, ProjectXml));
            test.ExpectedDiagnostics.Add(Finding("SCG0901", DiagnosticSeverity.Error).WithSpan("/0/missing.json", 1, 1, 1, 1).WithArguments(text));
            return test.RunAsync();
        }

        [Theory]
        [InlineData("{ \"version\": 1, \"policyFiles\": [], \"packages\": [] }", "it is format version 1, and this analyzer reads version 2 only")]
        [InlineData("{ \"version\": 3, \"policyFiles\": [], \"packages\": [], \"findings\": [], \"routes\": [] }", "it is format version 3, and this analyzer reads version 2 only")]
        [InlineData("{ \"version\": 2, \"project\": \"\", \"policyFiles\": [], \"packages\": [], \"findi", "it is damaged: invalid JSON: the string is not closed: expected '\"' (line 1, column 73)")]
        [InlineData("{ \"packages\": [] }", "it has no format version")]
        public Task A_hand_over_of_another_version_or_damaged_is_SCG0904_and_nothing_of_it_is_reported(string handover, string problem)
        {
            var test = Test(handover);
            test.ExpectedDiagnostics.Add(Finding("SCG0904", DiagnosticSeverity.Warning).WithSpan(ProjectPath, 1, 1, 1, 1)
                .WithArguments(VerifyFindings.HandoverPath, problem));
            return test.RunAsync();
        }

        [Fact]
        public Task A_hand_over_written_for_another_project_is_SCG0904()
        {
            var other = new PackageHandover { Project = "/0/src/Other/Other.csproj" };
            other.Findings.Add(DirectPackage());
            var test = Test(other.ToJson());
            test.ExpectedDiagnostics.Add(Finding("SCG0904", DiagnosticSeverity.Warning).WithSpan(ProjectPath, 1, 1, 1, 1)
                .WithArguments(VerifyFindings.HandoverPath, "it was written for the project '/0/src/Other/Other.csproj'"));
            return test.RunAsync();
        }

        [Fact]
        public Task In_a_command_line_build_a_refused_hand_over_is_SCG0904_at_the_hand_over_itself()
        {
            var test = Test("{ \"version\": 1 }", globalConfig: null, projectFile: false);
            test.ExpectedDiagnostics.Add(Finding("SCG0904", DiagnosticSeverity.Warning).WithSpan(VerifyFindings.HandoverPath, 1, 1, 1, 1)
                .WithArguments(VerifyFindings.HandoverPath, "it is format version 1, and this analyzer reads version 2 only"));
            return test.RunAsync();
        }

        [Fact]
        public Task A_finding_with_an_id_this_version_has_no_rule_for_is_SCG0904_naming_it()
        {
            var unknown = DirectPackage();
            unknown.RuleId = "SCG0077";
            var test = Test(Handover(unknown, DirectPackage()));
            test.ExpectedDiagnostics.Add(Finding("SCG0904", DiagnosticSeverity.Warning).WithSpan(ProjectPath, 1, 1, 1, 1)
                .WithArguments(VerifyFindings.HandoverPath, $"it holds a finding SCG0077 that this version of SupplyChainGuard has no rule for ({Message})"));
            test.ExpectedDiagnostics.Add(Finding("SCG0001", DiagnosticSeverity.Warning).WithSpan(ProjectPath, 6, 5, 6, 62).WithArguments(Message));
            return test.RunAsync();
        }

        /// <summary>Without the hand-over the analyzer decides what it can: here, Baidu's namespace.</summary>
        [Fact]
        public Task With_a_refused_hand_over_SDK_usages_are_attributed_by_namespace()
        {
            const string source = "class App { object Make() => new Baidu.Aip.Ocr.{|#0:Ocr|}(\"key\", \"secret\"); }";
            var test = VerifyApi.Create(source, Policies.BaiduByNamespace, "{ \"version\": 1, \"policyFiles\": [], \"packages\": [] }");
            test.ExpectedDiagnostics.Add(new DiagnosticResult("SCG0101", DiagnosticSeverity.Warning).WithLocation(0).WithMessage(null!));
            return test.RunAsync();
        }

        [Fact]
        public async Task With_a_refused_hand_over_an_owner_only_policy_attributes_nothing()
        {
            const string source = "class App { object Make() => new Baidu.Aip.Ocr.Ocr(\"key\", \"secret\"); }";
            await VerifyApi.Create(source, Policies.BaiduByOwner, "{ \"version\": 1, \"policyFiles\": [], \"packages\": [] }").RunAsync();

            // The same hand-over, of this version, attributes the SDK.
            var test = VerifyApi.Create("class App { object Make() => new Baidu.Aip.Ocr.{|#0:Ocr|}(\"key\", \"secret\"); }", Policies.BaiduByOwner, Policies.Handover);
            test.ExpectedDiagnostics.Add(new DiagnosticResult("SCG0101", DiagnosticSeverity.Warning).WithLocation(0).WithMessage(null!));
            await test.RunAsync();
        }

        [Fact]
        public void There_is_a_descriptor_for_every_id_the_build_task_reports()
        {
            Assert.Equal(RuleIdentifiers.PackageCheckerRules.OrderBy(id => id), Descriptors.TaskFindings.Keys.OrderBy(id => id));
            Assert.All(Descriptors.TaskFindings.Values, d => Assert.Contains(WellKnownDiagnosticTags.NotConfigurable, d.CustomTags));
            Assert.Contains(Descriptors.HandoverUnreadable, new PackageFindingAnalyzer().SupportedDiagnostics);
        }

        /// <summary>The analyzer on its own, for what the testing library does not compare (properties).</summary>
        private static async Task<IReadOnlyList<Diagnostic>> Analyze(string handover, params (string Path, string Text)[] files)
        {
            var compilation = CSharpCompilation.Create("App", new[] { CSharpSyntaxTree.ParseText("class App { }", path: "/0/src/App/App.cs") },
                options: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            var additional = files.Append((VerifyFindings.HandoverPath, handover)).Append((VerifyFindings.PolicyPath, Policies.BaiduByOwner))
                .Select(f => (AdditionalText)new InMemoryAdditionalText(f.Item1, f.Item2)).ToImmutableArray();
            var options = new AnalyzerOptions(additional, new BuildPropertyOptions(new Dictionary<string, string>
            {
                ["SupplyChainGuardPolicyFile"] = VerifyFindings.PolicyPath,
                ["MSBuildProjectFullPath"] = ProjectPath,
                ["DesignTimeBuild"] = "true",
            }));
            return await compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new PackageFindingAnalyzer()), options).GetAnalyzerDiagnosticsAsync();
        }
    }
}
