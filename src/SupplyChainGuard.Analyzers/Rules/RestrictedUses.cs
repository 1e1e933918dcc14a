using System;
using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;

namespace SupplyChainGuard.Analyzers
{
    /// <summary>
    /// SCG0101's per-compilation state: which symbol a use reaches and, once per restricted symbol, the finding
    /// it reports (message, severity, code-fix properties), reused for every location. Bounded by the number of
    /// restricted symbols the compilation uses.
    /// </summary>
    internal sealed class RestrictedUses
    {
        private const int MaxTypeDepth = 8;

        private readonly ConcurrentDictionary<ISymbol, RuleContext.PreparedReport?> _direct = new ConcurrentDictionary<ISymbol, RuleContext.PreparedReport?>(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<ISymbol, RuleContext.PreparedReport?> _indirect = new ConcurrentDictionary<ISymbol, RuleContext.PreparedReport?>(SymbolEqualityComparer.Default);

        public RestrictedUses(PublisherIndex index)
        {
            Index = index;
        }

        public PublisherIndex Index { get; }

        /// <summary>The diagnostic for a use of <paramref name="symbol"/> at <paramref name="location"/>, or null when
        /// it reaches no restricted symbol. (A diagnostic, not a report callback: a delegate over the analysis
        /// context would box that struct for every bound name.)</summary>
        public Diagnostic? Diagnose(ISymbol? symbol, Location location, DiagnosticSeverity atMost = DiagnosticSeverity.Error) =>
            Finding(symbol)?.At(location, atMost);

        /// <summary>The first restricted type in a type: itself, its element, pointed-at or generic argument types.</summary>
        public ITypeSymbol? RestrictedConstituent(ITypeSymbol? type, int depth = 0)
        {
            if (type is null || depth > MaxTypeDepth)
            {
                return null;
            }

            if (Index.ForSymbol(type) is not null)
            {
                return type;
            }

            switch (type)
            {
                case IArrayTypeSymbol array:
                    return RestrictedConstituent(array.ElementType, depth + 1);
                case IPointerTypeSymbol pointer:
                    return RestrictedConstituent(pointer.PointedAtType, depth + 1);
                case INamedTypeSymbol named:
                    foreach (var argument in named.TypeArguments)
                    {
                        if (RestrictedConstituent(argument, depth + 1) is { } found)
                        {
                            return found;
                        }
                    }

                    return named.ContainingType is { } outer ? RestrictedConstituent(outer, depth + 1) : null;
                case IFunctionPointerTypeSymbol function:
                    if (RestrictedConstituent(function.Signature.ReturnType, depth + 1) is { } returned)
                    {
                        return returned;
                    }

                    foreach (var parameter in function.Signature.Parameters)
                    {
                        if (RestrictedConstituent(parameter.Type, depth + 1) is { } found)
                        {
                            return found;
                        }
                    }

                    return null;
                default:
                    return null;
            }
        }

        private RuleContext.PreparedReport? Finding(ISymbol? symbol)
        {
            switch (symbol)
            {
                case null:
                case INamespaceSymbol:
                case IParameterSymbol:
                case ILocalSymbol:
                case IRangeVariableSymbol:
                case ILabelSymbol:
                case IDiscardSymbol:
                case ITypeParameterSymbol:
                    return null;
                case IAliasSymbol alias:
                    // using Client = Baidu.Aip.Ocr.Ocr; is the type itself (the code fix may rename it);
                    // using Box = List<Ocr>; reaches Ocr through a generic argument, and has no one-name fix.
                    if (alias.Target is not ITypeSymbol target || RestrictedConstituent(target) is not { } constituent)
                    {
                        return null;
                    }

                    return SymbolEqualityComparer.Default.Equals(constituent, target) ? Direct(target) : _indirect.GetOrAdd(Canonical(constituent), s => Prepare(s, replaceable: false));
            }

            if (SymbolEqualityComparer.Default.Equals(symbol.ContainingAssembly, Index.Compilation.Assembly))
            {
                // The project's own override of a restricted member dispatches to the vendor's contract
                // (BannedApiAnalyzers reports it too); any other own symbol is never restricted.
                return OverriddenRestricted(symbol) is { } overridden ? Direct(overridden) : null;
            }

            return Index.ForSymbol(symbol) is null ? null : Direct(symbol);
        }

        private RuleContext.PreparedReport? Direct(ISymbol symbol) => _direct.GetOrAdd(Canonical(symbol), s => Prepare(s, replaceable: true));

        private static ISymbol Canonical(ISymbol symbol) =>
            (symbol is IMethodSymbol { ReducedFrom: { } reduced } ? reduced : symbol).OriginalDefinition;

        private ISymbol? OverriddenRestricted(ISymbol symbol)
        {
            for (var depth = 0; depth < 32; depth++)
            {
                symbol = symbol switch
                {
                    IMethodSymbol { OverriddenMethod: { } method } => method,
                    IPropertySymbol { OverriddenProperty: { } property } => property,
                    IEventSymbol { OverriddenEvent: { } @event } => @event,
                    _ => null!,
                };
                if (symbol is null)
                {
                    return null;
                }

                if (Index.ForSymbol(symbol) is not null)
                {
                    return symbol;
                }
            }

            return null;
        }

        private RuleContext.PreparedReport? Prepare(ISymbol symbol, bool replaceable)
        {
            if (Index.ForSymbol(symbol) is not { } restriction)
            {
                return null;
            }

            var qualified = RuleContext.QualifiedName(symbol);
            var @namespace = RuleContext.NamespaceOf(symbol);
            var typeName = RuleContext.TypeNameOf(symbol);
            if (Index.IsWaived(restriction, @namespace, typeName, Index.Today))
            {
                return null;
            }

            var isType = symbol is ITypeSymbol || symbol is IMethodSymbol { MethodKind: MethodKind.Constructor };
            var finding = new RuleContext.Finding(typeName ?? qualified, @namespace, replaceable ? restriction.ReplacementFor(qualified, namespaceMaps: false) : null, qualified,
                isType ? TypeMaps.Under(restriction.Vendor, qualified) : null);
            return RuleContext.Prepare(Descriptors.RestrictedApi, restriction, finding,
                qualified, restriction.VendorText, restriction.Evidence, restriction.Advice(qualified));
        }
    }
}
