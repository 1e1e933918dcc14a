using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace SupplyChainGuard.Policy.Tests
{
    /// <summary>X.500 subjects as certificates print them, split into the key/value pairs subject globs are tried against.</summary>
    public sealed class DistinguishedNameTests
    {
        private static string[] Split(string subject) => DistinguishedName.Split(subject).Select(p => p.Key + "|" + p.Value).ToArray();

        [Theory]
        [InlineData("CN=Json.NET, O=\"Newtonsoft, Inc.\", C=US", new[] { "CN|Json.NET", "O|Newtonsoft, Inc.", "C|US" })]
        [InlineData("cn = Baidu ; o=Baidu Inc", new[] { "CN|Baidu", "O|Baidu Inc" })]
        [InlineData("CN=Baidu\\, Inc., O=Baidu", new[] { "CN|Baidu, Inc.", "O|Baidu" })]
        [InlineData("CN=Baidu\\", new[] { "CN|Baidu\\" })]                 // a backslash at the end stands for itself
        [InlineData("junk,=nameless, CN=Baidu", new[] { "CN|Baidu" })]   // parts without a key are not pairs
        [InlineData("", new string[0])]
        public void A_subject_splits_into_its_relative_distinguished_names(string subject, string[] pairs)
        {
            Assert.Equal(pairs, Split(subject));
        }
    }
}
