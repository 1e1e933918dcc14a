using System.Globalization;
using System.Text;

namespace SupplyChainGuard.Policy.Loading
{
    /// <summary>How a policy's own text is quoted in SCG0901: short, and with nothing a log could choke on.</summary>
    internal static class DiagnosticText
    {
        private const int MaxShown = 120;

        /// <summary>
        /// <paramref name="value"/> with control characters, lone surrogates and separators written as
        /// <c>\u0000</c>, and cut after 120 characters: a megabyte string or a NUL must not reach the build log as is.
        /// </summary>
        public static string Show(string value)
        {
            var text = new StringBuilder(System.Math.Min(value.Length, MaxShown) + 8);
            for (var i = 0; i < value.Length; i++)
            {
                if (text.Length >= MaxShown)
                {
                    return text.Append("…").ToString();
                }

                var c = value[i];
                if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                {
                    text.Append(c).Append(value[++i]);
                }
                else if (NeedsEscape(c))
                {
                    text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                }
                else
                {
                    text.Append(c);
                }
            }

            return text.ToString();
        }

        /// <summary><c>the character U+0000</c>.</summary>
        public static string Describe(char c) => "the character U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture);

        private static bool NeedsEscape(char c) =>
            c < ' ' || c == '\u007F' || char.IsSurrogate(c) || c == '\u2028' || c == '\u2029' || (c >= '\u0080' && c <= '\u009F');
    }
}
