using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Security;

namespace SupplyChainGuard.Policy
{
    /// <summary>
    /// Where policy text comes from. The build task and the CLI read the disk; the analyzer, which may not
    /// touch files, reads its AdditionalFiles.
    /// </summary>
    public interface IPolicyFileReader
    {
        /// <summary>
        /// The file at <paramref name="fullPath"/>: its bytes or text, that there is no such file, or why it
        /// could not be read. Never throws for anything a policy can name.
        /// </summary>
        PolicyFileContent Read(string fullPath);
    }

    public enum PolicyFileStatus
    {
        /// <summary>The file was read: <see cref="PolicyFileContent.Text"/> or <see cref="PolicyFileContent.Bytes"/> holds it.</summary>
        Read,

        /// <summary>There is no such file.</summary>
        NotFound,

        /// <summary>Something is there but cannot be a policy: <see cref="PolicyFileContent.Reason"/> says why.</summary>
        Unreadable,
    }

    /// <summary>What an <see cref="IPolicyFileReader"/> found at a path.</summary>
    public sealed class PolicyFileContent
    {
        /// <summary>The largest policy file read: 4 MiB (in bytes on disk, in UTF-16 characters for text already decoded).</summary>
        public const int MaxLength = 4 * 1024 * 1024;

        /// <summary>How every size and file-kind problem ends, so that they read alike.</summary>
        public const string RegularFileRule = "a policy must be a regular file of at most 4 MiB";

        private PolicyFileContent(PolicyFileStatus status, string? text, byte[]? bytes, string? reason, string? identity)
        {
            Status = status;
            Text = text;
            Bytes = bytes;
            Reason = reason;
            Identity = identity;
        }

        public static PolicyFileContent NotFound { get; } = new PolicyFileContent(PolicyFileStatus.NotFound, null, null, null, null);

        public PolicyFileStatus Status { get; }

        /// <summary>The text, when the reader had it already decoded (the analyzer's AdditionalFiles).</summary>
        public string? Text { get; }

        /// <summary>The file's bytes, when the reader read them from disk; the loader decodes them (UTF-8, or UTF-16/32 with a byte order mark).</summary>
        public byte[]? Bytes { get; }

        /// <summary>Why the file could not be read, completing "could not be read: …".</summary>
        public string? Reason { get; }

        /// <summary>
        /// The file's name as the file system knows it: two paths with the same identity are the same file
        /// (so <c>Org.json</c> and <c>org.json</c> are one file on a case-insensitive file system and two on a
        /// case-sensitive one). Null: the path as asked is the identity.
        /// </summary>
        public string? Identity { get; }

        public static PolicyFileContent FromText(string text, string? identity = null) =>
            new PolicyFileContent(PolicyFileStatus.Read, text ?? throw new ArgumentNullException(nameof(text)), null, null, identity);

        public static PolicyFileContent FromBytes(byte[] bytes, string? identity = null) =>
            new PolicyFileContent(PolicyFileStatus.Read, null, bytes ?? throw new ArgumentNullException(nameof(bytes)), null, identity);

        public static PolicyFileContent Unreadable(string reason) =>
            new PolicyFileContent(PolicyFileStatus.Unreadable, null, null, reason ?? throw new ArgumentNullException(nameof(reason)), null);
    }

    /// <summary>
    /// Reads policy files from disk, and only what can be a policy: a regular file of at most
    /// <see cref="PolicyFileContent.MaxLength"/> bytes. A directory, a device such as <c>/dev/zero</c>, a pipe
    /// (whose opening would block until something writes to it), a symbolic-link loop or a larger file is
    /// <see cref="PolicyFileStatus.Unreadable"/>, with the reason.
    /// </summary>
    public sealed class PhysicalPolicyFileReader : IPolicyFileReader
    {
        /// <summary>As many symbolic links in a chain as Linux follows (MAXSYMLINKS).</summary>
        private const int MaxLinkHops = 40;

        // FileSystemInfo.LinkTarget exists from .NET 6 on; this library targets netstandard2.0 and runs on both.
        private static readonly PropertyInfo? LinkTargetProperty = typeof(FileSystemInfo).GetProperty("LinkTarget");

        public static PhysicalPolicyFileReader Instance { get; } = new PhysicalPolicyFileReader();

        public PolicyFileContent Read(string fullPath)
        {
            try
            {
                return ReadFile(fullPath);
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                return PolicyFileContent.NotFound; // gone since it was looked at, or a link to nothing
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or SecurityException or ArgumentException or NotSupportedException)
            {
                return PolicyFileContent.Unreadable(Describe(e));
            }
        }

        private static PolicyFileContent ReadFile(string fullPath)
        {
            if (Directory.Exists(fullPath))
            {
                return PolicyFileContent.Unreadable("it is a directory; " + PolicyFileContent.RegularFileRule);
            }

            var info = new FileInfo(fullPath);
            if ((info.Attributes & FileAttributes.ReparsePoint) != 0)
            {
                var (linkProblem, target) = FollowLinks(info);
                if (linkProblem is not null)
                {
                    return linkProblem;
                }

                if (target is not null)
                {
                    info = new FileInfo(target); // a link's own length is that of the path it holds: measure the file it leads to
                }
            }

            if (!info.Exists)
            {
                return PolicyFileContent.NotFound;
            }

            // Pipes, sockets and devices report a length of 0, and opening a pipe blocks until a writer comes;
            // an empty regular file holds no policy either. So a file of length 0 is never opened.
            if (info.Length == 0)
            {
                return PolicyFileContent.Unreadable("it is empty, or not a regular file (a pipe, socket or device); " + PolicyFileContent.RegularFileRule);
            }

            if (info.Length > PolicyFileContent.MaxLength)
            {
                return PolicyFileContent.Unreadable($"it has {info.Length} bytes; " + PolicyFileContent.RegularFileRule);
            }

            using var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 4096, FileOptions.SequentialScan);
            if (!stream.CanSeek)
            {
                return PolicyFileContent.Unreadable("it is not a regular file; " + PolicyFileContent.RegularFileRule);
            }

            // Read at most one byte past the limit: the file may have grown since it was measured, and a device
            // may never end.
            var buffer = new byte[(int)Math.Min(info.Length, PolicyFileContent.MaxLength) + 1];
            var total = 0;
            int read;
            while (total < buffer.Length && (read = stream.Read(buffer, total, buffer.Length - total)) > 0)
            {
                total += read;
            }

            if (total > PolicyFileContent.MaxLength)
            {
                return PolicyFileContent.Unreadable("it has more than 4 MiB; " + PolicyFileContent.RegularFileRule);
            }

            if (total == buffer.Length)
            {
                // It grew while being read; a policy being rewritten is read on the next build.
                var more = new byte[1];
                if (stream.Read(more, 0, 1) > 0)
                {
                    return PolicyFileContent.Unreadable("it changed while it was read");
                }
            }

            var bytes = new byte[total];
            Array.Copy(buffer, bytes, total);
            return PolicyFileContent.FromBytes(bytes, IdentityOf(fullPath));
        }

        /// <summary>Follows a chain of symbolic links: the problem when it loops or runs too long, else the path it ends at.</summary>
        private static (PolicyFileContent? Problem, string? Target) FollowLinks(FileInfo link)
        {
            if (LinkTargetProperty is null)
            {
                return (null, null); // .NET Framework: opening the file reports what is wrong
            }

            var seen = new List<string> { link.FullName };
            var current = link.FullName;

            // One more look than there are links allowed: the last one finds the file the chain ends at.
            for (var hop = 0; hop <= MaxLinkHops; hop++)
            {
                var target = LinkTargetProperty.GetValue(new FileInfo(current)) as string;
                if (target is null)
                {
                    return (null, current); // not a link any more: the chain ends at a file, or at nothing
                }

                current = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(current) ?? string.Empty, target));
                if (seen.Contains(current))
                {
                    seen.Add(current);
                    return (PolicyFileContent.Unreadable("it is a symbolic-link loop: " + string.Join(" -> ", seen)), null);
                }

                seen.Add(current);
            }

            return (PolicyFileContent.Unreadable($"it is a chain of more than {MaxLinkHops} symbolic links"), null);
        }

        private static string Describe(Exception e) => e switch
        {
            UnauthorizedAccessException or SecurityException => "access is denied",
            ArgumentException or NotSupportedException => "the path is not valid: " + e.Message.TrimEnd('.'),
            _ => e.Message.TrimEnd('.'),
        };

        /// <summary>
        /// The path with each name spelled as the file system stores it. Where the file system ignores case,
        /// <c>org/Policy.json</c> and <c>Org/policy.json</c> get one identity; where it does not, two files whose
        /// names differ only in case keep two.
        /// </summary>
        private static string IdentityOf(string fullPath)
        {
            var root = Path.GetPathRoot(fullPath);
            if (string.IsNullOrEmpty(root))
            {
                return fullPath;
            }

            var current = root!;
            foreach (var part in fullPath.Substring(root!.Length).Split(new[] { Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar }, StringSplitOptions.RemoveEmptyEntries))
            {
                current = Path.Combine(current, StoredName(current, part));
            }

            return current;
        }

        private static string StoredName(string directory, string name)
        {
            try
            {
                string? caseVariant = null;
                var variants = 0;
                foreach (var entry in Directory.EnumerateFileSystemEntries(directory))
                {
                    var entryName = Path.GetFileName(entry);
                    if (string.Equals(entryName, name, StringComparison.Ordinal))
                    {
                        return name;
                    }

                    if (string.Equals(entryName, name, StringComparison.OrdinalIgnoreCase))
                    {
                        caseVariant = entryName;
                        variants++;
                    }
                }

                // Not listed as written, yet the path opened: the file system matched it ignoring case.
                return variants == 1 ? caseVariant! : name;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or SecurityException)
            {
                return name;
            }
        }
    }

    public static class PolicyFileLocator
    {
        public const string FileName = "supplychainguard.json";

        /// <summary>The nearest <c>supplychainguard.json</c> at or above <paramref name="directory"/>, as .editorconfig is found.</summary>
        public static string? FindNearest(string directory)
        {
            var current = new DirectoryInfo(directory);
            while (current is not null)
            {
                var candidate = Path.Combine(current.FullName, FileName);
                if (File.Exists(candidate))
                {
                    return candidate;
                }

                current = current.Parent;
            }

            return null;
        }
    }
}
