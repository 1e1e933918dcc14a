using System.Linq;
using Xunit;

namespace SupplyChainGuard.Policy.Tests
{
    /// <summary>The analyzer loads the Policy library inside every compiler host, so it may need nothing a host may lack.</summary>
    public sealed class PolicyLibraryClosureTests
    {
        [Fact]
        public void The_policy_library_references_netstandard_alone()
        {
            var references = typeof(PolicyLoader).Assembly.GetReferencedAssemblies().Select(a => a.Name).OrderBy(n => n).ToArray();

            Assert.Equal(new[] { "netstandard" }, references);
        }
    }
}
