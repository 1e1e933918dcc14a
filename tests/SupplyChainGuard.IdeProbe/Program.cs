using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.MSBuild;

namespace SupplyChainGuard.IdeProbe
{
    /// <summary>
    /// Usage: SupplyChainGuard.IdeProbe &lt;project&gt; [analyzer-reference-prefix]. Prints one line per fact:
    /// <c>additional: name</c>, <c>analyzers: N</c>, <c>diagnostic: ID|file|line|column|severity|message</c> (every analyzer diagnostic, source and additional files alike), <c>failure: message</c>.
    /// </summary>
    public static class Program
    {
        public static async Task<int> Main(string[] args)
        {
            if (args.Length < 1)
            {
                Console.Error.WriteLine("usage: SupplyChainGuard.IdeProbe <project> [analyzer-reference-prefix]");
                return 2;
            }

            var prefix = args.Length > 1 ? args[1] : "SupplyChainGuard";
            using var workspace = MSBuildWorkspace.Create();
            var project = await workspace.OpenProjectAsync(args[0]);
            foreach (var diagnostic in workspace.Diagnostics.Where(d => d.Kind == WorkspaceDiagnosticKind.Failure))
            {
                Console.WriteLine("failure: " + diagnostic.Message.Replace('\n', ' '));
            }

            foreach (var document in project.AdditionalDocuments)
            {
                Console.WriteLine("additional: " + document.Name);
            }

            var analyzers = project.AnalyzerReferences
                .Where(r => r.Display?.StartsWith(prefix, StringComparison.Ordinal) == true)
                .SelectMany(r => r.GetAnalyzers(LanguageNames.CSharp))
                .ToImmutableArray();
            Console.WriteLine("analyzers: " + analyzers.Length);
            if (analyzers.Length == 0)
            {
                return 1;
            }

            var compilation = (await project.GetCompilationAsync())!;
            var diagnostics = await compilation.WithAnalyzers(analyzers, project.AnalyzerOptions).GetAnalyzerDiagnosticsAsync(CancellationToken.None);
            foreach (var d in diagnostics.OrderBy(d => d.Location.GetLineSpan().Path, StringComparer.Ordinal).ThenBy(d => d.Location.GetLineSpan().StartLinePosition))
            {
                var line = d.Location.GetLineSpan();
                var at = line.StartLinePosition;
                Console.WriteLine($"diagnostic: {d.Id}|{line.Path}|{at.Line + 1}|{at.Character + 1}|{d.Severity.ToString().ToLowerInvariant()}|{d.GetMessage().Replace('\n', ' ')}");
            }

            return 0;
        }
    }
}
