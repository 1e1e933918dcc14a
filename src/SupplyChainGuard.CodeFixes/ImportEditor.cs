using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace SupplyChainGuard.CodeFixes
{
    /// <summary>What a project says about its usings beyond the file at hand.</summary>
    internal sealed class ImportStyle
    {
        public static readonly ImportStyle Default = new ImportStyle(null, Array.Empty<string>());

        public ImportStyle(bool? systemFirst, IEnumerable<string> globalImports)
        {
            SystemFirst = systemFirst;
            GlobalImports = new HashSet<string>(globalImports, StringComparer.Ordinal);
        }

        /// <summary><c>dotnet_sort_system_directives_first</c> from .editorconfig, when set: it decides only where
        /// the file's own order fits both ways.</summary>
        public bool? SystemFirst { get; }

        /// <summary>Namespaces a <c>global using</c> in another file of the project (implicit usings included) imports.</summary>
        public ISet<string> GlobalImports { get; }

        public static async Task<ImportStyle> ForDocumentAsync(Document document, CancellationToken cancellationToken)
        {
            var tree = await document.GetSyntaxTreeAsync(cancellationToken).ConfigureAwait(false);
            bool? systemFirst = null;
            if (tree is not null
                && document.Project.AnalyzerOptions.AnalyzerConfigOptionsProvider.GetOptions(tree).TryGetValue("dotnet_sort_system_directives_first", out var value)
                && bool.TryParse(value, out var parsed))
            {
                systemFirst = parsed;
            }

            var globals = new List<string>();
            if (await document.Project.GetCompilationAsync(cancellationToken).ConfigureAwait(false) is { } compilation)
            {
                foreach (var other in compilation.SyntaxTrees)
                {
                    if (other != tree && other.GetRoot(cancellationToken) is CompilationUnitSyntax unit)
                    {
                        globals.AddRange(unit.Usings.Where(u => u.GlobalKeyword.IsKind(SyntaxKind.GlobalKeyword) && ImportEditor.IsPlain(u)).Select(ImportEditor.ImportedName));
                    }
                }
            }

            return new ImportStyle(systemFirst, globals);
        }
    }

    /// <summary>
    /// Adds a <c>using</c> for a namespace unless the file or a project-wide <c>global using</c> already imports
    /// it. Purely syntactic: the alternative's package may not be referenced yet, so there is no symbol to ask the
    /// workspace about. The directive goes beside the file's other usings — inside the namespace when the file
    /// keeps them there — in the order the file sorts them; below the file's header (leading comments and
    /// <c>#nullable</c>, <c>#pragma</c>, <c>#define</c> lines); never into an <c>#if</c> block; and it is written
    /// out whole, with the file's line ending, so that no host has to format it.
    /// </summary>
    internal static class ImportEditor
    {
        public static CompilationUnitSyntax EnsureUsing(CompilationUnitSyntax root, string @namespace, ImportStyle? style = null)
        {
            style ??= ImportStyle.Default;
            if (string.IsNullOrEmpty(@namespace) || Imports(root, @namespace) || style.GlobalImports.Contains(@namespace))
            {
                return root;
            }

            var container = ContainerOf(root);
            var usings = UsingsOf(container);
            var conditionals = ConditionalBlocks(root);

            var preferred = PreferredIndex(usings, @namespace, style.SystemFirst);
            var firstAllowed = usings.TakeWhile(u => u.GlobalKeyword.IsKind(SyntaxKind.GlobalKeyword)).Count();
            // Only a file whose usings all stand in #if blocks leaves no safe place: then beside them is right.
            var placement = CandidateIndices(preferred, firstAllowed, usings.Count)
                .Select(i => Place(root, container, usings, i, conditionals, safeOnly: true))
                .FirstOrDefault(p => p is not null)
                ?? Place(root, container, usings, preferred, conditionals, safeOnly: false);
            if (placement is not { } place)
            {
                return root;
            }

            var (index, next, split) = place;
            var leading = next.LeadingTrivia;
            var lineEnding = LineEndingOf(root);
            var indentation = IndentationOf(usings.Count == 0 ? (SyntaxToken?)null : usings[Math.Min(index, usings.Count - 1)].GetFirstToken());
            var above = SyntaxFactory.TriviaList(leading.Take(split)).AddRange(indentation);

            // What stays in front of the next token: its own comments, indentation, and the rest of an #if block.
            var rest = SyntaxFactory.TriviaList(leading.Skip(split));

            // After a last directive that ends the file without a line ending, the new one starts its own line
            // and, like it, ends the file without one.
            var previous = next.GetPreviousToken(includeZeroWidth: true);
            var endsLine = true;
            if (split == 0 && !previous.IsKind(SyntaxKind.None) && !previous.TrailingTrivia.Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia)))
            {
                above = above.Insert(0, lineEnding);
                endsLine = !(next.IsKind(SyntaxKind.EndOfFileToken) && rest.Count == 0);
            }

            var directive = SyntaxFactory.UsingDirective(SyntaxFactory.ParseName(@namespace).WithoutTrivia())
                .WithUsingKeyword(SyntaxFactory.Token(above, SyntaxKind.UsingKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space)))
                .WithSemicolonToken(SyntaxFactory.Token(default, SyntaxKind.SemicolonToken, endsLine ? SyntaxFactory.TriviaList(lineEnding) : default));
            var startsCode = usings.Count == 0 && !next.IsKind(SyntaxKind.EndOfFileToken) && !next.IsKind(SyntaxKind.CloseBraceToken);
            if (startsCode && !StartsWithBlankLine(rest))
            {
                rest = rest.Insert(0, lineEnding); // a blank line between the new using and the code
            }

            return root.ReplaceSyntax(
                new[] { container },
                (_, rewritten) => WithUsings(rewritten, UsingsOf(rewritten).Insert(index, directive)),
                new[] { next },
                (_, rewritten) => rewritten.WithLeadingTrivia(rest),
                Array.Empty<SyntaxTrivia>(),
                (_, rewritten) => rewritten);
        }

        public static bool Imports(CompilationUnitSyntax root, string @namespace) =>
            root.DescendantNodes(n => n is CompilationUnitSyntax || n is BaseNamespaceDeclarationSyntax)
                .OfType<UsingDirectiveSyntax>()
                .Any(u => IsPlain(u) && ImportedName(u) == @namespace);

        /// <summary>A using that imports a namespace: no alias, not static (it may be global).</summary>
        internal static bool IsPlain(UsingDirectiveSyntax directive) =>
            directive.Alias is null && directive.StaticKeyword.IsKind(SyntaxKind.None) && directive.Name is not null;

        /// <summary>The namespace a directive names, without <c>global::</c> or whitespace.</summary>
        internal static string ImportedName(UsingDirectiveSyntax directive)
        {
            var name = string.Concat(directive.Name!.DescendantTokens().Select(t => t.ValueText));
            return name.StartsWith("global::", StringComparison.Ordinal) ? name.Substring("global::".Length) : name;
        }

        /// <summary>The compilation unit, unless the file keeps its usings in a namespace and has no others but global ones.</summary>
        private static SyntaxNode ContainerOf(CompilationUnitSyntax root) =>
            root.Usings.All(u => u.GlobalKeyword.IsKind(SyntaxKind.GlobalKeyword))
            && root.Members.OfType<BaseNamespaceDeclarationSyntax>().FirstOrDefault(n => n.Usings.Count > 0) is { } container
                ? container
                : root;

        private static SyntaxList<UsingDirectiveSyntax> UsingsOf(SyntaxNode container) =>
            container is BaseNamespaceDeclarationSyntax ns ? ns.Usings : ((CompilationUnitSyntax)container).Usings;

        private static SyntaxNode WithUsings(SyntaxNode container, SyntaxList<UsingDirectiveSyntax> usings) =>
            container is BaseNamespaceDeclarationSyntax ns ? ns.WithUsings(usings) : ((CompilationUnitSyntax)container).WithUsings(usings);

        /// <summary>Among the plain usings, where the name sorts in the order the file keeps; after the last one
        /// when the file keeps none; after the global usings (which must come first) when there are no plain ones.</summary>
        private static int PreferredIndex(SyntaxList<UsingDirectiveSyntax> usings, string @namespace, bool? systemFirst)
        {
            var plain = usings.Where(u => IsPlain(u) && u.GlobalKeyword.IsKind(SyntaxKind.None)).ToList();
            if (plain.Count == 0)
            {
                return usings.TakeWhile(u => u.GlobalKeyword.IsKind(SyntaxKind.GlobalKeyword)).Count();
            }

            var names = plain.Select(ImportedName).ToList();
            var order = UsingOrder.Candidates(systemFirst).FirstOrDefault(o => o.IsSorted(names));
            var after = order is null ? -1 : names.FindIndex(n => order.Compare(n, @namespace) > 0);
            return after < 0 ? usings.IndexOf(plain[plain.Count - 1]) + 1 : usings.IndexOf(plain[after]);
        }

        /// <summary>The preferred index first, then the later ones, then the earlier ones down to the first allowed.</summary>
        private static IEnumerable<int> CandidateIndices(int preferred, int firstAllowed, int count)
        {
            for (var i = preferred; i <= count; i++)
            {
                yield return i;
            }

            for (var i = preferred - 1; i >= firstAllowed; i--)
            {
                yield return i;
            }
        }

        /// <summary>
        /// The token the new directive goes in front of, and how many of its leading trivia go above the directive.
        /// A first directive goes below the header; any other right after the directive before it. Null when every
        /// split there would land in an <c>#if</c> block (and <paramref name="safeOnly"/> asks for safe ones).
        /// </summary>
        private static (int Index, SyntaxToken Next, int Split)? Place(CompilationUnitSyntax root, SyntaxNode container, SyntaxList<UsingDirectiveSyntax> usings, int index,
            IReadOnlyList<TextSpan> conditionals, bool safeOnly)
        {
            var next = index < usings.Count ? usings[index].GetFirstToken()
                : usings.Count > 0 ? usings[usings.Count - 1].GetLastToken().GetNextToken(includeZeroWidth: true)
                : container is CompilationUnitSyntax unit && unit.Externs.Count > 0 ? unit.Externs[unit.Externs.Count - 1].GetLastToken().GetNextToken(includeZeroWidth: true)
                : container.GetFirstToken(includeZeroWidth: true);

            var lines = TriviaLines.Of(next.LeadingTrivia);
            var candidates = lines.Boundaries.Where(b => !safeOnly || !Inside(conditionals, lines.PositionOf(b, next))).ToList();
            if (candidates.Count == 0)
            {
                return null;
            }

            if (index > 0)
            {
                return (index, next, candidates[0]);
            }

            // First in its list: everything a header holds goes above, but a comment block standing directly
            // above the token after something else (a blank line, a directive) is the token's own and stays with it.
            var last = candidates[candidates.Count - 1];
            var own = lines.StartOfCommentBlockEndingAt(last);
            var isFileStart = next == root.GetFirstToken(includeZeroWidth: true);
            var split = own < last && (!isFileStart || lines.HasContentBefore(own)) && candidates.Contains(own) ? own : last;
            return (index, next, split);
        }

        private static bool Inside(IReadOnlyList<TextSpan> blocks, int position) =>
            blocks.Any(b => b.Start < position && position < b.End);

        /// <summary>From each <c>#if</c> to its <c>#endif</c> (or the end of the file).</summary>
        private static IReadOnlyList<TextSpan> ConditionalBlocks(CompilationUnitSyntax root)
        {
            var blocks = new List<TextSpan>();
            var open = new Stack<int>();
            for (var directive = root.GetFirstDirective(); directive is not null; directive = directive.GetNextDirective())
            {
                if (directive is IfDirectiveTriviaSyntax)
                {
                    open.Push(directive.FullSpan.Start);
                }
                else if (directive is EndIfDirectiveTriviaSyntax && open.Count > 0)
                {
                    blocks.Add(TextSpan.FromBounds(open.Pop(), directive.FullSpan.End));
                }
            }

            while (open.Count > 0)
            {
                blocks.Add(TextSpan.FromBounds(open.Pop(), root.FullSpan.End));
            }

            return blocks;
        }

        private static SyntaxTriviaList IndentationOf(SyntaxToken? sibling) =>
            sibling is { } token && token.LeadingTrivia.Count > 0 && token.LeadingTrivia[token.LeadingTrivia.Count - 1].IsKind(SyntaxKind.WhitespaceTrivia)
                ? SyntaxFactory.TriviaList(token.LeadingTrivia[token.LeadingTrivia.Count - 1])
                : default;

        private static SyntaxTrivia LineEndingOf(SyntaxNode root) =>
            root.DescendantTrivia(descendIntoTrivia: true).FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia)) is { } found && found.IsKind(SyntaxKind.EndOfLineTrivia)
                ? SyntaxFactory.EndOfLine(found.ToFullString())
                : SyntaxFactory.LineFeed;

        private static bool StartsWithBlankLine(SyntaxTriviaList trivia)
        {
            foreach (var t in trivia)
            {
                if (t.IsKind(SyntaxKind.EndOfLineTrivia))
                {
                    return true;
                }

                if (!t.IsKind(SyntaxKind.WhitespaceTrivia))
                {
                    return false;
                }
            }

            return false;
        }

        /// <summary>A token's leading trivia cut into lines: each ends after a line ending, a directive (which holds its
        /// own) or disabled text. Lines after a documentation comment belong to the declaration and are not offered.</summary>
        private sealed class TriviaLines
        {
            private readonly SyntaxTriviaList _trivia;
            private readonly List<(int Start, int End)> _lines;

            private TriviaLines(SyntaxTriviaList trivia, List<(int Start, int End)> lines, List<int> boundaries)
            {
                _trivia = trivia;
                _lines = lines;
                Boundaries = boundaries;
            }

            /// <summary>Trivia indexes where a line starts and the new directive may go, in order.</summary>
            public List<int> Boundaries { get; }

            public static TriviaLines Of(SyntaxTriviaList trivia)
            {
                var lines = new List<(int Start, int End)>();
                var boundaries = new List<int> { 0 };
                var start = 0;
                for (var i = 0; i < trivia.Count; i++)
                {
                    if (trivia[i].IsKind(SyntaxKind.SingleLineDocumentationCommentTrivia) || trivia[i].IsKind(SyntaxKind.MultiLineDocumentationCommentTrivia))
                    {
                        break;
                    }

                    if (trivia[i].IsKind(SyntaxKind.EndOfLineTrivia) || trivia[i].IsDirective || trivia[i].IsKind(SyntaxKind.DisabledTextTrivia))
                    {
                        lines.Add((start, i + 1));
                        start = i + 1;
                        boundaries.Add(start);
                    }
                }

                // #define and #undef must come before every token, the new using's too.
                var lastDefine = -1;
                for (var i = 0; i < trivia.Count; i++)
                {
                    if (trivia[i].IsKind(SyntaxKind.DefineDirectiveTrivia) || trivia[i].IsKind(SyntaxKind.UndefDirectiveTrivia))
                    {
                        lastDefine = i;
                    }
                }

                boundaries.RemoveAll(b => b <= lastDefine);
                return new TriviaLines(trivia, lines, boundaries);
            }

            public int PositionOf(int boundary, SyntaxToken token) =>
                boundary < _trivia.Count ? _trivia[boundary].FullSpan.Start : token.SpanStart;

            /// <summary>Where the run of comment-only lines that ends at <paramref name="boundary"/> starts.</summary>
            public int StartOfCommentBlockEndingAt(int boundary)
            {
                var start = boundary;
                for (var i = _lines.Count - 1; i >= 0; i--)
                {
                    if (_lines[i].End > start)
                    {
                        continue;
                    }

                    if (_lines[i].End < start || !IsCommentLine(_lines[i]))
                    {
                        break;
                    }

                    start = _lines[i].Start;
                }

                return start;
            }

            /// <summary>Whether anything but blank space comes before <paramref name="boundary"/>.</summary>
            public bool HasContentBefore(int boundary) =>
                _trivia.Take(boundary).Any(t => !t.IsKind(SyntaxKind.WhitespaceTrivia) && !t.IsKind(SyntaxKind.EndOfLineTrivia));

            private bool IsCommentLine((int Start, int End) line)
            {
                var comment = false;
                for (var i = line.Start; i < line.End; i++)
                {
                    var kind = _trivia[i].Kind();
                    if (kind == SyntaxKind.SingleLineCommentTrivia || kind == SyntaxKind.MultiLineCommentTrivia)
                    {
                        comment = true;
                    }
                    else if (kind != SyntaxKind.WhitespaceTrivia && kind != SyntaxKind.EndOfLineTrivia)
                    {
                        return false;
                    }
                }

                return comment;
            }
        }

        /// <summary>The orders a file's usings may be kept in: System first or not, ignoring case (as Visual Studio's
        /// sort does) or ordinal.</summary>
        private sealed class UsingOrder
        {
            private static readonly UsingOrder[] All =
            {
                new UsingOrder(systemFirst: true, ignoreCase: true),
                new UsingOrder(systemFirst: false, ignoreCase: true),
                new UsingOrder(systemFirst: true, ignoreCase: false),
                new UsingOrder(systemFirst: false, ignoreCase: false),
            };

            private readonly bool _systemFirst;
            private readonly bool _ignoreCase;

            private UsingOrder(bool systemFirst, bool ignoreCase)
            {
                _systemFirst = systemFirst;
                _ignoreCase = ignoreCase;
            }

            /// <summary>System first (the .NET default) before plain, unless .editorconfig says otherwise.</summary>
            public static IEnumerable<UsingOrder> Candidates(bool? systemFirst) =>
                All.OrderBy(o => systemFirst is null ? 0 : o._systemFirst == systemFirst ? 0 : 1);

            public bool IsSorted(IReadOnlyList<string> names)
            {
                for (var i = 1; i < names.Count; i++)
                {
                    if (Compare(names[i - 1], names[i]) > 0)
                    {
                        return false;
                    }
                }

                return true;
            }

            public int Compare(string a, string b)
            {
                if (_systemFirst && IsSystem(a) != IsSystem(b))
                {
                    return IsSystem(a) ? -1 : 1;
                }

                var compared = _ignoreCase ? string.Compare(a, b, StringComparison.OrdinalIgnoreCase) : 0;
                return compared != 0 ? compared : string.CompareOrdinal(a, b);
            }

            private static bool IsSystem(string name) => name == "System" || name.StartsWith("System.", StringComparison.Ordinal);
        }
    }
}
