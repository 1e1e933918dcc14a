using Xunit;

namespace SupplyChainGuard.Policy.Tests
{
    /// <summary>A reader that finds something it cannot read says why, and the loader reports it at the entry.</summary>
    public sealed class UnreadableExtendsTests
    {
        [Fact]
        public void An_extended_file_the_reader_cannot_read_is_SCG0901_at_the_entry_with_the_reason()
        {
            var target = TestPaths.At("org", "policies");
            var files = new InMemoryPolicyFiles().AddUnreadable(target, "it is a directory; a policy must be a regular file of at most 4 MiB");

            var result = PolicyAssert.Load("""
                {
                  "extends": ["../org/policies"]
                }
                """, files);

            PolicyAssert.SingleError(result, 2, 15,
                $"extended policy '../org/policies' could not be read at '{target}': it is a directory; a policy must be a regular file of at most 4 MiB");
        }

        [Fact]
        public void A_root_policy_the_reader_cannot_read_is_SCG0901_for_the_file_as_a_whole()
        {
            var files = new InMemoryPolicyFiles().AddUnreadable(TestPaths.Policy, "access is denied");

            var result = new PolicyLoader(files).Load(TestPaths.Policy);

            PolicyAssert.SingleError(result, 0, 0, "the policy file could not be read: access is denied");
        }
    }
}
