using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using NuGet.Common;
using NuGet.Configuration;
using NuGet.Protocol;
using NuGet.Protocol.Core.Types;

namespace SupplyChainGuard.Packages
{
    /// <summary>How <see cref="FeedOwnerLookup"/> asks feeds: limits, retries, the cache, and which feeds are the registry itself.</summary>
    public sealed class FeedOwnerLookupOptions
    {
        /// <summary>nuget.org's V3 service index: its search answers with the registry's own owner records.</summary>
        public const string NuGetOrgFeed = "https://api.nuget.org/v3/index.json";

        /// <summary>
        /// Where answers are kept between builds; null or empty keeps them in memory only. By default a folder in
        /// NuGet's HTTP cache (<c>NUGET_HTTP_CACHE_PATH</c>, else e.g. <c>~/.local/share/NuGet/http-cache</c>), so
        /// that <c>dotnet nuget locals http-cache --clear</c> clears it with NuGet's own answers.
        /// </summary>
        public string? CacheFolder { get; set; } = DefaultCacheFolder();

        /// <summary>How long an answer is used before the feed is asked again.</summary>
        public TimeSpan CacheTimeToLive { get; set; } = TimeSpan.FromHours(24);

        /// <summary>
        /// The time one request (the service index, or one search) may take, NuGet's own retries of a 5xx, 408 or 429
        /// answer included (it tries three times, two and four seconds apart); past it the request is abandoned.
        /// </summary>
        public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(15);

        /// <summary>How many times a request that ran out of time is sent before the feed counts as unavailable.</summary>
        public int MaxAttempts { get; set; } = 2;

        /// <summary>The wait before the second attempt; doubled for each further one.</summary>
        public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

        /// <summary>Requests in flight at once, over all feeds.</summary>
        public int MaxParallelRequests { get; set; } = 4;

        /// <summary>Feeds whose answer is the registry's own record, as strong as its repository signature.</summary>
        public IReadOnlyCollection<string> AuthoritativeFeeds { get; set; } = new[] { NuGetOrgFeed };

        /// <summary>The clock the cache's time to live is measured with.</summary>
        public Func<DateTimeOffset> Now { get; set; } = () => DateTimeOffset.UtcNow;

        private static string? DefaultCacheFolder()
        {
            try
            {
                return Path.Combine(SettingsUtility.GetHttpCacheFolder(), "supplychainguard-feed-owners");
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException or NuGetConfigurationException)
            {
                return null; // e.g. a relative NUGET_HTTP_CACHE_PATH: no disk cache, every build asks
            }
        }
    }

    /// <summary>
    /// Asks the feed each package came from, through NuGet.Protocol's search resource (the feed's V3 search, with
    /// NuGet's own HTTP stack: credentials from nuget.config, proxies, retries of 5xx answers), for the owners and
    /// the verified-prefix flag of a package id. For packages whose signature names no owners: packages from
    /// private feeds and mirrors that don't repository-sign.
    /// <para>
    /// Never throws for a feed's sake: a feed that times out, fails, answers something that isn't search JSON or
    /// asks for credentials it lacks becomes one <see cref="FeedFailure"/> naming the feed and why, and is not
    /// asked again by this instance. One instance may be shared by a host that checks many projects (the CLI), in
    /// parallel: each (feed, id) is asked once per instance, and once per time to live across processes.
    /// </para>
    /// </summary>
    public sealed class FeedOwnerLookup : IDisposable
    {
        private static readonly Regex StatusInMessage = new Regex(@"\b([1-5]\d\d) \(([^)]*)\)", RegexOptions.CultureInvariant);

        private readonly FeedOwnerLookupOptions _options;
        private readonly FeedOwnerCache _cache;
        private readonly SemaphoreSlim _throttle;
        private readonly ConcurrentDictionary<string, Feed> _feeds = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, Lazy<Task<Outcome>>> _asked = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, ConfiguredSources> _configurations = new(StringComparer.Ordinal);
        private int _disposed;

        public FeedOwnerLookup(FeedOwnerLookupOptions? options = null)
        {
            _options = options ?? new FeedOwnerLookupOptions();
            _cache = new FeedOwnerCache(_options.CacheFolder, _options.CacheTimeToLive);
            _throttle = new SemaphoreSlim(Math.Max(1, _options.MaxParallelRequests));
        }

        public FeedOwnerLookupOptions Options => _options;

        /// <summary>
        /// The owners of every queried id, from the feed it names or the cache. Credentials and source settings come
        /// from the nuget.config files NuGet reads for <paramref name="settingsRoot"/> (the project's folder), or
        /// from <paramref name="configFile"/> when restore was given one (<c>RestoreConfigFile</c>). Queries whose
        /// feed is not an http(s) URL (a local folder) are not asked and get no answer.
        /// </summary>
        public FeedLookupResult Lookup(IEnumerable<FeedQuery> queries, string? settingsRoot = null, string? configFile = null, CancellationToken cancellationToken = default) =>
            Task.Run(() => LookupAsync(queries, settingsRoot, configFile, cancellationToken), cancellationToken).GetAwaiter().GetResult();

        /// <inheritdoc cref="Lookup"/>
        public async Task<FeedLookupResult> LookupAsync(IEnumerable<FeedQuery> queries, string? settingsRoot = null, string? configFile = null, CancellationToken cancellationToken = default)
        {
            var configuration = Configuration(settingsRoot, configFile);
            var counter = new RequestCounter();
            var asked = queries
                .Where(q => IsHttpFeed(q.Feed))
                .GroupBy(q => Key(q.Feed, q.PackageId), StringComparer.Ordinal)
                .Select(g => g.First())
                .Select(q => (Query: q, Feed: FeedFor(q.Feed, configuration)))
                .ToList();

            var outcomes = await Task.WhenAll(asked.Select(a => Ask(a.Feed, a.Query.PackageId, counter, cancellationToken))).ConfigureAwait(false);

            var answers = new List<FeedOwnerAnswer>();
            var failed = new Dictionary<string, (string Reason, List<string> Ids)>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < asked.Count; i++)
            {
                var (query, feed) = asked[i];
                if (outcomes[i].Answer is { } answer)
                {
                    answers.Add(answer);
                }
                else
                {
                    if (!failed.TryGetValue(feed.Url, out var entry))
                    {
                        failed[feed.Url] = entry = (outcomes[i].Failure!, new List<string>());
                    }

                    entry.Ids.Add(query.PackageId);
                }
            }

            var failures = failed
                .OrderBy(f => f.Key, StringComparer.OrdinalIgnoreCase)
                .Select(f => new FeedFailure(f.Key, f.Value.Reason, f.Value.Ids.OrderBy(id => id, StringComparer.OrdinalIgnoreCase).ToArray()))
                .ToArray();
            var ordered = answers
                .OrderBy(a => a.Feed, StringComparer.OrdinalIgnoreCase)
                .ThenBy(a => a.PackageId, StringComparer.OrdinalIgnoreCase)
                .ToArray();
            return new FeedLookupResult(ordered, failures, counter.Requests) { CacheProblem = counter.CacheProblem };
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
            {
                return;
            }

            foreach (var feed in _feeds.Values)
            {
                feed.Dispose();
            }

            _throttle.Dispose();
        }

        /// <summary>The one memoized question per (feed with its credentials, id) for this instance.</summary>
        private Task<Outcome> Ask(Feed feed, string packageId, RequestCounter counter, CancellationToken cancellationToken) =>
            _asked.GetOrAdd(feed.Key + "\n" + packageId.ToLowerInvariant(),
                _ => new Lazy<Task<Outcome>>(() => AskFeed(feed, packageId, counter, cancellationToken))).Value;

        private async Task<Outcome> AskFeed(Feed feed, string packageId, RequestCounter counter, CancellationToken cancellationToken)
        {
            // A fresh answer on disk is used even while the feed is down.
            if (_cache.TryRead(feed.Url, packageId, _options.Now()) is { } cached)
            {
                cached.IsAuthoritative = feed.IsAuthoritative;
                return Outcome.Of(cached);
            }

            if (feed.Failure is { } failure)
            {
                return Outcome.Failed(failure);
            }

            await _throttle.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                // Once a feed has failed, the packages still waiting for it are not asked: one dead feed costs one
                // request's time, not one per package.
                if (feed.Failure is { } failedMeanwhile)
                {
                    return Outcome.Failed(failedMeanwhile);
                }

                var search = await feed.SearchResource(token => WithAttempts(token2 => feed.Repository.GetResourceAsync<PackageSearchResource>(token2), token), cancellationToken).ConfigureAwait(false);
                if (search is null)
                {
                    return Outcome.Failed(feed.Fail("it offers no search service"));
                }

                var answer = await WithAttempts(token => SearchExact(search, feed, packageId, counter, token), cancellationToken).ConfigureAwait(false);
                if (!_cache.Write(answer))
                {
                    counter.CacheProblem = $"the feed-owner cache '{_options.CacheFolder}' could not be written";
                }

                return Outcome.Of(answer);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (FeedUnavailableException e)
            {
                return Outcome.Failed(feed.Fail(e.Message));
            }
#pragma warning disable CA1031 // The answer is a remote server's, parsed by NuGet's client: whatever it throws is that feed's failure.
            catch (Exception e)
#pragma warning restore CA1031
            {
                return Outcome.Failed(feed.Fail(Describe(e)));
            }
            finally
            {
                _throttle.Release();
            }
        }

        /// <summary>
        /// <c>packageid:</c> asks nuget.org (and servers that support the field) for the id alone; a server that
        /// ignores the field is asked for the id as plain text, and only the exact id is taken from either answer.
        /// </summary>
        private async Task<FeedOwnerAnswer> SearchExact(PackageSearchResource search, Feed feed, string packageId, RequestCounter counter, CancellationToken cancellationToken)
        {
            var filter = new SearchFilter(includePrerelease: true) { IncludeDelisted = true };
            counter.Add();
            var results = await search.SearchAsync(Uri.EscapeDataString("packageid:" + packageId), filter, 0, 1, NullLogger.Instance, cancellationToken).ConfigureAwait(false);
            var hit = Exact(results, packageId);
            if (hit is null)
            {
                counter.Add();
                results = await search.SearchAsync(Uri.EscapeDataString(packageId), filter, 0, 20, NullLogger.Instance, cancellationToken).ConfigureAwait(false);
                hit = Exact(results, packageId);
            }

            return new FeedOwnerAnswer(feed.Url, packageId, hit is not null, OwnersOf(hit), hit?.PrefixReserved == true, _options.Now())
            {
                IsAuthoritative = feed.IsAuthoritative,
            };
        }

        private static IPackageSearchMetadata? Exact(IEnumerable<IPackageSearchMetadata>? results, string packageId) =>
            results?.FirstOrDefault(r => r?.Identity is not null && string.Equals(r.Identity.Id, packageId, StringComparison.OrdinalIgnoreCase));

        /// <summary>V3 search gives <c>owners</c> as an array; older servers as one comma-separated string.</summary>
        private static IReadOnlyList<string> OwnersOf(IPackageSearchMetadata? hit)
        {
            if (hit is null)
            {
                return Array.Empty<string>();
            }

            var raw = hit.OwnersList is { Count: > 0 } list ? list : new[] { hit.Owners ?? string.Empty };
            return raw
                .Where(o => o is not null)
                .SelectMany(o => o.Split(','))
                .Select(o => o.Trim())
                .Where(o => o.Length > 0)
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .ToArray();
        }

        /// <summary>
        /// Runs a request with this lookup's time limit, again after a backoff when it ran out of time. A 5xx, 408 or
        /// 429 answer is retried inside the request by NuGet's HTTP stack; its last failure is final here.
        /// </summary>
        private async Task<T> WithAttempts<T>(Func<CancellationToken, Task<T>> request, CancellationToken cancellationToken)
        {
            var attempts = Math.Max(1, _options.MaxAttempts);
            for (var attempt = 1; ; attempt++)
            {
                using (var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    limit.CancelAfter(_options.RequestTimeout);
                    try
                    {
                        return await request(limit.Token).ConfigureAwait(false);
                    }
                    catch (Exception) when (limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                    {
                        if (attempt >= attempts)
                        {
                            throw new FeedUnavailableException(
                                $"it did not answer within {Seconds(_options.RequestTimeout)} (tried {attempt} {(attempt == 1 ? "time" : "times")})");
                        }
                    }
                }

                await Task.Delay(TimeSpan.FromTicks(_options.RetryDelay.Ticks << (attempt - 1)), cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>Why a feed could not be asked, in words that complete "could not be asked for owners: …".</summary>
        internal static string Describe(Exception exception)
        {
            var chain = new List<Exception>();
            for (var e = exception; e is not null && chain.Count < 10; e = e.InnerException)
            {
                chain.Add(e);
            }

            foreach (var e in chain)
            {
                if (StatusOf(e) is { } status)
                {
                    return status.Code is 401 or 403 or 407
                        ? $"it refused the request ({status.Code} {status.Reason}): nuget.config has no credentials for it, or the feed rejected them"
                        : $"it answered {status.Code} ({status.Reason})";
                }
            }

            if (chain.FirstOrDefault(e => e is System.Text.Json.JsonException || e.GetType().Namespace == "Newtonsoft.Json") is { } json)
            {
                return "its search answer is not valid JSON of the search API (" + json.Message.TrimEnd('.') + ")";
            }

            // NuGet's own protocol errors are phrased for users; anything else keeps its type, as a clue.
            var innermost = chain[chain.Count - 1];
            var outer = exception is FatalProtocolException ? exception.Message.TrimEnd('.') : $"{exception.GetType().Name}: {exception.Message.TrimEnd('.')}";
            return innermost == exception ? outer : $"{outer} ({innermost.GetType().Name}: {innermost.Message.TrimEnd('.')})";
        }

        private static (int Code, string Reason)? StatusOf(Exception e)
        {
            if (e is not System.Net.Http.HttpRequestException)
            {
                return null;
            }

            // "Response status code does not indicate success: 401 (Unauthorized)." on every runtime; .NET also has StatusCode.
            var match = StatusInMessage.Match(e.Message);
#if NETFRAMEWORK
            return match.Success ? (int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), match.Groups[2].Value) : null;
#else
            if (((System.Net.Http.HttpRequestException)e).StatusCode is { } code)
            {
                return ((int)code, match.Success ? match.Groups[2].Value : code.ToString());
            }

            return match.Success ? (int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), match.Groups[2].Value) : null;
#endif
        }

        private static string Seconds(TimeSpan time) =>
            time.TotalSeconds >= 1 && time.TotalSeconds % 1 == 0
                ? $"{time.TotalSeconds:0} {(time.TotalSeconds == 1 ? "second" : "seconds")}"
                : $"{time.TotalMilliseconds:0} ms";

        private ConfiguredSources Configuration(string? settingsRoot, string? configFile)
        {
            var root = string.IsNullOrWhiteSpace(settingsRoot) ? null : settingsRoot;
            var file = string.IsNullOrWhiteSpace(configFile) ? null : configFile;
            return _configurations.GetOrAdd(root + "\n" + file, _ =>
            {
                try
                {
                    if (file is not null && root is not null && !Path.IsPathRooted(file))
                    {
                        file = Path.Combine(root, file);
                    }

                    // As restore reads them: the nuget.config files from the root up, the user's, the machine's.
                    var settings = Settings.LoadDefaultSettings(root, file, new XPlatMachineWideSetting());
                    var sources = PackageSourceProvider.LoadPackageSources(settings).ToArray();
                    return new ConfiguredSources(sources, null);
                }
                catch (Exception e) when (e is NuGetConfigurationException or IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
                {
                    return new ConfiguredSources(Array.Empty<PackageSource>(), "its settings could not be read from nuget.config: " + e.Message.TrimEnd('.'));
                }
            });
        }

        /// <summary>The configured source with this URL (for its credentials), else an anonymous one.</summary>
        private Feed FeedFor(string url, ConfiguredSources configuration)
        {
            var normalized = NormalizeFeed(url);
            var source = configuration.Sources.FirstOrDefault(s => string.Equals(NormalizeFeed(s.Source), normalized, StringComparison.OrdinalIgnoreCase))
                ?? new PackageSource(normalized);
            var credentials = source.Credentials;
            var key = normalized.ToLowerInvariant() + "\n" + source.Name + "\n" + credentials?.Username + "\n" + credentials?.PasswordText
                + "\n" + credentials?.IsPasswordClearText + "\n" + credentials?.ValidAuthenticationTypesText + "\n" + configuration.Error;
            var authoritative = _options.AuthoritativeFeeds.Any(f => string.Equals(NormalizeFeed(f), normalized, StringComparison.OrdinalIgnoreCase));
            var feed = _feeds.GetOrAdd(key, _ => new Feed(key, normalized, source, authoritative));
            if (configuration.Error is not null)
            {
                feed.Fail(configuration.Error);
            }

            return feed;
        }

        internal static string NormalizeFeed(string feed) => feed.Trim().TrimEnd('/');

        internal static string Key(string feed, string packageId) => NormalizeFeed(feed).ToLowerInvariant() + "\n" + packageId.ToLowerInvariant();

        internal static bool IsHttpFeed(string? feed) =>
            !string.IsNullOrWhiteSpace(feed)
            && Uri.TryCreate(feed!.Trim(), UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

        private sealed class ConfiguredSources
        {
            public ConfiguredSources(IReadOnlyList<PackageSource> sources, string? error)
            {
                Sources = sources;
                Error = error;
            }

            public IReadOnlyList<PackageSource> Sources { get; }

            public string? Error { get; }
        }

        /// <summary>One feed, as NuGet.Protocol reaches it, and whether it has failed.</summary>
        private sealed class Feed : IDisposable
        {
            private readonly object _gate = new();
            private SourceRepository? _repository;
            private Task<PackageSearchResource?>? _search;
            private string? _failure;

            public Feed(string key, string url, PackageSource source, bool isAuthoritative)
            {
                Key = key;
                Url = url;
                Source = source;
                IsAuthoritative = isAuthoritative;
            }

            public string Key { get; }

            public string Url { get; }

            public PackageSource Source { get; }

            public bool IsAuthoritative { get; }

            public string? Failure => Volatile.Read(ref _failure);

            public SourceRepository Repository
            {
                get
                {
                    lock (_gate)
                    {
                        return _repository ??= NuGet.Protocol.Core.Types.Repository.Factory.GetCoreV3(Source);
                    }
                }
            }

            /// <summary>The search resource, found once (it reads the service index); a failure is kept.</summary>
            public Task<PackageSearchResource?> SearchResource(Func<CancellationToken, Task<PackageSearchResource?>> create, CancellationToken cancellationToken)
            {
                lock (_gate)
                {
                    if (_search is null || _search.IsFaulted || _search.IsCanceled)
                    {
                        _search = create(cancellationToken);
                    }

                    return _search;
                }
            }

            /// <summary>Records the first failure; later ones keep it, so one feed says one thing.</summary>
            public string Fail(string reason)
            {
                Interlocked.CompareExchange(ref _failure, reason, null);
                return Failure!;
            }

            public void Dispose()
            {
                SourceRepository? repository;
                lock (_gate)
                {
                    repository = _repository;
                }

                if (repository is null)
                {
                    return;
                }

                try
                {
                    // The HTTP client NuGet made for this feed; the resource is already created if it was used.
                    var task = repository.GetResourceAsync<HttpSourceResource>(CancellationToken.None);
                    if (task.IsCompleted && task.Status == TaskStatus.RanToCompletion)
                    {
                        task.Result?.HttpSource?.Dispose();
                    }
                }
#pragma warning disable CA1031 // Disposing is best effort.
                catch (Exception)
#pragma warning restore CA1031
                {
                }
            }
        }

        private sealed class RequestCounter
        {
            private int _requests;

            public int Requests => Volatile.Read(ref _requests);

            public string? CacheProblem { get; set; }

            public void Add() => Interlocked.Increment(ref _requests);
        }

        private sealed class Outcome
        {
            private Outcome(FeedOwnerAnswer? answer, string? failure)
            {
                Answer = answer;
                Failure = failure;
            }

            public FeedOwnerAnswer? Answer { get; }

            public string? Failure { get; }

            public static Outcome Of(FeedOwnerAnswer answer) => new Outcome(answer, null);

            public static Outcome Failed(string reason) => new Outcome(null, reason);
        }

        private sealed class FeedUnavailableException : Exception
        {
            public FeedUnavailableException(string message)
                : base(message)
            {
            }
        }
    }
}
