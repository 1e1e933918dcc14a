using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using NuGet.Common;
using NuGet.Configuration;
using NuGet.Protocol;
using NuGet.Protocol.Core.Types;
using NuGet.Versioning;

namespace SupplyChainGuard.Cli.Fixing
{
    /// <summary>
    /// The newest version of a package that the feeds configured for a folder serve (its nuget.config files, as
    /// restore reads them), through NuGet.Protocol. Stable versions only, unless asked for prereleases.
    /// </summary>
    internal sealed class FeedVersions
    {
        private readonly Dictionary<(string, string), (NuGetVersion? Version, string? Problem)> _cache = new Dictionary<(string, string), (NuGetVersion?, string?)>();

        public (NuGetVersion? Version, string? Problem) Newest(string packageId, string projectDirectory, bool prerelease)
        {
            var key = (packageId.ToLowerInvariant(), projectDirectory);
            lock (_cache)
            {
                if (_cache.TryGetValue(key, out var known))
                {
                    return known;
                }
            }

            var found = Look(packageId, projectDirectory, prerelease);
            lock (_cache)
            {
                _cache[key] = found;
            }

            return found;
        }

        private static (NuGetVersion?, string?) Look(string packageId, string projectDirectory, bool prerelease)
        {
            var settings = Settings.LoadDefaultSettings(projectDirectory);
            var sources = new PackageSourceProvider(settings).LoadPackageSources().Where(s => s.IsEnabled).ToList();
            if (sources.Count == 0)
            {
                return (null, "no package source is configured");
            }

            var problems = new List<string>();
            NuGetVersion? newest = null;
            using var cache = new SourceCacheContext { NoCache = true };
            foreach (var source in sources)
            {
                try
                {
                    var repository = Repository.Factory.GetCoreV3(source);
                    var resource = repository.GetResourceAsync<FindPackageByIdResource>(CancellationToken.None).GetAwaiter().GetResult();
                    if (resource is null)
                    {
                        problems.Add($"{source.Name}: it serves no package versions");
                        continue;
                    }

                    var versions = resource.GetAllVersionsAsync(packageId, cache, NullLogger.Instance, CancellationToken.None).GetAwaiter().GetResult() ?? Enumerable.Empty<NuGetVersion>();
                    foreach (var version in versions.Where(v => prerelease || !v.IsPrerelease))
                    {
                        if (newest is null || version > newest)
                        {
                            newest = version;
                        }
                    }
                }
                catch (Exception e) when (e is FatalProtocolException or System.Net.Http.HttpRequestException or System.IO.IOException or InvalidOperationException or UnauthorizedAccessException)
                {
                    problems.Add($"{source.Name}: {e.Message}");
                }
            }

            if (newest is not null)
            {
                return (newest, null);
            }

            return (null, problems.Count > 0
                ? "the feeds could not be asked (" + string.Join("; ", problems) + ")"
                : $"no {(prerelease ? string.Empty : "stable ")}version is served by {string.Join(", ", sources.Select(s => s.Name))}");
        }
    }
}
