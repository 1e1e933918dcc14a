using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Text;
using SupplyChainGuard.Analyzers;
using SupplyChainGuard.Diagnostics;
using SupplyChainGuard.Policy;

namespace SupplyChainGuard.CodeFixes
{
    /// <summary>
    /// "Add a waiver to supplychainguard.json" for SCG0101 and SCG0102: appends a waiver naming the type (or
    /// the namespace of a directive) to the policy additional document, with a reason to fill in and an expiry
    /// 90 days out, inserting text only so the file keeps its formatting and comments. It edits an
    /// additional document, which hosts that apply solution changes (Visual Studio, VS Code's C# Dev Kit,
    /// the testing libraries) support.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddWaiverCodeFixProvider)), Shared]
    public sealed class AddWaiverCodeFixProvider : CodeFixProvider
    {
        public const string EquivalenceKey = "SupplyChainGuard.AddWaiver";
        public const string ReasonPlaceholder = "Why this use is accepted, and the ticket that tracks its removal";
        public const int ExpiryDays = 90;

        public override ImmutableArray<string> FixableDiagnosticIds { get; } =
            ImmutableArray.Create(RuleIdentifiers.RestrictedApi, RuleIdentifiers.RestrictedNamespaceImport);

        public override FixAllProvider GetFixAllProvider() => FixAll.Instance;

        public override Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            foreach (var diagnostic in context.Diagnostics)
            {
                if (Draft(diagnostic, Today) is not { } draft || FindPolicy(context.Document.Project, diagnostic) is null)
                {
                    continue;
                }

                var what = draft.Types.Count > 0 ? draft.Types[0] : draft.Namespaces[0];
                context.RegisterCodeFix(
                    CodeAction.Create($"Add a waiver for '{what}' to {PolicyFileLocator.FileName}",
                        ct => Apply(context.Document.Project.Solution, context.Document.Project, new[] { diagnostic }, ct), EquivalenceKey),
                    diagnostic);
            }

            return Task.CompletedTask;
        }

        /// <summary>Where today's date comes from; read on every use, so an IDE left open for days drafts from
        /// the right day. Tests pin it.</summary>
        internal static Func<DateTime> Clock { get; set; } = () => DateTime.UtcNow.Date;

        private static DateTime Today => Clock();

        internal static WaiverDraft? Draft(Diagnostic diagnostic, DateTime today)
        {
            var properties = diagnostic.Properties;
            if (!properties.TryGetValue(RuleContext.VendorProperty, out var vendor) || string.IsNullOrEmpty(vendor))
            {
                return null;
            }

            properties.TryGetValue(RuleContext.SymbolProperty, out var symbol);
            properties.TryGetValue(RuleContext.NamespaceProperty, out var @namespace);
            var draft = new WaiverDraft(vendor!, ReasonPlaceholder, today.AddDays(ExpiryDays));
            if (!string.IsNullOrEmpty(symbol))
            {
                draft.Types = new[] { symbol! };
            }
            else if (!string.IsNullOrEmpty(@namespace))
            {
                draft.Namespaces = new[] { @namespace! };
            }
            else
            {
                return null; // a waiver for the whole vendor would also silence its packages: not offered
            }

            return draft;
        }

        /// <summary>The project's own policy file among its additional documents.</summary>
        private static TextDocument? FindPolicy(Project project, Diagnostic? diagnostic)
        {
            project.AnalyzerOptions.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue("build_property.SupplyChainGuardPolicyFile", out var root);
            string? fallback = null;
            diagnostic?.Properties.TryGetValue(RuleContext.PolicyFileProperty, out fallback);
            foreach (var path in new[] { root, fallback })
            {
                if (string.IsNullOrWhiteSpace(path))
                {
                    continue;
                }

                var document = project.AdditionalDocuments.FirstOrDefault(d => d.FilePath is not null && AnalyzerPolicy.SamePath(d.FilePath, path!));
                if (document is not null)
                {
                    return document;
                }
            }

            return null;
        }

        private static async Task<Solution> Apply(Solution solution, Project project, IReadOnlyList<Diagnostic> diagnostics, CancellationToken cancellationToken)
        {
            var policy = FindPolicy(project, diagnostics.FirstOrDefault());
            if (policy is null)
            {
                return solution;
            }

            // One waiver per vendor and type or namespace, however many findings asked for it.
            var drafts = diagnostics.Select(d => Draft(d, Today)).Where(d => d is not null).Select(d => d!)
                .GroupBy(d => (d.Vendor, Type: d.Types.FirstOrDefault(), Namespace: d.Namespaces.FirstOrDefault()))
                .Select(g => g.First())
                .OrderBy(d => d.Vendor, StringComparer.Ordinal)
                .ThenBy(d => d.Types.FirstOrDefault() ?? d.Namespaces.FirstOrDefault(), StringComparer.Ordinal)
                .ToList();
            var text = await policy.GetTextAsync(cancellationToken).ConfigureAwait(false);
            var updated = PolicyTextEditor.AddWaivers(text.ToString(), drafts, Today);
            if (updated is null)
            {
                return solution;
            }

            // The same policy file may be an additional document of several projects: keep them in step.
            var newText = SourceText.From(updated, text.Encoding);
            foreach (var id in solution.Projects.SelectMany(p => p.AdditionalDocuments)
                .Where(d => d.FilePath is not null && AnalyzerPolicy.SamePath(d.FilePath, policy.FilePath!)).Select(d => d.Id).ToList())
            {
                solution = solution.WithAdditionalDocumentText(id, newText);
            }

            return solution;
        }

        /// <summary>
        /// Fix All gathers every finding in scope and adds their waivers in one edit per policy file. Document
        /// and project only: waiving every finding of a solution at once is not an edit a batch tool such as
        /// <c>dotnet format</c>, which applies solution-wide fixes unattended, should ever make.
        /// </summary>
        private sealed class FixAll : FixAllProvider
        {
            public static readonly FixAll Instance = new FixAll();

            public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() => new[] { FixAllScope.Document, FixAllScope.Project };

            public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
            {
                var byProject = new Dictionary<ProjectId, List<Diagnostic>>();
                var projects = new[] { fixAllContext.Project };

                foreach (var project in projects)
                {
                    IEnumerable<Diagnostic> found;
                    if (fixAllContext.Scope == FixAllScope.Document && fixAllContext.Document is { } document)
                    {
                        found = await fixAllContext.GetDocumentDiagnosticsAsync(document).ConfigureAwait(false);
                    }
                    else
                    {
                        found = await fixAllContext.GetAllDiagnosticsAsync(project).ConfigureAwait(false);
                    }

                    byProject[project.Id] = found.ToList();
                }

                return CodeAction.Create("Add waivers to " + PolicyFileLocator.FileName, async ct =>
                {
                    var solution = fixAllContext.Solution;
                    foreach (var pair in byProject)
                    {
                        solution = await Apply(solution, solution.GetProject(pair.Key)!, pair.Value, ct).ConfigureAwait(false);
                    }

                    return solution;
                }, EquivalenceKey);
            }
        }
    }
}
