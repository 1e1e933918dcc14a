using System.IO;
using SupplyChainGuard.Cli.Tests.Support;
using Xunit;

namespace SupplyChainGuard.Cli.Tests
{
    /// <summary><c>scg policy validate</c>: the build's SCG0901 text with file, line and column, and exit code 2.</summary>
    [Collection(FixtureCollection.Name)]
    public sealed class PolicyCommandTests
    {
        private readonly FixtureRepositories _fixture;

        public PolicyCommandTests(FixtureRepositories fixture)
        {
            _fixture = fixture;
        }

        [Fact]
        public void A_broken_policy_is_reported_as_the_build_reports_it_with_exit_code_2()
        {
            var result = Scg.Run(_fixture.Broken, "policy", "validate");

            Assert.Equal(2, result.ExitCode);
            var build = Assert.Single(_fixture.BrokenDiagnostics, d => d.Code == "SCG0901");
            Assert.Contains($"{build.File}({build.Line},{build.Column}): error SCG0901: {build.Message}", result.Output);
        }

        [Fact]
        public void A_valid_policy_is_exit_code_0_and_warns_of_expired_waivers()
        {
            var result = Scg.Run(Path.Combine(_fixture.Main, "plain", "App"), "policy", "validate");

            Assert.Equal(0, result.ExitCode);
            Assert.Contains("valid. Mode deny; 4 vendors (3 restricted); 3 waivers", result.Output);
            Assert.Contains("warning SCG0201: The waiver for vendor 'tencent' expired on 2020-01-31", result.Output);
        }

        [Fact]
        public void A_named_file_that_does_not_exist_is_exit_code_2()
        {
            var result = Scg.Run(_fixture.Main, "policy", "validate", "missing.json");

            Assert.Equal(2, result.ExitCode);
            Assert.Contains("the policy file does not exist", result.Output);
        }
    }
}
