using System.Collections.Immutable;
using System.Linq;
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

        // The analyzer repeats what the build task handed over, in design-time builds only (an editor shows no build
        // warnings). The level is the one the task reported, after NoWarn, WarningsAsErrors and the vendor's severity,
        // so the compiler must not change it: .editorconfig and the compiler's NoWarn don't act on the task's findings
        // in the build either, and the editor shows what the build shows.
        public static readonly DiagnosticDescriptor TaskDirectPackage = CreateTaskRule(
            RuleIdentifiers.DirectPackage, "Direct package reference published by a restricted vendor", DiagnosticSeverity.Warning);

        public static readonly DiagnosticDescriptor TaskTransitivePackage = CreateTaskRule(
            RuleIdentifiers.TransitivePackage, "Transitive package published by a restricted vendor", DiagnosticSeverity.Warning);

        public static readonly DiagnosticDescriptor TaskPackageNotAllowed = CreateTaskRule(
            RuleIdentifiers.PackageNotAllowed, "Package not established as published by an allowed vendor", DiagnosticSeverity.Warning);

        public static readonly DiagnosticDescriptor TaskLookalikePackage = CreateTaskRule(
            RuleIdentifiers.LookalikePackage, "Package id imitates a policy vendor's id", DiagnosticSeverity.Warning);

        public static readonly DiagnosticDescriptor TaskPublisherChanged = CreateTaskRule(
            RuleIdentifiers.PublisherChanged, "Package publisher changed since the lock file pinned it", DiagnosticSeverity.Warning);

        public static readonly DiagnosticDescriptor TaskWaiverExpired = CreateTaskRule(
            RuleIdentifiers.WaiverExpired, "Policy waiver has expired", DiagnosticSeverity.Warning);

        public static readonly DiagnosticDescriptor TaskWaiverUnused = CreateTaskRule(
            RuleIdentifiers.WaiverUnused, "Policy waiver matches nothing", DiagnosticSeverity.Warning);

        public static readonly DiagnosticDescriptor TaskPresetNotReviewed = CreateTaskRule(
            RuleIdentifiers.PresetNotReviewed, "Preset not reviewed for over a year", DiagnosticSeverity.Info);

        public static readonly DiagnosticDescriptor TaskInvalidPolicy = CreateTaskRule(
            RuleIdentifiers.InvalidPolicy, "Policy file is invalid", DiagnosticSeverity.Error);

        public static readonly DiagnosticDescriptor TaskUnreadablePackage = CreateTaskRule(
            RuleIdentifiers.UnreadablePackage, "Package metadata unreadable", DiagnosticSeverity.Warning);

        public static readonly DiagnosticDescriptor TaskFeedUnavailable = CreateTaskRule(
            RuleIdentifiers.FeedUnavailable, "Package feed could not be asked for owners", DiagnosticSeverity.Warning);

        public static readonly DiagnosticDescriptor TaskInternalError = CreateTaskRule(
            RuleIdentifiers.InternalError, "Internal error in the package checker", DiagnosticSeverity.Warning);

        /// <summary>One descriptor for each id the build task reports (<see cref="RuleIdentifiers.PackageCheckerRules"/>), by id.</summary>
        public static readonly ImmutableDictionary<string, DiagnosticDescriptor> TaskFindings = new[]
        {
            TaskDirectPackage, TaskTransitivePackage, TaskPackageNotAllowed, TaskLookalikePackage, TaskPublisherChanged,
            TaskWaiverExpired, TaskWaiverUnused, TaskPresetNotReviewed, TaskInvalidPolicy, TaskUnreadablePackage, TaskFeedUnavailable, TaskInternalError,
        }.ToImmutableDictionary(d => d.Id);

        public static readonly DiagnosticDescriptor HandoverUnreadable = Create(
            RuleIdentifiers.HandoverUnreadable,
            "Package hand-over from another version of SupplyChainGuard",
            "The build task's hand-over '{0}' was not used: {1}. Package findings are not shown in the editor, and SDK usages are attributed by assembly name and namespace only, until the project is built again.",
            DiagnosticSeverity.Warning);

        private static DiagnosticDescriptor CreateTaskRule(string id, string title, DiagnosticSeverity severity) =>
            Create(id, title, "{0}", severity, WellKnownDiagnosticTags.NotConfigurable);

        private static DiagnosticDescriptor Create(string id, string title, string message, DiagnosticSeverity severity, params string[] tags) =>
            new DiagnosticDescriptor(id, title, message, Category, severity, isEnabledByDefault: true,
                description: null, helpLinkUri: RuleIdentifiers.HelpLink(id), customTags: tags);
    }
}
