using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace SupplyChainGuard.NetFxTaskHost
{
    /// <summary>
    /// Runs the CheckPackages task the way .NET Framework MSBuild does: the task assembly is loaded from its
    /// folder in the package (never referenced at compile time), its parameters are set, and its log goes to a
    /// build engine that prints each diagnostic in MSBuild's canonical form.
    /// </summary>
    /// <remarks>
    /// Usage: host.exe --task &lt;SupplyChainGuard.Build.dll&gt; Name=Value ... [--item Parameter=Include|Meta=Value|...]
    /// Scalar parameters are set by name (strings, and booleans written true/false); --item adds a task item
    /// to an ITaskItem[] parameter, with metadata (DefiningProjectFullPath among them).
    /// </remarks>
    public static class Program
    {
        public static int Main(string[] args)
        {
            string? taskPath = null;
            var scalars = new List<KeyValuePair<string, string>>();
            var items = new Dictionary<string, List<ITaskItem>>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < args.Length; i++)
            {
                if (args[i] == "--task")
                {
                    taskPath = args[++i];
                }
                else if (args[i] == "--item")
                {
                    var parts = args[++i].Split('|');
                    var head = parts[0].Split(new[] { '=' }, 2);
                    var item = new DefinedItem(head[1]);
                    foreach (var part in parts.Skip(1))
                    {
                        var pair = part.Split(new[] { '=' }, 2);
                        item.SetMetadata(pair[0], pair[1]);
                    }

                    if (!items.TryGetValue(head[0], out var list))
                    {
                        items[head[0]] = list = new List<ITaskItem>();
                    }

                    list.Add(item);
                }
                else
                {
                    var pair = args[i].Split(new[] { '=' }, 2);
                    scalars.Add(new KeyValuePair<string, string>(pair[0], pair[1]));
                }
            }

            if (taskPath is null)
            {
                Console.Error.WriteLine("usage: --task <SupplyChainGuard.Build.dll> Name=Value ... [--item Parameter=Include|Meta=Value]");
                return 2;
            }

            Console.WriteLine("host: runtime " + Environment.Version + (Type.GetType("Mono.Runtime") is null ? "" : " (Mono)"));
            var assembly = Assembly.LoadFrom(taskPath);
            var type = assembly.GetType("SupplyChainGuard.Build.CheckPackages", throwOnError: true)!;
            var task = (ITask)Activator.CreateInstance(type)!;
            var engine = new ConsoleBuildEngine();
            task.BuildEngine = engine;
            foreach (var pair in scalars)
            {
                var property = type.GetProperty(pair.Key) ?? throw new ArgumentException("no task parameter " + pair.Key);
                property.SetValue(task, property.PropertyType == typeof(bool) ? (object)bool.Parse(pair.Value) : pair.Value);
            }

            foreach (var pair in items)
            {
                type.GetProperty(pair.Key)!.SetValue(task, pair.Value.ToArray());
            }

            var succeeded = task.Execute();
            foreach (var name in new[] { "PolicyFiles" })
            {
                if (type.GetProperty(name)?.GetValue(task) is ITaskItem[] outputs)
                {
                    foreach (var output in outputs)
                    {
                        Console.WriteLine($"output {name}: {output.ItemSpec}");
                    }
                }
            }

            Console.WriteLine("host: Execute returned " + succeeded + ", " + engine.Errors + " errors, " + engine.Warnings + " warnings");
            return succeeded ? 0 : 1;
        }

        /// <summary>An item as MSBuild hands it to a task: with DefiningProjectFullPath, which a plain TaskItem refuses.</summary>
        private sealed class DefinedItem : ITaskItem
        {
            private readonly Dictionary<string, string> _metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

            public DefinedItem(string itemSpec)
            {
                ItemSpec = itemSpec;
            }

            public string ItemSpec { get; set; }

            public ICollection MetadataNames => _metadata.Keys.ToList();

            public int MetadataCount => _metadata.Count;

            public string GetMetadata(string metadataName) => _metadata.TryGetValue(metadataName, out var value) ? value : string.Empty;

            public void SetMetadata(string metadataName, string metadataValue) => _metadata[metadataName] = metadataValue;

            public void RemoveMetadata(string metadataName) => _metadata.Remove(metadataName);

            public void CopyMetadataTo(ITaskItem destinationItem)
            {
                foreach (var pair in _metadata)
                {
                    destinationItem.SetMetadata(pair.Key, pair.Value);
                }
            }

            public IDictionary CloneCustomMetadata() => new Hashtable(_metadata, StringComparer.OrdinalIgnoreCase);
        }

        private sealed class ConsoleBuildEngine : IBuildEngine
        {
            public int Errors { get; private set; }

            public int Warnings { get; private set; }

            public bool ContinueOnError => false;

            public int LineNumberOfTaskNode => 0;

            public int ColumnNumberOfTaskNode => 0;

            public string ProjectFileOfTaskNode => string.Empty;

            public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs) => false;

            public void LogCustomEvent(CustomBuildEventArgs e) => Console.WriteLine("custom: " + e.Message);

            public void LogErrorEvent(BuildErrorEventArgs e)
            {
                Errors++;
                Console.WriteLine(Format(e.File, e.LineNumber, e.ColumnNumber, "error", e.Code, e.Message));
            }

            public void LogWarningEvent(BuildWarningEventArgs e)
            {
                Warnings++;
                Console.WriteLine(Format(e.File, e.LineNumber, e.ColumnNumber, "warning", e.Code, e.Message));
            }

            public void LogMessageEvent(BuildMessageEventArgs e) => Console.WriteLine("message: " + e.Message);

            private static string Format(string? file, int line, int column, string severity, string? code, string? message) =>
                (line > 0 ? $"{file}({line},{column})" : file) + $": {severity} {code}: {message}";
        }
    }
}
