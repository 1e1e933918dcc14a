using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace SupplyChainGuard.EndToEnd.Tests
{
    /// <summary>
    /// Package findings in the editor, before anything is built: a restored consumer loaded as editors load it
    /// (MSBuildWorkspace's design-time build, in the probe process) shows SCG0001 at the reference line with the
    /// build's id, level and message; edits show after the next design-time build; the command-line build still
    /// reports each finding once, from the task alone.
    /// </summary>
    [Collection(EndToEndCollection.Name)]
    public sealed class EditorEndToEndTests
    {
        private const string Policy = """
            { "vendors": [ { "id": "baidu", "name": "Baidu, Inc.", "restricted": true, "match": { "owners": ["Baidu-AI"] } } ] }
            """;

        private const string Client = """
            public static class Client
            {
                public static object Create() => new Baidu.Aip.Ocr.Ocr("api-key", "secret-key");
            }
            """;

        private readonly PackedPackageFixture _fixture;

        public EditorEndToEndTests(PackedPackageFixture fixture)
        {
            _fixture = fixture;
        }

        [Fact]
        public void A_restored_never_built_project_shows_SCG0001_at_the_PackageReference_line_and_the_build_reports_it_once()
        {
            var app = _fixture.NewConsumer("editor")
                .Write("App.csproj", ConsumerProject.ProjectXml("""
                        <PackageReference Include="Baidu.AI" Version="4.15.10" />
                    """))
                .Write("Client.cs", Client)
                .Write("supplychainguard.json", Policy);
            Assert.Equal(0, app.Restore().ExitCode);
            var line = app.LineOf("App.csproj", "\"Baidu.AI\"");
            var column = app.ColumnOf("App.csproj", line, "<PackageReference");

            var editor = Probe(app);
            Assert.False(File.Exists(app.PathOf("bin/Debug/net10.0/App.dll")), "nothing may have been built");

            var finding = Assert.Single(editor, d => d.Code == "SCG0001");
            Assert.Equal((app.PathOf("App.csproj"), line, column, "warning"), (finding.File, finding.Line, finding.Column, finding.Severity));
            Assert.Contains("Package 'Baidu.AI' 4.15.10 is published by 'Baidu, Inc.' (vendor 'baidu')", finding.Message);
            Assert.Contains(editor, d => d.Code == "SCG0101"); // the SDK usage, from the same hand-over

            var build = app.Build();
            Assert.Equal(0, build.ExitCode);
            Assert.Single(Regex.Matches(BeforeSummary(build.Output), @"warning SCG0001:"));
            var built = build.Single("SCG0001");
            Assert.Equal((finding.File, finding.Line, finding.Column, finding.Severity, finding.Message), (built.File, built.Line, built.Column, built.Severity, built.Message));

            // The editor's next design-time build leaves the build's inputs alone: the next build compiles nothing.
            Assert.Single(Probe(app), d => d.Code == "SCG0001");
            var again = app.Build(null, "-v:n");
            Assert.Contains("Skipping target \"CoreCompile\" because all output files are up-to-date", again.Output);
        }

        [Fact]
        public void Under_central_package_management_SCG0001_is_at_the_PackageVersion_line()
        {
            var app = _fixture.NewConsumer("editor-cpm")
                .Write("Directory.Packages.props", $"""
                    <Project>
                      <PropertyGroup>
                        <ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally>
                      </PropertyGroup>
                      <ItemGroup>
                        <PackageVersion Include="SupplyChainGuard" Version="{PackedPackageFixture.PackageVersion}" />
                        <PackageVersion Include="Baidu.AI" Version="4.15.10" />
                      </ItemGroup>
                    </Project>
                    """)
                .Write("App.csproj", """
                    <Project Sdk="Microsoft.NET.Sdk">
                      <PropertyGroup>
                        <TargetFramework>net10.0</TargetFramework>
                        <NoWarn>$(NoWarn);NU1603</NoWarn>
                      </PropertyGroup>
                      <ItemGroup>
                        <PackageReference Include="SupplyChainGuard" PrivateAssets="all" />
                        <PackageReference Include="Baidu.AI" />
                      </ItemGroup>
                    </Project>
                    """)
                .Write("Client.cs", Client)
                .Write("supplychainguard.json", Policy);
            Assert.Equal(0, app.Restore().ExitCode);
            var line = app.LineOf("Directory.Packages.props", "\"Baidu.AI\"");

            var finding = Assert.Single(Probe(app), d => d.Code == "SCG0001");

            Assert.Equal((app.PathOf("Directory.Packages.props"), line, app.ColumnOf("Directory.Packages.props", line, "<PackageVersion")), (finding.File, finding.Line, finding.Column));
        }

        /// <summary>
        /// Each design-time build recomputes the finding: no full build in between. NoWarn on the reference, the
        /// vendor's severity and a global analyzer config act in the editor as they do in the build.
        /// </summary>
        [Fact]
        public void Edits_to_the_project_or_the_policy_show_after_the_next_design_time_build_as_the_build_reports_them()
        {
            var app = _fixture.NewConsumer("editor-edits")
                .Write("App.csproj", ConsumerProject.ProjectXml("""
                        <PackageReference Include="Baidu.AI" Version="4.15.10" />
                    """))
                .Write("Client.cs", Client)
                .Write("supplychainguard.json", Policy)
                // The task ignores analyzer configs, so the editor must too: this changes neither.
                .Write(".globalconfig", "is_global = true\ndotnet_diagnostic.SCG0001.severity = none\n");
            Assert.Equal(0, app.Restore().ExitCode);
            Assert.Equal("warning", Assert.Single(Probe(app), d => d.Code == "SCG0001").Severity);

            // NoWarn on the reference: gone from the editor.
            app.Write("App.csproj", ConsumerProject.ProjectXml("""
                    <PackageReference Include="Baidu.AI" Version="4.15.10" NoWarn="SCG0001" />
                """));
            Assert.DoesNotContain(Probe(app), d => d.Code == "SCG0001");

            // The vendor's severity "error": NoWarn silences warnings, never errors, in the editor as in the build.
            app.Write("supplychainguard.json", Policy.Replace("\"restricted\": true", "\"restricted\": true, \"severity\": \"error\"", StringComparison.Ordinal));
            var finding = Assert.Single(Probe(app), d => d.Code == "SCG0001");
            Assert.Equal("error", finding.Severity);

            var build = app.Build();
            Assert.NotEqual(0, build.ExitCode);
            Assert.Single(Regex.Matches(BeforeSummary(build.Output), @"error SCG0001:"));
            var built = build.Single("SCG0001");
            Assert.Equal((finding.File, finding.Line, finding.Column, finding.Severity, finding.Message), (built.File, built.Line, built.Column, built.Severity, built.Message));
        }

        /// <summary>
        /// csharp-ls 0.28.0, a Roslyn-based language server, as Neovim, Emacs or Helix start it: over stdio, with
        /// <c>csharp.analyzersEnabled</c> on. It lists SCG0001 for the project file among its workspace diagnostics
        /// (pulled with <c>workspace/diagnostic</c>); it pushes none for it, because it publishes diagnostics only
        /// for C# documents.
        /// </summary>
        [Fact]
        public async System.Threading.Tasks.Task Csharp_ls_lists_SCG0001_for_the_project_file_after_the_project_is_opened()
        {
            var app = _fixture.NewConsumer("editor-csharp-ls")
                .Write("App.csproj", ConsumerProject.ProjectXml("""
                        <PackageReference Include="Baidu.AI" Version="4.15.10" />
                    """))
                .Write("Client.cs", Client)
                .Write("supplychainguard.json", Policy);
            Assert.Equal(0, app.Restore().ExitCode);
            var line = app.LineOf("App.csproj", "\"Baidu.AI\"");
            var column = app.ColumnOf("App.csproj", line, "<PackageReference");
            var server = CsharpLs.Install(_fixture);

            var settings = new System.Text.Json.Nodes.JsonObject { ["csharp"] = new System.Text.Json.Nodes.JsonObject { ["analyzersEnabled"] = true } };
            using var client = new LanguageServerClient(server, app.Directory, new Dictionary<string, string> { ["NUGET_PACKAGES"] = _fixture.PackagesFolder }, settings);
            var root = new Uri(app.Directory + Path.DirectorySeparatorChar).AbsoluteUri;
            await client.RequestAsync("initialize", System.Text.Json.Nodes.JsonNode.Parse($$"""
                {
                  "processId": {{Environment.ProcessId}},
                  "rootUri": "{{root}}",
                  "workspaceFolders": [ { "uri": "{{root}}", "name": "app" } ],
                  "capabilities": {
                    "textDocument": { "publishDiagnostics": {}, "diagnostic": { "dynamicRegistration": false }, "synchronization": {} },
                    "workspace": { "configuration": true, "workspaceFolders": true, "diagnostics": { "refreshSupport": false } }
                  },
                  "initializationOptions": { "csharp": { "analyzersEnabled": true } }
                }
                """), TimeSpan.FromMinutes(2));
            client.Notify("initialized", new System.Text.Json.Nodes.JsonObject());
            client.Notify("workspace/didChangeConfiguration", new System.Text.Json.Nodes.JsonObject { ["settings"] = settings.DeepClone() });
            client.Notify("textDocument/didOpen", System.Text.Json.Nodes.JsonNode.Parse($$"""
                { "textDocument": { "uri": "{{new Uri(app.PathOf("Client.cs")).AbsoluteUri}}", "languageId": "csharp", "version": 1, "text": {{System.Text.Json.JsonSerializer.Serialize(Client)}} } }
                """));

            // Generous: the server loads the project with a design-time build, then runs the analyzers.
            var projectUri = new Uri(app.PathOf("App.csproj")).AbsoluteUri;
            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
            LspDiagnostic? finding = null;
            var seen = new List<LspDiagnostic>();
            while (finding is null && DateTime.UtcNow < deadline)
            {
                await System.Threading.Tasks.Task.Delay(TimeSpan.FromSeconds(5));
                seen = (await client.PullWorkspaceDiagnosticsAsync(TimeSpan.FromMinutes(3))).Concat(client.Published()).ToList();
                finding = seen.FirstOrDefault(d => d.Code == "SCG0001");
            }

            Assert.True(finding is not null, "no SCG0001 in 3 minutes. Diagnostics:\n" + string.Join("\n", seen) + "\nServer log:\n" + client.Log());
            Assert.Equal(("workspace/diagnostic", projectUri, line - 1, column - 1, 2), (finding!.Channel, finding.Uri, finding.Line, finding.Character, finding.Severity));
            Assert.Contains("Package 'Baidu.AI' 4.15.10 is published by 'Baidu, Inc.'", finding.Message);
            Assert.DoesNotContain(client.Published(), d => d.Code == "SCG0001");
        }

        /// <summary>The build's output up to its summary, which repeats every warning and error.</summary>
        private static string BeforeSummary(string output)
        {
            var summary = Regex.Match(output, @"^\s*Build (succeeded|FAILED)\.", RegexOptions.Multiline);
            return summary.Success ? output.Substring(0, summary.Index) : output;
        }

        /// <summary>The analyzers' diagnostics of one MSBuildWorkspace load; fails on any workspace failure.</summary>
        private List<BuildDiagnostic> Probe(ConsumerProject app)
        {
            var probe = DotNet.Run(app.Directory, new Dictionary<string, string> { ["NUGET_PACKAGES"] = _fixture.PackagesFolder },
                IdeProbe.Path(_fixture), app.PathOf("App.csproj"));
            Assert.True(probe.ExitCode == 0, probe.Output);
            var lines = probe.Output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
            Assert.DoesNotContain(lines, l => l.StartsWith("failure: ", StringComparison.Ordinal)); // the task logs no warning or error there
            Assert.DoesNotContain(lines, l => l.StartsWith("diagnostic: SCG0904|", StringComparison.Ordinal));
            return IdeProbe.Diagnostics(lines);
        }
    }

    /// <summary>csharp-ls 0.28.0 as a dotnet tool, installed once per machine from the registry into a folder of its own.</summary>
    internal static class CsharpLs
    {
        public const string Version = "0.28.0";

        private static readonly object Gate = new();

        public static string Install(PackedPackageFixture fixture)
        {
            var folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "scg-csharp-ls-" + Version);
            var executable = System.IO.Path.Combine(folder, OperatingSystem.IsWindows() ? "csharp-ls.exe" : "csharp-ls");
            lock (Gate)
            {
                if (!File.Exists(executable))
                {
                    var install = DotNet.Run(fixture.Root, null, "tool", "install", "csharp-ls", "--version", Version, "--tool-path", folder);
                    Assert.True(install.ExitCode == 0 && File.Exists(executable), "could not install csharp-ls " + Version + ":\n" + install.Output);
                }
            }

            return executable;
        }
    }

    /// <summary>The probe process (tests/SupplyChainGuard.IdeProbe) and what it prints.</summary>
    internal static class IdeProbe
    {
        public static string Path(PackedPackageFixture fixture)
        {
            var configuration = AppContext.BaseDirectory.Contains($"{System.IO.Path.DirectorySeparatorChar}Release{System.IO.Path.DirectorySeparatorChar}") ? "Release" : "Debug";
            var path = System.IO.Path.Combine(fixture.RepositoryRoot, "tests", "SupplyChainGuard.IdeProbe", "bin", configuration, "net10.0", "SupplyChainGuard.IdeProbe.dll");
            Assert.True(File.Exists(path), "the probe is not built: " + path);
            return path;
        }

        /// <summary><c>diagnostic: ID|file|line|column|severity|message</c> lines.</summary>
        public static List<BuildDiagnostic> Diagnostics(IEnumerable<string> lines) =>
            lines.Where(l => l.StartsWith("diagnostic: ", StringComparison.Ordinal))
                .Select(l => l.Substring("diagnostic: ".Length).Split('|', 6))
                .Select(p => new BuildDiagnostic(p[1], int.Parse(p[2]), int.Parse(p[3]), p[4], p[0], p[5]))
                .ToList();
    }
}
