using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SupplyChainGuard.Analyzers
{
    /// <summary>
    /// SCG0102: <c>using</c>, <c>global using</c>, <c>using static</c> and alias directives that import a
    /// restricted namespace or type. A namespace is restricted when a vendor's <c>namespaces</c> match it, or
    /// when every type the compilation sees in it comes from restricted assemblies.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class RestrictedNamespaceImportAnalyzer : PolicyAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.RestrictedNamespaceImport);

        private protected override bool HasWork(PublisherIndex index) => index.HasRestrictedSymbols;

        private protected override void Register(CompilationStartAnalysisContext context, PublisherIndex index)
        {
            context.RegisterSyntaxNodeAction(c => Analyze(c, index), SyntaxKind.UsingDirective);
        }

        /// <summary>
        /// The syntactic test before binding: a directive can import a restricted namespace or type only if one of
        /// its identifiers is a segment of such a namespace or a restricted type's name (<c>using System.Linq;</c>
        /// is never bound).
        /// </summary>
        private static bool MayImportRestricted(UsingDirectiveSyntax directive, PublisherIndex index)
        {
            foreach (var token in directive.NamespaceOrType.DescendantTokens())
            {
                if (token.IsKind(SyntaxKind.IdentifierToken) && index.IsNamespaceOrTypeName(token.ValueText))
                {
                    return true;
                }
            }

            return false;
        }

        private static void Analyze(SyntaxNodeAnalysisContext context, PublisherIndex index)
        {
            var directive = (UsingDirectiveSyntax)context.Node;
            if (directive.Name is null || !MayImportRestricted(directive, index) || RuleContext.Skips(index, context.IsGeneratedCode))
            {
                return;
            }

            var symbol = context.SemanticModel.GetSymbolInfo(directive.Name, context.CancellationToken).Symbol;
            Restriction? restriction = symbol switch
            {
                INamespaceSymbol ns => index.ForImportedNamespace(ns),
                ITypeSymbol type => index.ForSymbol(type),
                _ => null,
            };
            if (restriction is null || symbol is null)
            {
                return;
            }

            var qualified = symbol is INamespaceSymbol n ? n.ToDisplayString() : RuleContext.QualifiedName(symbol);
            var @namespace = symbol is INamespaceSymbol ns2 ? ns2.ToDisplayString() : RuleContext.NamespaceOf(symbol);
            if (index.IsWaived(restriction, @namespace, symbol is ITypeSymbol ? qualified : null, index.Today))
            {
                return;
            }

            var isNamespace = symbol is INamespaceSymbol;
            var finding = new RuleContext.Finding(isNamespace ? null : qualified, @namespace, restriction.ReplacementFor(qualified, namespaceMaps: isNamespace),
                qualified, TypeMaps.Under(restriction.Vendor, qualified));
            RuleContext.Report(context.ReportDiagnostic, Descriptors.RestrictedNamespaceImport, directive.GetLocation(), restriction, finding,
                qualified, restriction.VendorText, restriction.Evidence, restriction.Advice(qualified, namespaceMaps: isNamespace));
        }
    }
}
