using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using SupplyChainGuard.Policy;

namespace SupplyChainGuard.Analyzers
{
    /// <summary>
    /// The policy as the analyzer sees it: read from AdditionalFiles (never from disk), plus the build
    /// task's hand-over. Parsed once per policy text: the result is cached against the SourceText.
    /// </summary>
    internal sealed class AnalyzerPolicy
    {
        private static readonly ConditionalWeakTable<SourceText, CachedLoad> Cache = new ConditionalWeakTable<SourceText, CachedLoad>();
        private static readonly ConditionalWeakTable<SourceText, HandoverReadResult> HandoverCache = new ConditionalWeakTable<SourceText, HandoverReadResult>();

        private AnalyzerPolicy(AdditionalText? policyFile, PolicyLoadResult? load, HandoverRead handover, string? projectPath, bool skipGeneratedCode, bool designTimeBuild)
        {
            PolicyFile = policyFile;
            Load = load;
            Handover = handover.Handover;
            HandoverFile = handover.File;
            HandoverProblem = handover.Problem;
            ProjectPath = projectPath;
            SkipGeneratedCode = skipGeneratedCode;
            DesignTimeBuild = designTimeBuild;
        }

        /// <summary>The root policy file, or null when the project has none (then nothing is analyzed).</summary>
        public AdditionalText? PolicyFile { get; }

        public PolicyLoadResult? Load { get; }

        public SupplyChainPolicy? Policy => Load?.Policy;

        /// <summary>What the build task handed over; null when it did not run (e.g. in a host without it), or when
        /// its file is not a hand-over of this version (then <see cref="HandoverProblem"/> says why).</summary>
        public PackageHandover? Handover { get; }

        /// <summary>The hand-over's additional file, when there is one, read or not.</summary>
        public AdditionalText? HandoverFile { get; }

        /// <summary>Why the hand-over file was refused (another format version, damaged, another project's); null otherwise.</summary>
        public string? HandoverProblem { get; }

        /// <summary><c>build_property.DesignTimeBuild</c> is true: an editor's build, where the task's findings are not shown.</summary>
        public bool DesignTimeBuild { get; }

        public string? ProjectPath { get; }

        public bool SkipGeneratedCode { get; }

        public static AnalyzerPolicy Read(AnalyzerOptions options, CancellationToken cancellationToken)
        {
            var global = options.AnalyzerConfigOptionsProvider.GlobalOptions;
            global.TryGetValue("build_property.SupplyChainGuardPolicyFile", out var policyPath);
            global.TryGetValue("build_property.MSBuildProjectFullPath", out var projectPath);
            global.TryGetValue("build_property.SupplyChainGuardSkipGeneratedCode", out var skip);
            var skipGenerated = string.Equals(skip?.Trim(), "true", StringComparison.OrdinalIgnoreCase);

            var files = options.AdditionalFiles;
            var policyFile = !string.IsNullOrWhiteSpace(policyPath)
                ? files.FirstOrDefault(f => SamePath(f.Path, policyPath!))
                : files.Where(f => IsNamed(f.Path, PolicyFileLocator.FileName)).OrderBy(f => f.Path, StringComparer.Ordinal).FirstOrDefault();

            global.TryGetValue("build_property.DesignTimeBuild", out var designTime);
            var designTimeBuild = string.Equals(designTime?.Trim(), "true", StringComparison.OrdinalIgnoreCase);
            var handover = ReadHandover(files, NullIfEmpty(projectPath), cancellationToken);

            if (policyFile?.GetText(cancellationToken) is not { } text)
            {
                return new AnalyzerPolicy(null, null, handover, NullIfEmpty(projectPath), skipGenerated, designTimeBuild);
            }

            return new AnalyzerPolicy(policyFile, LoadCached(policyFile.Path, text, files, cancellationToken), handover, NullIfEmpty(projectPath), skipGenerated, designTimeBuild);
        }

        /// <summary>
        /// The hand-over, read strictly and once per text. A file of another format version, a damaged one, or one
        /// written for another project is refused with the reason: the analyzer then decides what it can without it.
        /// </summary>
        private static HandoverRead ReadHandover(ImmutableArray<AdditionalText> files, string? projectPath, CancellationToken cancellationToken)
        {
            var file = files.FirstOrDefault(f => IsNamed(f.Path, PackageHandover.FileName));
            if (file is null)
            {
                return default;
            }

            if (file.GetText(cancellationToken) is not { } text)
            {
                return new HandoverRead(file, null, "the compiler could not read it");
            }

            var read = HandoverCache.GetValue(text, t => PackageHandover.Read(t.ToString()));
            if (read.Handover is { } handover && projectPath is not null && handover.Project.Length > 0 && !SamePath(handover.Project, projectPath))
            {
                return new HandoverRead(file, null, $"it was written for the project '{handover.Project}'");
            }

            return new HandoverRead(file, read.Handover, read.Problem);
        }

        private readonly struct HandoverRead
        {
            public HandoverRead(AdditionalText? file, PackageHandover? handover, string? problem)
            {
                File = file;
                Handover = handover;
                Problem = problem;
            }

            public AdditionalText? File { get; }
            public PackageHandover? Handover { get; }
            public string? Problem { get; }
        }

        private static PolicyLoadResult LoadCached(string path, SourceText text, ImmutableArray<AdditionalText> files, CancellationToken cancellationToken)
        {
            var reader = new AdditionalFilesReader(files, cancellationToken);
            if (Cache.TryGetValue(text, out var cached) && cached.IsCurrent(reader))
            {
                return cached.Result;
            }

            var result = new PolicyLoader(reader).LoadText(path, text.ToString());
            var entry = new CachedLoad(result, reader.Read);

            // Several analyzers start on the same compilation at once; replace the entry under a lock.
            lock (Cache)
            {
                Cache.Remove(text);
                Cache.Add(text, entry);
            }

            return result;
        }

        private static string? NullIfEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

        private static bool IsNamed(string path, string fileName)
        {
            var slash = Math.Max(path.LastIndexOf('/'), path.LastIndexOf('\\'));
            return string.Equals(path.Substring(slash + 1), fileName, StringComparison.OrdinalIgnoreCase);
        }

        internal static bool SamePath(string a, string b) =>
            string.Equals(Normalize(a), Normalize(b), StringComparison.OrdinalIgnoreCase);

        /// <summary>Separators unified and "." / ".." segments resolved, without touching the file system.</summary>
        private static string Normalize(string path)
        {
            var parts = new List<string>();
            foreach (var part in path.Replace('\\', '/').Split('/'))
            {
                if (part == "." || (part.Length == 0 && parts.Count > 0))
                {
                    continue;
                }

                if (part == ".." && parts.Count > 0 && parts[parts.Count - 1] != "..")
                {
                    parts.RemoveAt(parts.Count - 1);
                    continue;
                }

                parts.Add(part);
            }

            return string.Join("/", parts);
        }

        /// <summary>Extended policy files come from AdditionalFiles too; the task adds them.</summary>
        private sealed class AdditionalFilesReader : IPolicyFileReader
        {
            private readonly ImmutableArray<AdditionalText> _files;
            private readonly CancellationToken _cancellationToken;

            public AdditionalFilesReader(ImmutableArray<AdditionalText> files, CancellationToken cancellationToken)
            {
                _files = files;
                _cancellationToken = cancellationToken;
            }

            /// <summary>The texts of the extended files this load read, to tell whether a cached result still holds.</summary>
            public List<(string Path, SourceText? Text)> Read { get; } = new List<(string, SourceText?)>();

            /// <summary>
            /// The additional file a path names: the one spelled the same (separators and <c>..</c> aside), else
            /// the only one that differs in case alone. Two that differ only in case are two files, as on the
            /// case-sensitive file system that could hold them.
            /// </summary>
            public AdditionalText? FindFile(string fullPath)
            {
                var wanted = Normalize(fullPath);
                AdditionalText? caseVariant = null;
                var variants = 0;
                foreach (var file in _files)
                {
                    var path = Normalize(file.Path);
                    if (string.Equals(path, wanted, StringComparison.Ordinal))
                    {
                        return file;
                    }

                    if (string.Equals(path, wanted, StringComparison.OrdinalIgnoreCase))
                    {
                        caseVariant = file;
                        variants++;
                    }
                }

                return variants == 1 ? caseVariant : null;
            }

            public SourceText? Find(string fullPath) => FindFile(fullPath)?.GetText(_cancellationToken);

            PolicyFileContent IPolicyFileReader.Read(string fullPath)
            {
                var file = FindFile(fullPath);
                var text = file?.GetText(_cancellationToken);
                Read.Add((fullPath, text));
                if (file is null)
                {
                    return PolicyFileContent.NotFound;
                }

                if (text is null)
                {
                    return PolicyFileContent.Unreadable("the compiler could not read it");
                }

                if (text.Length > PolicyFileContent.MaxLength)
                {
                    return PolicyFileContent.Unreadable("it has more than 4 MiB; " + PolicyFileContent.RegularFileRule);
                }

                return PolicyFileContent.FromText(text.ToString(), Normalize(file.Path));
            }
        }

        private sealed class CachedLoad
        {
            private readonly List<(string Path, SourceText? Text)> _extended;

            public CachedLoad(PolicyLoadResult result, List<(string Path, SourceText? Text)> extended)
            {
                Result = result;
                _extended = extended;
            }

            public PolicyLoadResult Result { get; }

            public bool IsCurrent(AdditionalFilesReader reader) =>
                _extended.All(e => ReferenceEquals(reader.Find(e.Path), e.Text) || (e.Text is not null && reader.Find(e.Path) is { } now && now.ContentEquals(e.Text)));
        }
    }
}
