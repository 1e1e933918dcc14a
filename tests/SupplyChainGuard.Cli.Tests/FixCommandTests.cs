using System;
using System.IO;
using System.Linq;
using System.Text;
using SupplyChainGuard.Cli.Fixing;
using SupplyChainGuard.Cli.Tests.Support;
using Xunit;

namespace SupplyChainGuard.Cli.Tests
{
    /// <summary>
    /// <c>scg fix</c>: restricted references replaced by the policy's alternative at the newest stable version the
    /// feeds serve, with every byte outside the edited values kept; a dry run prints a unified diff and writes nothing.
    /// </summary>
    [Collection(FixtureCollection.Name)]
    public sealed class FixCommandTests
    {
        private readonly FixtureRepositories _fixture;

        public FixCommandTests(FixtureRepositories fixture)
        {
            _fixture = fixture;
        }

        [Fact]
        public void A_dry_run_prints_a_unified_diff_with_the_first_alternative_at_its_newest_stable_version_and_writes_nothing()
        {
            var project = Path.Combine(_fixture.Main, "plain", "App", "App.csproj");
            var before = File.ReadAllBytes(project);

            var result = Scg.Run(_fixture.Main, "fix", "plain/App/App.csproj", "--dry-run", "--no-cache");

            Assert.Equal(0, result.ExitCode);
            Assert.Equal(before, File.ReadAllBytes(project));
            Assert.Contains("--- a/plain/App/App.csproj\n+++ b/plain/App/App.csproj\n@@ ", result.Output);
            Assert.Contains("\n-    <PackageReference Include=\"Baidu.AI\" Version=\"4.15.10\" />\n+    <PackageReference Include=\"Contoso.Ocr\" Version=\"1.4.2\" />\n", result.Output);
            Assert.Contains("would replace 'Baidu.AI' 4.15.10 with 'Contoso.Ocr' 1.4.2 at plain/App/App.csproj(8,5)", result.Error);
            Assert.Contains("'Tencent.QCloud.Cos.Sdk' comes in through 'Acme.Storage.Wrapper'", result.Error);
        }

        [Fact]
        public void Pick_chooses_another_of_the_vendors_alternatives_and_prerelease_allows_previews()
        {
            var picked = Scg.Run(_fixture.Main, "fix", "plain/App/App.csproj", "--dry-run", "--no-cache", "--pick", "fabrikam.ocr");
            Assert.Contains("+    <PackageReference Include=\"Fabrikam.Ocr\" Version=\"3.1.0\" />", picked.Output);

            var preview = Scg.Run(_fixture.Main, "fix", "plain/App/App.csproj", "--dry-run", "--no-cache", "--prerelease");
            Assert.Contains("+    <PackageReference Include=\"Contoso.Ocr\" Version=\"2.0.0-beta.1\" />", preview.Output);

            var unknown = Scg.Run(_fixture.Main, "fix", "plain/App/App.csproj", "--dry-run", "--no-cache", "--pick", "Nope.Ocr");
            Assert.Equal(1, unknown.ExitCode);
            Assert.Contains("'Nope.Ocr' is not one of vendor 'baidu''s alternatives (Contoso.Ocr, Fabrikam.Ocr)", unknown.Error);
        }

        [Fact]
        public void Fixing_a_project_changes_only_the_edited_values_keeping_comments_layout_line_ends_and_the_byte_order_mark()
        {
            var root = NewRepository("fix-plain");
            var original = "<Project Sdk=\"Microsoft.NET.Sdk\">\r\n"
                + "  <PropertyGroup>\r\n\t<TargetFramework>net10.0</TargetFramework>\r\n  </PropertyGroup>\r\n"
                + "  <ItemGroup>\r\n"
                + "    <!-- OCR: see ticket SEC-12 -->\r\n"
                + "    <PackageReference   Include = 'Baidu.AI'\r\n"
                + "                        Version=\"4.15.10\"   />\r\n"
                + "    <PackageReference Include=\"Newtonsoft.Json\"><Version>12.0.1</Version></PackageReference>\r\n"
                + "  </ItemGroup>\r\n"
                + "</Project>\r\n";
            var path = Path.Combine(root, "App", "App.csproj");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, new UTF8Encoding(true).GetPreamble().Concat(Encoding.UTF8.GetBytes(original)).ToArray());
            _fixture.Restore(root, "App/App.csproj");

            var result = Scg.Run(root, "fix", "--no-cache");

            Assert.True(result.ExitCode == 0, result.ToString());
            var expected = original.Replace("Include = 'Baidu.AI'", "Include = 'Contoso.Ocr'").Replace("Version=\"4.15.10\"", "Version=\"1.4.2\"");
            Assert.Equal(new UTF8Encoding(true).GetPreamble().Concat(Encoding.UTF8.GetBytes(expected)).ToArray(), File.ReadAllBytes(path));
        }

        [Fact]
        public void Under_central_package_management_the_PackageVersion_and_the_references_change_and_a_waived_project_keeps_its_version()
        {
            var root = NewRepository("fix-cpm");
            var props = FixtureRepositories.Write(root, "Directory.Packages.props", """
                <Project>
                  <PropertyGroup>
                    <ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally>
                  </PropertyGroup>
                  <ItemGroup>
                    <!-- vendors -->
                    <PackageVersion Include="Baidu.AI" Version="4.15.10" />
                    <PackageVersion Include="Newtonsoft.Json" Version="12.0.1" />
                  </ItemGroup>
                </Project>

                """);
            var a = FixtureRepositories.Write(root, "A/A.csproj", FixtureRepositories.Project("""<PackageReference Include="Baidu.AI" />"""));
            var b = FixtureRepositories.Write(root, "B/B.csproj", FixtureRepositories.Project("""<PackageReference Include="Baidu.AI" />"""));
            FixtureRepositories.Write(root, "supplychainguard.json", FixtureRepositories.Policy.Replace("\"cpm/Worker/**\"", "\"B/**\""));
            _fixture.Restore(root, "A/A.csproj");
            _fixture.Restore(root, "B/B.csproj");
            var bBefore = File.ReadAllText(b);

            var result = Scg.Run(root, "fix", "--no-cache");

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Contains("<PackageReference Include=\"Contoso.Ocr\" />", File.ReadAllText(a));
            Assert.Equal(bBefore, File.ReadAllText(b));
            Assert.Contains("""
                    <PackageVersion Include="Baidu.AI" Version="4.15.10" />
                    <PackageVersion Include="Contoso.Ocr" Version="1.4.2" />
                    <PackageVersion Include="Newtonsoft.Json" Version="12.0.1" />
                """.Replace("\r\n", "\n"), File.ReadAllText(props));
            Assert.Contains("<!-- vendors -->", File.ReadAllText(props));
        }

        [Fact]
        public void A_file_that_is_not_well_formed_is_never_opened_for_writing()
        {
            var root = NewRepository("fix-broken-xml");
            var path = FixtureRepositories.Write(root, "Broken.csproj", "<Project><ItemGroup><PackageReference Include=\"Baidu.AI\" Version=\"4.15.10\" /></ItemGroup>");

            var error = Assert.Throws<FixException>(() => XmlTextEditor.Open(path));
            Assert.Contains("is not well-formed XML", error.Message);
        }

        [Fact]
        public void An_edit_that_would_leave_the_file_malformed_is_refused()
        {
            var root = NewRepository("fix-malformed-result");
            var path = FixtureRepositories.Write(root, "App.csproj", "<Project><ItemGroup><PackageReference Include=\"Baidu.AI\" Version=\"4.15.10\" /></ItemGroup></Project>");
            var editor = XmlTextEditor.Open(path);
            var element = editor.ElementAt("PackageReference", 1)!;

            editor.InsertLineAfter(element, line => "<Unclosed>");

            Assert.Throws<FixException>(() => editor.Result());
        }

        private string NewRepository(string name)
        {
            var root = Path.Combine(_fixture.Root, name + "-" + Guid.NewGuid().ToString("N").Substring(0, 6));
            _fixture.WriteRepositoryBase(root);
            FixtureRepositories.Write(root, "Directory.Build.props", """
                <Project>
                  <PropertyGroup>
                    <NuGetAudit>false</NuGetAudit>
                    <NoWarn>$(NoWarn);NU1603</NoWarn>
                  </PropertyGroup>
                </Project>

                """);
            FixtureRepositories.Write(root, "supplychainguard.json", FixtureRepositories.Policy);
            return root;
        }
    }
}
