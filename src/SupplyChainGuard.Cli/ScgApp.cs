using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.IO;
using System.Linq;
using SupplyChainGuard.Cli.Commands;

namespace SupplyChainGuard.Cli
{
    /// <summary>The <c>scg</c> command line: verbs, options and exit codes (0 clean, 1 findings, 2 usage or input error).</summary>
    public static class ScgApp
    {
        public static int Run(string[] args, CliConsole console)
        {
            var root = Build(console);
            var parse = root.Parse(args);
            if (parse.Errors.Count > 0)
            {
                foreach (var error in parse.Errors)
                {
                    console.Error.WriteLine("scg: " + error.Message);
                }

                console.Error.WriteLine("Run 'scg --help' for usage.");
                return ExitCodes.UsageOrInput;
            }

            try
            {
                return parse.Invoke(new InvocationConfiguration { Output = console.Output, Error = console.Error, EnableDefaultExceptionHandler = false });
            }
            catch (UsageException e)
            {
                console.Error.WriteLine("scg: " + e.Message);
                return ExitCodes.UsageOrInput;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Never a zero exit code for a run that did not finish: a CI gate must not pass on a crash.
                console.Error.WriteLine($"scg: internal error, the run did not complete; please report it. {e.GetType().Name}: {e.Message}");
                console.Error.WriteLine(e.StackTrace);
                return ExitCodes.UsageOrInput;
            }
        }

        internal static RootCommand Build(CliConsole console)
        {
            var root = new RootCommand("SupplyChainGuard: whether anything in your repository's packages comes from a publisher your supply-chain policy restricts, and what to use instead.");
            root.Add(CheckCommand.Create(console));
            root.Add(ExplainCommand.Create(console));
            root.Add(FixCommand.Create(console));
            root.Add(SbomCommand.Create(console));
            root.Add(PolicyCommand.Create(console));
            root.Add(InitCommand.Create(console));
            root.Add(PresetsCommand.Create(console));
            return root;
        }
    }

    /// <summary>Options more than one verb takes.</summary>
    internal static class CommonOptions
    {
        public static Argument<string?> Path(string description) => new Argument<string?>("path")
        {
            Description = description,
            Arity = ArgumentArity.ZeroOrOne,
        };

        public static Option<string?> Root() => new Option<string?>("--root")
        {
            Description = "The repository root that reported paths are relative to (default: the nearest folder with .git, else the input's folder).",
        };

        public static Option<string[]> Properties() => new Option<string[]>("--property", "-p")
        {
            Description = "A global MSBuild property for reading the projects, as 'dotnet build -p:Name=Value' takes it (for example Configuration=Release).",
            AllowMultipleArgumentsPerToken = false,
        };

        public static Option<bool> Restore() => new Option<bool>("--restore")
        {
            Description = "Run 'dotnet restore' on the input first, so every project has a current assets file.",
        };

        public static Option<string?> CacheFile() => new Option<string?>("--cache-file")
        {
            Description = "The identity cache to use (default: scg's folder in the user cache directory, one file per repository root).",
        };

        public static Option<bool> NoCache() => new Option<bool>("--no-cache")
        {
            Description = "Read every package's identity afresh and keep no cache.",
        };

        public static Option<bool> Online() => new Option<bool>("--online")
        {
            Description = "Also ask each package's feed for the owners its signature does not name (as SupplyChainGuardOnline does in the build). Offline is the default.",
        };

        /// <summary>Where answers from the feeds are kept between runs: beside NuGet's HTTP cache, as the build keeps them
        /// (the environment scg was given may name another <c>NUGET_HTTP_CACHE_PATH</c> than its own process has).</summary>
        public static string? FeedOwnerCacheFolder(CliConsole console) =>
            console.Variable("NUGET_HTTP_CACHE_PATH") is { Length: > 0 } httpCache && System.IO.Path.IsPathRooted(httpCache)
                ? System.IO.Path.Combine(httpCache, "supplychainguard-feed-owners")
                : new SupplyChainGuard.Packages.FeedOwnerLookupOptions().CacheFolder;

        public static Dictionary<string, string> ParseProperties(IEnumerable<string>? values)
        {
            var properties = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var value in values ?? Array.Empty<string>())
            {
                foreach (var pair in value.Split(';').Where(p => p.Length > 0))
                {
                    var equals = pair.IndexOf('=');
                    if (equals <= 0)
                    {
                        throw new UsageException($"--property '{pair}' is not Name=Value.");
                    }

                    properties[pair.Substring(0, equals).Trim()] = pair.Substring(equals + 1);
                }
            }

            return properties;
        }

        /// <summary>The default cache: one file per repository root under the user's cache folder.</summary>
        public static string? DefaultCacheFile(CliConsole console, string root)
        {
            var baseDirectory = console.Variable("XDG_CACHE_HOME") is { Length: > 0 } xdg
                ? xdg
                : OperatingSystem.IsWindows()
                    ? Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData)
                    : console.Variable("HOME") is { Length: > 0 } home ? System.IO.Path.Combine(home, ".cache") : null;
            if (baseDirectory is null)
            {
                return null;
            }

            using var sha = System.Security.Cryptography.SHA256.Create();
            var key = string.Concat(sha.ComputeHash(System.Text.Encoding.UTF8.GetBytes(root)).Take(8).Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
            return System.IO.Path.Combine(baseDirectory, "supplychainguard", "scg-identity-" + key + ".json");
        }

        /// <summary>Writes a report to the console or a file, creating the file's folder.</summary>
        public static void WriteText(CliConsole console, string? outputFile, string text)
        {
            if (outputFile is null)
            {
                console.Output.Write(text);
                return;
            }

            var path = System.IO.Path.GetFullPath(System.IO.Path.Combine(console.CurrentDirectory, outputFile));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text, new System.Text.UTF8Encoding(false));
        }
    }
}
