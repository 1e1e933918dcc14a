using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using SupplyChainGuard.Build;

namespace SupplyChainGuard.Packages.Tests
{
    /// <summary>
    /// An item as MSBuild's evaluation hands it to a task. <c>DefiningProjectFullPath</c> is reserved metadata that
    /// only evaluation sets; a <see cref="TaskItem"/> copied from this one keeps it as MSBuild hands it over.
    /// </summary>
    internal sealed class EvaluatedItem : ITaskItem
    {
        private readonly string _definingProject;
        private readonly Dictionary<string, string> _metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        public EvaluatedItem(string itemSpec, string definingProject)
        {
            ItemSpec = itemSpec;
            _definingProject = definingProject;
        }

        public static ITaskItem Create(string include, string definingProject, params (string Name, string Value)[] metadata)
        {
            var evaluated = new EvaluatedItem(include, definingProject);
            foreach (var (name, value) in metadata)
            {
                evaluated.SetMetadata(name, value);
            }

            return new TaskItem(evaluated);
        }

        public string ItemSpec { get; set; }
        public ICollection MetadataNames => _metadata.Keys.ToList();
        public int MetadataCount => _metadata.Count;

        public string GetMetadata(string metadataName) =>
            string.Equals(metadataName, "DefiningProjectFullPath", StringComparison.OrdinalIgnoreCase) ? _definingProject
            : _metadata.TryGetValue(metadataName, out var value) ? value : string.Empty;

        public void SetMetadata(string metadataName, string metadataValue) => _metadata[metadataName] = metadataValue;

        public void RemoveMetadata(string metadataName) => _metadata.Remove(metadataName);

        public void CopyMetadataTo(ITaskItem destinationItem)
        {
            foreach (var (name, value) in _metadata)
            {
                destinationItem.SetMetadata(name, value);
            }
        }

        public IDictionary CloneCustomMetadata() => new Hashtable(_metadata, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>A build engine that keeps what a task logs, for tests that run the task without a build.</summary>
    internal sealed class RecordingBuildEngine : IBuildEngine
    {
        public List<BuildErrorEventArgs> Errors { get; } = new();
        public List<BuildWarningEventArgs> Warnings { get; } = new();
        public List<BuildMessageEventArgs> Messages { get; } = new();

        public bool ContinueOnError => false;
        public int LineNumberOfTaskNode => 0;
        public int ColumnNumberOfTaskNode => 0;
        public string ProjectFileOfTaskNode => string.Empty;

        public void LogErrorEvent(BuildErrorEventArgs e) => Errors.Add(e);
        public void LogWarningEvent(BuildWarningEventArgs e) => Warnings.Add(e);
        public void LogMessageEvent(BuildMessageEventArgs e) => Messages.Add(e);
        public void LogCustomEvent(CustomBuildEventArgs e)
        {
        }

        public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs) =>
            throw new NotSupportedException("the package check builds no project");
    }

    /// <summary>What one run of the task logged, as the user would read it.</summary>
    internal sealed class TaskRun
    {
        public TaskRun(bool succeeded, RecordingBuildEngine engine)
        {
            Succeeded = succeeded;
            Engine = engine;
            Diagnostics = engine.Errors.Select(e => $"error {e.Code} {Path.GetFileName(e.File)}({e.LineNumber},{e.ColumnNumber}): {e.Message}")
                .Concat(engine.Warnings.Select(w => $"warning {w.Code} {Path.GetFileName(w.File)}({w.LineNumber},{w.ColumnNumber}): {w.Message}"))
                .Concat(engine.Messages.Where(m => m.Code is { Length: > 0 }).Select(m => $"message {m.Code} {Path.GetFileName(m.File)}({m.LineNumber},{m.ColumnNumber}): {m.Message}"))
                .ToList();
        }

        public bool Succeeded { get; }
        public RecordingBuildEngine Engine { get; }

        /// <summary>Every diagnostic, one line each, errors first.</summary>
        public IReadOnlyList<string> Diagnostics { get; }

        public IEnumerable<string> Codes => Engine.Errors.Select(e => e.Code).Concat(Engine.Warnings.Select(w => w.Code));

        /// <summary>True when the no-op fast path answered instead of a full check.</summary>
        public bool Replayed => Engine.Messages.Any(m => m.Message?.Contains("nothing the check depends on changed", StringComparison.Ordinal) == true);

        public override string ToString() => string.Join("\n", Diagnostics);
    }

    /// <summary>
    /// One project as the targets hand it to the task: a copy of the restored App's project file and assets file
    /// in a folder of its own (so a test may change them), a policy beside it, obj/ files for the cache, the
    /// hand-over and the replay record, and the clock fixed.
    /// </summary>
    internal sealed class TaskScenario : IDisposable
    {
        private readonly TempDirectory _folder = new TempDirectory("scg-task");

        public TaskScenario(RestoredProject restored, string policy, string? packagesFolder = null)
        {
            Restored = restored;
            // App and Lib move together into repo/src, and the assets file with them (restore records both by path).
            ProjectPath = _folder.Combine("repo", "src", "App", "App.csproj");
            LibProject = _folder.Combine("repo", "src", "Lib", "Lib.csproj");
            Directory.CreateDirectory(Path.GetDirectoryName(ProjectPath)!);
            Directory.CreateDirectory(Path.GetDirectoryName(LibProject)!);
            File.Copy(restored.AppProject, ProjectPath);
            File.Copy(Path.Combine(restored.Root, "Lib", "Lib.csproj"), LibProject);
            AssetsFile = _folder.Combine("repo", "src", "App", "obj", "project.assets.json");
            Directory.CreateDirectory(Path.GetDirectoryName(AssetsFile)!);
            var assets = File.ReadAllText(restored.AssetsFile)
                .Replace(JsonPath(Path.Combine(restored.Root, "App")), JsonPath(Path.GetDirectoryName(ProjectPath)!), StringComparison.Ordinal)
                .Replace(JsonPath(Path.Combine(restored.Root, "Lib")), JsonPath(Path.GetDirectoryName(LibProject)!), StringComparison.Ordinal);
            if (packagesFolder is not null)
            {
                assets = assets.Replace(JsonPath(restored.PackagesFolder), JsonPath(packagesFolder), StringComparison.Ordinal);
            }

            File.WriteAllText(AssetsFile, assets);
            PolicyFile = _folder.Write(Path.Combine("repo", "supplychainguard.json"), policy);
        }

        public RestoredProject Restored { get; }
        public string ProjectPath { get; }
        public string LibProject { get; }
        public string AssetsFile { get; }
        public string PolicyFile { get; set; }
        public string Root => _folder.Path;

        public string Obj(string name) => Path.Combine(Path.GetDirectoryName(AssetsFile)!, "Debug", "net8.0", name);

        public string HandoverFile => Obj("supplychainguard.packages.json");
        public string FindingsFile => Obj("supplychainguard.findings.txt");

        public string Write(string relative, string text) => _folder.Write(relative, text);

        public string Combine(params string[] parts) => _folder.Combine(parts);

        /// <summary>The task with the parameters the targets pass; <paramref name="configure"/> changes some.</summary>
        public CheckPackages Task(Action<CheckPackages>? configure = null)
        {
            var task = new CheckPackages
            {
                ProjectPath = ProjectPath,
                ProjectAssetsFile = AssetsFile,
                TargetFramework = "net8.0",
                PolicyFile = PolicyFile,
                PackageReferences = new[]
                {
                    EvaluatedItem.Create("Baidu.AI", ProjectPath, ("Version", "4.15.10")),
                    EvaluatedItem.Create("Acme.Wrapper", ProjectPath, ("Version", "1.0.0")),
                },
                ProjectReferences = new[] { EvaluatedItem.Create("../Lib/Lib.csproj", ProjectPath) },
                NoWarn = "NU1603",
                CacheFile = Obj("supplychainguard.identity.json"),
                HandoverFile = HandoverFile,
                FindingsFile = FindingsFile,
                Today = () => new DateTime(2027, 3, 31),
                FaultInjection = null,
            };
            configure?.Invoke(task);
            return task;
        }

        public TaskRun Run(Action<CheckPackages>? configure = null)
        {
            var task = Task(configure);
            var engine = new RecordingBuildEngine();
            task.BuildEngine = engine;
            return new TaskRun(task.Execute(), engine);
        }

        /// <summary>What a full check says for the same parameters: a run with no replay record to answer from.</summary>
        public TaskRun FullCheck(Action<CheckPackages>? configure = null) => Run(task =>
        {
            configure?.Invoke(task);
            task.FindingsFile = Combine("no-record", Guid.NewGuid().ToString("N") + ".txt");
            task.HandoverFile = Combine("no-record", Guid.NewGuid().ToString("N") + ".json");
        });

        private static string JsonPath(string path) => path.Replace("\\", "\\\\", StringComparison.Ordinal);

        public void Dispose() => _folder.Dispose();
    }
}
