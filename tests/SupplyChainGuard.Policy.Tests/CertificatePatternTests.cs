using Xunit;

namespace SupplyChainGuard.Policy.Tests
{
    /// <summary>"certificates": an author-signature SHA-256 fingerprint or a glob over the certificate subject.</summary>
    public class CertificatePatternTests
    {
        private const string Fingerprint = "5A29F3C15A29F3C15A29F3C15A29F3C15A29F3C15A29F3C15A29F3C15A29F3C1";

        private static CertificatePattern Parse(string text)
        {
            Assert.True(CertificatePattern.TryParse(text, out var pattern, out var error), error);
            Assert.Null(error);
            return pattern!;
        }

        [Theory]
        [InlineData("SHA1:5A29F3C15A29F3C15A29F3C15A29F3C15A29F3C1")]
        [InlineData("sha512:00")]
        [InlineData("MD5:00")]
        public void Fingerprints_of_other_hash_algorithms_are_rejected_instead_of_matching_nothing(string text)
        {
            Assert.False(CertificatePattern.TryParse(text, out var pattern, out var error));
            Assert.Null(pattern);
            Assert.Contains("certificate fingerprints must be SHA-256", error);
        }

        [Fact]
        public void Sha256_fingerprint_is_stored_as_upper_case_hex_without_separators()
        {
            var pattern = Parse("SHA256:" + Fingerprint);

            Assert.Equal(Fingerprint, pattern.Fingerprint);
            Assert.Null(pattern.Subject);
            Assert.Equal("SHA256:" + Fingerprint, pattern.Text);
        }

        [Theory]
        [InlineData("SHA256:5a:29:f3:c1:5a:29:f3:c1:5a:29:f3:c1:5a:29:f3:c1:5a:29:f3:c1:5a:29:f3:c1:5a:29:f3:c1:5a:29:f3:c1")]
        [InlineData("sha256:5a29f3c15a29f3c15a29f3c15a29f3c15a29f3c15a29f3c15a29f3c15a29f3c1")]
        [InlineData("SHA-256:5A29F3C15A29F3C15A29F3C15A29F3C15A29F3C15A29F3C15A29F3C15A29F3C1")]
        [InlineData("SHA256:5A 29 F3 C1 5A 29 F3 C1 5A 29 F3 C1 5A 29 F3 C1 5A 29 F3 C1 5A 29 F3 C1 5A 29 F3 C1 5A 29 F3 C1")]
        public void Fingerprint_may_be_written_with_colons_spaces_lower_case_or_SHA_dash_256(string text)
        {
            Assert.Equal(Fingerprint, Parse(text).Fingerprint);
        }

        [Theory]
        [InlineData("SHA256:5A29")]
        [InlineData("SHA256:")]
        [InlineData("SHA256:5A29F3C15A29F3C15A29F3C15A29F3C15A29F3C15A29F3C15A29F3C15A29F3C1FF")]
        [InlineData("SHA256:ZZ29F3C15A29F3C15A29F3C15A29F3C15A29F3C15A29F3C15A29F3C15A29F3C1")]
        public void Malformed_fingerprint_is_rejected_with_a_reason(string text)
        {
            Assert.False(CertificatePattern.TryParse(text, out var pattern, out var error));
            Assert.Null(pattern);
            Assert.Equal($"'{text}' is not a SHA-256 fingerprint: expected 64 hexadecimal digits after 'SHA256:'", error);
        }

        [Fact]
        public void Fingerprint_matches_evidence_in_any_common_spelling()
        {
            var pattern = Parse("SHA256:" + Fingerprint);

            Assert.True(pattern.IsMatchFingerprint(Fingerprint));
            Assert.True(pattern.IsMatchFingerprint(Fingerprint.ToLowerInvariant()));
            Assert.True(pattern.IsMatchFingerprint("5A:29:F3:C1:5A:29:F3:C1:5A:29:F3:C1:5A:29:F3:C1:5A:29:F3:C1:5A:29:F3:C1:5A:29:F3:C1:5A:29:F3:C1"));
            Assert.False(pattern.IsMatchFingerprint(Fingerprint.Replace("5A29", "5A30")));
            Assert.False(pattern.IsMatchFingerprint(null));
        }

        [Fact]
        public void Fingerprint_pattern_never_matches_a_subject()
        {
            Assert.False(Parse("SHA256:" + Fingerprint).IsMatchSubject("CN=Baidu, O=Baidu Inc."));
        }

        [Fact]
        public void Subject_glob_has_no_fingerprint_and_never_matches_one()
        {
            var pattern = Parse("O=Baidu*");

            Assert.Null(pattern.Fingerprint);
            Assert.NotNull(pattern.Subject);
            Assert.False(pattern.IsMatchFingerprint(Fingerprint));
        }

        [Theory]
        [InlineData("CN=x, O=Baidu Inc., C=CN")]
        [InlineData("O=Baidu Inc., C=CN")]
        [InlineData("CN=x,O=Baidu Inc.,C=CN")]
        [InlineData("CN = x, O = Baidu Inc., C = CN")]
        [InlineData("cn=x, o=Baidu Inc., c=CN")]
        [InlineData("CN=x; O=Baidu Inc.; C=CN")]
        public void Key_value_glob_matches_one_relative_distinguished_name_of_the_subject(string subject)
        {
            Assert.True(Parse("O=Baidu*").IsMatchSubject(subject));
        }

        [Theory]
        [InlineData("CN=Baidu Netcom, O=Other Corp, C=CN")]
        [InlineData("CN=x, OU=Baidu Team, O=Other Corp")]
        [InlineData("CN=x, O=NotBaidu Inc., C=CN")]
        public void Key_value_glob_only_looks_at_its_own_key(string subject)
        {
            Assert.False(Parse("O=Baidu*").IsMatchSubject(subject));
        }

        [Fact]
        public void Key_in_the_pattern_is_case_insensitive()
        {
            Assert.True(Parse("o=baidu*").IsMatchSubject("CN=x, O=Baidu Inc., C=CN"));
        }

        [Fact]
        public void Whole_subject_may_be_written_out()
        {
            Assert.True(Parse("CN=x, O=Baidu Inc., C=CN").IsMatchSubject("CN=x, O=Baidu Inc., C=CN"));
        }

        [Theory]
        [InlineData("CN=Baidu Netcom Science, O=Someone, C=CN", true)]
        [InlineData("CN=x, O=Baidu Inc., C=CN", true)]
        [InlineData("CN=x, OU=Baidu Team, O=Other Corp", false)]
        [InlineData("CN=x, L=Baidu Road, O=Other Corp", false)]
        public void Glob_without_equals_sign_matches_the_CN_or_O_value(string subject, bool expected)
        {
            Assert.Equal(expected, Parse("Baidu*").IsMatchSubject(subject));
        }

        [Fact]
        public void Quoted_value_may_contain_commas()
        {
            const string subject = "CN=Baidu Code Signing, O=\"Baidu, Inc.\", C=CN";

            Assert.True(Parse("O=Baidu, Inc.").IsMatchSubject(subject));
            Assert.True(Parse("Baidu, Inc.").IsMatchSubject(subject));
            Assert.False(Parse("O=Baidu").IsMatchSubject(subject));
        }

        [Fact]
        public void Escaped_comma_is_part_of_the_value()
        {
            Assert.True(Parse("O=Baidu, Inc.").IsMatchSubject(@"CN=x, O=Baidu\, Inc., C=CN"));
        }

        [Fact]
        public void Colon_in_a_subject_glob_does_not_make_it_a_fingerprint()
        {
            var pattern = Parse("CN=Baidu: Code Signing*");

            Assert.Null(pattern.Fingerprint);
            Assert.True(pattern.IsMatchSubject("CN=Baidu: Code Signing CA, O=Baidu Inc."));
        }

        [Theory]
        [InlineData(null)]
        [InlineData("")]
        public void Missing_subject_never_matches(string? subject)
        {
            Assert.False(Parse("*").IsMatchSubject(subject));
        }

        [Fact]
        public void NormalizeFingerprint_removes_separators_and_upper_cases()
        {
            Assert.Equal("5A29F3", CertificatePattern.NormalizeFingerprint("5a:29-f3"));
            Assert.Equal("5A29F3", CertificatePattern.NormalizeFingerprint("5a 29 f3"));
        }
    }
}
