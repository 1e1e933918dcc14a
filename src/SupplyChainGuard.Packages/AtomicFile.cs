using System;
using System.IO;

namespace SupplyChainGuard.Packages
{
    /// <summary>
    /// Replaces a file under obj/ in one step: written to a temporary file beside it, then renamed over it,
    /// so parallel builds (one per target framework) and interrupted builds never see half a file.
    /// Base library only: the task's no-op path uses it without loading NuGet.
    /// </summary>
    public static class AtomicFile
    {
        public static void WriteAllBytes(string path, byte[] content)
        {
            var directory = Path.GetDirectoryName(path);
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            try
            {
                File.WriteAllBytes(temporary, content);
                Replace(temporary, path);
            }
            finally
            {
                if (File.Exists(temporary))
                {
                    File.Delete(temporary);
                }
            }
        }

        private static void Replace(string source, string destination)
        {
#if NETFRAMEWORK
            // File.Replace swaps in one step on Windows; it needs the destination to exist.
            if (File.Exists(destination))
            {
                File.Replace(source, destination, destinationBackupFileName: null, ignoreMetadataErrors: true);
            }
            else
            {
                File.Move(source, destination);
            }
#else
            File.Move(source, destination, overwrite: true);
#endif
        }

        public static void WriteAllText(string path, string content) =>
            WriteAllBytes(path, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(content));
    }
}
