using Xunit;

namespace SupplyChainGuard.Packages.Tests
{
    /// <summary>Certificate fingerprints and cache names are written as upper-case hex, two digits a byte, as Convert.ToHexString does.</summary>
    public sealed class HexTests
    {
        [Fact]
        public void Each_byte_is_two_upper_case_digits_high_nibble_first()
        {
            var bytes = new byte[] { 0x00, 0x0F, 0xA5, 0x5A, 0xF0, 0xFF, 0x19 };

            Assert.Equal("000FA55AF0FF19", Hex.Upper(bytes));
            Assert.Equal(System.Convert.ToHexString(bytes), Hex.Upper(bytes));
        }

        [Fact]
        public void No_bytes_is_empty_text()
        {
            Assert.Equal(string.Empty, Hex.Upper(new byte[0]));
        }
    }
}
