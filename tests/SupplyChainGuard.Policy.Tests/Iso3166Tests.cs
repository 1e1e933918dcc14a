using SupplyChainGuard.Policy.Loading;
using Xunit;

namespace SupplyChainGuard.Policy.Tests
{
    /// <summary>The officially assigned ISO 3166-1 alpha-2 codes, used to check jurisdictions.</summary>
    public class Iso3166Tests
    {
        [Fact]
        public void There_are_exactly_249_officially_assigned_codes()
        {
            Assert.Equal(249, Iso3166.All.Count);
        }

        [Fact]
        public void Every_code_is_two_upper_case_letters()
        {
            Assert.All(Iso3166.All, code => Assert.Matches("^[A-Z]{2}$", code));
        }

        [Theory]
        [InlineData("CN")]
        [InlineData("RU")]
        [InlineData("US")]
        [InlineData("KP")]
        [InlineData("IR")]
        [InlineData("HK")]
        [InlineData("TW")]
        public void Known_codes_are_valid(string code)
        {
            Assert.True(Iso3166.IsValid(code));
        }

        [Theory]
        [InlineData("cn")]
        [InlineData("Ru")]
        [InlineData("us")]
        public void Lower_case_is_accepted(string code)
        {
            Assert.True(Iso3166.IsValid(code));
        }

        [Theory]
        [InlineData("XX")]
        [InlineData("CHN")]
        [InlineData("UK")]
        [InlineData("EU")]
        [InlineData("C")]
        [InlineData("")]
        public void Unassigned_reserved_or_alpha_3_codes_are_invalid(string code)
        {
            Assert.False(Iso3166.IsValid(code));
        }
    }
}
