using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace SupplyChainGuard.TestKit
{
    /// <summary>How the feed answers one search request.</summary>
    public enum SearchFault
    {
        None,

        /// <summary>500 Internal Server Error.</summary>
        ServerError,

        /// <summary>200 with a body that is not JSON (cut off mid-object).</summary>
        MalformedJson,

        /// <summary>Answers only after <see cref="V3TestFeed.SlowDelay"/> (or when the feed is disposed).</summary>
        Slow,
    }

    /// <summary>One request the feed received.</summary>
    public sealed record FeedRequest(string Path, string Query, string? Authorization)
    {
        public bool IsSearch => Path == "/query";
    }

    /// <summary>
    /// A small NuGet V3 feed on 127.0.0.1 for tests: a service index, a search endpoint (owners and the verified
    /// flag per id, with scripted faults), and a flat container that serves the .nupkg files of a folder, so that
    /// restore can take packages from it. Every request is recorded. Nothing leaves the loopback interface, and
    /// every slow answer ends when the feed is disposed. Each feed's URLs lie under a path of its own, so that
    /// NuGet's HTTP cache (which keeps service indexes by URL) never serves one feed's index for another that
    /// happens to get the same port later.
    /// </summary>
    public sealed class V3TestFeed : IDisposable
    {
        private readonly HttpListener _listener;
        private readonly CancellationTokenSource _stopping = new();
        private readonly ConcurrentDictionary<string, (string[] Owners, bool Verified)> _search = new(StringComparer.OrdinalIgnoreCase);
        private readonly ConcurrentQueue<FeedRequest> _requests = new();
        private readonly Task _loop;
        private readonly string _root;

        /// <param name="packagesFolder">A folder of .nupkg files the flat container serves; null serves none.</param>
        public V3TestFeed(string? packagesFolder = null)
        {
            PackagesFolder = packagesFolder;
            _root = "/" + Guid.NewGuid().ToString("N").Substring(0, 12);
            (_listener, var origin) = Start();
            BaseUrl = origin + _root.Substring(1) + "/";
            _loop = Task.Run(AcceptLoop);
        }

        /// <summary>
        /// A feed at exactly <paramref name="baseUrl"/>, the <see cref="BaseUrl"/> of an earlier feed (perhaps of
        /// another process), so that packages restored from that feed name this one in their <c>.nupkg.metadata</c>.
        /// </summary>
        /// <exception cref="HttpListenerException">The port is taken.</exception>
        public V3TestFeed(string? packagesFolder, string baseUrl)
        {
            var uri = new Uri(baseUrl, UriKind.Absolute);
            if (uri.Scheme != "http" || uri.Host != "127.0.0.1" || uri.Segments.Length != 2 || !baseUrl.EndsWith("/", StringComparison.Ordinal))
            {
                throw new ArgumentException($"'{baseUrl}' is not the base URL of a test feed (http://127.0.0.1:{{port}}/{{unique}}/)", nameof(baseUrl));
            }

            PackagesFolder = packagesFolder;
            _root = uri.AbsolutePath.TrimEnd('/');
            var origin = $"http://127.0.0.1:{uri.Port}/";
            _listener = new HttpListener();
            _listener.Prefixes.Add(origin);
            try
            {
                _listener.Start();
            }
            catch
            {
                _listener.Close();
                throw;
            }

            BaseUrl = origin + _root.Substring(1) + "/";
            _loop = Task.Run(AcceptLoop);
        }

        /// <summary><c>http://127.0.0.1:{port}/{unique}/</c></summary>
        public string BaseUrl { get; }

        /// <summary>The feed's source URL, as nuget.config and <c>.nupkg.metadata</c> name it.</summary>
        public string ServiceIndexUrl => BaseUrl + "v3/index.json";

        public string? PackagesFolder { get; }

        /// <summary>Faults for the next search requests, one each, in order; then <see cref="AlwaysFault"/>.</summary>
        public ConcurrentQueue<SearchFault> NextSearchFaults { get; } = new();

        public SearchFault AlwaysFault { get; set; }

        public TimeSpan SlowDelay { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>When true, <c>q=packageid:X</c> is searched as the plain text "packageid:X" (as servers that lack the field do).</summary>
        public bool IgnoresPackageIdField { get; set; }

        /// <summary>False: the service index lists no search service.</summary>
        public bool OffersSearch { get; set; } = true;

        /// <summary>"user:password": every endpoint then asks for Basic authentication with exactly these.</summary>
        public string? RequiredCredentials { get; set; }

        public IReadOnlyList<FeedRequest> Requests => _requests.ToArray();

        public IReadOnlyList<FeedRequest> SearchRequests => _requests.Where(r => r.IsSearch).ToArray();

        /// <summary>What search says about an id: its owners and its verified (reserved prefix) flag.</summary>
        public V3TestFeed WithOwners(string id, bool verified, params string[] owners)
        {
            _search[id] = (owners, verified);
            return this;
        }

        public void Dispose()
        {
            _stopping.Cancel();
            try
            {
                _listener.Stop();
                _listener.Close();
            }
            catch (ObjectDisposedException)
            {
            }

            try
            {
                _loop.Wait(TimeSpan.FromSeconds(5));
            }
            catch (AggregateException)
            {
            }
        }

        private static (HttpListener, string) Start()
        {
            for (var attempt = 0; ; attempt++)
            {
                var probe = new TcpListener(IPAddress.Loopback, 0);
                probe.Start();
                var port = ((IPEndPoint)probe.LocalEndpoint).Port;
                probe.Stop();
                var url = $"http://127.0.0.1:{port}/";
                var listener = new HttpListener();
                listener.Prefixes.Add(url);
                try
                {
                    listener.Start();
                    return (listener, url);
                }
                catch (HttpListenerException) when (attempt < 10)
                {
                    listener.Close(); // the port was taken between the probe and the start: try another
                }
            }
        }

        private async Task AcceptLoop()
        {
            while (!_stopping.IsCancellationRequested)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync().ConfigureAwait(false);
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                _ = Task.Run(() => Handle(context));
            }
        }

        private async Task Handle(HttpListenerContext context)
        {
            var request = context.Request;
            var response = context.Response;
            var absolute = request.Url!.AbsolutePath;
            var path = absolute.StartsWith(_root + "/", StringComparison.Ordinal) ? absolute.Substring(_root.Length) : absolute;
            var record = new FeedRequest(path, request.Url.Query, request.Headers["Authorization"]);
            _requests.Enqueue(record);
            try
            {
                if (RequiredCredentials is { } credentials
                    && record.Authorization != "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)))
                {
                    response.AddHeader("WWW-Authenticate", "Basic realm=\"scg-test-feed\"");
                    await Send(response, 401, "text/plain", Encoding.UTF8.GetBytes("credentials required")).ConfigureAwait(false);
                    return;
                }

                if (path == absolute) // not under this feed's own path
                {
                    await Send(response, 404, "text/plain", Array.Empty<byte>()).ConfigureAwait(false);
                }
                else if (path == "/v3/index.json")
                {
                    await SendJson(response, ServiceIndex()).ConfigureAwait(false);
                }
                else if (path == "/query")
                {
                    await Search(request, response).ConfigureAwait(false);
                }
                else if (path.StartsWith("/v3-flatcontainer/", StringComparison.Ordinal))
                {
                    await FlatContainer(path.Substring("/v3-flatcontainer/".Length), response).ConfigureAwait(false);
                }
                else
                {
                    await Send(response, 404, "text/plain", Array.Empty<byte>()).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException or InvalidOperationException or OperationCanceledException)
            {
                // The client gave up (a timeout under test) or the feed is stopping.
            }
        }

        private string ServiceIndex()
        {
            var resources = new List<Dictionary<string, string>>
            {
                new() { ["@id"] = BaseUrl + "v3-flatcontainer/", ["@type"] = "PackageBaseAddress/3.0.0" },
            };
            if (OffersSearch)
            {
                // As nuget.org lists it: NuGet's client takes the versioned types.
                foreach (var type in new[] { "SearchQueryService", "SearchQueryService/3.0.0-beta", "SearchQueryService/3.5.0" })
                {
                    resources.Add(new() { ["@id"] = BaseUrl + "query", ["@type"] = type });
                }
            }

            return JsonSerializer.Serialize(new Dictionary<string, object> { ["version"] = "3.0.0", ["resources"] = resources });
        }

        private async Task Search(HttpListenerRequest request, HttpListenerResponse response)
        {
            var fault = NextSearchFaults.TryDequeue(out var next) ? next : AlwaysFault;
            switch (fault)
            {
                case SearchFault.ServerError:
                    await Send(response, 500, "text/plain", Encoding.UTF8.GetBytes("the search service is broken")).ConfigureAwait(false);
                    return;
                case SearchFault.MalformedJson:
                    await Send(response, 200, "application/json", Encoding.UTF8.GetBytes("{\"totalHits\":1,\"data\":[{\"id\":\"Contoso")).ConfigureAwait(false);
                    return;
                case SearchFault.Slow:
                    await Task.Delay(SlowDelay, _stopping.Token).ConfigureAwait(false);
                    break;
            }

            var q = request.QueryString["q"] ?? string.Empty;
            IEnumerable<KeyValuePair<string, (string[] Owners, bool Verified)>> hits;
            if (!IgnoresPackageIdField && q.StartsWith("packageid:", StringComparison.OrdinalIgnoreCase))
            {
                var id = q.Substring("packageid:".Length);
                hits = _search.Where(p => string.Equals(p.Key, id, StringComparison.OrdinalIgnoreCase));
            }
            else
            {
                hits = _search.Where(p => q.Length > 0 && p.Key.IndexOf(q, StringComparison.OrdinalIgnoreCase) >= 0);
            }

            var data = hits.OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase).Select(p => new Dictionary<string, object>
            {
                ["@id"] = BaseUrl + "registration/" + p.Key.ToLowerInvariant() + "/index.json",
                ["@type"] = "Package",
                ["id"] = p.Key,
                ["version"] = "1.0.0",
                ["description"] = "test package",
                ["versions"] = new[] { new Dictionary<string, object> { ["version"] = "1.0.0", ["downloads"] = 0 } },
                ["owners"] = p.Value.Owners,
                ["verified"] = p.Value.Verified,
                ["totalDownloads"] = 0,
            }).ToList();
            await SendJson(response, JsonSerializer.Serialize(new Dictionary<string, object> { ["totalHits"] = data.Count, ["data"] = data })).ConfigureAwait(false);
        }

        /// <summary><c>{id}/index.json</c>, <c>{id}/{version}/{id}.{version}.nupkg</c> and <c>.nuspec</c>, from <see cref="PackagesFolder"/>.</summary>
        private async Task FlatContainer(string rest, HttpListenerResponse response)
        {
            var parts = rest.Split('/');
            var packages = PackagesFolder is null
                ? Array.Empty<(string Id, string Version, string Path)>()
                : Directory.GetFiles(PackagesFolder, "*.nupkg").Select(Describe).Where(p => p.Id.Length > 0).ToArray();
            if (parts.Length == 2 && parts[1] == "index.json")
            {
                var versions = packages.Where(p => p.Id == parts[0]).Select(p => p.Version).ToArray();
                if (versions.Length > 0)
                {
                    await SendJson(response, JsonSerializer.Serialize(new { versions })).ConfigureAwait(false);
                    return;
                }
            }
            else if (parts.Length == 3 && packages.FirstOrDefault(p => p.Id == parts[0] && p.Version == parts[1]) is { Path: not null } package)
            {
                if (parts[2] == $"{package.Id}.{package.Version}.nupkg")
                {
                    await Send(response, 200, "application/octet-stream", File.ReadAllBytes(package.Path)).ConfigureAwait(false);
                    return;
                }

                if (parts[2] == $"{package.Id}.nuspec")
                {
                    using var archive = ZipFile.OpenRead(package.Path);
                    var entry = archive.Entries.First(e => !e.FullName.Contains('/') && e.FullName.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase));
                    using var stream = entry.Open();
                    using var copy = new MemoryStream();
                    stream.CopyTo(copy);
                    await Send(response, 200, "application/xml", copy.ToArray()).ConfigureAwait(false);
                    return;
                }
            }

            await Send(response, 404, "text/plain", Array.Empty<byte>()).ConfigureAwait(false);
        }

        /// <summary>The lower-case id and version of a fixture's file name (<c>{id}.{version}.nupkg</c>, versions x.y.z).</summary>
        private static (string Id, string Version, string Path) Describe(string path)
        {
            var name = System.IO.Path.GetFileNameWithoutExtension(path).ToLowerInvariant();
            var pieces = name.Split('.');
            return pieces.Length < 4
                ? (string.Empty, string.Empty, path)
                : (string.Join(".", pieces.Take(pieces.Length - 3)), string.Join(".", pieces.Skip(pieces.Length - 3)), path);
        }

        private static Task SendJson(HttpListenerResponse response, string json) =>
            Send(response, 200, "application/json", Encoding.UTF8.GetBytes(json));

        private static async Task Send(HttpListenerResponse response, int status, string contentType, byte[] body)
        {
            response.StatusCode = status;
            response.ContentType = contentType;
            response.ContentLength64 = body.Length;
            await response.OutputStream.WriteAsync(body).ConfigureAwait(false);
            response.Close();
        }
    }
}
