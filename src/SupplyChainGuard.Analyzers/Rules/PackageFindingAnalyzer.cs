using System;
using System.Collections.Generic;
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
    /// The build task's findings in the editor. An editor loads a project with a design-time build, in which the
    /// task runs and hands its diagnostics over, but no editor shows a design-time build's warnings; so in
    /// design-time builds (<c>build_property.DesignTimeBuild</c> is true) this analyzer reports each finding the
    /// hand-over carries — SCG0001 at its <c>PackageReference</c> line, and every other id the task reports — with
    /// the task's id, level and message, at its file, line and column. It decides nothing itself: what is not in
    /// the hand-over is not reported. In every other build the task is the only reporter. A hand-over it cannot
    /// read is SCG0904, in every build.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class PackageFindingAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            Descriptors.TaskFindings.Values.OrderBy(d => d.Id, StringComparer.Ordinal).Append(Descriptors.HandoverUnreadable).ToImmutableArray();

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                var policy = AnalyzerPolicy.Read(start.Options, start.CancellationToken);
                if (policy.HandoverFile is null)
                {
                    return;
                }

                var plan = new ReportPlan(policy, start.Options.AdditionalFiles);
                if (!plan.IsEmpty)
                {
                    start.RegisterAdditionalFileAction(plan.Report);
                }
            });
        }

        /// <summary>Which additional file's analysis reports which finding: each at its own file when that file is an
        /// additional file, the rest (and SCG0904) at the project file or, failing that, at the hand-over itself.</summary>
        private sealed class ReportPlan
        {
            private readonly AnalyzerPolicy _policy;
            private readonly Dictionary<string, List<PackageHandover.Finding>> _byFile = new Dictionary<string, List<PackageHandover.Finding>>(StringComparer.Ordinal);
            private readonly AdditionalText _carrier;
            private readonly bool _reportProblem;

            public ReportPlan(AnalyzerPolicy policy, ImmutableArray<AdditionalText> files)
            {
                _policy = policy;
                var projectFile = policy.ProjectPath is { } project ? files.FirstOrDefault(f => AnalyzerPolicy.SamePath(f.Path, project)) : null;
                _carrier = projectFile ?? policy.HandoverFile!;
                _reportProblem = policy.HandoverProblem is not null;
                if (!policy.DesignTimeBuild || policy.Handover is null)
                {
                    return;
                }

                foreach (var finding in policy.Handover.Findings)
                {
                    // The analyzer reports SCG0901 from the policy text itself, as it is typed; the task's copy only
                    // counts when the analyzer has no policy to read (a SupplyChainGuardPolicyFile that is missing).
                    if (finding.RuleId == RuleIdentifiers.InvalidPolicy && policy.Load is not null)
                    {
                        continue;
                    }

                    var file = files.FirstOrDefault(f => AnalyzerPolicy.SamePath(f.Path, finding.File)) ?? _carrier;
                    if (!_byFile.TryGetValue(file.Path, out var list))
                    {
                        _byFile.Add(file.Path, list = new List<PackageHandover.Finding>());
                    }

                    list.Add(finding);
                }
            }

            public bool IsEmpty => _byFile.Count == 0 && !_reportProblem;

            public void Report(AdditionalFileAnalysisContext context)
            {
                var file = context.AdditionalFile;
                if (_reportProblem && file.Path == _carrier.Path)
                {
                    context.ReportDiagnostic(Diagnostic.Create(Descriptors.HandoverUnreadable, FileLocation(file.Path), _policy.HandoverFile!.Path, _policy.HandoverProblem));
                }

                if (!_byFile.TryGetValue(file.Path, out var findings))
                {
                    return;
                }

                var text = file.GetText(context.CancellationToken);
                foreach (var finding in findings)
                {
                    if (!Descriptors.TaskFindings.TryGetValue(finding.RuleId, out var descriptor))
                    {
                        // The task and the analyzer ship together; an id this analyzer has no rule for means another version wrote it.
                        context.ReportDiagnostic(Diagnostic.Create(Descriptors.HandoverUnreadable, FileLocation(_carrier.Path), _policy.HandoverFile!.Path,
                            $"it holds a finding {finding.RuleId} that this version of SupplyChainGuard has no rule for ({finding.Message})"));
                        continue;
                    }

                    var location = AnalyzerPolicy.SamePath(file.Path, finding.File) ? LocationOf(finding, text) : ExternalLocation(finding);
                    context.ReportDiagnostic(Diagnostic.Create(descriptor, location, Severity(finding.Level), additionalLocations: null, Properties(finding), finding.Message));
                }
            }

            private static DiagnosticSeverity Severity(PackageHandover.FindingLevel level) => level switch
            {
                PackageHandover.FindingLevel.Error => DiagnosticSeverity.Error,
                PackageHandover.FindingLevel.Warning => DiagnosticSeverity.Warning,
                _ => DiagnosticSeverity.Info,
            };

            private static ImmutableDictionary<string, string?> Properties(PackageHandover.Finding finding)
            {
                var properties = ImmutableDictionary.CreateBuilder<string, string?>();
                if (finding.Package.Length > 0)
                {
                    properties.Add("package", finding.Package);
                }

                if (finding.Vendor.Length > 0)
                {
                    properties.Add("vendor", finding.Vendor);
                }

                return properties.ToImmutable();
            }

            /// <summary>From the task's line and column to the end of that line's text: the reference element as written.</summary>
            private static Location LocationOf(PackageHandover.Finding finding, SourceText? text)
            {
                if (text is null || finding.Line <= 0 || finding.Line > text.Lines.Count)
                {
                    return finding.Line <= 0 || text is null ? ExternalLocation(finding) : FileLocation(finding.File);
                }

                var line = text.Lines[finding.Line - 1];
                var start = Math.Min(line.Start + Math.Max(0, finding.Column - 1), line.End);
                var end = line.End;
                while (end > start && char.IsWhiteSpace(text[end - 1]))
                {
                    end--;
                }

                return Location.Create(finding.File, TextSpan.FromBounds(start, end), text.Lines.GetLinePositionSpan(TextSpan.FromBounds(start, end)));
            }

            /// <summary>Where the task said, in a file the compiler was not given: by line and column alone.</summary>
            private static Location ExternalLocation(PackageHandover.Finding finding)
            {
                if (finding.Line <= 0)
                {
                    return FileLocation(finding.File);
                }

                var position = new LinePosition(finding.Line - 1, Math.Max(0, finding.Column - 1));
                return Location.Create(finding.File, new TextSpan(0, 0), new LinePositionSpan(position, position));
            }

            private static Location FileLocation(string path) => Location.Create(path, new TextSpan(0, 0), new LinePositionSpan(default, default));
        }
    }
}
