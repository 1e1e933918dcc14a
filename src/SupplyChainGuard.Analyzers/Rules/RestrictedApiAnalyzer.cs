using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SupplyChainGuard.Analyzers
{
    /// <summary>
    /// SCG0101: every name in source that denotes a type or member of a restricted publisher — calls,
    /// <c>new</c>, member access, <c>typeof</c>, base lists, attributes, declared types, generic arguments,
    /// casts, patterns, <c>catch</c>, <c>nameof</c> — plus target-typed <c>new()</c> and indexers, which have
    /// no name. Reported once, on the name; aliases of restricted types too. <c>var</c> and XML-doc
    /// <c>cref</c>s are not reported.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class RestrictedApiAnalyzer : PolicyAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.RestrictedApi);

        private protected override bool HasWork(PublisherIndex index) => index.HasRestrictedSymbols;

        private protected override void Register(CompilationStartAnalysisContext context, PublisherIndex index)
        {
            context.RegisterSyntaxNodeAction(c => AnalyzeName(c, index), SyntaxKind.IdentifierName, SyntaxKind.GenericName);
            // Nameless uses can't be filtered by name, so they are bound only when some restricted type has
            // what they would need: a constructor for target-typed new(), an indexer for element access.
            if (index.HasConstructors)
            {
                context.RegisterSyntaxNodeAction(c => AnalyzeNameless(c, index), SyntaxKind.ImplicitObjectCreationExpression);
            }

            if (index.HasIndexers)
            {
                context.RegisterSyntaxNodeAction(c => AnalyzeNameless(c, index), SyntaxKind.ElementAccessExpression);
            }
        }

        private static void AnalyzeName(SyntaxNodeAnalysisContext context, PublisherIndex index)
        {
            var name = (SimpleNameSyntax)context.Node;
            if (!index.IsCandidateName(name.Identifier.ValueText, name.SyntaxTree) || RuleContext.Skips(index, context.IsGeneratedCode))
            {
                return;
            }

            // Directives are SCG0102's; 'var' is the type of what its right-hand side already reports; a
            // documentation cref runs nothing.
            if (name.IsVar || name.IsPartOfStructuredTrivia() || name.FirstAncestorOrSelf<UsingDirectiveSyntax>() is not null)
            {
                return;
            }

            var info = context.SemanticModel.GetSymbolInfo(name, context.CancellationToken);
            var symbol = info.Symbol ?? (info.CandidateSymbols.Length > 0 ? info.CandidateSymbols[0] : null);
            if (symbol is null)
            {
                return;
            }

            Report(context, index, symbol, name.Identifier.GetLocation());
        }

        private static void AnalyzeNameless(SyntaxNodeAnalysisContext context, PublisherIndex index)
        {
            if (RuleContext.Skips(index, context.IsGeneratedCode))
            {
                return;
            }

            var symbol = context.SemanticModel.GetSymbolInfo(context.Node, context.CancellationToken).Symbol;
            if (symbol is null || !index.IsCandidateName(symbol is IMethodSymbol { MethodKind: MethodKind.Constructor } ? symbol.ContainingType.Name : symbol.Name, null))
            {
                return;
            }

            var location = context.Node switch
            {
                ImplicitObjectCreationExpressionSyntax creation => creation.NewKeyword.GetLocation(),
                ElementAccessExpressionSyntax access => access.ArgumentList.GetLocation(),
                _ => context.Node.GetLocation(),
            };
            Report(context, index, symbol, location);
        }

        private static void Report(SyntaxNodeAnalysisContext context, PublisherIndex index, ISymbol symbol, Location location)
        {
            if (symbol is INamespaceSymbol || index.ForSymbol(symbol) is not { } restriction)
            {
                return;
            }

            var qualified = RuleContext.QualifiedName(symbol);
            var @namespace = RuleContext.NamespaceOf(symbol);
            if (index.IsWaived(restriction, @namespace, RuleContext.TypeNameOf(symbol), RuleContext.Today))
            {
                return;
            }

            var finding = new RuleContext.Finding(RuleContext.TypeNameOf(symbol) ?? qualified, @namespace, restriction.ReplacementFor(qualified, namespaceMaps: false), qualified,
                symbol is ITypeSymbol || symbol is IMethodSymbol { MethodKind: MethodKind.Constructor } ? TypeMaps.Under(restriction.Vendor, qualified) : null);
            RuleContext.Report(context.ReportDiagnostic, Descriptors.RestrictedApi, location, restriction, finding,
                qualified, restriction.VendorText, restriction.Evidence, restriction.Advice(qualified));
        }
    }
}
