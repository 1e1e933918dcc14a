using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SupplyChainGuard.CodeFixes
{
    /// <summary>One name to rewrite, and the namespace its new type needs imported.</summary>
    internal sealed class NameRewrite
    {
        private readonly Func<SyntaxNode, SyntaxNode> _rewrite;

        public NameRewrite(SyntaxNode node, string replacement, string? import, Func<SyntaxNode, SyntaxNode> rewrite)
        {
            Node = node;
            Replacement = replacement;
            Import = import;
            _rewrite = rewrite;
        }

        public SyntaxNode Node { get; }

        public string Replacement { get; }

        public string? Import { get; }

        public SyntaxNode Apply(SyntaxNode current) => _rewrite(current);
    }

    /// <summary>
    /// Moves names to the policy's <c>alternatives.types</c>: a type becomes the mapped type's simple name
    /// (a qualified name is replaced whole) with its namespace imported; a member is renamed. Trivia is kept.
    /// Shared by the SCG0101 and SCG0102 fixes, so a type, its members and its import move together.
    /// </summary>
    internal static class AlternativeRewriter
    {
        private static readonly SymbolDisplayFormat QualifiedFormat = SymbolDisplayFormat.FullyQualifiedFormat
            .WithGlobalNamespaceStyle(SymbolDisplayGlobalNamespaceStyle.Omitted)
            .WithGenericsOptions(SymbolDisplayGenericsOptions.None);

        /// <summary><c>Old=New;Old2=New2</c> as the analyzer writes it into a diagnostic.</summary>
        public static Dictionary<string, string> ParseMap(string? text) =>
            (text ?? string.Empty).Split(new[] { ';' }, StringSplitOptions.RemoveEmptyEntries)
                .Select(p => p.Split('='))
                .Where(p => p.Length == 2)
                .GroupBy(p => p[0], StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.First()[1], StringComparer.Ordinal);

        public static NameRewrite ForType(SimpleNameSyntax name, string replacement)
        {
            var (container, simple) = Split(replacement);
            SyntaxNode target = name;
            while (target.Parent is QualifiedNameSyntax qualified && qualified.Right == target
                || target.Parent is MemberAccessExpressionSyntax access && access.Name == target && IsNameChain(access.Expression))
            {
                target = target.Parent;
            }

            if (target.Parent is AliasQualifiedNameSyntax alias && alias.Name == target)
            {
                target = alias;
            }

            return new NameRewrite(target, replacement, container, n => ToSimpleName(n, simple));
        }

        public static NameRewrite ForMember(SimpleNameSyntax name, string replacement)
        {
            var simple = Split(replacement).Simple;
            return new NameRewrite(name, replacement, null,
                n => ((SimpleNameSyntax)n).WithIdentifier(SyntaxFactory.Identifier(simple).WithTriviaFrom(((SimpleNameSyntax)n).Identifier)));
        }

        /// <summary>Every name in the document that binds to a key of the map.</summary>
        public static IEnumerable<NameRewrite> FromMap(SyntaxNode root, SemanticModel model, IReadOnlyDictionary<string, string> map, CancellationToken cancellationToken)
        {
            if (map.Count == 0)
            {
                yield break;
            }

            var simpleKeys = new HashSet<string>(map.Keys.Select(k => Split(k).Simple), StringComparer.Ordinal);
            foreach (var name in root.DescendantNodes().OfType<SimpleNameSyntax>())
            {
                if (!simpleKeys.Contains(name.Identifier.ValueText) || name.IsVar || name.FirstAncestorOrSelf<UsingDirectiveSyntax>() is not null)
                {
                    continue;
                }

                var symbol = model.GetSymbolInfo(name, cancellationToken).Symbol;
                if (symbol is IMethodSymbol { MethodKind: MethodKind.Constructor } constructor)
                {
                    symbol = constructor.ContainingType;
                }

                if (symbol is ITypeSymbol type && map.TryGetValue(type.OriginalDefinition.ToDisplayString(QualifiedFormat), out var newType))
                {
                    yield return ForType(name, newType);
                }
                else if (symbol is { ContainingType: { } containing } && symbol is not ITypeSymbol
                    && map.TryGetValue(containing.OriginalDefinition.ToDisplayString(QualifiedFormat) + "." + symbol.Name, out var newMember))
                {
                    yield return ForMember(name, newMember);
                }
            }
        }

        /// <summary>Applies the rewrites (one per node) and any extra node replacements in one pass, then imports what the new types need.</summary>
        public static CompilationUnitSyntax Apply(CompilationUnitSyntax root, IEnumerable<NameRewrite> rewrites, ImportStyle importStyle,
            IReadOnlyDictionary<SyntaxNode, Func<SyntaxNode, SyntaxNode>>? extra = null)
        {
            var byNode = new Dictionary<SyntaxNode, Func<SyntaxNode, SyntaxNode>>();
            var imports = new List<string>();
            foreach (var rewrite in rewrites)
            {
                if (!byNode.ContainsKey(rewrite.Node))
                {
                    byNode[rewrite.Node] = rewrite.Apply;
                    if (rewrite.Import is not null && !imports.Contains(rewrite.Import))
                    {
                        imports.Add(rewrite.Import);
                    }
                }
            }

            foreach (var pair in extra ?? new Dictionary<SyntaxNode, Func<SyntaxNode, SyntaxNode>>())
            {
                byNode[pair.Key] = pair.Value;
            }

            var updated = byNode.Count == 0 ? root : root.ReplaceNodes(byNode.Keys, (original, current) => byNode[original](current));
            foreach (var @namespace in imports)
            {
                updated = ImportEditor.EnsureUsing(updated, @namespace, importStyle);
            }

            return updated;
        }

        public static (string? Container, string Simple) Split(string qualified)
        {
            var dot = qualified.LastIndexOf('.');
            return dot < 0 ? (null, qualified) : (qualified.Substring(0, dot), qualified.Substring(dot + 1));
        }

        private static bool IsNameChain(ExpressionSyntax expression) =>
            expression is IdentifierNameSyntax || expression is AliasQualifiedNameSyntax
            || expression is MemberAccessExpressionSyntax { Expression: var inner } && IsNameChain(inner);

        private static SyntaxNode ToSimpleName(SyntaxNode original, string simple)
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
                && simple.EndsWith("Attribute", StringComparison.Ordinal) && simple.Length > "Attribute".Length)
            {
                replacement = SyntaxFactory.IdentifierName(simple.Substring(0, simple.Length - "Attribute".Length));
            }

            return replacement.WithTriviaFrom(original);
        }
    }
}
