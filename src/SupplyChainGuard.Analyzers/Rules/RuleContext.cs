using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using SupplyChainGuard.Policy;

namespace SupplyChainGuard.Analyzers
{
    /// <summary>What every SDK-usage rule does the same way: severity from the vendor, waivers, generated code.</summary>
    internal static class RuleContext
    {
        /// <summary>Today, for waiver expiry; the analyzer has no other clock.</summary>
        public static DateTime Today => DateTime.UtcNow.Date;

        public static void Report(Action<Diagnostic> report, DiagnosticDescriptor descriptor, Location location, Restriction restriction, params object[] arguments)
        {
            var severity = restriction.Vendor.Severity switch
            {
                PolicySeverity.None => (DiagnosticSeverity?)null,
                PolicySeverity.Error => DiagnosticSeverity.Error,
                PolicySeverity.Info => DiagnosticSeverity.Info,
                _ => descriptor.DefaultSeverity,
            };

            if (severity is null)
            {
                return;
            }

            var properties = System.Collections.Immutable.ImmutableDictionary<string, string?>.Empty.Add("vendor", restriction.Vendor.Id);
            report(Diagnostic.Create(descriptor, location, severity.Value, additionalLocations: null, properties, arguments));
        }

        public static bool Skips(PublisherIndex index, bool isGeneratedCode) => isGeneratedCode && index.Policy.SkipGeneratedCode;

        /// <summary><c>Baidu.Aip.Ocr.Ocr</c> for a type, <c>Baidu.Aip.Ocr.Ocr.GeneralBasic</c> for a member.</summary>
        public static string QualifiedName(ISymbol symbol)
        {
            if (symbol is IMethodSymbol { MethodKind: MethodKind.Constructor } constructor)
            {
                symbol = constructor.ContainingType;
            }

            if (symbol is IMethodSymbol { ReducedFrom: { } reduced })
            {
                symbol = reduced;
            }

            var format = SymbolDisplayFormat.FullyQualifiedFormat
                .WithGlobalNamespaceStyle(SymbolDisplayGlobalNamespaceStyle.Omitted)
                .WithGenericsOptions(SymbolDisplayGenericsOptions.None)
                .WithMemberOptions(SymbolDisplayMemberOptions.IncludeContainingType);
            return symbol.OriginalDefinition.ToDisplayString(format);
        }

        public static string? NamespaceOf(ISymbol symbol)
        {
            var ns = (symbol as ITypeSymbol ?? symbol.ContainingType ?? symbol)?.ContainingNamespace;
            return ns is null || ns.IsGlobalNamespace ? null : ns.ToDisplayString();
        }

        public static string? TypeNameOf(ISymbol symbol)
        {
            var type = symbol as INamedTypeSymbol ?? symbol.ContainingType;
            return type is null ? null : QualifiedName(type);
        }
    }
}
