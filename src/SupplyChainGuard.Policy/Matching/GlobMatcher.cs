namespace SupplyChainGuard.Policy
{
    /// <summary>
    /// Wildcard matching without regular expressions and without backtracking. The pattern is read as a
    /// small automaton whose states are positions in the pattern; the text is read once, left to right,
    /// keeping the set of positions the text so far can have reached. Each character costs at most one
    /// step per pattern position, so a match costs at most (text length + 1) × (pattern length + 1) steps
    /// whatever the pattern — <c>*a*a*a*a*b</c> against ten thousand <c>a</c> included, which a recursive
    /// walk takes exponential time for. The binder caps the pattern length (<see cref="MaxPatternLength"/>),
    /// so a match is linear in the length of the text.
    /// Names: <c>*</c> is any run of characters, <c>?</c> one character. Paths: <c>*</c> and <c>?</c> stop
    /// at <c>/</c>, <c>**</c> does not, and <c>**/</c> also stands for no directory at all.
    /// Comparison ignores case (invariant upper-casing).
    /// </summary>
    internal static class GlobMatcher
    {
        /// <summary>The longest glob a policy may write.</summary>
        public const int MaxPatternLength = 1024;

        public static bool IsMatch(string pattern, string text, bool pathAware) => IsMatch(pattern, text, pathAware, out _);

        /// <summary>As <see cref="IsMatch(string, string, bool)"/>, counting the automaton's steps (for tests).</summary>
        internal static bool IsMatch(string pattern, string text, bool pathAware, out long steps) =>
            Run(Compile(pattern, pathAware), text, pathAware, matchParents: false, out steps);

        /// <summary>
        /// Whether <paramref name="path"/> or one of its parent directories (a prefix that ends before a
        /// <c>/</c>) matches: one pass over the path, not one match per parent.
        /// </summary>
        internal static bool IsPathOrParentMatch(string pattern, string path, out long steps) =>
            Run(Compile(pattern, pathAware: true), path, pathAware: true, matchParents: true, out steps);

        private enum TokenKind : byte
        {
            Literal,
            AnyChar,
            Star,
            DoubleStar,
        }

        private readonly struct Token
        {
            public Token(TokenKind kind, char literal = '\0')
            {
                Kind = kind;
                Literal = literal;
            }

            public TokenKind Kind { get; }
            public char Literal { get; }
        }

        private static Token[] Compile(string pattern, bool pathAware)
        {
            var tokens = new System.Collections.Generic.List<Token>(pattern.Length);
            for (var i = 0; i < pattern.Length; i++)
            {
                var c = pattern[i];
                if (c == '*')
                {
                    if (pathAware && i + 1 < pattern.Length && pattern[i + 1] == '*')
                    {
                        tokens.Add(new Token(TokenKind.DoubleStar));
                        i++;
                    }
                    else if (pathAware || tokens.Count == 0 || tokens[tokens.Count - 1].Kind != TokenKind.Star)
                    {
                        tokens.Add(new Token(TokenKind.Star)); // in a name, "**" is one star
                    }
                }
                else
                {
                    tokens.Add(c == '?' ? new Token(TokenKind.AnyChar) : new Token(TokenKind.Literal, c));
                }
            }

            return tokens.ToArray();
        }

        private static bool Run(Token[] tokens, string text, bool pathAware, bool matchParents, out long steps)
        {
            var m = tokens.Length;
            var current = new bool[m + 1];
            var next = new bool[m + 1];
            steps = 0;
            current[0] = true;
            steps += Close(tokens, current);

            for (var t = 0; t < text.Length; t++)
            {
                var c = text[t];
                if (matchParents && c == '/' && t > 0 && current[m])
                {
                    return true; // the parent directory text[0..t) matches
                }

                var any = false;
                for (var p = 0; p < m; p++)
                {
                    steps++;
                    if (!current[p])
                    {
                        continue;
                    }

                    var token = tokens[p];
                    switch (token.Kind)
                    {
                        case TokenKind.Star:
                            if (!pathAware || c != '/')
                            {
                                next[p] = any = true;
                            }

                            break;
                        case TokenKind.DoubleStar:
                            next[p] = any = true;
                            break;
                        case TokenKind.AnyChar:
                            if (!pathAware || c != '/')
                            {
                                next[p + 1] = any = true;
                            }

                            break;
                        default:
                            if (CharEquals(token.Literal, c))
                            {
                                next[p + 1] = any = true;
                            }

                            break;
                    }
                }

                if (!any)
                {
                    return false;
                }

                steps += Close(tokens, next);
                var swap = current;
                current = next;
                next = swap;
                System.Array.Clear(next, 0, next.Length);
            }

            return current[m];
        }

        /// <summary>Adds the positions reachable without reading a character: past a star (it may match nothing),
        /// and past <c>**/</c> as a whole (no directory at all). Returns the steps taken.</summary>
        private static long Close(Token[] tokens, bool[] states)
        {
            long steps = 0;
            for (var p = 0; p < tokens.Length; p++)
            {
                steps++;
                if (!states[p])
                {
                    continue;
                }

                var kind = tokens[p].Kind;
                if (kind == TokenKind.Star || kind == TokenKind.DoubleStar)
                {
                    states[p + 1] = true;
                    if (kind == TokenKind.DoubleStar && p + 1 < tokens.Length && tokens[p + 1].Kind == TokenKind.Literal && tokens[p + 1].Literal == '/')
                    {
                        states[p + 2] = true;
                    }
                }
            }

            return steps;
        }

        private static bool CharEquals(char a, char b) =>
            a == b || char.ToUpperInvariant(a) == char.ToUpperInvariant(b);
    }
}
