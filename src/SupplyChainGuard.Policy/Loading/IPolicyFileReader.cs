using System.IO;

namespace SupplyChainGuard.Policy
{
    /// <summary>
    /// Where policy text comes from. The build task and the CLI read the disk; the analyzer, which may not
    /// touch files, reads its AdditionalFiles.
    /// </summary>
    public interface IPolicyFileReader
    {
        /// <summary>The file's text, or null when there is no such file.</summary>
        string? ReadAllText(string fullPath);
    }

    public sealed class PhysicalPolicyFileReader : IPolicyFileReader
    {
        public static PhysicalPolicyFileReader Instance { get; } = new PhysicalPolicyFileReader();

        public string? ReadAllText(string fullPath) => File.Exists(fullPath) ? File.ReadAllText(fullPath) : null;
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
