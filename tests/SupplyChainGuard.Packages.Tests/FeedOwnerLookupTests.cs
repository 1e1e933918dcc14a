using System;
using System.IO;
using System.Linq;
using System.Text;
using SupplyChainGuard.TestKit;
using Xunit;

namespace SupplyChainGuard.Packages.Tests
{
    /// <summary>
    /// Owners from the package's feed, asked through the real NuGet.Protocol client against a small V3 feed that the
    /// test serves on 127.0.0.1: answers, the verified flag, every way a feed can fail, credentials from nuget.config,
    /// and the on-disk cache with its time to live.
    /// </summary>
    public sealed class FeedOwnerLookupTests : IDisposable
    {
        private const string Id = "Contoso.Private.Ocr";

        private readonly TempDirectory _folder = new TempDirectory("scg-feed-owners");
        private readonly V3TestFeed _feed = new V3TestFeed();
        private DateTimeOffset _now = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

        public FeedOwnerLookupTests()
        {
            IsolatedNuGetHttpCache.Ensure();
        }

        public void Dispose()
        {
            _feed.Dispose();
            _folder.Dispose();
        }

        /// <summary>Short limits, so that failing cases fail in a second or two; the cache in this test's folder.</summary>
        private FeedOwnerLookupOptions Options() => new FeedOwnerLookupOptions
        {
            CacheFolder = _folder.Combine("cache"),
            RequestTimeout = TimeSpan.FromSeconds(15),
            RetryDelay = TimeSpan.FromMilliseconds(50),
            Now = () => _now,
        };

        /// <summary>A folder whose nuget.config lists nothing, so that no credentials reach the feed.</summary>
        private string PlainSettings() => Settings("plain", """
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
              </packageSources>
            </configuration>
            """);

        private string Settings(string name, string nugetConfig)
        {
            var root = _folder.Combine(name);
            Directory.CreateDirectory(root);
            File.WriteAllText(Path.Combine(root, "nuget.config"), nugetConfig);
            return root;
        }

        private FeedLookupResult Lookup(FeedOwnerLookupOptions? options = null, string? settingsRoot = null, params string[] ids)
        {
            using var lookup = new FeedOwnerLookup(options ?? Options());
            var queries = (ids.Length == 0 ? new[] { Id } : ids).Select(id => new FeedQuery(id, _feed.ServiceIndexUrl));
            return lookup.Lookup(queries, settingsRoot ?? PlainSettings());
        }

        [Fact]
        public void The_feed_names_the_owners_of_an_exact_id_asked_with_packageid()
        {
            _feed.WithOwners(Id, verified: false, "contoso-ocr", "jdoe").WithOwners(Id + ".Extras", verified: false, "someone-else");

            var result = Lookup();

            Assert.Empty(result.Failures);
            var answer = result.Find(_feed.ServiceIndexUrl, Id)!;
            Assert.True(answer.Found);
            Assert.Equal(new[] { "contoso-ocr", "jdoe" }, answer.Owners);
            Assert.False(answer.FromCache);
            Assert.False(answer.IsAuthoritative);
            var search = Assert.Single(_feed.SearchRequests);
            Assert.Contains("q=packageid%3AContoso.Private.Ocr", search.Query, StringComparison.OrdinalIgnoreCase);
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public void The_verified_flag_is_recorded(bool verified)
        {
            _feed.WithOwners(Id, verified, "contoso-ocr");

            Assert.Equal(verified, Lookup().Find(_feed.ServiceIndexUrl, Id)!.PrefixReserved);
        }

        [Fact]
        public void An_id_the_feed_does_not_know_is_an_answer_not_a_failure()
        {
            _feed.WithOwners("Other.Package", verified: false, "other");

            var result = Lookup();

            Assert.Empty(result.Failures);
            var answer = result.Find(_feed.ServiceIndexUrl, Id)!;
            Assert.False(answer.Found);
            Assert.Empty(answer.Owners);
        }

        [Fact]
        public void A_server_that_ignores_the_packageid_field_is_asked_for_the_id_as_text_and_only_the_exact_id_counts()
        {
            _feed.IgnoresPackageIdField = true;
            _feed.WithOwners(Id, verified: false, "contoso-ocr").WithOwners(Id + ".Extras", verified: false, "someone-else");

            var answer = Lookup().Find(_feed.ServiceIndexUrl, Id)!;

            Assert.Equal(new[] { "contoso-ocr" }, answer.Owners);
            Assert.Equal(2, _feed.SearchRequests.Count);
        }

        [Fact]
        public void An_answer_slower_than_the_time_limit_is_a_failure_after_the_retry_not_a_hang()
        {
            _feed.WithOwners(Id, verified: false, "contoso-ocr");
            _feed.AlwaysFault = SearchFault.Slow;
            var options = Options();
            options.RequestTimeout = TimeSpan.FromMilliseconds(500);

            var result = Lookup(options);

            var failure = Assert.Single(result.Failures);
            Assert.Equal(_feed.ServiceIndexUrl, failure.Feed);
            Assert.Equal("it did not answer within 500 ms (tried 2 times)", failure.Reason);
            Assert.Equal(new[] { Id }, failure.PackageIds);
            Assert.Null(result.Find(_feed.ServiceIndexUrl, Id));
            Assert.Equal(2, _feed.SearchRequests.Count);
        }

        [Fact]
        public void A_time_limit_of_whole_seconds_is_named_in_seconds_and_a_single_attempt_in_the_singular()
        {
            _feed.AlwaysFault = SearchFault.Slow;
            var options = Options();
            options.RequestTimeout = TimeSpan.FromSeconds(1);
            options.MaxAttempts = 1;

            var failure = Assert.Single(Lookup(options).Failures);

            Assert.Equal("it did not answer within 1 second (tried 1 time)", failure.Reason);
            Assert.Single(_feed.SearchRequests);
        }

        [Fact]
        public void A_cache_folder_that_cannot_be_written_is_said_and_the_answer_still_counts()
        {
            _feed.WithOwners(Id, verified: false, "contoso-ocr");
            var options = Options();
            options.CacheFolder = Path.Combine(_folder.Write("blocker", "a file where a folder should be"), "cache");

            var result = Lookup(options);

            Assert.Equal($"the feed-owner cache '{options.CacheFolder}' could not be written", result.CacheProblem);
            Assert.Equal(new[] { "contoso-ocr" }, result.Find(_feed.ServiceIndexUrl, Id)!.Owners);
            Assert.Empty(result.Failures);
        }

        [Fact]
        public void A_slow_answer_followed_by_a_prompt_one_is_retried_and_found()
        {
            _feed.WithOwners(Id, verified: false, "contoso-ocr");
            _feed.NextSearchFaults.Enqueue(SearchFault.Slow);
            var options = Options();
            options.RequestTimeout = TimeSpan.FromMilliseconds(500);

            var result = Lookup(options);

            Assert.Empty(result.Failures);
            Assert.Equal(new[] { "contoso-ocr" }, result.Find(_feed.ServiceIndexUrl, Id)!.Owners);
        }

        [Fact]
        public void A_500_followed_by_an_answer_is_retried_and_found()
        {
            _feed.WithOwners(Id, verified: false, "contoso-ocr");
            _feed.NextSearchFaults.Enqueue(SearchFault.ServerError);

            var result = Lookup();

            Assert.Empty(result.Failures);
            Assert.Equal(new[] { "contoso-ocr" }, result.Find(_feed.ServiceIndexUrl, Id)!.Owners);
            Assert.Equal(2, _feed.SearchRequests.Count);
        }

        [Fact]
        public void A_feed_that_always_answers_500_is_a_failure_naming_the_status()
        {
            _feed.WithOwners(Id, verified: false, "contoso-ocr");
            _feed.AlwaysFault = SearchFault.ServerError;

            var failure = Assert.Single(Lookup().Failures);

            Assert.Equal("it answered 500 (Internal Server Error)", failure.Reason);
            Assert.Equal(3, _feed.SearchRequests.Count); // NuGet's HTTP stack tries three times
        }

        [Fact]
        public void A_search_answer_that_is_not_json_is_a_failure_saying_so()
        {
            _feed.AlwaysFault = SearchFault.MalformedJson;

            var failure = Assert.Single(Lookup().Failures);

            Assert.StartsWith("its search answer is not valid JSON of the search API (", failure.Reason, StringComparison.Ordinal);
        }

        [Fact]
        public void A_feed_without_a_search_service_is_a_failure_saying_so()
        {
            _feed.OffersSearch = false;

            var failure = Assert.Single(Lookup().Failures);

            Assert.Equal("The source does not have a Search service!", failure.Reason);
            Assert.Empty(_feed.SearchRequests);
        }

        [Fact]
        public void A_feed_nobody_listens_at_is_a_failure_naming_the_refused_connection()
        {
            // A path of its own, so that no service index NuGet cached for an earlier feed on this port answers.
            var url = $"http://127.0.0.1:{FreePort()}/{Guid.NewGuid():N}/v3/index.json";
            using var lookup = new FeedOwnerLookup(Options());

            var result = lookup.Lookup(new[] { new FeedQuery(Id, url) }, PlainSettings());

            var failure = Assert.Single(result.Failures);
            Assert.Equal(url, failure.Feed);
            Assert.StartsWith($"Unable to load the service index for source {url}", failure.Reason, StringComparison.Ordinal);
            Assert.Contains("refused", failure.Reason, StringComparison.OrdinalIgnoreCase);
        }

        // ---- why a feed failed, in words that complete "could not be asked for owners: ..." -------------

        [Fact]
        public void A_refused_request_says_nuget_config_lacks_credentials_whatever_exception_wraps_it()
        {
            var forbidden = new System.Net.Http.HttpRequestException("Response status code does not indicate success: 403 (Forbidden).", null, System.Net.HttpStatusCode.Forbidden);
            var wrapped = new NuGet.Protocol.Core.Types.FatalProtocolException("Unable to load the service index for source https://feed.test/v3/index.json.",
                new System.Net.Http.HttpRequestException("Response status code does not indicate success: 407 (Proxy Authentication Required)."));

            Assert.Equal("it refused the request (403 Forbidden): nuget.config has no credentials for it, or the feed rejected them", FeedOwnerLookup.Describe(forbidden));
            Assert.Equal("it refused the request (407 Proxy Authentication Required): nuget.config has no credentials for it, or the feed rejected them", FeedOwnerLookup.Describe(wrapped));
        }

        [Fact]
        public void Another_status_is_named_with_its_reason_from_the_message_or_else_its_name()
        {
            var fromMessage = new System.Net.Http.HttpRequestException("Response status code does not indicate success: 502 (Bad Gateway).");
            var fromCode = new System.Net.Http.HttpRequestException("The server gave up.", null, System.Net.HttpStatusCode.ServiceUnavailable);

            Assert.Equal("it answered 502 (Bad Gateway)", FeedOwnerLookup.Describe(fromMessage));
            Assert.Equal("it answered 503 (ServiceUnavailable)", FeedOwnerLookup.Describe(fromCode));
        }

        [Fact]
        public void A_search_answer_neither_JSON_reader_accepts_is_said_to_be_not_valid_JSON()
        {
            var newtonsoft = new InvalidOperationException("outer", new Newtonsoft.Json.JsonReaderException("Unexpected end when reading JSON."));
            var systemText = new System.Text.Json.JsonException("'}' is invalid after a value.");

            Assert.Equal("its search answer is not valid JSON of the search API (Unexpected end when reading JSON)", FeedOwnerLookup.Describe(newtonsoft));
            Assert.Equal("its search answer is not valid JSON of the search API ('}' is invalid after a value)", FeedOwnerLookup.Describe(systemText));
        }

        [Fact]
        public void Any_other_failure_keeps_NuGets_words_or_the_exception_type_and_the_innermost_cause()
        {
            var protocol = new NuGet.Protocol.Core.Types.FatalProtocolException("The source does not have a Search service!");
            var plain = new InvalidOperationException("The feed sent nothing.");
            var nested = new NuGet.Protocol.Core.Types.FatalProtocolException("Unable to load the service index for source https://feed.test/v3/index.json.",
                new System.Net.Http.HttpRequestException("No such host is known.", new System.Net.Sockets.SocketException(11001)));

            Assert.Equal("The source does not have a Search service!", FeedOwnerLookup.Describe(protocol));
            Assert.Equal("InvalidOperationException: The feed sent nothing", FeedOwnerLookup.Describe(plain));
            Assert.StartsWith("Unable to load the service index for source https://feed.test/v3/index.json (SocketException: ", FeedOwnerLookup.Describe(nested));
        }

        private static int FreePort()
        {
            var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
            probe.Start();
            var port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            return port;
        }

        [Fact]
        public void A_failed_feed_is_not_asked_about_its_other_packages_and_they_are_all_named()
        {
            _feed.AlwaysFault = SearchFault.MalformedJson;
            var options = Options();
            options.MaxParallelRequests = 1;

            var result = Lookup(options, null, "Contoso.A", "Contoso.B", "Contoso.C");

            var failure = Assert.Single(result.Failures);
            Assert.Equal(new[] { "Contoso.A", "Contoso.B", "Contoso.C" }, failure.PackageIds);
            Assert.Single(_feed.SearchRequests);
        }

        [Fact]
        public void A_feed_that_asks_for_credentials_nuget_config_lacks_is_a_failure_naming_the_401()
        {
            _feed.RequiredCredentials = "scg:s3cret";

            var failure = Assert.Single(Lookup().Failures);

            Assert.Equal("it refused the request (401 Unauthorized): nuget.config has no credentials for it, or the feed rejected them", failure.Reason);
        }

        [Fact]
        public void Credentials_from_packageSourceCredentials_in_nuget_config_are_sent_as_NuGet_sends_them()
        {
            _feed.RequiredCredentials = "scg:s3cret";
            _feed.WithOwners(Id, verified: true, "contoso-ocr");
            var root = Settings("credentials", $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <clear />
                    <add key="contoso" value="{_feed.ServiceIndexUrl}" allowInsecureConnections="true" />
                  </packageSources>
                  <packageSourceCredentials>
                    <contoso>
                      <add key="Username" value="scg" />
                      <add key="ClearTextPassword" value="s3cret" />
                    </contoso>
                  </packageSourceCredentials>
                </configuration>
                """);

            var result = Lookup(settingsRoot: root);

            Assert.Empty(result.Failures);
            Assert.Equal(new[] { "contoso-ocr" }, result.Find(_feed.ServiceIndexUrl, Id)!.Owners);
            var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("scg:s3cret"));
            Assert.Contains(_feed.SearchRequests, r => r.Authorization == expected);
        }

        [Fact]
        public void A_second_run_within_the_time_to_live_is_answered_from_the_cache()
        {
            _feed.WithOwners(Id, verified: true, "contoso-ocr");
            Lookup();
            _now = _now.AddHours(23);

            var second = Lookup();

            var answer = second.Find(_feed.ServiceIndexUrl, Id)!;
            Assert.True(answer.FromCache);
            Assert.Equal((true, true), (answer.Found, answer.PrefixReserved));
            Assert.Equal(new[] { "contoso-ocr" }, answer.Owners);
            Assert.Equal(0, second.Requests);
            Assert.Single(_feed.SearchRequests);
        }

        [Fact]
        public void A_cached_answer_older_than_the_time_to_live_is_asked_again()
        {
            _feed.WithOwners(Id, verified: false, "contoso-ocr");
            Lookup();
            _feed.WithOwners(Id, verified: false, "new-owner");
            _now = _now.AddHours(24);

            var answer = Lookup().Find(_feed.ServiceIndexUrl, Id)!;

            Assert.False(answer.FromCache);
            Assert.Equal(new[] { "new-owner" }, answer.Owners);
            Assert.Equal(2, _feed.SearchRequests.Count);
        }

        [Fact]
        public void A_cached_answer_dated_in_the_future_is_not_trusted()
        {
            _feed.WithOwners(Id, verified: false, "contoso-ocr");
            Lookup();
            _now = _now.AddHours(-1);

            Assert.False(Lookup().Find(_feed.ServiceIndexUrl, Id)!.FromCache);
            Assert.Equal(2, _feed.SearchRequests.Count);
        }

        [Theory]
        [InlineData("{ not json")]
        [InlineData("")]
        [InlineData("{\"Feed\":\"http://elsewhere/v3/index.json\",\"Id\":\"Contoso.Private.Ocr\",\"Found\":true,\"Owners\":[\"forged\"],\"Fetched\":\"2026-03-01T12:00:00+00:00\"}")]
        [InlineData("{\"Id\":\"Contoso.Private.Ocr\",\"Found\":true,\"Owners\":null}")]
        [InlineData("{\"Feed\":\"{feed}\",\"Id\":\"Contoso.Private.Ocr\",\"Found\":true,\"Owners\":[\"forged\", \" \"],\"Fetched\":\"2026-03-01T12:00:00+00:00\"}")]
        [InlineData("{\"Feed\":\"{feed}\",\"Id\":\"Contoso.Private.Ocr.Extras\",\"Found\":true,\"Owners\":[\"forged\"],\"Fetched\":\"2026-03-01T12:00:00+00:00\"}")]
        [InlineData("{\"Feed\":\"{feed}\",\"Id\":\"Contoso.Private.Ocr\",\"Found\":true,\"Owners\":[\"forged\"],\"Fetched\":\"2026-02-28T12:00:00+00:00\"}")]
        public void A_damaged_or_foreign_cache_file_is_ignored_and_the_feed_asked_again(string content)
        {
            _feed.WithOwners(Id, verified: false, "contoso-ocr");
            var options = Options();
            var path = new FeedOwnerCache(options.CacheFolder, options.CacheTimeToLive).PathOf(_feed.ServiceIndexUrl, Id)!;
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, content.Replace("{feed}", _feed.ServiceIndexUrl));

            var answer = Lookup(options).Find(_feed.ServiceIndexUrl, Id)!;

            Assert.False(answer.FromCache);
            Assert.Equal(new[] { "contoso-ocr" }, answer.Owners);
            Assert.Single(_feed.SearchRequests);
        }

        [Fact]
        public void Failures_are_not_cached()
        {
            _feed.WithOwners(Id, verified: false, "contoso-ocr");
            _feed.AlwaysFault = SearchFault.MalformedJson;
            Assert.Single(Lookup().Failures);
            _feed.AlwaysFault = SearchFault.None;

            var second = Lookup();

            Assert.Empty(second.Failures);
            Assert.False(second.Find(_feed.ServiceIndexUrl, Id)!.FromCache);
        }

        [Fact]
        public void A_cached_answer_is_used_while_the_feed_is_down()
        {
            _feed.WithOwners(Id, verified: false, "contoso-ocr");
            Lookup();
            _feed.AlwaysFault = SearchFault.ServerError;
            _feed.RequiredCredentials = "nobody:knows";

            var second = Lookup();

            Assert.Empty(second.Failures);
            Assert.True(second.Find(_feed.ServiceIndexUrl, Id)!.FromCache);
        }

        [Fact]
        public void A_shared_lookup_asks_each_feed_and_id_once_for_many_projects()
        {
            _feed.WithOwners(Id, verified: false, "contoso-ocr");
            var options = Options();
            options.CacheFolder = null; // memory only: the instance itself must not ask twice
            using var lookup = new FeedOwnerLookup(options);
            var root = PlainSettings();

            var first = lookup.Lookup(new[] { new FeedQuery(Id, _feed.ServiceIndexUrl) }, root);
            var second = lookup.Lookup(new[] { new FeedQuery(Id.ToUpperInvariant(), _feed.ServiceIndexUrl + "/") }, root);

            Assert.Equal(1, first.Requests);
            Assert.Equal(0, second.Requests);
            Assert.Equal(new[] { "contoso-ocr" }, second.Find(_feed.ServiceIndexUrl, Id)!.Owners);
            Assert.Single(_feed.SearchRequests);
        }

        [Fact]
        public void A_feed_listed_as_authoritative_gives_authoritative_answers()
        {
            _feed.WithOwners(Id, verified: true, "contoso-ocr");
            var options = Options();
            options.AuthoritativeFeeds = new[] { _feed.ServiceIndexUrl };

            Assert.True(Lookup(options).Find(_feed.ServiceIndexUrl, Id)!.IsAuthoritative);
        }

        [Fact]
        public void A_package_from_a_local_folder_is_not_asked()
        {
            using var lookup = new FeedOwnerLookup(Options());

            var result = lookup.Lookup(new[] { new FeedQuery(Id, _folder.Combine("local-feed")) }, PlainSettings());

            Assert.Empty(result.Answers);
            Assert.Empty(result.Failures);
            Assert.Empty(_feed.Requests);
        }
    }
}
