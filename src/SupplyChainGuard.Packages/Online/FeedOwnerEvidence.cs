using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SupplyChainGuard.Policy;

namespace SupplyChainGuard.Packages
{
    /// <summary>
    /// The online step of identity (<see cref="ProjectCheckRequest.Online"/>): adds what the feeds say to the
    /// identities of packages whose signature names no owners, before the verdict. Signature owners always win;
    /// a feed that could not be asked is one warning (SCG0903), and its packages keep their offline evidence.
    /// </summary>
    internal static class FeedOwnerEvidence
    {
        /// <summary>How many package ids a warning names before it says "and n more".</summary>
        private const int NamedPackages = 5;

        public static IReadOnlyDictionary<string, PackageIdentity> Apply(
            ProjectCheckRequest request,
            SupplyChainPolicy policy,
            IReadOnlyDictionary<string, PackageIdentity> identities,
            ProjectCheckResult result,
            Action<string> warn)
        {
            // Feed owners only ever match a vendor's "owners": without any, no answer could change a verdict.
            if (!policy.Vendors.Any(v => v.Match.Owners.Count > 0))
            {
                result.Messages.Add(new CheckMessage(true, "SupplyChainGuard: online: no vendor in the policy lists owners, so no feed was asked."));
                return identities;
            }

            var unattributed = identities.Values.Where(i => i.Owners.Count == 0).ToList();
            var asked = unattributed.Where(i => FeedOwnerLookup.IsHttpFeed(i.Source)).ToList();
            if (asked.Count == 0)
            {
                result.Messages.Add(new CheckMessage(true, unattributed.Count == 0
                    ? "SupplyChainGuard: online: every package's signature names its owners; no feed was asked."
                    : $"SupplyChainGuard: online: the {unattributed.Count} packages without signature owners came from no http(s) feed (a local folder, or unknown); no feed was asked."));
                return identities;
            }

            var owned = request.FeedOwnerLookup is null ? new FeedOwnerLookup() : null;
            FeedLookupResult lookup;
            try
            {
                lookup = (request.FeedOwnerLookup ?? owned!).Lookup(
                    asked.Select(i => new FeedQuery(i.Id, i.Source!)),
                    Path.GetDirectoryName(Path.GetFullPath(request.ProjectPath)),
                    request.NuGetConfigFile);
            }
            finally
            {
                owned?.Dispose();
            }

            result.FeedLookup = lookup;
            var updated = new Dictionary<string, PackageIdentity>(StringComparer.OrdinalIgnoreCase);
            foreach (var pair in identities)
            {
                updated[pair.Key] = pair.Value;
            }

            var named = 0;
            foreach (var identity in asked)
            {
                if (lookup.Find(identity.Source!, identity.Id) is { Found: true } answer)
                {
                    updated[identity.Id] = identity.WithFeedAnswer(answer);
                    named += answer.Owners.Count > 0 ? 1 : 0;
                }
            }

            foreach (var failure in lookup.Failures)
            {
                warn(Warning(failure, asked));
            }

            var fromCache = lookup.Answers.Count(a => a.FromCache);
            var feeds = asked.Select(i => FeedOwnerLookup.NormalizeFeed(i.Source!)).Distinct(StringComparer.OrdinalIgnoreCase).Count();
            result.Messages.Add(new CheckMessage(false,
                $"SupplyChainGuard: online: asked {feeds} {(feeds == 1 ? "feed" : "feeds")} about the {asked.Count} packages without signature owners ({fromCache} answered from the cache, {lookup.Requests} search requests); the feed named owners for {named}."));
            if (lookup.CacheProblem is { } problem)
            {
                result.Messages.Add(new CheckMessage(true, "SupplyChainGuard: online: " + problem + "."));
            }

            return updated;
        }

        private static string Warning(FeedFailure failure, IReadOnlyList<PackageIdentity> asked)
        {
            var packages = failure.PackageIds
                .Select(id => asked.FirstOrDefault(i => string.Equals(i.Id, id, StringComparison.OrdinalIgnoreCase)) is { } identity ? $"{identity.Id} {identity.Version}" : id)
                .ToList();
            var listed = string.Join(", ", packages.Take(NamedPackages)) + (packages.Count > NamedPackages ? $" and {packages.Count - NamedPackages} more" : string.Empty);
            var count = packages.Count == 1 ? "1 package" : $"{packages.Count} packages";
            return $"The package feed '{failure.Feed}' could not be asked for owners: {failure.Reason}. {count} from it ({listed}) {(packages.Count == 1 ? "was" : "were")} checked on offline evidence only.";
        }
    }
}
