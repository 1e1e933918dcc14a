namespace SupplyChainGuard.Policy
{
    /// <summary>
    /// Wildcard matching without building regular expressions. Names use the classic single-star
    /// backtracking walk (linear in practice, no allocation); paths, where <c>*</c> stops at <c>/</c> and
    /// <c>**</c> does not, use a small recursive walk — project paths are short and patterns have few stars.
    /// Comparison ignores case (invariant upper-casing).
    /// </summary>
    internal static class GlobMatcher
    {
        public static bool IsMatch(string pattern, string text, bool pathAware) =>
            pathAware ? MatchPath(pattern, 0, text, 0) : MatchName(pattern, text);

        private static bool MatchName(string pattern, string text)
        {
            int p = 0, t = 0, starP = -1, starT = -1;
            while (t < text.Length)
            {
                if (p < pattern.Length && pattern[p] == '*')
                {
                    starP = p++;
                    starT = t;
                }
                else if (p < pattern.Length && (pattern[p] == '?' || CharEquals(pattern[p], text[t])))
                {
                    p++;
                    t++;
                }
                else if (starP >= 0)
                {
                    p = starP + 1;
                    t = ++starT;
                }
                else
                {
                    return false;
                }
            }

            while (p < pattern.Length && pattern[p] == '*')
            {
                p++;
            }

            return p == pattern.Length;
        }

        private static bool MatchPath(string pattern, int p, string text, int t)
        {
            while (p < pattern.Length)
            {
                var c = pattern[p];
                if (c == '*')
                {
                    var doubleStar = p + 1 < pattern.Length && pattern[p + 1] == '*';
                    if (doubleStar)
                    {
                        var rest = p + 2;
                        if (rest < pattern.Length && pattern[rest] == '/' && MatchPath(pattern, rest + 1, text, t))
                        {
                            return true; // "**/" standing for no directory at all
                        }

                        for (var k = t; k <= text.Length; k++)
                        {
                            if (MatchPath(pattern, rest, text, k))
                            {
                                return true;
                            }
                        }

                        return false;
                    }

                    for (var k = t; k <= text.Length; k++)
                    {
                        if (MatchPath(pattern, p + 1, text, k))
                        {
                            return true;
                        }

                        if (k < text.Length && text[k] == '/')
                        {
                            break;
                        }
                    }

                    return false;
                }

                if (t >= text.Length)
                {
                    return false;
                }

                if (c == '?' ? text[t] == '/' : !CharEquals(c, text[t]))
                {
                    return false;
                }

                p++;
                t++;
            }

            return t == text.Length;
        }

        private static bool CharEquals(char a, char b) =>
            a == b || char.ToUpperInvariant(a) == char.ToUpperInvariant(b);
    }
}
