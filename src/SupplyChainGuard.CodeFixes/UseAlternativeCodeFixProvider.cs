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
    /// SCG0101: replaces a restricted type with the type the policy's <c>alternatives.types</c> maps it to —
    /// in object creation, declarations, generic arguments, <c>typeof</c>, casts, attributes, qualified or
    /// simple — adding the <c>using</c> and writing the simple name; a mapped member is renamed. No map, no fix:
    /// the diagnostic's message still names the alternative package.
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

            var plans = diagnostics.Select(d => Plan(root, d)).Where(p => p is not null).Select(p => p!).ToList();
            if (plans.Count == 0)
            {
                return document;
            }

            // A type moves with its mapped members: once 'client' is the new type, 'client.GeneralBasic' no
            // longer binds to the restricted member, so its own fix could never run afterwards.
            var memberMaps = diagnostics
                .Select(d => (Diagnostic: d, Map: d.Properties.TryGetValue(RuleContext.MemberMapProperty, out var map) ? map : null))
                .Where(x => !string.IsNullOrEmpty(x.Map))
                .ToList();
            if (memberMaps.Count > 0 && await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false) is { } model)
            {
                foreach (var (diagnostic, map) in memberMaps)
                {
                    diagnostic.Properties.TryGetValue(RuleContext.SymbolProperty, out var typeName);
                    plans.AddRange(MemberRenames(root, model, typeName!, map!, cancellationToken));
                }
            }

            var byNode = plans.GroupBy(p => p.Node).ToDictionary(g => g.Key, g => g.First());
            var updated = root.ReplaceNodes(byNode.Keys, (original, rewritten) => byNode[original].Apply(rewritten));
            foreach (var @namespace in plans.Select(p => p.Namespace).Where(n => n is not null).Distinct())
            {
                updated = ImportEditor.EnsureUsing((CompilationUnitSyntax)updated, @namespace!);
            }

            return document.WithSyntaxRoot(updated);
        }

        /// <summary>What to replace for one diagnostic, or null when the policy maps nothing for it.</summary>
        private static Rewrite? Plan(SyntaxNode root, Diagnostic diagnostic)
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

            var dot = replacement!.LastIndexOf('.');
            var simple = dot < 0 ? replacement : replacement.Substring(dot + 1);
            var container = dot < 0 ? null : replacement.Substring(0, dot);

            // The map names a member when the key is longer than the restricted type: rename the member only.
            if (qualifiedName != symbol)
            {
                return new Rewrite(name, replacement, null, n => ((SimpleNameSyntax)n).WithIdentifier(SyntaxFactory.Identifier(simple).WithTriviaFrom(((SimpleNameSyntax)n).Identifier)));
            }

            // A qualified name (Baidu.Aip.Ocr.Ocr) is replaced whole by the simple name plus a using.
            SyntaxNode target = name;
            while (target.Parent is QualifiedNameSyntax qualified && qualified.Right == target
                || target.Parent is MemberAccessExpressionSyntax access && access.Name == target && IsNamespaceOrTypeChain(access.Expression))
            {
                target = target.Parent;
            }

            if (target.Parent is AliasQualifiedNameSyntax alias && alias.Name == target)
            {
                target = alias;
            }

            return new Rewrite(target, replacement, container, n => ReplaceWithSimpleName(n, simple));
        }

        private static IEnumerable<Rewrite> MemberRenames(SyntaxNode root, SemanticModel model, string typeName, string map, CancellationToken cancellationToken)
        {
            var renames = map.Split(';').Select(p => p.Split('=')).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
            foreach (var name in root.DescendantNodes().OfType<SimpleNameSyntax>())
            {
                if (!renames.TryGetValue(name.Identifier.ValueText, out var newName)
                    || !(name.Parent is MemberAccessExpressionSyntax access && access.Name == name || name.Parent is MemberBindingExpressionSyntax))
                {
                    continue;
                }

                var symbol = model.GetSymbolInfo(name, cancellationToken).Symbol;
                var containing = symbol?.ContainingType?.OriginalDefinition.ToDisplayString(QualifiedFormat);
                if (containing == typeName)
                {
                    yield return new Rewrite(name, newName, null, n => ((SimpleNameSyntax)n).WithIdentifier(SyntaxFactory.Identifier(newName).WithTriviaFrom(((SimpleNameSyntax)n).Identifier)));
                }
            }
        }

        private static readonly SymbolDisplayFormat QualifiedFormat = SymbolDisplayFormat.FullyQualifiedFormat
            .WithGlobalNamespaceStyle(SymbolDisplayGlobalNamespaceStyle.Omitted)
            .WithGenericsOptions(SymbolDisplayGenericsOptions.None);

        private static bool IsNamespaceOrTypeChain(ExpressionSyntax expression) =>
            expression is IdentifierNameSyntax || expression is AliasQualifiedNameSyntax
            || expression is MemberAccessExpressionSyntax { Expression: var inner } && IsNamespaceOrTypeChain(inner);

        private static SyntaxNode ReplaceWithSimpleName(SyntaxNode original, string simple)
        {
            // The rightmost name carries the type arguments, already rewritten if they were restricted too.
            var name = original switch
            {
                QualifiedNameSyntax qualified => qualified.Right,
                AliasQualifiedNameSyntax alias => alias.Name,
                MemberAccessExpressionSyntax access => access.Name,
                _ => (SimpleNameSyntax)original,
            };
            SimpleNameSyntax replacement = name is GenericNameSyntax generic
                ? generic.WithIdentifier(SyntaxFactory.Identifier(simple))
                : SyntaxFactory.IdentifierName(simple);

            // In an attribute, "FooAttribute" is written "Foo".
            if (original.FirstAncestorOrSelf<AttributeSyntax>() is { } attribute && attribute.Name.Span.Contains(original.Span)
                && simple.EndsWith("Attribute", System.StringComparison.Ordinal) && simple.Length > "Attribute".Length)
            {
                replacement = SyntaxFactory.IdentifierName(simple.Substring(0, simple.Length - "Attribute".Length));
            }

            return replacement.WithTriviaFrom(original);
        }

        private sealed class Rewrite
        {
            private readonly System.Func<SyntaxNode, SyntaxNode> _rewrite;

            public Rewrite(SyntaxNode node, string replacement, string? @namespace, System.Func<SyntaxNode, SyntaxNode> rewrite)
            {
                Node = node;
                Replacement = replacement;
                Namespace = @namespace;
                _rewrite = rewrite;
            }

            public SyntaxNode Node { get; }

            public string Replacement { get; }

            /// <summary>The namespace to import, for a type replacement.</summary>
            public string? Namespace { get; }

            public SyntaxNode Apply(SyntaxNode current) => _rewrite(current);
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
