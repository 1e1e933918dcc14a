using System;
using System.IO;
using Xunit;

namespace SupplyChainGuard.EndToEnd.Tests
{
    /// <summary>
    /// Policy inputs that used to switch the guard off, as users hit them: the packed package, `dotnet build`,
    /// and SCG0901 at the policy file's line and column — never SCG0999 ("could not check") or AD0001
    /// (an analyzer that threw), which would both mean nothing was checked.
    /// </summary>
    [Collection(EndToEndCollection.Name)]
    public sealed class PolicyInputEndToEndTests
    {
        private readonly PackedPackageFixture _fixture;

        public PolicyInputEndToEndTests(PackedPackageFixture fixture)
        {
            _fixture = fixture;
        }

        private ConsumerProject Consumer(string name, string policy) =>
            _fixture.NewConsumer(name)
                .Write("App.csproj", ConsumerProject.ProjectXml("""
                        <PackageReference Include="Baidu.AI" Version="4.15.10" />
                    """))
                .Write("Class1.cs", "namespace App { public class Class1 { } }")
                .Write("supplychainguard.json", policy);

        /// <summary>The build failed on exactly one SCG0901 in the policy file, and nothing says the check was skipped.</summary>
        private static BuildDiagnostic AssertInvalidPolicy(ConsumerProject app, BuildResult build, int line, int column)
        {
            Assert.NotEqual(0, build.ExitCode);
            var error = build.Single("SCG0901");
            Assert.Equal("error", error.Severity);
            Assert.Equal(app.PathOf("supplychainguard.json"), error.File);
            Assert.Equal((line, column), (error.Line, error.Column));
            Assert.StartsWith("The policy is invalid: ", error.Message);
            Assert.DoesNotContain("SCG0999", build.Output);
            Assert.DoesNotContain("AD0001", build.Output);
            Assert.DoesNotContain("MSB4018", build.Output);
            return error;
        }

        [Fact]
        public void A_lone_surrogate_escape_fails_the_build_with_SCG0901_at_the_escape()
        {
            var app = Consumer("surrogate", """
                {
                  "vendors": [
                    { "id": "baidu", "reason": "SEC-\ud800-12", "match": { "owners": ["Baidu-AI"] } }
                  ]
                }
                """);

            var build = app.Build();

            var error = AssertInvalidPolicy(app, build, 3, 37);
            Assert.Contains("'\\ud800' is half of a UTF-16 surrogate pair without its other half", error.Message);
        }

        [Fact]
        public void An_extends_entry_with_NUL_fails_the_build_with_SCG0901_at_the_entry()
        {
            var app = Consumer("nul", """
                {
                  "extends": ["org\u0000.json"],
                  "vendors": [ { "id": "baidu", "match": { "owners": ["Baidu-AI"] } } ]
                }
                """);

            var build = app.Build();

            var error = AssertInvalidPolicy(app, build, 2, 15);
            Assert.Contains("extended policy 'org\\u0000.json' is not a valid path: it contains the character U+0000", error.Message);
        }

        [Fact]
        public void Extends_dev_zero_fails_the_build_with_SCG0901_at_the_entry_without_reading_it()
        {
            if (!File.Exists("/dev/zero"))
            {
                return; // no such device on this system
            }

            var app = Consumer("devzero", """
                {
                  "extends": ["/dev/zero"],
                  "vendors": [ { "id": "baidu", "match": { "owners": ["Baidu-AI"] } } ]
                }
                """);

            var build = app.Build();

            var error = AssertInvalidPolicy(app, build, 2, 15);
            Assert.Contains("extended policy '/dev/zero' could not be read at '/dev/zero': it is empty, or not a regular file (a pipe, socket or device)", error.Message);
        }

        [Fact]
        public void Extends_a_symbolic_link_loop_fails_the_build_with_SCG0901_saying_it_is_one()
        {
            var app = Consumer("symlinkloop", """
                {
                  "extends": ["org/loop.json"],
                  "vendors": [ { "id": "baidu", "match": { "owners": ["Baidu-AI"] } } ]
                }
                """);
            Directory.CreateDirectory(app.PathOf("org"));
            try
            {
                File.CreateSymbolicLink(app.PathOf("org/loop.json"), app.PathOf("org/pool.json"));
                File.CreateSymbolicLink(app.PathOf("org/pool.json"), app.PathOf("org/loop.json"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return; // no symbolic links for this user on this system
            }

            var build = app.Build();

            var error = AssertInvalidPolicy(app, build, 2, 15);
            Assert.Contains($"it is a symbolic-link loop: {app.PathOf("org/loop.json")} -> {app.PathOf("org/pool.json")} -> {app.PathOf("org/loop.json")}", error.Message);
        }

        [Fact]
        public void A_policy_file_over_4_MiB_fails_the_build_with_SCG0901_for_the_file()
        {
            var app = Consumer("oversize", "{\n  \"$schema\": \"" + new string('a', 5 * 1024 * 1024) + "\",\n  \"vendors\": []\n}");

            var build = app.Build();

            var error = AssertInvalidPolicy(app, build, 0, 0);
            var size = new FileInfo(app.PathOf("supplychainguard.json")).Length;
            Assert.Contains($"the policy file could not be read: it has {size} bytes; a policy must be a regular file of at most 4 MiB", error.Message);
        }
    }
}
