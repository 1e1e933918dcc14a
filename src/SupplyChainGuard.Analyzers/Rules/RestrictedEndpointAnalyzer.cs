using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SupplyChainGuard.Analyzers
{
    /// <summary>
    /// SCG0105: string literals — regular, verbatim, raw, UTF-8 (<c>"…"u8</c>), and interpolated strings whose value
    /// is constant — that are, or contain, a URL or host matching a vendor's <c>endpoints</c>. A host is matched as
    /// a resolver reads it: invisible characters (zero-width, bidi controls, soft hyphen) removed, full-width and
    /// ideographic dots and letters folded (NFKC), and in both its punycode and its Unicode form.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class RestrictedEndpointAnalyzer : PolicyAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.RestrictedEndpoint);

        private protected override bool HasWork(PublisherIndex index) => index.HasEndpoints;

        private protected override void Register(CompilationStartAnalysisContext context, PublisherIndex index)
        {
            context.RegisterSyntaxNodeAction(c => AnalyzeLiteral(c, index), SyntaxKind.StringLiteralExpression, SyntaxKind.Utf8StringLiteralExpression);
            context.RegisterSyntaxNodeAction(c => AnalyzeInterpolation(c, index), SyntaxKind.InterpolatedStringExpression);
        }

        private static void AnalyzeLiteral(SyntaxNodeAnalysisContext context, PublisherIndex index)
        {
            var literal = (LiteralExpressionSyntax)context.Node;
            if (literal.Token.Value is string text && !RuleContext.Skips(index, context.IsGeneratedCode))
            {
                Check(context, index, text, literal.GetLocation());
            }
        }

        private static void AnalyzeInterpolation(SyntaxNodeAnalysisContext context, PublisherIndex index)
        {
            // Only a constant interpolation ($"{Host}/v1" with const Host) has a value known at compile time.
            if (context.Node.Parent is InterpolationSyntax || RuleContext.Skips(index, context.IsGeneratedCode))
            {
                return;
            }

            if (context.SemanticModel.GetConstantValue(context.Node, context.CancellationToken) is { HasValue: true, Value: string text })
            {
                Check(context, index, text, context.Node.GetLocation());
                return;
            }

            // $"https://aip.baidubce.com/rest?access_token={token}": the fixed text still names the host.
            var fixedText = string.Concat(((InterpolatedStringExpressionSyntax)context.Node).Contents
                .Select(c => c is InterpolatedStringTextSyntax part ? part.TextToken.ValueText : " "));
            Check(context, index, fixedText, context.Node.GetLocation());
        }

        private static void Check(SyntaxNodeAnalysisContext context, PublisherIndex index, string text, Location location)
        {
            if (text.IndexOfAny(Dots) < 0)
            {
                return;
            }

            foreach (var host in Hosts(Normalize(text)))
            {
                var attribution = HostForms(host).Select(form => index.Matcher.MatchEndpoint(form).FirstOrDefault(a => a.IsRestricted)).FirstOrDefault(a => a is not null);
                if (attribution is null)
                {
                    continue;
                }

                var restriction = Restriction.From(attribution);
                if (!index.IsWaived(restriction, null, null, index.Today))
                {
                    RuleContext.Report(context.ReportDiagnostic, Descriptors.RestrictedEndpoint, location, restriction,
                        host, restriction.VendorText, restriction.Evidence, restriction.Advice(null));
                }

                return;
            }
        }

        /// <summary>A full stop and what IDNA maps to one: ideographic (U+3002), full-width (U+FF0E), half-width ideographic (U+FF61).</summary>
        private static readonly char[] Dots = { '.', '\u3002', '\uFF0E', '\uFF61' };

        private static readonly IdnMapping Idn = new IdnMapping { AllowUnassigned = true };

        /// <summary>
        /// The text as a resolver sees a host in it: characters that IDNA maps to nothing or that do not display
        /// (zero-width space and joiners, word joiner, soft hyphen, combining grapheme joiner, bidi controls, BOM)
        /// removed, then NFKC, which folds full-width letters, digits and dots to ASCII, and the ideographic dots
        /// NFKC leaves mapped to '.'. So <c>aip\u200B.baidubce.com</c> and <c>aip．baidubce．com</c> are
        /// <c>aip.baidubce.com</c>, as <c>Uri.IdnHost</c> reads them.
        /// </summary>
        internal static string Normalize(string text)
        {
            var ascii = true;
            foreach (var c in text)
            {
                if (c > 0x7F)
                {
                    ascii = false;
                    break;
                }
            }

            if (ascii)
            {
                return text;
            }

            var kept = new StringBuilder(text.Length);
            foreach (var c in text)
            {
                if (!IsIgnorable(c))
                {
                    kept.Append(c is '\u3002' or '\uFF61' ? '.' : c);
                }
            }

            try
            {
                return kept.ToString().Normalize(NormalizationForm.FormKC);
            }
            catch (ArgumentException)
            {
                return kept.ToString(); // an unpaired surrogate: no normal form, the text is checked as it is
            }
        }

        private static bool IsIgnorable(char c) =>
            c is '\u00AD' or '\u034F' or '\u061C' or '\u115F' or '\u1160' or '\u180E' or '\u3164' or '\uFEFF' or '\uFFA0'
            || (c >= '\u200B' && c <= '\u200F')
            || (c >= '\u202A' && c <= '\u202E')
            || (c >= '\u2060' && c <= '\u2064')
            || (c >= '\u2066' && c <= '\u206F')
            || (c >= '\uFE00' && c <= '\uFE0F');

        /// <summary>A host as written, and its other IDNA form: punycode labels (<c>xn--</c>) decoded, Unicode labels encoded.</summary>
        internal static IEnumerable<string> HostForms(string host)
        {
            yield return host;
            string? other = null;
            try
            {
                var unicode = Idn.GetUnicode(host);
                other = !string.Equals(unicode, host, StringComparison.OrdinalIgnoreCase) ? unicode : Idn.GetAscii(host);
            }
            catch (ArgumentException)
            {
                // not a valid IDN host: only the form as written can match
            }

            if (other is not null && !string.Equals(other, host, StringComparison.OrdinalIgnoreCase))
            {
                yield return other;
            }
        }

        /// <summary>Hosts in a string: absolute URLs anywhere in it, or the whole string when it is a host name.</summary>
        internal static IEnumerable<string> Hosts(string text)
        {
            var trimmed = text.Trim();
            if (IsHostName(trimmed))
            {
                yield return trimmed;
                yield break;
            }

            var at = 0;
            while ((at = text.IndexOf("://", at, StringComparison.Ordinal)) > 0)
            {
                var start = at;
                while (start > 0 && char.IsLetter(text[start - 1]))
                {
                    start--;
                }

                var end = at + 3;
                while (end < text.Length && !char.IsWhiteSpace(text[end]) && text[end] != '"' && text[end] != '\'')
                {
                    end++;
                }

                if (Uri.TryCreate(text.Substring(start, end - start), UriKind.Absolute, out var uri) && uri.Host.Length > 0)
                {
                    yield return uri.Host;
                }

                at = end;
            }
        }

        private static bool IsHostName(string text)
        {
            if (text.Length < 3 || text.Length > 253 || text.IndexOf('.') <= 0 || text.EndsWith(".", StringComparison.Ordinal) && text.Length < 4)
            {
                return false;
            }

            var labels = text.Split('.');
            return labels.Length >= 2
                && labels.All(l => l.Length > 0 && l.Length <= 63 && l.All(c => char.IsLetterOrDigit(c) || c == '-') && l[0] != '-')
                && labels[labels.Length - 1].Any(char.IsLetter);
        }
    }
}
