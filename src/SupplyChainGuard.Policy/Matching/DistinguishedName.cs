using System.Collections.Generic;
using System.Text;

namespace SupplyChainGuard.Policy
{
    /// <summary>Splits an X.500 subject such as <c>CN=Json.NET, O="A, B", C=US</c> into key/value pairs.</summary>
    internal static class DistinguishedName
    {
        public static IEnumerable<KeyValuePair<string, string>> Split(string subject)
        {
            var parts = new List<KeyValuePair<string, string>>();
            var current = new StringBuilder();
            var quoted = false;
            for (var i = 0; i < subject.Length; i++)
            {
                var c = subject[i];
                if (c == '"')
                {
                    quoted = !quoted;
                    continue;
                }

                if (c == '\\' && i + 1 < subject.Length)
                {
                    current.Append(subject[++i]);
                    continue;
                }

                if (!quoted && (c == ',' || c == ';'))
                {
                    Add(parts, current.ToString());
                    current.Clear();
                    continue;
                }

                current.Append(c);
            }

            Add(parts, current.ToString());
            return parts;
        }

        private static void Add(List<KeyValuePair<string, string>> parts, string rdn)
        {
            var eq = rdn.IndexOf('=');
            if (eq <= 0)
            {
                return;
            }

            parts.Add(new KeyValuePair<string, string>(rdn.Substring(0, eq).Trim().ToUpperInvariant(), rdn.Substring(eq + 1).Trim()));
        }
    }
}
