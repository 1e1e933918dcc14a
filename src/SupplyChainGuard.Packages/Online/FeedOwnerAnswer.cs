using System;
using System.Collections.Generic;

namespace SupplyChainGuard.Packages
{
    /// <summary>One package id to ask one feed about.</summary>
    public sealed class FeedQuery
    {
        public FeedQuery(string packageId, string feed)
        {
            PackageId = packageId;
            Feed = feed;
        }

        public string PackageId { get; }

        /// <summary>The feed restore took the package from (<c>.nupkg.metadata</c>'s <c>source</c>): a service index URL.</summary>
        public string Feed { get; }
    }

    /// <summary>What a feed's search said about one package id: whether it knows the id, its owners and its verified flag.</summary>
    public sealed class FeedOwnerAnswer
    {
        public FeedOwnerAnswer(string feed, string packageId, bool found, IReadOnlyList<string> owners, bool prefixReserved, DateTimeOffset fetched)
        {
            Feed = feed;
            PackageId = packageId;
            Found = found;
            Owners = owners;
            PrefixReserved = prefixReserved;
            Fetched = fetched;
        }

        public string Feed { get; }

        public string PackageId { get; }

        /// <summary>The search returned the id itself (not merely similar ids).</summary>
        public bool Found { get; }

        /// <summary>The owners the feed names for the id; empty when it names none.</summary>
        public IReadOnlyList<string> Owners { get; }

        /// <summary>Search's <c>verified</c>: the id's prefix is reserved for its owners.</summary>
        public bool PrefixReserved { get; }

        /// <summary>When the feed said it (UTC); a cached answer keeps the time it was fetched.</summary>
        public DateTimeOffset Fetched { get; }

        /// <summary>True when this lookup took the answer from the on-disk cache rather than the feed.</summary>
        public bool FromCache { get; internal set; }

        /// <summary>The feed is one the lookup treats as the registry itself (nuget.org by default).</summary>
        public bool IsAuthoritative { get; internal set; }
    }

    /// <summary>A feed that could not be asked, why, and the package ids it could therefore not attribute.</summary>
    public sealed class FeedFailure
    {
        public FeedFailure(string feed, string reason, IReadOnlyList<string> packageIds)
        {
            Feed = feed;
            Reason = reason;
            PackageIds = packageIds;
        }

        public string Feed { get; }

        /// <summary>A phrase that completes "the feed could not be asked for owners: …", e.g. "it answered 500 (Internal Server Error)".</summary>
        public string Reason { get; }

        public IReadOnlyList<string> PackageIds { get; }
    }

    /// <summary>The answers and failures of one <see cref="FeedOwnerLookup.Lookup"/> call.</summary>
    public sealed class FeedLookupResult
    {
        private readonly Dictionary<string, FeedOwnerAnswer> _answers;

        internal FeedLookupResult(IReadOnlyList<FeedOwnerAnswer> answers, IReadOnlyList<FeedFailure> failures, int requests)
        {
            Answers = answers;
            Failures = failures;
            Requests = requests;
            _answers = new Dictionary<string, FeedOwnerAnswer>(StringComparer.OrdinalIgnoreCase);
            foreach (var answer in answers)
            {
                _answers[FeedOwnerLookup.Key(answer.Feed, answer.PackageId)] = answer;
            }
        }

        /// <summary>Every answer, found or not, from the feed or the cache, ordered by feed and id.</summary>
        public IReadOnlyList<FeedOwnerAnswer> Answers { get; }

        /// <summary>One entry per feed that could not be asked, ordered by feed.</summary>
        public IReadOnlyList<FeedFailure> Failures { get; }

        /// <summary>Why answers could not be kept on disk (a message, not a failure), or null.</summary>
        public string? CacheProblem { get; internal set; }

        /// <summary>How many search requests this call sent (NuGet's own retries of one request not counted).</summary>
        public int Requests { get; }

        public FeedOwnerAnswer? Find(string feed, string packageId) =>
            _answers.TryGetValue(FeedOwnerLookup.Key(feed, packageId), out var answer) ? answer : null;
    }
}
