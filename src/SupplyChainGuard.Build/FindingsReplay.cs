using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using SupplyChainGuard.Packages;

namespace SupplyChainGuard.Build
{
    /// <summary>
    /// The no-op fast path. A full check loads NuGet's libraries and the policy, which costs a fresh MSBuild
    /// process far more than the check itself; when nothing the result depends on has changed, the task
    /// replays the diagnostics it logged last time instead. This class uses only the base library, so the
    /// fast path never loads NuGet. The record is a small tab-separated file of our own (not a NuGet format):
    /// a header with the stamp, the policy files, then one diagnostic a line.
    /// </summary>
    internal static class FindingsReplay
    {
        private const string Header = "supplychainguard-findings 1";

        /// <summary>
        /// A digest of everything the result depends on: the assets file, every policy file and every file that
        /// declares a reference (line numbers come from them), the task's parameters, today's date (waivers
        /// expire), and this very build of the task.
        /// </summary>
        public static string Stamp(CheckPackages task, IEnumerable<string> policyFiles)
        {
            var text = new StringBuilder();
            text.Append(typeof(FindingsReplay).Assembly.ManifestModule.ModuleVersionId).Append('\n');
            text.Append(task.Today().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append('\n');
            text.Append(task.ProjectPath).Append('|').Append(task.TargetFramework).Append('|').Append(task.CentralPackageManagement)
                .Append('|').Append(task.NoWarn).Append('|').Append(task.WarningsAsErrors).Append('|').Append(task.WarningsNotAsErrors)
                .Append('|').Append(task.TreatWarningsAsErrors).Append('|').Append(task.FailClosed).Append('|').Append(task.HandoverFile).Append('\n');
            // Online findings rest on the feeds' answers too: an online run never replays an offline one, nor the reverse.
            text.Append("online|").Append(task.Online).Append('|').Append(task.NuGetConfigFile).Append('\n');
            AppendFile(text, task.ProjectAssetsFile);

            // The lock file is an input (SCG0005 compares with it) and an output (new packages are recorded in it), and
            // accepting changes must always take the full path.
            text.Append("lock|").Append(task.LockFile).Append('|').Append(task.UpdateLock).Append('\n');
            AppendFile(text, PublisherLockFile.Resolve(task.LockFile, task.PolicyFile, task.ProjectPath));
            foreach (var file in policyFiles)
            {
                AppendFile(text, file);
            }

            var declaring = new SortedSet<string>(StringComparer.Ordinal) { task.ProjectPath };
            foreach (var item in task.PackageReferences.Concat(task.PackageVersions))
            {
                text.Append(item.ItemSpec);
                foreach (var name in new[] { "Version", "VersionOverride", "NoWarn", "DefiningProjectFullPath" })
                {
                    text.Append('|').Append(item.GetMetadata(name));
                }

                text.Append('\n');
                declaring.Add(item.GetMetadata("DefiningProjectFullPath"));
            }

            foreach (var file in declaring)
            {
                AppendFile(text, file);
            }

            using var sha = SHA256.Create();
            return Hex.Upper(sha.ComputeHash(Encoding.UTF8.GetBytes(text.ToString())));
        }

        public static bool TryRead(string? path, out string stamp, out List<string> policyFiles, out List<CheckDiagnostic> diagnostics)
        {
            stamp = string.Empty;
            policyFiles = new List<string>();
            diagnostics = new List<CheckDiagnostic>();
            if (string.IsNullOrEmpty(path) || !File.Exists(path))
            {
                return false;
            }

            try
            {
                var lines = File.ReadAllLines(path);
                if (lines.Length < 2 || !lines[0].StartsWith(Header + "\t", StringComparison.Ordinal))
                {
                    return false;
                }

                stamp = lines[0].Substring(Header.Length + 1);
                policyFiles.AddRange(lines[1].Split('\t').Skip(1).Where(f => f.Length > 0));
                foreach (var line in lines.Skip(2))
                {
                    var parts = line.Split('\t');
                    if (parts.Length != 6 || !Enum.TryParse<ReportLevel>(parts[0], out var level)
                        || !int.TryParse(parts[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out var lineNumber)
                        || !int.TryParse(parts[4], NumberStyles.Integer, CultureInfo.InvariantCulture, out var column))
                    {
                        return false;
                    }

                    diagnostics.Add(new CheckDiagnostic(level, parts[1], parts[2], lineNumber, column, parts[5]));
                }

                return true;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return false;
            }
        }

        /// <summary>Writes the record atomically; a failure only costs the next build its fast path.</summary>
        public static void Write(string path, string stamp, IEnumerable<string> policyFiles, IEnumerable<CheckDiagnostic> diagnostics)
        {
            var text = new StringBuilder();
            text.Append(Header).Append('\t').Append(stamp).Append('\n');
            text.Append("policy");
            foreach (var file in policyFiles)
            {
                text.Append('\t').Append(Clean(file));
            }

            text.Append('\n');
            foreach (var d in diagnostics)
            {
                text.Append(d.Level).Append('\t').Append(Clean(d.Code)).Append('\t').Append(Clean(d.File)).Append('\t')
                    .Append(d.Line.ToString(CultureInfo.InvariantCulture)).Append('\t').Append(d.Column.ToString(CultureInfo.InvariantCulture)).Append('\t')
                    .Append(Clean(d.Message)).Append('\n');
            }

            SupplyChainGuard.Packages.AtomicFile.WriteAllText(path, text.ToString());
        }

        private static void AppendFile(StringBuilder text, string? path)
        {
            text.Append(path).Append('|');
            if (!string.IsNullOrEmpty(path) && File.Exists(path))
            {
                var info = new FileInfo(path);
                text.Append(info.Length).Append('|').Append(info.LastWriteTimeUtc.Ticks);
            }

            text.Append('\n');
        }

        private static string Clean(string text) => text.Replace('\t', ' ').Replace('\r', ' ').Replace('\n', ' ');
    }
}
