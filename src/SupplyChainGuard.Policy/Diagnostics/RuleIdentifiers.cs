namespace SupplyChainGuard.Diagnostics
{
    /// <summary>
    /// Every diagnostic id SupplyChainGuard reports. The id ties the code, its tests and its page under
    /// docs/rules together; a test keeps this list and the pages in sync.
    /// </summary>
    public static class RuleIdentifiers
    {
        public const string DirectPackage = "SCG0001";
        public const string TransitivePackage = "SCG0002";
        public const string PackageNotAllowed = "SCG0003";
        public const string LookalikePackage = "SCG0004";
        public const string PublisherChanged = "SCG0005";

        public const string RestrictedApi = "SCG0101";
        public const string RestrictedNamespaceImport = "SCG0102";
        public const string RestrictedNativeLibrary = "SCG0103";
        public const string RestrictedReflectionLoad = "SCG0104";
        public const string RestrictedEndpoint = "SCG0105";

        public const string WaiverExpired = "SCG0201";
        public const string WaiverUnused = "SCG0202";
        public const string PresetNotReviewed = "SCG0203";

        public const string InvalidPolicy = "SCG0901";
        public const string UnreadablePackage = "SCG0902";
        public const string FeedUnavailable = "SCG0903";
        public const string HandoverUnreadable = "SCG0904";
        public const string InternalError = "SCG0999";

        /// <summary>Where the rule pages live; descriptors and build messages link to them.</summary>
        public const string HelpLinkBase = "https://github.com/supplychainguard/supplychainguard/blob/main/docs/rules/";

        public static string HelpLink(string id) => HelpLinkBase + id + ".md";

        /// <summary>The ids the package checker (build task) can report, in id order.</summary>
        public static readonly string[] PackageCheckerRules =
        {
            DirectPackage, TransitivePackage, PackageNotAllowed, LookalikePackage, PublisherChanged, WaiverExpired, WaiverUnused, PresetNotReviewed,
            InvalidPolicy, UnreadablePackage, FeedUnavailable, InternalError,
        };
    }
}
