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

        /// <summary>Property names the code fixes read; the fixes never re-derive what the analyzer decided.</summary>
        public const string VendorProperty = "vendor";
        public const string PolicyFileProperty = "policyFile";
        public const string SymbolProperty = "symbol";
        public const string QualifiedNameProperty = "qualifiedName";
        public const string NamespaceProperty = "namespace";
        public const string ReplacementProperty = "replacement";
        public const string ReplacementKindProperty = "replacementKind";

        /// <summary>The policy's <c>types</c> entries under the finding's type or namespace, <c>Old=New;…</c>
        /// with full names, so one fix moves a type together with its members, or an import with its types.</summary>
        public const string TypeMapProperty = "typeMap";

        public static void Report(Action<Diagnostic> report, DiagnosticDescriptor descriptor, Location location, Restriction restriction, params object[] arguments) =>
            Report(report, descriptor, location, restriction, Finding.None, arguments);

        public static void Report(Action<Diagnostic> report, DiagnosticDescriptor descriptor, Location location, Restriction restriction, Finding finding, params object[] arguments)
        {
            if (Prepare(descriptor, restriction, finding, arguments) is { } prepared)
            {
                report(prepared.At(location));
            }
        }

        /// <summary>Severity, properties and message arguments of a finding, computed once and reused for every
        /// location that reports it; null when the vendor's severity is <c>none</c>.</summary>
        public static PreparedReport? Prepare(DiagnosticDescriptor descriptor, Restriction restriction, Finding finding, params object[] arguments)
        {
            var vendorSeverity = restriction.Vendor.Severity ?? PolicySeverity.Warning;
            var severity = (restriction.IsWeak ? WeakSignals.SeverityOf(vendorSeverity, restriction.WeakSignals) : vendorSeverity) switch
            {
                PolicySeverity.None => (DiagnosticSeverity?)null,
                PolicySeverity.Error => DiagnosticSeverity.Error,
                PolicySeverity.Info => DiagnosticSeverity.Info,
                _ => descriptor.DefaultSeverity,
            };

            if (severity is null)
            {
                return null;
            }

            if (restriction.IsUnverified && severity == DiagnosticSeverity.Error)
            {
                severity = DiagnosticSeverity.Warning; // unverified facts never raise more than a warning
            }

            var properties = System.Collections.Immutable.ImmutableDictionary.CreateBuilder<string, string?>();
            properties[VendorProperty] = restriction.Vendor.Id;
            properties[PolicyFileProperty] = restriction.Vendor.Location.FilePath;
            properties[SymbolProperty] = finding.Symbol;
            properties[QualifiedNameProperty] = finding.QualifiedName;
            properties[NamespaceProperty] = finding.Namespace;
            if (finding.Replacement is { } replacement)
            {
                properties[ReplacementProperty] = replacement.Name;
                properties[ReplacementKindProperty] = replacement.Kind.ToString();
                properties[TypeMapProperty] = finding.TypeMap;
            }

            return new PreparedReport(descriptor, severity.Value, properties.ToImmutable(), arguments);
        }

        /// <summary>A finding ready to be reported at any number of locations.</summary>
        public sealed class PreparedReport
        {
            private readonly DiagnosticDescriptor _descriptor;
            private readonly System.Collections.Immutable.ImmutableDictionary<string, string?> _properties;
            private readonly object[] _arguments;

            public PreparedReport(DiagnosticDescriptor descriptor, DiagnosticSeverity severity, System.Collections.Immutable.ImmutableDictionary<string, string?> properties, object[] arguments)
            {
                _descriptor = descriptor;
                Severity = severity;
                _properties = properties;
                _arguments = arguments;
            }

            public DiagnosticSeverity Severity { get; }

            /// <summary>The diagnostic at a location; <paramref name="atMost"/> caps the severity (documentation references are informational).</summary>
            public Diagnostic At(Location location, DiagnosticSeverity atMost = DiagnosticSeverity.Error) =>
                Diagnostic.Create(_descriptor, location, Severity > atMost ? atMost : Severity, additionalLocations: null, _properties, _arguments);
        }

        /// <summary>What a finding is about, for the code fixes: the symbol, its namespace, and the policy's replacement.</summary>
        public readonly struct Finding
        {
            public Finding(string? symbol, string? @namespace, Replacement? replacement, string? qualifiedName = null, string? typeMap = null)
            {
                TypeMap = typeMap;
                QualifiedName = qualifiedName ?? symbol;
                Symbol = symbol;
                Namespace = @namespace;
                Replacement = replacement;
            }

            public static Finding None => default;

            /// <summary>The type a finding is about (for a member, its containing type).</summary>
            public string? Symbol { get; }

            /// <summary>The name as the policy's maps key it: the type, or <c>Type.Member</c> for a member.</summary>
            public string? QualifiedName { get; }

            public string? Namespace { get; }

            public Replacement? Replacement { get; }

            public string? TypeMap { get; }
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
