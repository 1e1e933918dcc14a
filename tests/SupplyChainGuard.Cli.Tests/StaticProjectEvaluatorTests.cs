using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SupplyChainGuard.Cli.Checking;
using SupplyChainGuard.Cli.Projects;
using Xunit;

namespace SupplyChainGuard.Cli.Tests
{
    /// <summary>
    /// The static project reader: MSBuild's evaluation order (imports, properties before items, global properties),
    /// the conditions and functions project files use, and what it says when it meets something it does not know.
    /// </summary>
    public sealed class StaticProjectEvaluatorTests : IDisposable
    {
        private readonly string _root = Path.Combine(Path.GetTempPath(), "scg-eval-" + Guid.NewGuid().ToString("N").Substring(0, 8));

        public void Dispose()
        {
            try
            {
                Directory.Delete(_root, recursive: true);
            }
            catch (IOException)
            {
            }
        }

        private string Write(string relative, string content)
        {
            var path = Path.Combine(_root, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, content);
            return path;
        }

        private static ProjectEvaluation Evaluate(string project, Dictionary<string, string>? global = null, Dictionary<string, string>? environment = null) =>
            new StaticProjectEvaluator(environment ?? new Dictionary<string, string>()).Evaluate(project, global ?? new Dictionary<string, string>());

        [Fact]
        public void Directory_Build_props_comes_first_the_project_next_and_Directory_Build_targets_last()
        {
            Write("Directory.Build.props", "<Project><PropertyGroup><NoWarn>A</NoWarn><Order>props</Order></PropertyGroup></Project>");
            Write("Directory.Build.targets", "<Project><PropertyGroup><NoWarn>$(NoWarn);C</NoWarn><Order>$(Order);targets</Order></PropertyGroup></Project>");
            var project = Write("src/App/App.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><NoWarn>$(NoWarn);B</NoWarn><Order>$(Order);project</Order></PropertyGroup></Project>");

            var evaluation = Evaluate(project);

            Assert.Equal("A;B;C", evaluation.Property("NoWarn"));
            Assert.Equal("props;project;targets", evaluation.Property("Order"));
            Assert.Equal(new[] { "Directory.Build.props", "App.csproj", "Directory.Build.targets" }, evaluation.Files.Select(Path.GetFileName));
        }

        [Fact]
        public void Items_see_every_property_including_ones_set_after_them()
        {
            Write("Directory.Build.props", """
                <Project>
                  <ItemGroup Condition="'$(ManagePackageVersionsCentrally)' != 'true'">
                    <PackageReference Include="Plain.Only" Version="1.0.0" />
                  </ItemGroup>
                </Project>
                """);
            Write("Directory.Packages.props", "<Project><PropertyGroup><ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally></PropertyGroup><ItemGroup><PackageVersion Include=\"A\" Version=\"1.0.0\" /></ItemGroup></Project>");
            var project = Write("App/App.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\"><ItemGroup><PackageReference Include=\"A\" /></ItemGroup></Project>");

            var evaluation = Evaluate(project);

            Assert.Equal(new[] { "A" }, evaluation.ItemsOf("PackageReference").Select(i => i.Id));
            var version = Assert.Single(evaluation.ItemsOf("PackageVersion"));
            Assert.EndsWith("Directory.Packages.props", version.DefiningFile);
        }

        [Fact]
        public void GlobalPackageReference_PackageDownload_and_ProjectReference_items_keep_the_file_that_declared_them()
        {
            Write("Directory.Packages.props", """
                <Project>
                  <PropertyGroup><ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally></PropertyGroup>
                  <ItemGroup><GlobalPackageReference Include="Baidu.AI" Version="4.15.10" /></ItemGroup>
                </Project>
                """);
            var downloads = Write("eng/downloads.props", "<Project><ItemGroup><PackageDownload Include=\"Tencent.QCloud.Cos.Sdk\" Version=\"[5.4.40]\" /></ItemGroup></Project>");
            var project = Write("App/App.csproj", """
                <Project Sdk="Microsoft.NET.Sdk">
                  <Import Project="../eng/downloads.props" />
                  <ItemGroup>
                    <ProjectReference Include="../Lib/Lib.csproj" NoWarn="SCG0002" />
                  </ItemGroup>
                </Project>
                """);

            var evaluation = Evaluate(project);

            var global = Assert.Single(evaluation.ItemsOf("GlobalPackageReference"));
            Assert.Equal(("Baidu.AI", Path.Combine(_root, "Directory.Packages.props"), "4.15.10"), (global.Id, global.DefiningFile, global["Version"]));
            // NuGet's targets make it a PackageReference, which they declare: not the repository's file.
            var reference = Assert.Single(evaluation.ItemsOf("PackageReference"));
            Assert.Equal(("Baidu.AI", (string?)null), (reference.Id, reference.DefiningFile));
            var download = Assert.Single(evaluation.ItemsOf("PackageDownload"));
            Assert.Equal(("Tencent.QCloud.Cos.Sdk", downloads, "[5.4.40]"), (download.Id, download.DefiningFile, download["Version"]));
            var projectReference = Assert.Single(evaluation.ItemsOf("ProjectReference"));
            Assert.Equal(("../Lib/Lib.csproj", project, "SCG0002"), (projectReference.Id, projectReference.DefiningFile, projectReference["NoWarn"]));
        }

        [Fact]
        public void Each_item_remembers_the_file_that_declared_it_and_Update_changes_its_metadata_but_not_its_file()
        {
            Write("Directory.Build.targets", "<Project><ItemGroup><PackageReference Update=\"Acme.Wrapper\" NoWarn=\"SCG0002\" /></ItemGroup></Project>");
            var project = Write("App/App.csproj", """
                <Project Sdk="Microsoft.NET.Sdk">
                  <ItemGroup>
                    <PackageReference Include="Acme.Wrapper;Baidu.AI" Version="1.0.0" />
                    <PackageReference Include="Gone" Version="1.0.0" />
                    <PackageReference Remove="Gone" />
                    <PackageReference Include="WithChild">
                      <VersionOverride>2.0.0</VersionOverride>
                    </PackageReference>
                  </ItemGroup>
                </Project>
                """);

            var items = Evaluate(project).ItemsOf("PackageReference").ToList();

            Assert.Equal(new[] { "Acme.Wrapper", "Baidu.AI", "WithChild" }, items.Select(i => i.Id));
            Assert.All(items, i => Assert.Equal(project, i.DefiningFile));
            Assert.Equal("SCG0002", items[0]["NoWarn"]);
            Assert.Null(items[1]["NoWarn"]);
            Assert.Equal("2.0.0", items[2]["VersionOverride"]);
        }

        [Fact]
        public void Explicit_imports_are_followed_relative_to_the_importing_file()
        {
            Write("build/common.props", "<Project><PropertyGroup><TreatWarningsAsErrors>true</TreatWarningsAsErrors></PropertyGroup><ItemGroup><PackageReference Include=\"Shared\" Version=\"1.0.0\" /></ItemGroup></Project>");
            Write("Directory.Build.props", "<Project><Import Project=\"$(MSBuildThisFileDirectory)build/common.props\" Condition=\"Exists('$(MSBuildThisFileDirectory)build/common.props')\" /></Project>");
            var project = Write("src/App/App.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />");

            var evaluation = Evaluate(project);

            Assert.True(evaluation.IsTrue("TreatWarningsAsErrors"));
            Assert.EndsWith(Path.Combine("build", "common.props"), Assert.Single(evaluation.ItemsOf("PackageReference")).DefiningFile);
        }

        [Fact]
        public void Global_properties_win_over_the_project_and_environment_variables_are_properties()
        {
            var project = Write("App/App.csproj", """
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <Configuration>Debug</Configuration>
                    <NoWarn Condition="'$(Configuration)' == 'Release'">SCG0001</NoWarn>
                    <FromEnvironment>$(SCG_TEST_VALUE)</FromEnvironment>
                  </PropertyGroup>
                </Project>
                """);

            var evaluation = Evaluate(project, new Dictionary<string, string> { ["Configuration"] = "Release" }, new Dictionary<string, string> { ["SCG_TEST_VALUE"] = "yes" });

            Assert.Equal("SCG0001", evaluation.Property("NoWarn"));
            Assert.Equal("yes", evaluation.Property("FromEnvironment"));
        }

        [Theory]
        [InlineData("'$(TargetFramework)' == 'net10.0'", true)]
        [InlineData("'$(TargetFramework)' != 'NET10.0'", false)]
        [InlineData("'$(TargetFrameworkIdentifier)' == '.NETCoreApp' and '$(Missing)' == ''", true)]
        [InlineData("!('$(A)' == 'x') or false", true)]
        [InlineData("$(Number) >= 3", true)]
        [InlineData("'$(Version)' < '10.0.1'", true)]
        [InlineData("$([MSBuild]::IsTargetFrameworkCompatible('$(TargetFramework)', 'net8.0'))", true)]
        [InlineData("HasTrailingSlash('$(MSBuildProjectDirectory)')", false)]
        public void Conditions_are_evaluated_as_MSBuild_does(string condition, bool expected)
        {
            var project = Write("App/App.csproj", $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup><TargetFramework>net10.0</TargetFramework><Number>3</Number><Version>10.0</Version><A>y</A></PropertyGroup>
                  <ItemGroup Condition="{System.Security.SecurityElement.Escape(condition)}">
                    <PackageReference Include="Conditional" Version="1.0.0" />
                  </ItemGroup>
                </Project>
                """);

            var evaluation = Evaluate(project);

            Assert.Equal(expected, evaluation.ItemsOf("PackageReference").Any());
            Assert.Empty(evaluation.Limits);
        }

        [Fact]
        public void A_condition_it_does_not_understand_is_treated_as_false_and_said_as_a_limit_so_NoWarn_is_not_applied_silently()
        {
            var project = Write("App/App.csproj", """
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <NoWarn Condition="$(Something.StartsWith('x'))">SCG0001</NoWarn>
                  </PropertyGroup>
                </Project>
                """);

            var evaluation = Evaluate(project);

            Assert.Null(evaluation.Property("NoWarn"));
            var limit = Assert.Single(evaluation.Limits);
            Assert.Contains("App.csproj(3)", limit);
            Assert.Contains("treated as false", limit);
        }

        [Fact]
        public void The_assets_file_follows_BaseIntermediateOutputPath_and_artifacts_output()
        {
            Write("Directory.Build.props", "<Project><PropertyGroup><BaseIntermediateOutputPath>$(MSBuildThisFileDirectory)out/obj/$(MSBuildProjectName)/</BaseIntermediateOutputPath></PropertyGroup></Project>");
            var moved = Write("src/App/App.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />");
            Assert.Equal(Path.Combine(_root, "out", "obj", "App", "project.assets.json"), RepositoryChecker.AssetsFileOf(Evaluate(moved)));

            var artifacts = Write("other/Directory.Build.props", "<Project><PropertyGroup><UseArtifactsOutput>true</UseArtifactsOutput></PropertyGroup></Project>");
            var lib = Write("other/src/Lib/Lib.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />");
            Assert.Equal(Path.Combine(Path.GetDirectoryName(artifacts)!, "artifacts", "obj", "Lib", "project.assets.json"), RepositoryChecker.AssetsFileOf(Evaluate(lib)));
        }

        [Fact]
        public void The_policy_is_SupplyChainGuardPolicyFile_relative_to_the_project_else_the_nearest_supplychainguard_json()
        {
            var nearest = Write("supplychainguard.json", "{}");
            var plain = Write("src/App/App.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />");
            var named = Write("src/Named/Named.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><SupplyChainGuardPolicyFile>../../policies/strict.json</SupplyChainGuardPolicyFile></PropertyGroup></Project>");

            Assert.Equal(nearest, RepositoryChecker.PolicyFileOf(Evaluate(plain)));
            Assert.Equal(Path.Combine(_root, "policies", "strict.json"), RepositoryChecker.PolicyFileOf(Evaluate(named)));
        }
    }
}
