using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using NuGet.Configuration;
using Xunit;

namespace SupplyChainGuard.EndToEnd.Tests
{
    /// <summary>
    /// Visual Studio and msbuild.exe run MSBuild and the C# compiler on .NET Framework. There is no Windows
    /// here, but Mono runs .NET Framework programs: Roslyn's own .NET Framework compiler (tasks/net472/csc.exe of
    /// Microsoft.Net.Compilers.Toolset, the compiler those hosts use) with the packed analyzers, and the packed
    /// net472 build task, loaded from the package as msbuild.exe loads it. `.ci/run` installs Mono.
    /// </summary>
    [Collection(EndToEndCollection.Name)]
    public sealed class NetFrameworkHostEndToEndTests
    {
        private const string CompilerToolsetVersion = "4.14.0";

        private readonly PackedPackageFixture _fixture;

        public NetFrameworkHostEndToEndTests(PackedPackageFixture fixture)
        {
            _fixture = fixture;
        }

        [Fact]
        public void Roslyn_s_NET_Framework_compiler_loads_the_packed_analyzers_and_reports_SCG0101_and_SCG0102()
        {
            var work = _fixture.NewConsumer("netfx-csc");
            work.Write("Client.cs", """
                using Baidu.Aip.Ocr;

                public static class Client
                {
                    public static object Create() => new Ocr("api-key", "secret-key");
                }
                """);
            work.Write("supplychainguard.json", """
                { "vendors": [ { "id": "baidu", "name": "Baidu, Inc.", "restricted": true, "match": { "namespaces": ["Baidu.Aip"] } } ] }
                """);
            work.Write("global.config", "is_global = true\nbuild_property.SupplyChainGuardPolicyFile = " + work.PathOf("supplychainguard.json") + "\n");

            var analyzers = ExtractAnalyzers(work.PathOf("analyzers"));
            var references = FrameworkReferences().Append(Path.Combine(GlobalPackages, "baidu.ai", "4.15.10", "lib", "net45", "AipSdk.dll"));
            var arguments = new List<string> { CompilerPath(), "/noconfig", "/nologo", "/nostdlib+", "/t:library", "/out:" + work.PathOf("Client.dll") };
            arguments.AddRange(references.Select(r => "/r:" + r));
            arguments.AddRange(analyzers.Select(a => "/analyzer:" + a));
            arguments.Add("/additionalfile:" + work.PathOf("supplychainguard.json"));
            arguments.Add("/analyzerconfig:" + work.PathOf("global.config"));
            arguments.Add(work.PathOf("Client.cs"));

            var compile = Mono.Run(work.Directory, arguments.ToArray());

            Assert.DoesNotContain("AD0001", compile.Output);
            Assert.DoesNotContain("CS8032", compile.Output); // "An instance of analyzer … cannot be created"
            var diagnostics = new BuildResult(compile.ExitCode, compile.Output, work.Directory).Diagnostics;
            var import = Assert.Single(diagnostics, d => d.Code == "SCG0102");
            Assert.Equal((work.PathOf("Client.cs"), 1, 1), (import.File, import.Line, import.Column));
            var use = Assert.Single(diagnostics, d => d.Code == "SCG0101");
            Assert.Equal((work.PathOf("Client.cs"), 5, work.ColumnOf("Client.cs", 5, "Ocr(")), (use.File, use.Line, use.Column));
            Assert.Contains("'Baidu.Aip.Ocr.Ocr' is published by 'Baidu, Inc.'", use.Message);
            Assert.Equal(0, compile.ExitCode);
        }

        [Fact]
        public void The_packed_net472_task_reports_SCG0001_on_the_reference_line_and_writes_the_hand_over()
        {
            var app = _fixture.NewConsumer("netfx-task")
                .Write("App.csproj", ConsumerProject.ProjectXml("""
                        <PackageReference Include="Baidu.AI" Version="4.15.10" />
                    """))
                .Write("supplychainguard.json", """
                    { "vendors": [ { "id": "baidu", "name": "Baidu, Inc.", "restricted": true, "match": { "owners": ["Baidu-AI"] } } ] }
                    """);
            Assert.Equal(0, app.Restore().ExitCode);

            // The task as the package ships it for .NET Framework MSBuild, from the consumer's restored package.
            var task = Path.Combine(_fixture.PackagesFolder, "supplychainguard", PackedPackageFixture.PackageVersion, "tasks", "net472", "SupplyChainGuard.Build.dll");
            Assert.True(File.Exists(task), "the package has no .NET Framework task: " + task);
            var handover = app.PathOf("obj/netfx/supplychainguard.packages.json");
            var project = app.PathOf("App.csproj");

            var run = Mono.Run(app.Directory, HostPath(), "--task", task,
                "ProjectPath=" + project,
                "ProjectAssetsFile=" + app.PathOf("obj/project.assets.json"),
                "TargetFramework=net10.0",
                "PolicyFile=" + app.PathOf("supplychainguard.json"),
                "HandoverFile=" + handover,
                "CacheFile=" + app.PathOf("obj/netfx/supplychainguard.identity.json"),
                "--item", $"PackageReferences=SupplyChainGuard|DefiningProjectFullPath={project}|Version={PackedPackageFixture.PackageVersion}",
                "--item", $"PackageReferences=Baidu.AI|DefiningProjectFullPath={project}|Version=4.15.10");

            Assert.Contains("(Mono)", run.Output);
            Assert.Contains("host: Execute returned True", run.Output);
            var finding = new BuildResult(run.ExitCode, run.Output, app.Directory).Single("SCG0001");
            Assert.Equal((project, app.LineOf("App.csproj", "Include=\"Baidu.AI\""), 5), (finding.File, finding.Line, finding.Column));
            Assert.Equal("warning", finding.Severity);
            Assert.Contains("owner 'Baidu-AI' in the repository signature", finding.Message);
            Assert.True(File.Exists(handover), "no hand-over was written:\n" + run.Output);
            Assert.Contains("\"AipSdk\"", File.ReadAllText(handover));
        }

        private static string GlobalPackages => SettingsUtility.GetGlobalPackagesFolder(Settings.LoadDefaultSettings(null));

        /// <summary>Roslyn's .NET Framework compiler, which this test project's PackageDownload fetched.</summary>
        private static string CompilerPath()
        {
            var path = Path.Combine(GlobalPackages, "microsoft.net.compilers.toolset", CompilerToolsetVersion, "tasks", "net472", "csc.exe");
            Assert.True(File.Exists(path), "restore the end-to-end test project: its PackageDownload fetches " + path);
            return path;
        }

        /// <summary>.NET Framework 4.7.2 reference assemblies, with the netstandard facade AipSdk needs.</summary>
        private static IEnumerable<string> FrameworkReferences()
        {
            var folder = Path.Combine(GlobalPackages, "microsoft.netframework.referenceassemblies.net472", "1.0.3", "build", ".NETFramework", "v4.7.2");
            return new[] { "mscorlib.dll", "System.dll", "System.Core.dll", Path.Combine("Facades", "netstandard.dll"), Path.Combine("Facades", "System.Runtime.dll") }
                .Select(name => Path.Combine(folder, name));
        }

        /// <summary>The analyzer assemblies exactly as the packed package holds them.</summary>
        private string[] ExtractAnalyzers(string directory)
        {
            var nupkg = Path.Combine(_fixture.Feed, $"SupplyChainGuard.{PackedPackageFixture.PackageVersion}.nupkg");
            Directory.CreateDirectory(directory);
            using var archive = ZipFile.OpenRead(nupkg);
            var files = new List<string>();
            foreach (var entry in archive.Entries.Where(e => e.FullName.StartsWith("analyzers/dotnet/cs/", StringComparison.Ordinal) && e.Name.EndsWith(".dll", StringComparison.Ordinal)))
            {
                var path = Path.Combine(directory, entry.Name);
                entry.ExtractToFile(path, overwrite: true);
                files.Add(path);
            }

            Assert.Contains(files, f => f.EndsWith("SupplyChainGuard.Analyzers.dll", StringComparison.Ordinal));
            return files.ToArray();
        }

        private string HostPath()
        {
            var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
            var path = Path.Combine(_fixture.RepositoryRoot, "tests", "SupplyChainGuard.NetFxTaskHost", "bin", configuration, "net472", "SupplyChainGuard.NetFxTaskHost.exe");
            Assert.True(File.Exists(path), "the .NET Framework task host is not built: " + path);
            return path;
        }

        private static class Mono
        {
            public static ProcessResult Run(string workingDirectory, params string[] arguments)
            {
                var mono = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
                    .Select(d => Path.Combine(d, "mono")).FirstOrDefault(File.Exists);
                Assert.True(mono is not null, "Mono runs the .NET Framework hosts here and is not installed: apt-get install mono-devel (.ci/run does)");
                return Processes.Run(mono!, workingDirectory, null, arguments);
            }
        }
    }
}
