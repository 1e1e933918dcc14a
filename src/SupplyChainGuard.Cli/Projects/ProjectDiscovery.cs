using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using Microsoft.VisualStudio.SolutionPersistence.Serializer;

namespace SupplyChainGuard.Cli.Projects
{
    /// <summary>What <c>[path]</c> named: the projects to check and the repository root paths are reported against.</summary>
    internal sealed class RepositoryInput
    {
        public RepositoryInput(string inputPath, string root, IReadOnlyList<string> projects, string? solution)
        {
            InputPath = inputPath;
            Root = root;
            Projects = projects;
            Solution = solution;
        }

        /// <summary>The solution, project or folder, in full.</summary>
        public string InputPath { get; }

        /// <summary>The repository root: <c>--root</c>, else the nearest folder with <c>.git</c>, else the input's folder.</summary>
        public string Root { get; }

        /// <summary>Every project file, in full, ordered by path.</summary>
        public IReadOnlyList<string> Projects { get; }

        /// <summary>The solution file when the input is one (restore takes it as a whole).</summary>
        public string? Solution { get; }

        public string Relative(string path) => PathText.Relative(Root, path);
    }

    /// <summary>Finds the projects a solution (.sln, .slnx, .slnf), a project file or a folder holds.</summary>
    internal static class ProjectDiscovery
    {
        private static readonly string[] ProjectExtensions = { ".csproj", ".fsproj", ".vbproj" };
        private static readonly HashSet<string> SkippedFolders = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "bin", "obj", "node_modules", "artifacts" };

        public static RepositoryInput Find(string? path, string currentDirectory, string? root)
        {
            var input = Path.GetFullPath(Path.Combine(currentDirectory, path ?? "."));
            List<string> projects;
            string? solution = null;
            string folder;
            if (Directory.Exists(input))
            {
                folder = input;
                projects = FolderProjects(input);
            }
            else if (File.Exists(input))
            {
                folder = Path.GetDirectoryName(input)!;
                var extension = Path.GetExtension(input).ToLowerInvariant();
                if (extension is ".sln" or ".slnx")
                {
                    solution = input;
                    projects = SolutionProjects(input);
                }
                else if (extension == ".slnf")
                {
                    projects = FilterProjects(input, out solution);
                }
                else if (ProjectExtensions.Contains(extension))
                {
                    projects = new List<string> { input };
                }
                else
                {
                    throw new UsageException($"'{input}' is not a solution (.sln, .slnx, .slnf), a project (.csproj, .fsproj, .vbproj) or a folder.");
                }
            }
            else
            {
                throw new UsageException($"'{input}' does not exist.");
            }

            var rootFolder = root is null ? GitRoot(folder) ?? folder : Path.GetFullPath(Path.Combine(currentDirectory, root));
            projects = projects.Distinct(PathText.Comparer).OrderBy(p => PathText.Relative(rootFolder, p), StringComparer.Ordinal).ToList();
            return new RepositoryInput(input, rootFolder, projects, solution);
        }

        private static List<string> FolderProjects(string folder)
        {
            var found = new List<string>();
            var pending = new Stack<string>();
            pending.Push(folder);
            while (pending.Count > 0)
            {
                var directory = pending.Pop();
                IEnumerable<string> files;
                IEnumerable<string> subdirectories;
                try
                {
                    files = Directory.EnumerateFiles(directory).ToList();
                    subdirectories = Directory.EnumerateDirectories(directory).ToList();
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new UsageException($"'{directory}' could not be listed: {e.Message}");
                }

                found.AddRange(files.Where(f => ProjectExtensions.Contains(Path.GetExtension(f).ToLowerInvariant())));
                foreach (var subdirectory in subdirectories)
                {
                    var name = Path.GetFileName(subdirectory);
                    if (!name.StartsWith(".", StringComparison.Ordinal) && !SkippedFolders.Contains(name))
                    {
                        pending.Push(subdirectory);
                    }
                }
            }

            return found;
        }

        private static List<string> SolutionProjects(string solutionPath)
        {
            var serializer = SolutionSerializers.GetSerializerByMoniker(solutionPath)
                ?? throw new UsageException($"'{solutionPath}' is not a solution format scg reads.");
            Microsoft.VisualStudio.SolutionPersistence.Model.SolutionModel model;
            try
            {
                model = serializer.OpenAsync(solutionPath, CancellationToken.None).GetAwaiter().GetResult();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw new UsageException($"'{solutionPath}' could not be read: {e.Message}");
            }

            var directory = Path.GetDirectoryName(solutionPath)!;
            return model.SolutionProjects
                .Select(p => Path.GetFullPath(Path.Combine(directory, MsBuildExpressions.ToNative(p.FilePath))))
                .Where(p => ProjectExtensions.Contains(Path.GetExtension(p).ToLowerInvariant()))
                .ToList();
        }

        /// <summary>A solution filter: <c>{ "solution": { "path": "…sln", "projects": [ … ] } }</c>, paths relative to the solution.</summary>
        private static List<string> FilterProjects(string filterPath, out string? solution)
        {
            try
            {
                using var document = JsonDocument.Parse(File.ReadAllText(filterPath), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
                var root = document.RootElement.GetProperty("solution");
                var solutionPath = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(filterPath)!, MsBuildExpressions.ToNative(root.GetProperty("path").GetString() ?? string.Empty)));
                solution = null;
                var directory = Path.GetDirectoryName(solutionPath)!;
                return root.GetProperty("projects").EnumerateArray()
                    .Select(p => Path.GetFullPath(Path.Combine(directory, MsBuildExpressions.ToNative(p.GetString() ?? string.Empty))))
                    .ToList();
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or IOException)
            {
                throw new UsageException($"'{filterPath}' is not a readable solution filter: {e.Message}");
            }
        }

        private static string? GitRoot(string folder)
        {
            for (var directory = new DirectoryInfo(folder); directory is not null; directory = directory.Parent)
            {
                var git = Path.Combine(directory.FullName, ".git");
                if (Directory.Exists(git) || File.Exists(git))
                {
                    return directory.FullName;
                }
            }

            return null;
        }
    }

    /// <summary>Paths as reports show them: relative to the root with '/', or in full when outside it.</summary>
    internal static class PathText
    {
        public static readonly StringComparer Comparer = OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

        public static string Relative(string root, string path)
        {
            if (path.Length == 0)
            {
                return path;
            }

            var relative = Path.GetRelativePath(root, path);
            if (relative == ".." || relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal) || Path.IsPathRooted(relative))
            {
                return path.Replace('\\', '/');
            }

            return relative.Replace('\\', '/');
        }

        public static bool IsUnder(string root, string path)
        {
            var relative = Path.GetRelativePath(root, path);
            return !(relative == ".." || relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal) || Path.IsPathRooted(relative));
        }
    }
}
