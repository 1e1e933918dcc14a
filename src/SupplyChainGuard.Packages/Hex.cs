using System.Text;

namespace SupplyChainGuard.Packages
{
    /// <summary>Upper-case hexadecimal text of bytes (Convert.ToHexString is not on .NET Framework).</summary>
    public static class Hex
    {
        public static string Upper(byte[] bytes)
        {
            var text = new StringBuilder(bytes.Length * 2);
            foreach (var b in bytes)
            {
                text.Append("0123456789ABCDEF"[b >> 4]).Append("0123456789ABCDEF"[b & 0xF]);
            }

            return text.ToString();
        }
    }
}
