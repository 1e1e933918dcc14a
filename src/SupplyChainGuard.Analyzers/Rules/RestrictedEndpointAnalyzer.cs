using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SupplyChainGuard.Analyzers
{
    /// <summary>
    /// SCG0105: string literals — regular, verbatim, raw, and interpolated strings whose value is constant —
    /// that are, or contain, a URL or host matching a vendor's <c>endpoints</c>.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class RestrictedEndpointAnalyzer : PolicyAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.RestrictedEndpoint);

        private protected override bool HasWork(PublisherIndex index) => index.HasEndpoints;

        private protected override void Register(CompilationStartAnalysisContext context, PublisherIndex index)
        {
            context.RegisterSyntaxNodeAction(c => AnalyzeLiteral(c, index), SyntaxKind.StringLiteralExpression);
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
            if (text.IndexOf('.') < 0)
            {
                return;
            }

            foreach (var host in Hosts(text))
            {
                var attribution = index.Matcher.MatchEndpoint(host).FirstOrDefault(a => a.IsRestricted);
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
