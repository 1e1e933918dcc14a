using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using SupplyChainGuard.Build;
using SupplyChainGuard.Policy;
using Xunit;

namespace SupplyChainGuard.Packages.Tests
{
    /// <summary>Where a package finding is reported: the declaring PackageReference or PackageVersion line.</summary>
    public sealed class ReferenceLocatorTests : IDisposable
    {
        private readonly TempDirectory _folder = new TempDirectory("scg-locator");

        public void Dispose() => _folder.Dispose();

        /// <summary>
        /// A PackageReference/PackageVersion item as the task receives it. <c>DefiningProjectFullPath</c> is
        /// reserved metadata that only MSBuild's evaluation sets, so it comes from an evaluated item copied into
        /// a <see cref="TaskItem"/>, which keeps it as MSBuild hands it over.
        /// </summary>
        private static ReferenceDeclaration Item(string include, string definingProject, params (string Name, string Value)[] metadata)
        {
            var evaluated = new EvaluatedItem(include, definingProject);
            foreach (var (name, value) in metadata)
            {
                evaluated.SetMetadata(name, value);
            }

            var item = new TaskItem(evaluated);
            Assert.Equal(definingProject, item.GetMetadata("DefiningProjectFullPath"));

            // Through the task's own conversion, so these tests also cover what the task hands the engine.
            var declaration = CheckPackages.Declarations(new[] { item }).Single();
            Assert.Equal(definingProject, declaration.DefiningFile);
            return declaration;
        }

        /// <summary>The 1-based line of the first line containing <paramref name="text"/>, and the column
        /// of the element's '&lt;' on it, where MSBuild itself reports an element.</summary>
        private static (int Line, int Column) PositionOf(string file, string text)
        {
            var lines = File.ReadAllLines(file);
            var index = Array.FindIndex(lines, l => l.Contains(text, StringComparison.Ordinal));
            Assert.True(index >= 0, $"'{text}' is not in {file}");
            return (index + 1, lines[index].IndexOf('<') + 1);
        }

        private static void AssertAt(SourceLocation location, string file, (int Line, int Column) position)
        {
            Assert.Equal(file, location.FilePath);
            Assert.Equal(position, (location.Line, location.Column));
        }

        private const string AppProject = @"<Project Sdk=""Microsoft.NET.Sdk"">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include=""AWSSDK.S3"" Version=""4.1.0"" />
    <PackageReference Include=""Baidu.AI"" Version=""4.15.10"" NoWarn=""SCG0002"" />
  </ItemGroup>
</Project>
";

        [Fact]
        public void A_PackageReference_is_located_at_its_line_and_column_in_the_project_file()
        {
            var project = _folder.Write("App/App.csproj", AppProject);
            var locator = new ReferenceLocator(project, false,
                new[] { Item("AWSSDK.S3", project), Item("Baidu.AI", project) }, Array.Empty<ReferenceDeclaration>());

            AssertAt(locator.Locate("Baidu.AI"), project, PositionOf(project, "\"Baidu.AI\""));
            AssertAt(locator.Locate("AWSSDK.S3"), project, PositionOf(project, "\"AWSSDK.S3\""));
            Assert.Equal((7, 5), (locator.Locate("Baidu.AI").Line, locator.Locate("Baidu.AI").Column));
        }

        [Fact]
        public void Package_ids_are_matched_case_insensitively()
        {
            var project = _folder.Write("App/App.csproj", AppProject);
            var locator = new ReferenceLocator(project, false, new[] { Item("Baidu.AI", project) }, Array.Empty<ReferenceDeclaration>());

            AssertAt(locator.Locate("baidu.ai"), project, PositionOf(project, "\"Baidu.AI\""));
            Assert.NotNull(locator.FindReference("BAIDU.AI"));
        }

        [Fact]
        public void FindReference_gives_the_item_with_its_NoWarn_metadata()
        {
            var project = _folder.Write("App/App.csproj", AppProject);
            var locator = new ReferenceLocator(project, false,
                new[] { Item("Baidu.AI", project, ("NoWarn", "SCG0002")) }, Array.Empty<ReferenceDeclaration>());

            Assert.Equal("SCG0002", locator.FindReference("Baidu.AI")!.NoWarn);
            Assert.Null(locator.FindReference("Not.Referenced"));
        }

        [Fact]
        public void A_PackageReference_declared_in_an_imported_file_is_located_there()
        {
            var project = _folder.Write("App/App.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\">\n</Project>\n");
            var props = _folder.Write("Directory.Build.props", @"<Project>
  <ItemGroup>

    <PackageReference Include=""Baidu.AI"" Version=""4.15.10"" />
  </ItemGroup>
</Project>
");
            var locator = new ReferenceLocator(project, false, new[] { Item("Baidu.AI", props) }, Array.Empty<ReferenceDeclaration>());

            AssertAt(locator.Locate("Baidu.AI"), props, (4, 5));
        }

        [Fact]
        public void Under_central_package_management_the_PackageVersion_line_is_reported()
        {
            var project = _folder.Write("src/App/App.csproj", @"<Project Sdk=""Microsoft.NET.Sdk"">
  <ItemGroup>
    <PackageReference Include=""Baidu.AI"" />
  </ItemGroup>
</Project>
");
            var central = _folder.Write("Directory.Packages.props", @"<Project>
  <PropertyGroup>
    <ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally>
  </PropertyGroup>
  <ItemGroup>
    <PackageVersion Include=""AWSSDK.S3"" Version=""4.1.0"" />
      <PackageVersion Include=""Baidu.AI"" Version=""4.15.10"" />
  </ItemGroup>
</Project>
");
            var locator = new ReferenceLocator(project, true,
                new[] { Item("Baidu.AI", project) },
                new[] { Item("AWSSDK.S3", central), Item("Baidu.AI", central) });

            AssertAt(locator.Locate("Baidu.AI"), central, (7, 7));
        }

        [Fact]
        public void A_VersionOverride_falls_back_to_the_PackageReference_line()
        {
            var project = _folder.Write("src/App/App.csproj", @"<Project Sdk=""Microsoft.NET.Sdk"">
  <ItemGroup>
    <PackageReference Include=""Baidu.AI"" VersionOverride=""4.15.9"" />
  </ItemGroup>
</Project>
");
            var central = _folder.Write("Directory.Packages.props", @"<Project>
  <ItemGroup>
    <PackageVersion Include=""Baidu.AI"" Version=""4.15.10"" />
  </ItemGroup>
</Project>
");
            var locator = new ReferenceLocator(project, true,
                new[] { Item("Baidu.AI", project, ("VersionOverride", "4.15.9")) },
                new[] { Item("Baidu.AI", central) });

            AssertAt(locator.Locate("Baidu.AI"), project, (3, 5));
        }

        [Fact]
        public void Without_central_package_management_PackageVersion_items_are_ignored()
        {
            var project = _folder.Write("App/App.csproj", AppProject);
            var central = _folder.Write("Directory.Packages.props", "<Project>\n  <ItemGroup>\n    <PackageVersion Include=\"Baidu.AI\" Version=\"4.15.10\" />\n  </ItemGroup>\n</Project>\n");
            var locator = new ReferenceLocator(project, false, new[] { Item("Baidu.AI", project) }, new[] { Item("Baidu.AI", central) });

            Assert.Equal(project, locator.Locate("Baidu.AI").FilePath);
        }

        [Fact]
        public void A_central_package_without_a_PackageVersion_item_falls_back_to_the_PackageReference()
        {
            var project = _folder.Write("App/App.csproj", AppProject);
            var locator = new ReferenceLocator(project, true, new[] { Item("Baidu.AI", project) }, Array.Empty<ReferenceDeclaration>());

            AssertAt(locator.Locate("Baidu.AI"), project, (7, 5));
        }

        [Fact]
        public void An_Include_list_separated_by_semicolons_is_searched_for_the_package()
        {
            var project = _folder.Write("App/App.csproj", @"<Project Sdk=""Microsoft.NET.Sdk"">
  <ItemGroup>
    <PackageReference Include=""AWSSDK.S3"" Version=""4.1.0"" />
    <PackageReference Include=""Azure.Storage.Blobs; Baidu.AI ;Tencent.QCloud.Cos.Sdk"" Version=""1.0.0"" />
  </ItemGroup>
</Project>
");
            var locator = new ReferenceLocator(project, false,
                new[] { Item("Azure.Storage.Blobs", project), Item("Baidu.AI", project), Item("Tencent.QCloud.Cos.Sdk", project) },
                Array.Empty<ReferenceDeclaration>());

            AssertAt(locator.Locate("Baidu.AI"), project, (4, 5));
            AssertAt(locator.Locate("Tencent.QCloud.Cos.Sdk"), project, (4, 5));
            Assert.Equal(4, locator.Locate("Azure.Storage.Blobs").Line);
        }

        [Fact]
        public void A_package_id_that_is_only_a_prefix_of_an_Include_does_not_match_it()
        {
            var project = _folder.Write("App/App.csproj", @"<Project Sdk=""Microsoft.NET.Sdk"">
  <ItemGroup>
    <PackageReference Include=""Baidu.AI.Extensions"" Version=""1.0.0"" />
    <PackageReference Include=""Baidu.AI"" Version=""4.15.10"" />
  </ItemGroup>
</Project>
");
            var locator = new ReferenceLocator(project, false, new[] { Item("Baidu.AI", project) }, Array.Empty<ReferenceDeclaration>());

            Assert.Equal(4, locator.Locate("Baidu.AI").Line);
        }

        [Fact]
        public void An_Update_item_is_found_like_an_Include()
        {
            var project = _folder.Write("App/App.csproj", @"<Project Sdk=""Microsoft.NET.Sdk"">
  <ItemGroup>
    <PackageReference Update=""Baidu.AI"" Version=""4.15.10"" />
  </ItemGroup>
</Project>
");
            var locator = new ReferenceLocator(project, false, new[] { Item("Baidu.AI", project) }, Array.Empty<ReferenceDeclaration>());

            AssertAt(locator.Locate("Baidu.AI"), project, (3, 5));
        }

        [Fact]
        public void A_reference_with_no_defining_project_is_searched_in_the_project_file()
        {
            var project = _folder.Write("App/App.csproj", AppProject);
            var locator = new ReferenceLocator(project, false, CheckPackages.Declarations(new[] { (ITaskItem)new TaskItem("Baidu.AI") }), Array.Empty<ReferenceDeclaration>());

            AssertAt(locator.Locate("Baidu.AI"), project, (7, 5));
        }

        [Fact]
        public void A_package_that_is_not_declared_anywhere_is_reported_on_the_project_file_as_a_whole()
        {
            var project = _folder.Write("App/App.csproj", AppProject);
            var locator = new ReferenceLocator(project, false, Array.Empty<ReferenceDeclaration>(), Array.Empty<ReferenceDeclaration>());

            var location = locator.Locate("Implicit.Package");

            Assert.Equal(new SourceLocation(project, 0, 0), location);
        }

        [Fact]
        public void An_unreadable_or_missing_defining_file_falls_back_without_throwing()
        {
            var project = _folder.Write("App/App.csproj", AppProject);
            var broken = _folder.Write("broken.props", "<Project><ItemGroup><PackageReference Include=\"Baidu.AI\"");
            var locator = new ReferenceLocator(project, true,
                new[] { Item("Baidu.AI", broken) },
                new[] { Item("Baidu.AI", _folder.Combine("missing.props")) });

            AssertAt(locator.Locate("Baidu.AI"), project, (7, 5));
        }

        [Fact]
        public void The_first_of_duplicate_items_wins()
        {
            var project = _folder.Write("App/App.csproj", AppProject);
            var other = _folder.Write("other.props", "<Project>\n  <ItemGroup>\n    <PackageReference Include=\"Baidu.AI\" Version=\"1.0.0\" />\n  </ItemGroup>\n</Project>\n");
            var locator = new ReferenceLocator(project, false,
                new[] { Item("Baidu.AI", other), Item("Baidu.AI", project) }, Array.Empty<ReferenceDeclaration>());

            AssertAt(locator.Locate("Baidu.AI"), other, (3, 5));
        }

        [Fact]
        public void A_referenced_project_is_located_at_its_ProjectReference_line_resolved_against_the_project_directory()
        {
            var props = _folder.Write("Directory.Build.props", "<Project>\n  <ItemGroup>\n    <ProjectReference Include=\"../Shared/Shared.csproj\" />\n  </ItemGroup>\n</Project>\n");
            var project = _folder.Write("App/App.csproj", @"<Project Sdk=""Microsoft.NET.Sdk"">
  <ItemGroup>
    <ProjectReference Include=""../Other/Other.csproj;../Lib/Lib.csproj"" />
  </ItemGroup>
</Project>
");
            var locator = new ReferenceLocator(project, false, Array.Empty<ReferenceDeclaration>(), Array.Empty<ReferenceDeclaration>(),
                new[] { Item("../Other/Other.csproj", project), Item("../Lib/Lib.csproj", project), Item("../Shared/Shared.csproj", props) },
                Array.Empty<ReferenceDeclaration>(), Array.Empty<ReferenceDeclaration>());

            AssertAt(locator.LocateProject(_folder.Combine("Lib", "Lib.csproj")), project, (3, 5));
            // Declared in a props file beside the project's parent, but resolved against the project directory, as MSBuild does.
            AssertAt(locator.LocateProject(_folder.Combine("Shared", "Shared.csproj")), props, (3, 5));
            Assert.Equal(new SourceLocation(project, 0, 0), locator.LocateProject(_folder.Combine("Unknown", "Unknown.csproj")));
        }

        [Fact]
        public void A_GlobalPackageReference_is_located_in_Directory_Packages_props_not_in_NuGets_targets()
        {
            var project = _folder.Write("App/App.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\">\n</Project>\n");
            var central = _folder.Write("Directory.Packages.props", "<Project>\n  <ItemGroup>\n    <GlobalPackageReference Include=\"Baidu.AI\" Version=\"4.15.10\" />\n  </ItemGroup>\n</Project>\n");
            var nugetTargets = _folder.Write("sdk/NuGet.targets", "<Project>\n  <ItemGroup>\n    <PackageReference Include=\"@(GlobalPackageReference)\" />\n  </ItemGroup>\n</Project>\n");
            var locator = new ReferenceLocator(project, true,
                new[] { Item("Baidu.AI", nugetTargets) }, new[] { Item("Baidu.AI", nugetTargets) },
                Array.Empty<ReferenceDeclaration>(), new[] { Item("Baidu.AI", central) }, Array.Empty<ReferenceDeclaration>());

            AssertAt(locator.Locate("Baidu.AI"), central, (3, 5));
        }

        [Fact]
        public void A_PackageDownload_is_located_at_its_line()
        {
            var project = _folder.Write("App/App.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <ItemGroup>\n    <PackageDownload Include=\"Baidu.AI\" Version=\"[4.15.10]\" />\n  </ItemGroup>\n</Project>\n");
            var withItem = new ReferenceLocator(project, false, Array.Empty<ReferenceDeclaration>(), Array.Empty<ReferenceDeclaration>(),
                Array.Empty<ReferenceDeclaration>(), Array.Empty<ReferenceDeclaration>(), new[] { Item("Baidu.AI", project) });
            var withoutItem = new ReferenceLocator(project, false, Array.Empty<ReferenceDeclaration>(), Array.Empty<ReferenceDeclaration>());

            AssertAt(withItem.Locate("Baidu.AI"), project, (3, 5));
            AssertAt(withoutItem.Locate("Baidu.AI"), project, (3, 5));
        }
    }
}
