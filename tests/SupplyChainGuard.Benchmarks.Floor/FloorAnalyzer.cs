using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace SupplyChainGuard.Benchmarks.Floor
{
    /// <summary>
    /// Reports, without analysing anything, the findings listed in the additional file <c>floor-findings.tsv</c>
    /// (one per line: path, start line, start column, end line, end column, all 1-based as in SARIF, the rule id and
    /// the message). Each is reported from a syntax tree action on its own tree, with the same id, span and message
    /// as the compile it was copied from, so the compiler treats it as it treated the original: the same warning,
    /// the same [SuppressMessage] check. A listed finding that matches no tree, or a missing list, is reported as
    /// SCGFLOOR so that a floor run never measures fewer findings than it claims.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class FloorAnalyzer : DiagnosticAnalyzer
    {
        public const string FindingsFileName = "floor-findings.tsv";

        private static readonly DiagnosticDescriptor Sdk = Describe("SCG0101");

        private static readonly DiagnosticDescriptor Import = Describe("SCG0102");

        private static readonly DiagnosticDescriptor Unmatched = new(
            "SCGFLOOR",
            "Floor findings not reported",
            "{0}",
            "SupplyChainGuard.Benchmarks",
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            customTags: WellKnownDiagnosticTags.CompilationEnd);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Sdk, Import, Unmatched);

        public override void Initialize(AnalysisContext context)
        {
            // As SupplyChainGuard's SDK analyzers (PolicyAnalyzer): generated code is analysed and reported. With None,
            // the driver asks of every reported diagnostic whether it lies in generated code (AnalyzerDriver.IsInGeneratedCode),
            // which cost this analyzer 1.7 s of callback time on the dense corpus: a cost SupplyChainGuard does not pay.
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                var file = start.Options.AdditionalFiles.FirstOrDefault(f => f.Path.EndsWith(FindingsFileName, StringComparison.Ordinal));
                var text = file?.GetText(start.CancellationToken);
                if (text is null)
                {
                    start.RegisterCompilationEndAction(end => end.ReportDiagnostic(Diagnostic.Create(Unmatched, Location.None, "no " + FindingsFileName + " among the additional files")));
                    return;
                }

                var byPath = Parse(text);
                var reported = 0;
                start.RegisterSyntaxTreeAction(tree =>
                {
                    if (!byPath.TryGetValue(tree.Tree.FilePath, out var findings))
                    {
                        return;
                    }

                    var lines = tree.Tree.GetText(tree.CancellationToken).Lines;
                    foreach (var finding in findings)
                    {
                        var span = lines.GetTextSpan(finding.Span);
                        tree.ReportDiagnostic(Diagnostic.Create(finding.Id == "SCG0102" ? Import : Sdk, Location.Create(tree.Tree, span), finding.Message));
                    }

                    System.Threading.Interlocked.Add(ref reported, findings.Count);
                });
                start.RegisterCompilationEndAction(end =>
                {
                    var listed = byPath.Values.Sum(f => f.Count);
                    if (reported != listed)
                    {
                        end.ReportDiagnostic(Diagnostic.Create(Unmatched, Location.None,
                            string.Format(CultureInfo.InvariantCulture, "{0} of the {1} listed findings matched no source file", listed - reported, listed)));
                    }
                });
            });
        }

        private static DiagnosticDescriptor Describe(string id) => new(
            id,
            "A finding copied from SupplyChainGuard",
            "{0}",
            "SupplyChainGuard.Benchmarks",
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true);

        private static Dictionary<string, List<(LinePositionSpan Span, string Id, string Message)>> Parse(SourceText text)
        {
            var byPath = new Dictionary<string, List<(LinePositionSpan Span, string Id, string Message)>>(StringComparer.Ordinal);
            foreach (var line in text.Lines)
            {
                var fields = line.ToString().Split('\t');
                if (fields.Length < 7)
                {
                    continue;
                }

                static int Number(string field) => int.Parse(field, NumberStyles.None, CultureInfo.InvariantCulture) - 1;
                var span = new LinePositionSpan(new LinePosition(Number(fields[1]), Number(fields[2])), new LinePosition(Number(fields[3]), Number(fields[4])));
                if (!byPath.TryGetValue(fields[0], out var list))
                {
                    byPath.Add(fields[0], list = new List<(LinePositionSpan Span, string Id, string Message)>());
                }

                list.Add((span, fields[5], fields[6]));
            }

            return byPath;
        }
    }
}
