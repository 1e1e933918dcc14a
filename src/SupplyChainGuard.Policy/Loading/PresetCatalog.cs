using System.IO;
using System.Reflection;

namespace SupplyChainGuard.Policy.Loading
{
    /// <summary>
    /// Presets (<c>"extends": ["preset:us-fcc-covered-list"]</c>) ship inside this assembly as embedded
    /// policy files, so they need no file on disk and the analyzer can read them too.
    /// </summary>
    internal static class PresetCatalog
    {
        public const string Prefix = "preset:";

        public static string? Read(string name)
        {
            var assembly = typeof(PresetCatalog).Assembly;
            using var stream = assembly.GetManifestResourceStream($"SupplyChainGuard.Policy.Presets.{name}.json");
            if (stream is null)
            {
                return null;
            }

            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }

        public static string[] Names()
        {
            const string resourcePrefix = "SupplyChainGuard.Policy.Presets.";
            var names = new System.Collections.Generic.List<string>();
            foreach (var resource in typeof(PresetCatalog).Assembly.GetManifestResourceNames())
            {
                if (resource.StartsWith(resourcePrefix, System.StringComparison.Ordinal) && resource.EndsWith(".json", System.StringComparison.Ordinal))
                {
                    names.Add(resource.Substring(resourcePrefix.Length, resource.Length - resourcePrefix.Length - ".json".Length));
                }
            }

            names.Sort(System.StringComparer.Ordinal);
            return names.ToArray();
        }
    }
}
