using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SupplyChainGuard.Analyzers;
using SupplyChainGuard.Diagnostics;

namespace SupplyChainGuard.CodeFixes
{
    /// <summary>
    /// SCG0102: points a <c>using</c> at the namespace (or, for <c>using static</c>, the type) the policy's
    /// alternatives map the restricted one to, keeping its <c>global</c>, <c>static</c> or alias form; when
    /// the file already has that directive, the restricted one is removed instead of duplicated.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ReplaceImportCodeFixProvider)), Shared]
    public sealed class ReplaceImportCodeFixProvider : CodeFixProvider
    {
        public const string EquivalenceKey = "SCG0102.ReplaceImport";

        private static readonly SyntaxAnnotation Rewritten = new SyntaxAnnotation("SupplyChainGuard.RewrittenImport");

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.RestrictedNamespaceImport);

        public override FixAllProvider GetFixAllProvider() => FixAll.Instance;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            foreach (var diagnostic in context.Diagnostics)
            {
                if (root is null || Find(root, diagnostic) is not { } found)
                {
                    continue;
                }

                context.RegisterCodeFix(
                    CodeAction.Create($"Import '{found.Replacement}' instead", ct => Apply(context.Document, new[] { diagnostic }, ct), EquivalenceKey),
                    diagnostic);
            }
        }

        private static (UsingDirectiveSyntax Directive, string Replacement)? Find(SyntaxNode root, Diagnostic diagnostic)
        {
            if (!diagnostic.Properties.TryGetValue(RuleContext.ReplacementProperty, out var replacement) || string.IsNullOrEmpty(replacement))
            {
                return null;
            }

            var directive = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<UsingDirectiveSyntax>();
            return directive?.Name is null ? null : (directive, replacement!);
        }

        private static async Task<Document> Apply(Document document, IEnumerable<Diagnostic> diagnostics, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return document;
            }

            var replacements = new Dictionary<UsingDirectiveSyntax, string>();
            foreach (var diagnostic in diagnostics)
            {
                if (Find(root, diagnostic) is { } found && !replacements.ContainsKey(found.Directive))
                {
                    replacements[found.Directive] = found.Replacement;
                }
            }

            if (replacements.Count == 0)
            {
                return document;
            }

            // The import moves with the types it brought in: once it names the new namespace, 'Ocr' would
            // no longer bind, and the SCG0101 fix for it could never run.
            var rewrites = new List<NameRewrite>();
            var map = AlternativeRewriter.ParseMap(string.Join(";", diagnostics
                .Select(d => d.Properties.TryGetValue(RuleContext.TypeMapProperty, out var text) ? text : null)
                .Where(t => !string.IsNullOrEmpty(t))));
            if (map.Count > 0 && await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false) is { } model)
            {
                rewrites.AddRange(AlternativeRewriter.FromMap(root, model, map, cancellationToken));
            }

            var directives = replacements.ToDictionary(
                pair => (SyntaxNode)pair.Key,
                pair => (System.Func<SyntaxNode, SyntaxNode>)(current => ((UsingDirectiveSyntax)current)
                    .WithName(SyntaxFactory.ParseName(pair.Value).WithTriviaFrom(((UsingDirectiveSyntax)current).Name!))
                    .WithAdditionalAnnotations(Rewritten)));
            var importStyle = rewrites.Any(r => r.Import is not null)
                ? await ImportStyle.ForDocumentAsync(document, cancellationToken).ConfigureAwait(false)
                : ImportStyle.Default;
            SyntaxNode updated = AlternativeRewriter.Apply((CompilationUnitSyntax)root, rewrites, importStyle, directives);

            // Merge: a rewritten directive that now repeats another one in the same list goes away.
            var duplicates = new List<SyntaxNode>();
            foreach (var directive in updated.GetAnnotatedNodes(Rewritten).OfType<UsingDirectiveSyntax>())
            {
                var siblings = directive.Parent switch
                {
                    CompilationUnitSyntax unit => unit.Usings,
                    BaseNamespaceDeclarationSyntax ns => ns.Usings,
                    _ => default,
                };
                // Keep a directive the file already had; among rewritten twins, keep the first.
                var index = siblings.IndexOf(directive);
                var twin = siblings.Where((u, i) => u != directive && Key(u) == Key(directive) && (!u.HasAnnotation(Rewritten) || i < index)).Any();
                if (twin)
                {
                    duplicates.Add(directive);
                }
            }

            if (duplicates.Count > 0)
            {
                updated = updated.RemoveNodes(duplicates, SyntaxRemoveOptions.KeepLeadingTrivia | SyntaxRemoveOptions.KeepUnbalancedDirectives)!;
            }

            return document.WithSyntaxRoot(updated);
        }

        private static string Key(UsingDirectiveSyntax directive) =>
            $"{directive.GlobalKeyword.IsKind(SyntaxKind.GlobalKeyword)}|{directive.StaticKeyword.IsKind(SyntaxKind.StaticKeyword)}|{directive.Alias?.Name.Identifier.ValueText}|{directive.Name}";

        private sealed class FixAll : DocumentBasedFixAllProvider
        {
            public static readonly FixAll Instance = new FixAll();

            protected override string GetFixAllTitle(FixAllContext fixAllContext) => "Import the policy's alternatives instead";

            protected override async Task<Document?> FixAllAsync(FixAllContext fixAllContext, Document document, ImmutableArray<Diagnostic> diagnostics) =>
                await Apply(document, diagnostics, fixAllContext.CancellationToken).ConfigureAwait(false);
        }
    }
}
