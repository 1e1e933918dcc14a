using Microsoft.CodeAnalysis;
using SupplyChainGuard.Diagnostics;

namespace SupplyChainGuard.Analyzers
{
    /// <summary>Every descriptor the analyzers report; each links to its page under docs/rules.</summary>
    internal static class Descriptors
    {
        private const string Category = "SupplyChain";

        public static readonly DiagnosticDescriptor RestrictedApi = Create(
            RuleIdentifiers.RestrictedApi,
            "Use of an API whose publisher the policy restricts",
            "'{0}' is published by {1}, which the policy restricts: {2}.{3}",
            DiagnosticSeverity.Warning);

        public static readonly DiagnosticDescriptor RestrictedNamespaceImport = Create(
            RuleIdentifiers.RestrictedNamespaceImport,
            "Import of a namespace whose publisher the policy restricts",
            "The directive imports '{0}', published by {1}, which the policy restricts: {2}.{3}",
            DiagnosticSeverity.Warning);

        public static readonly DiagnosticDescriptor RestrictedNativeLibrary = Create(
            RuleIdentifiers.RestrictedNativeLibrary,
            "Native library of a publisher the policy restricts",
            "'{0}' loads native library '{1}', published by {2}, which the policy restricts: {3}.{4}",
            DiagnosticSeverity.Warning);

        public static readonly DiagnosticDescriptor RestrictedReflectionLoad = Create(
            RuleIdentifiers.RestrictedReflectionLoad,
            "Loading by name an assembly or type whose publisher the policy restricts",
            "'{0}' loads '{1}' by name, published by {2}, which the policy restricts: {3}.{4}",
            DiagnosticSeverity.Warning);

        public static readonly DiagnosticDescriptor RestrictedEndpoint = Create(
            RuleIdentifiers.RestrictedEndpoint,
            "Hard-coded endpoint of a publisher the policy restricts",
            "'{0}' is an endpoint of {1}, which the policy restricts: {2}.{3}",
            DiagnosticSeverity.Warning);

        public static readonly DiagnosticDescriptor WaiverExpired = Create(
            RuleIdentifiers.WaiverExpired,
            "Policy waiver has expired",
            "{0}",
            DiagnosticSeverity.Warning);

        // A broken policy must never quietly turn the guard off: neither .editorconfig nor NoWarn can hide it.
        public static readonly DiagnosticDescriptor InvalidPolicy = Create(
            RuleIdentifiers.InvalidPolicy,
            "Policy file is invalid",
            "The policy is invalid: {0}",
            DiagnosticSeverity.Error,
            WellKnownDiagnosticTags.NotConfigurable);

        private static DiagnosticDescriptor Create(string id, string title, string message, DiagnosticSeverity severity, params string[] tags) =>
            new DiagnosticDescriptor(id, title, message, Category, severity, isEnabledByDefault: true,
                description: null, helpLinkUri: RuleIdentifiers.HelpLink(id), customTags: tags);
    }
}
