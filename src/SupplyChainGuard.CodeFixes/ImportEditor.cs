using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace SupplyChainGuard.CodeFixes
{
    /// <summary>Adds a <c>using</c> for a namespace unless the file already imports it. Purely syntactic: the
    /// alternative's package may not be referenced yet, so there is no symbol to ask the workspace about.</summary>
    internal static class ImportEditor
    {
        public static CompilationUnitSyntax EnsureUsing(CompilationUnitSyntax root, string @namespace)
        {
            if (string.IsNullOrEmpty(@namespace) || Imports(root, @namespace))
            {
                return root;
            }

            var directive = SyntaxFactory.UsingDirective(SyntaxFactory.ParseName(@namespace))
                .WithAdditionalAnnotations(Formatter.Annotation);

            // Where a file keeps its usings inside a namespace, put the new one there too.
            var container = root.Usings.Count == 0
                ? root.Members.OfType<BaseNamespaceDeclarationSyntax>().FirstOrDefault(n => n.Usings.Count > 0)
                : null;
            if (container is not null)
            {
                return root.ReplaceNode(container, container.WithUsings(Insert(container.Usings, directive)));
            }

            if (root.Usings.Count == 0)
            {
                var leading = root.GetLeadingTrivia();
                var first = root.WithoutLeadingTrivia();
                return first.WithUsings(SyntaxFactory.SingletonList(directive.WithLeadingTrivia(leading).WithTrailingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed)))
                    .WithAdditionalAnnotations(Formatter.Annotation);
            }

            return root.WithUsings(Insert(root.Usings, directive));
        }

        public static bool Imports(CompilationUnitSyntax root, string @namespace) =>
            root.DescendantNodes(n => n is CompilationUnitSyntax || n is BaseNamespaceDeclarationSyntax)
                .OfType<UsingDirectiveSyntax>()
                .Any(u => u.Alias is null && u.StaticKeyword.IsKind(SyntaxKind.None) && u.Name?.ToString() == @namespace);

        /// <summary>Keeps an alphabetically sorted list sorted (System first, as .NET style has it); otherwise appends.</summary>
        private static SyntaxList<UsingDirectiveSyntax> Insert(SyntaxList<UsingDirectiveSyntax> usings, UsingDirectiveSyntax directive)
        {
            var plain = usings.Where(u => u.Alias is null && u.StaticKeyword.IsKind(SyntaxKind.None) && u.GlobalKeyword.IsKind(SyntaxKind.None)).ToList();
            var name = directive.Name!.ToString();
            var index = usings.Count;
            if (plain.Count > 0 && IsSorted(plain))
            {
                var after = plain.FirstOrDefault(u => Compare(u.Name!.ToString(), name) > 0);
                index = after is null ? usings.IndexOf(plain.Last()) + 1 : usings.IndexOf(after);
            }
            else if (plain.Count > 0)
            {
                index = usings.IndexOf(plain.Last()) + 1;
            }

            return usings.Insert(index, directive);
        }

        private static bool IsSorted(System.Collections.Generic.List<UsingDirectiveSyntax> usings)
        {
            for (var i = 1; i < usings.Count; i++)
            {
                if (Compare(usings[i - 1].Name!.ToString(), usings[i].Name!.ToString()) > 0)
                {
                    return false;
                }
            }

            return true;
        }

        private static int Compare(string a, string b)
        {
            var systemA = a == "System" || a.StartsWith("System.", StringComparison.Ordinal);
            var systemB = b == "System" || b.StartsWith("System.", StringComparison.Ordinal);
            return systemA != systemB ? (systemA ? -1 : 1) : string.CompareOrdinal(a, b);
        }
    }
}
