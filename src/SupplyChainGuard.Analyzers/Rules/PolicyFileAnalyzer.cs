using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using SupplyChainGuard.Diagnostics;
using SupplyChainGuard.Policy;

namespace SupplyChainGuard.Analyzers
{
    /// <summary>
    /// The policy file as the editor sees it: SCG0901 at the line and column of each problem, as the build
    /// task words it, and SCG0201 for expired waivers when the build task is not there to say so.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class PolicyFileAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.InvalidPolicy, Descriptors.WaiverExpired);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                var policy = AnalyzerPolicy.Read(start.Options, start.CancellationToken);
                if (policy.Load is null)
                {
                    return;
                }

                start.RegisterAdditionalFileAction(c => Analyze(c, policy));
            });
        }

        private static void Analyze(AdditionalFileAnalysisContext context, AnalyzerPolicy policy)
        {
            var path = context.AdditionalFile.Path;
            var text = context.AdditionalFile.GetText(context.CancellationToken);
            if (text is null)
            {
                return;
            }

            foreach (var problem in policy.Load!.Diagnostics.Where(d => AnalyzerPolicy.SamePath(d.Location.FilePath, path)))
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.InvalidPolicy, LocationOf(path, text, problem.Location), FindingText.PolicyProblem(problem)));
            }

            // With the build task present, it reports expired waivers itself (and once per build, not per compilation).
            if (policy.Policy is null || policy.Handover is not null)
            {
                return;
            }

            var inScope = policy.Policy.Waivers.Where(w => policy.ProjectPath is null ? w.Projects.Count == 0 : w.IsScopedTo(policy.ProjectPath));
            foreach (var waiver in inScope.Where(w => w.IsExpired(RuleContext.Today) && AnalyzerPolicy.SamePath(w.Location.FilePath, path)))
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.WaiverExpired, LocationOf(path, text, waiver.Location), FindingText.WaiverExpired(waiver)));
            }
        }

        private static Location LocationOf(string path, SourceText text, SourceLocation location)
        {
            if (location.Line <= 0 || location.Line > text.Lines.Count)
            {
                return Location.Create(path, new TextSpan(0, 0), new LinePositionSpan(default, default));
            }

            var line = text.Lines[location.Line - 1];
            var start = System.Math.Min(line.Start + System.Math.Max(0, location.Column - 1), line.End);
            var position = new LinePosition(location.Line - 1, start - line.Start);
            return Location.Create(path, new TextSpan(start, 0), new LinePositionSpan(position, position));
        }
    }
}
