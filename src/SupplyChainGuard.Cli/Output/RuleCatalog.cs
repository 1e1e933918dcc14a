using System.Collections.Generic;
using System.Linq;
using SupplyChainGuard.Diagnostics;

namespace SupplyChainGuard.Cli.Output
{
    /// <summary>A rule as reports describe it: id, a name, the title of its docs/rules page and its default level.</summary>
    public sealed class RuleInfo
    {
        public RuleInfo(string id, string name, string title, string defaultLevel)
        {
            Id = id;
            Name = name;
            Title = title;
            DefaultLevel = defaultLevel;
        }

        public string Id { get; }

        /// <summary>A PascalCase name, for SARIF's <c>reportingDescriptor.name</c>.</summary>
        public string Name { get; }

        /// <summary>The title of docs/rules/&lt;id&gt;.md (a test keeps them equal).</summary>
        public string Title { get; }

        /// <summary>SARIF's level: <c>error</c>, <c>warning</c> or <c>note</c>.</summary>
        public string DefaultLevel { get; }

        public string HelpUri => RuleIdentifiers.HelpLink(Id);
    }

    /// <summary>Every rule scg can report: the package checker's, and the analyzer's with <c>--include-code</c>.</summary>
    public static class RuleCatalog
    {
        public static readonly IReadOnlyList<RuleInfo> All = new[]
        {
            new RuleInfo(RuleIdentifiers.DirectPackage, "RestrictedDirectPackage", "Direct package reference published by a restricted vendor", "warning"),
            new RuleInfo(RuleIdentifiers.TransitivePackage, "RestrictedTransitivePackage", "Transitive package published by a restricted vendor", "warning"),
            new RuleInfo(RuleIdentifiers.PackageNotAllowed, "PackageNotAllowed", "Package not established as published by an allowed vendor", "warning"),
            new RuleInfo(RuleIdentifiers.LookalikePackage, "LookalikePackage", "Package id imitates a policy vendor's id", "warning"),
            new RuleInfo(RuleIdentifiers.PublisherChanged, "PublisherChanged", "Package publisher changed since the lock file pinned it", "warning"),
            new RuleInfo(RuleIdentifiers.RestrictedApi, "RestrictedApi", "Use of an API whose publisher the policy restricts", "warning"),
            new RuleInfo(RuleIdentifiers.RestrictedNamespaceImport, "RestrictedNamespaceImport", "Import of a namespace whose publisher the policy restricts", "warning"),
            new RuleInfo(RuleIdentifiers.RestrictedNativeLibrary, "RestrictedNativeLibrary", "Native library of a publisher the policy restricts", "warning"),
            new RuleInfo(RuleIdentifiers.RestrictedReflectionLoad, "RestrictedReflectionLoad", "Loading by name an assembly or type whose publisher the policy restricts", "warning"),
            new RuleInfo(RuleIdentifiers.RestrictedEndpoint, "RestrictedEndpoint", "Hard-coded endpoint of a publisher the policy restricts", "warning"),
            new RuleInfo(RuleIdentifiers.WaiverExpired, "WaiverExpired", "Waiver has expired", "warning"),
            new RuleInfo(RuleIdentifiers.WaiverUnused, "WaiverUnused", "Waiver matches nothing", "warning"),
            new RuleInfo(RuleIdentifiers.PresetNotReviewed, "PresetNotReviewed", "Preset not reviewed for over a year", "note"),
            new RuleInfo(RuleIdentifiers.InvalidPolicy, "InvalidPolicy", "Policy file is invalid", "error"),
            new RuleInfo(RuleIdentifiers.UnreadablePackage, "UnreadablePackage", "Package metadata unreadable", "warning"),
            new RuleInfo(RuleIdentifiers.FeedUnavailable, "FeedUnavailable", "Package feed could not be asked for owners", "warning"),
            new RuleInfo(RuleIdentifiers.InternalError, "InternalError", "Internal error in the package checker", "warning"),
        };

        public static RuleInfo? Find(string id) => All.FirstOrDefault(r => r.Id == id);
    }
}
