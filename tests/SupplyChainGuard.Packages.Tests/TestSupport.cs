using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NuGet.Configuration;
using SupplyChainGuard.Policy;
using Xunit;

namespace SupplyChainGuard.Packages.Tests
{
    /// <summary>A fresh directory under the temp folder, deleted with everything in it on dispose.</summary>
    /// <summary>Paths and files under a test's folder, for <see cref="TempDirectory"/> and the fixture cache's folders.</summary>
    internal static class FolderFiles
    {
        public static string Combine(string root, string[] parts) => System.IO.Path.Combine(new[] { root }.Concat(parts).ToArray());

        /// <summary>Writes a file (creating its directory) and returns its full path.</summary>
        public static string Write(string root, string relativePath, string text)
        {
            var full = Combine(root, new[] { relativePath });
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text);
            return full;
        }
    }

    public sealed class TempDirectory : IDisposable
    {
        public TempDirectory(string prefix = "scg-packages-tests")
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), prefix + "-" + Guid.NewGuid().ToString("N").Substring(0, 12));
            Directory.CreateDirectory(Path);
        }

        public string Path { get; }

        public string Combine(params string[] parts) => FolderFiles.Combine(Path, parts);

        /// <summary>Writes a file (creating its directory) and returns its full path.</summary>
        public string Write(string relativePath, string text) => FolderFiles.Write(Path, relativePath, text);

        public void Dispose()
        {
            try
            {
                if (Directory.Exists(Path))
                {
                    Directory.Delete(Path, recursive: true);
                }
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    /// <summary>Real nuget.org packages that the test project's PackageDownload items put into the global packages folder.</summary>
    internal static class RealPackages
    {
        private static readonly Lazy<string> Folder = new Lazy<string>(() =>
            SettingsUtility.GetGlobalPackagesFolder(Settings.LoadDefaultSettings(null)));

        /// <summary>The global packages folder restore used for this test project.</summary>
        public static string GlobalPackagesFolder => Folder.Value;

        public static IReadOnlyList<string> Folders => new[] { GlobalPackagesFolder };

        /// <summary>The .nupkg of a real package, e.g. <c>{global}/baidu.ai/4.15.10/baidu.ai.4.15.10.nupkg</c>.</summary>
        public static string NupkgPath(string id, string version)
        {
            var lower = id.ToLowerInvariant();
            var path = System.IO.Path.Combine(GlobalPackagesFolder, lower, version, $"{lower}.{version}.nupkg");
            Assert.True(File.Exists(path), $"'{path}' is missing: restore the test project (its PackageDownload items fetch it).");
            return path;
        }
    }

    /// <summary>Policies written as the user writes them, loaded through the real loader.</summary>
    internal static class Policies
    {
        /// <summary>Where test policies claim to live; waivers' <c>projects</c> are relative to its directory.</summary>
        public static readonly string Directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "scg-policy-root");

        public static SupplyChainPolicy Load(string json)
        {
            var result = new PolicyLoader(PhysicalPolicyFileReader.Instance)
                .LoadText(System.IO.Path.Combine(Directory, PolicyFileLocator.FileName), json);
            Assert.True(result.Succeeded, "the test policy is invalid: " + string.Join("; ", result.Diagnostics.Select(d => d.Location + ": " + d.Message)));
            return result.Policy!;
        }

        /// <summary>Baidu restricted by owners (as the sample policy does) and by authors (weak), with alternatives.</summary>
        public const string BaiduVendor = @"{
          ""id"": ""baidu"",
          ""name"": ""Baidu, Inc."",
          ""jurisdiction"": ""CN"",
          ""reason"": ""Company policy SEC-12: no CN-jurisdiction AI services"",
          ""match"": { ""owners"": [""Baidu-AI""], ""authors"": [""Baidu""] },
          ""alternatives"": [
            { ""package"": ""AWSSDK.Textract"", ""note"": ""OCR"" },
            { ""package"": ""Azure.AI.DocumentIntelligence"", ""note"": ""OCR"" }
          ]
        }";

        public const string TencentVendor = @"{
          ""id"": ""tencent"",
          ""name"": ""Tencent Holdings"",
          ""jurisdiction"": ""CN"",
          ""reason"": ""Company policy SEC-12"",
          ""match"": { ""owners"": [""tencentcloudapi""] },
          ""alternatives"": [ { ""package"": ""AWSSDK.S3"", ""note"": ""object storage"" } ]
        }";

        /// <summary>Baidu and Tencent, deny mode, CN restricted.</summary>
        public static SupplyChainPolicy BaiduAndTencent(string extraVendors = "", string waivers = "") => Load(
            @"{ ""restrictedJurisdictions"": [""CN"", ""RU""],
                ""vendors"": [" + BaiduVendor + "," + TencentVendor + extraVendors + @"],
                ""waivers"": [" + waivers + "] }");
    }
}
