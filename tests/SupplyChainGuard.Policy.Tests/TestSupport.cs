using System;
using System.Collections.Generic;
using System.IO;
using Xunit;

namespace SupplyChainGuard.Policy.Tests
{
    /// <summary>Policy files kept in memory under full paths, so loader tests never touch the disk.</summary>
    internal sealed class InMemoryPolicyFiles : IPolicyFileReader
    {
        private readonly Dictionary<string, string> _files = new Dictionary<string, string>(StringComparer.Ordinal);

        /// <summary>Every path the loader asked for, in order.</summary>
        public List<string> Reads { get; } = new List<string>();

        public InMemoryPolicyFiles Add(string fullPath, string text)
        {
            _files[fullPath] = text;
            return this;
        }

        /// <summary>Paths that hold something that is not a policy file, and why (a directory, a device, ...).</summary>
        private readonly Dictionary<string, string> _unreadable = new Dictionary<string, string>(StringComparer.Ordinal);

        public InMemoryPolicyFiles AddUnreadable(string fullPath, string reason)
        {
            _unreadable[fullPath] = reason;
            return this;
        }

        /// <summary>Paths are case-sensitive, as on Linux: the path is the file's identity.</summary>
        public PolicyFileContent Read(string fullPath)
        {
            Reads.Add(fullPath);
            if (_unreadable.TryGetValue(fullPath, out var reason))
            {
                return PolicyFileContent.Unreadable(reason);
            }

            return _files.TryGetValue(fullPath, out var text) ? PolicyFileContent.FromText(text) : PolicyFileContent.NotFound;
        }
    }

    internal static class TestPaths
    {
        /// <summary>A directory that is never created: the in-memory reader only needs well-formed full paths.</summary>
        public static readonly string Root = Path.Combine(Path.GetTempPath(), "scg-tests");

        /// <summary><c>{temp}/scg-tests/a/supplychainguard.json</c>: the policy under test.</summary>
        public static readonly string Policy = Path.Combine(Root, "a", "supplychainguard.json");

        public static string At(params string[] parts)
        {
            var all = new string[parts.Length + 1];
            all[0] = Root;
            Array.Copy(parts, 0, all, 1, parts.Length);
            return Path.Combine(all);
        }
    }

    internal static class PolicyAssert
    {
        public static PolicyLoadResult Load(string policyText, InMemoryPolicyFiles? files = null)
        {
            files ??= new InMemoryPolicyFiles();
            files.Add(TestPaths.Policy, policyText);
            return new PolicyLoader(files).Load(TestPaths.Policy);
        }

        public static SupplyChainPolicy Valid(string policyText, InMemoryPolicyFiles? files = null)
        {
            var result = Load(policyText, files);
            Assert.Empty(result.Diagnostics);
            Assert.True(result.Succeeded);
            return result.Policy!;
        }

        /// <summary>The load failed with exactly this one diagnostic, and no half-applied policy.</summary>
        public static PolicyDiagnostic SingleError(PolicyLoadResult result, string file, int line, int column, string message)
        {
            Assert.Null(result.Policy);
            Assert.False(result.Succeeded);
            var diagnostic = Assert.Single(result.Diagnostics);
            Error(diagnostic, file, line, column, message);
            return diagnostic;
        }

        public static PolicyDiagnostic SingleError(PolicyLoadResult result, int line, int column, string message) =>
            SingleError(result, TestPaths.Policy, line, column, message);

        public static void Error(PolicyDiagnostic diagnostic, string file, int line, int column, string message)
        {
            Assert.Equal(message, diagnostic.Message);
            Assert.Equal((file, line, column), (diagnostic.Location.FilePath, diagnostic.Location.Line, diagnostic.Location.Column));
        }

        public static void Error(PolicyDiagnostic diagnostic, int line, int column, string message) =>
            Error(diagnostic, TestPaths.Policy, line, column, message);
    }
}
