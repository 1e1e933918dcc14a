using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Build.Framework;
using SupplyChainGuard.Packages;

namespace SupplyChainGuard.Build
{
    /// <summary>
    /// The no-op fast path. A full check loads NuGet's libraries and the policy, which costs a fresh MSBuild
    /// process far more than the check itself; when nothing the result depends on has changed, the task
    /// replays the diagnostics it logged last time instead. This class uses only the base library, so the
    /// fast path never loads NuGet. The record is a small tab-separated file of our own (not a NuGet format):
    /// a header with the stamp, the policy files and package files the result was read from, then one
    /// diagnostic a line.
    /// </summary>
    internal static class FindingsReplay
    {
        private const string Header = "supplychainguard-findings 2";

        /// <summary>The file the targets look for at and above the project directory.</summary>
        private const string PolicyFileName = "supplychainguard.json";

        /// <summary>What the last full check read, besides what the task's parameters name.</summary>
        public sealed class Record
        {
            public string Stamp { get; set; } = string.Empty;
            public List<string> PolicyFiles { get; } = new List<string>();
            public List<string> PackageFiles { get; } = new List<string>();
            public List<CheckDiagnostic> Diagnostics { get; } = new List<CheckDiagnostic>();
        }

        /// <summary>
        /// A digest of everything the result depends on, in two parts that are taken at different times: the
        /// inputs (<see cref="InputStamp"/>, before the check reads them) and what the check read and wrote
        /// (<see cref="Stamp"/>). Any change to any of them takes the full path once.
        /// </summary>
        public static string Stamp(string inputStamp, CheckPackages task, IEnumerable<string> policyFiles, IEnumerable<string> packageFiles)
        {
            var text = new StringBuilder(inputStamp).Append('\n');
            text.Append("policy files\n");
            foreach (var file in policyFiles)
            {
                AppendContent(text, file);
            }

            // Package files are large: their length and write time stand for them (the full path hashes them).
            text.Append("package files\n");
            foreach (var file in packageFiles)
            {
                AppendFileTime(text, file);
            }

            // The hand-over the analyzer reads: deleted or damaged, it must be written again.
            text.Append("hand-over\n");
            AppendContent(text, task.HandoverFile);

            // The lock file is an input (SCG0005 compares with it) and an output (new packages are recorded in it), so
            // it is stamped as the check left it.
            text.Append("lock\n");
            AppendContent(text, PublisherLockFile.Resolve(task.LockFile, task.PolicyFile, task.ProjectPath));
            return Digest(text);
        }

        /// <summary>
        /// The inputs the task is handed or finds by itself: this very build of the task (all three of our
        /// assemblies), today's date (waivers expire), every parameter and item, which policy file is in force
        /// and every directory that could put a nearer one in force, the assets file, and the content of every
        /// file that declares a reference (line numbers come from them).
        /// </summary>
        public static string InputStamp(CheckPackages task)
        {
            var text = new StringBuilder();
            foreach (var assembly in new[] { typeof(FindingsReplay).Assembly, typeof(CheckDiagnostic).Assembly, typeof(SupplyChainGuard.Diagnostics.RuleIdentifiers).Assembly })
            {
                text.Append(assembly.ManifestModule.ModuleVersionId).Append('\n');
            }

            text.Append(task.Today().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append('\n');
            foreach (var value in new object?[]
                {
                    task.ProjectPath, task.ProjectAssetsFile, task.TargetFramework, task.PolicyFile, task.CentralPackageManagement,
                    task.NoWarn, task.WarningsAsErrors, task.WarningsNotAsErrors, task.TreatWarningsAsErrors, task.FailClosed,
                    task.CacheFile, task.HandoverFile, task.LockFile, task.UpdateLock,

                    // Online findings rest on the feeds' answers too: an online run never replays an offline one, nor the reverse.
                    task.Online, task.NuGetConfigFile,
                })
            {
                Field(text, Convert.ToString(value, CultureInfo.InvariantCulture));
            }

            text.Append('\n');
            var declaring = new SortedSet<string>(StringComparer.Ordinal) { task.ProjectPath };
            foreach (var (kind, items) in new[]
                {
                    ("PackageReference", task.PackageReferences), ("PackageVersion", task.PackageVersions),
                    ("GlobalPackageReference", task.GlobalPackageReferences), ("PackageDownload", task.PackageDownloads),
                    ("ProjectReference", task.ProjectReferences), ("Guarded", task.GuardedProjectReferences),
                })
            {
                foreach (var item in items)
                {
                    Field(text, kind);
                    Field(text, item.ItemSpec);
                    foreach (var name in new[] { "Version", "VersionOverride", "NoWarn", "DefiningProjectFullPath", "PolicyFile" })
                    {
                        Field(text, item.GetMetadata(name));
                    }

                    text.Append('\n');
                    var definingFile = item.GetMetadata("DefiningProjectFullPath");
                    if (!string.IsNullOrEmpty(definingFile))
                    {
                        declaring.Add(definingFile);
                    }
                }
            }

            // Which policy is in force: the one named, and each directory the targets' search walks from the project
            // up to the first supplychainguard.json, so a nearer one appearing (or one going away) is noticed.
            text.Append("policy in force\n");
            AppendContent(text, task.PolicyFile);
            for (var directory = Path.GetDirectoryName(task.ProjectPath); !string.IsNullOrEmpty(directory); directory = Path.GetDirectoryName(directory))
            {
                var candidate = Path.Combine(directory, PolicyFileName);
                var exists = File.Exists(candidate);
                Field(text, candidate);
                text.Append(exists).Append('\n');
                if (exists)
                {
                    break;
                }
            }

            text.Append("assets\n");
            AppendFileTime(text, task.ProjectAssetsFile);
            AppendContent(text, task.ProjectAssetsFile);
            text.Append("declaring files\n");
            foreach (var file in declaring)
            {
                AppendContent(text, file);
            }

            return Digest(text);
        }

        public static bool TryRead(string? path, out Record record)
        {
            record = new Record();
            if (string.IsNullOrEmpty(path) || !File.Exists(path))
            {
                return false;
            }

            try
            {
                var lines = File.ReadAllLines(path);
                if (lines.Length < 3 || !lines[0].StartsWith(Header + "\t", StringComparison.Ordinal)
                    || !lines[1].StartsWith("policy", StringComparison.Ordinal) || !lines[2].StartsWith("package", StringComparison.Ordinal))
                {
                    return false;
                }

                record.Stamp = lines[0].Substring(Header.Length + 1);
                record.PolicyFiles.AddRange(lines[1].Split('\t').Skip(1).Where(f => f.Length > 0));
                record.PackageFiles.AddRange(lines[2].Split('\t').Skip(1).Where(f => f.Length > 0));
                foreach (var line in lines.Skip(3))
                {
                    var parts = line.Split('\t');
                    if (parts.Length != 6 || !Enum.TryParse<ReportLevel>(parts[0], out var level)
                        || !int.TryParse(parts[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out var lineNumber)
                        || !int.TryParse(parts[4], NumberStyles.Integer, CultureInfo.InvariantCulture, out var column))
                    {
                        return false;
                    }

                    record.Diagnostics.Add(new CheckDiagnostic(level, parts[1], parts[2], lineNumber, column, parts[5]));
                }

                return true;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return false;
            }
        }

        /// <summary>Writes the record atomically; a failure only costs the next build its fast path.</summary>
        public static void Write(string path, Record record)
        {
            var text = new StringBuilder();
            text.Append(Header).Append('\t').Append(record.Stamp).Append('\n');
            AppendList(text, "policy", record.PolicyFiles);
            AppendList(text, "package", record.PackageFiles);
            foreach (var d in record.Diagnostics)
            {
                text.Append(d.Level).Append('\t').Append(Clean(d.Code)).Append('\t').Append(Clean(d.File)).Append('\t')
                    .Append(d.Line.ToString(CultureInfo.InvariantCulture)).Append('\t').Append(d.Column.ToString(CultureInfo.InvariantCulture)).Append('\t')
                    .Append(Clean(d.Message)).Append('\n');
            }

            AtomicFile.WriteAllText(path, text.ToString());
        }

        private static void AppendList(StringBuilder text, string name, IEnumerable<string> files)
        {
            text.Append(name);
            foreach (var file in files)
            {
                text.Append('\t').Append(Clean(file));
            }

            text.Append('\n');
        }

        /// <summary>A file's path and the SHA-256 of its content, or that it is absent or unreadable.</summary>
        private static void AppendContent(StringBuilder text, string? path)
        {
            Field(text, path);
            if (string.IsNullOrEmpty(path))
            {
                text.Append("none\n");
                return;
            }

            try
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var sha = SHA256.Create();
                text.Append(Hex.Upper(sha.ComputeHash(stream)));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                // Absent and unreadable files stamp differently from every readable content, and alike each time:
                // an unreadable file cannot replay a result read from it, since its content was readable then.
                text.Append(e is FileNotFoundException or DirectoryNotFoundException ? "absent" : "unreadable");
            }

            text.Append('\n');
        }

        private static void AppendFileTime(StringBuilder text, string? path)
        {
            Field(text, path);
            try
            {
                var info = string.IsNullOrEmpty(path) ? null : new FileInfo(path);
                if (info is not null && info.Exists)
                {
                    text.Append(info.Length.ToString(CultureInfo.InvariantCulture)).Append('|').Append(info.LastWriteTimeUtc.Ticks.ToString(CultureInfo.InvariantCulture));
                }
                else
                {
                    text.Append("absent");
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                text.Append("unreadable");
            }

            text.Append('\n');
        }

        private static string Digest(StringBuilder text)
        {
            using var sha = SHA256.Create();
            return Hex.Upper(sha.ComputeHash(Encoding.UTF8.GetBytes(text.ToString())));
        }

        /// <summary>One value of the stamp, length first, so that no two different sets of values read the same.</summary>
        private static void Field(StringBuilder text, string? value)
        {
            value ??= string.Empty;
            text.Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(value).Append('|');
        }

        /// <summary>The record is one item a line and tab-separated: neither may occur inside a value.</summary>
        private static string Clean(string text) => CheckDiagnostic.SingleLine(text);
    }
}
