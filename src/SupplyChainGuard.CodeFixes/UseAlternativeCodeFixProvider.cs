using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SupplyChainGuard.Analyzers;
using SupplyChainGuard.Diagnostics;

namespace SupplyChainGuard.CodeFixes
{
    /// <summary>
    /// SCG0101: replaces a restricted type with the type the policy's <c>alternatives.types</c> maps it to —
    /// in object creation, declarations, generic arguments, <c>typeof</c>, casts, attributes, qualified or
    /// simple — adding the <c>using</c> and writing the simple name; a mapped member is renamed, and a type's
    /// mapped members move with it. No map, no fix: the diagnostic's message still names the alternative package.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseAlternativeCodeFixProvider)), Shared]
    public sealed class UseAlternativeCodeFixProvider : CodeFixProvider
    {
        public const string EquivalenceKey = "SCG0101.UseAlternative";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.RestrictedApi);

        public override FixAllProvider GetFixAllProvider() => FixAll.Instance;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            foreach (var diagnostic in context.Diagnostics)
            {
                if (root is null || Plan(root, diagnostic) is not { } plan)
                {
                    continue;
                }

                context.RegisterCodeFix(
                    CodeAction.Create($"Use '{plan.Replacement}'", ct => Apply(context.Document, new[] { diagnostic }, ct), EquivalenceKey),
                    diagnostic);
            }
        }

        private static async Task<Document> Apply(Document document, IEnumerable<Diagnostic> diagnostics, CancellationToken cancellationToken)
        {
            if (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not CompilationUnitSyntax root)
            {
                return document;
            }

            var list = diagnostics.ToList();
            var rewrites = list.Select(d => Plan(root, d)).Where(p => p is not null).Select(p => p!).ToList();
            if (rewrites.Count == 0)
            {
                return document;
            }

            // A type moves with its mapped members: once 'client' is the new type, 'client.GeneralBasic' no
            // longer binds to the restricted member, so its own fix could never run afterwards.
            var map = AlternativeRewriter.ParseMap(string.Join(";", list
                .Select(d => d.Properties.TryGetValue(RuleContext.TypeMapProperty, out var text) ? text : null)
                .Where(t => !string.IsNullOrEmpty(t))));
            if (map.Count > 0 && await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false) is { } model)
            {
                rewrites.AddRange(AlternativeRewriter.FromMap(root, model, map, cancellationToken));
            }

            var importStyle = rewrites.Any(r => r.Import is not null)
                ? await ImportStyle.ForDocumentAsync(document, cancellationToken).ConfigureAwait(false)
                : ImportStyle.Default;
            return document.WithSyntaxRoot(AlternativeRewriter.Apply(root, rewrites, importStyle));
        }

        /// <summary>What to replace for one diagnostic, or null when the policy maps nothing for it.</summary>
        private static NameRewrite? Plan(SyntaxNode root, Diagnostic diagnostic)
        {
            if (!diagnostic.Properties.TryGetValue(RuleContext.ReplacementProperty, out var replacement) || string.IsNullOrEmpty(replacement)
                || !diagnostic.Properties.TryGetValue(RuleContext.SymbolProperty, out var symbol) || symbol is null
                || !diagnostic.Properties.TryGetValue(RuleContext.QualifiedNameProperty, out var qualifiedName) || qualifiedName is null)
            {
                return null;
            }

            var token = root.FindToken(diagnostic.Location.SourceSpan.Start);
            if (token.Parent is not SimpleNameSyntax name || name.Identifier.Span != diagnostic.Location.SourceSpan)
            {
                return null; // target-typed new() and indexers have no name to replace
            }

            // The map names a member when its key is longer than the restricted type.
            return qualifiedName != symbol ? AlternativeRewriter.ForMember(name, replacement!) : AlternativeRewriter.ForType(name, replacement!);
        }

        /// <summary>Fix All rewrites each document once, adding each using once.</summary>
        private sealed class FixAll : DocumentBasedFixAllProvider
        {
            public static readonly FixAll Instance = new FixAll();

            protected override string GetFixAllTitle(FixAllContext fixAllContext) => "Use the policy's alternatives";

            protected override async Task<Document?> FixAllAsync(FixAllContext fixAllContext, Document document, ImmutableArray<Diagnostic> diagnostics) =>
                await Apply(document, diagnostics, fixAllContext.CancellationToken).ConfigureAwait(false);
        }
    }
}
