using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using NuGet.Frameworks;

namespace SupplyChainGuard.Cli.Projects
{
    /// <summary>An expression the static reader does not understand; the caller records it as a limit of the read.</summary>
    internal sealed class UnsupportedExpressionException : Exception
    {
        public UnsupportedExpressionException(string message)
            : base(message)
        {
        }
    }

    /// <summary>
    /// The part of MSBuild's expression language that project files use to set warning properties, declare
    /// package items and import shared files: <c>$(Property)</c>, a few <c>[MSBuild]::</c> and
    /// <c>[System.IO.Path]::</c> functions, and conditions with <c>==</c>, <c>!=</c>, comparisons, <c>and</c>,
    /// <c>or</c>, <c>!</c>, <c>Exists()</c> and <c>HasTrailingSlash()</c>. Anything else throws
    /// <see cref="UnsupportedExpressionException"/>, so that a read never guesses silently.
    /// </summary>
    internal sealed class MsBuildExpressions
    {
        private readonly Func<string, string?> _property;
        private readonly string _projectDirectory;

        public MsBuildExpressions(Func<string, string?> property, string projectDirectory)
        {
            _property = property;
            _projectDirectory = projectDirectory;
        }

        /// <summary>Expands every <c>$(…)</c> in <paramref name="text"/>; item and metadata references stay as written.</summary>
        public string Expand(string text)
        {
            if (text.IndexOf("$(", StringComparison.Ordinal) < 0)
            {
                return text;
            }

            var result = new StringBuilder(text.Length);
            var i = 0;
            while (i < text.Length)
            {
                if (text[i] == '$' && i + 1 < text.Length && text[i + 1] == '(')
                {
                    var end = MatchingParenthesis(text, i + 1);
                    result.Append(EvaluateProperty(text.Substring(i + 2, end - i - 2).Trim()));
                    i = end + 1;
                }
                else
                {
                    result.Append(text[i]);
                    i++;
                }
            }

            return result.ToString();
        }

        public bool Condition(string condition)
        {
            if (string.IsNullOrWhiteSpace(condition))
            {
                return true;
            }

            var parser = new ConditionParser(this, condition);
            var value = parser.ParseExpression();
            parser.ExpectEnd();
            return AsBoolean(value, condition);
        }

        private string EvaluateProperty(string inner)
        {
            if (inner.Length == 0)
            {
                return string.Empty;
            }

            if (inner[0] == '[')
            {
                return EvaluateStaticFunction(inner);
            }

            if (IsName(inner))
            {
                return _property(inner) ?? string.Empty;
            }

            throw new UnsupportedExpressionException($"the property function '$({inner})'");
        }

        private string EvaluateStaticFunction(string inner)
        {
            var close = inner.IndexOf(']');
            if (close < 0 || inner.Length < close + 3 || inner[close + 1] != ':' || inner[close + 2] != ':')
            {
                throw new UnsupportedExpressionException($"'$({inner})'");
            }

            var type = inner.Substring(1, close - 1).Trim();
            var call = inner.Substring(close + 3);
            var open = call.IndexOf('(');
            var name = (open < 0 ? call : call.Substring(0, open)).Trim();
            var arguments = new List<string>();
            if (open >= 0)
            {
                var end = MatchingParenthesis(call, open);
                if (call.Substring(end + 1).Trim().Length > 0)
                {
                    throw new UnsupportedExpressionException($"'$({inner})'");
                }

                arguments.AddRange(SplitArguments(call.Substring(open + 1, end - open - 1)).Select(a => Unquote(Expand(a.Trim()))));
            }

            var key = type + "::" + name;
            switch (key.ToLowerInvariant())
            {
                case "msbuild::getdirectorynameoffileabove":
                    Require(arguments, 2, inner);
                    return FileAbove(arguments[0], arguments[1]) is { } found ? Path.GetDirectoryName(found)! : string.Empty;
                case "msbuild::getpathoffileabove":
                    return FileAbove(arguments.Count > 1 ? arguments[1] : _projectDirectory, arguments[0]) ?? string.Empty;
                case "msbuild::normalizepath":
                    return Path.GetFullPath(Combine(arguments));
                case "msbuild::normalizedirectory":
                    return EnsureTrailingSlash(Path.GetFullPath(Combine(arguments)));
                case "msbuild::ensuretrailingslash":
                    Require(arguments, 1, inner);
                    return EnsureTrailingSlash(arguments[0]);
                case "msbuild::valueordefault":
                    Require(arguments, 2, inner);
                    return arguments[0].Length > 0 ? arguments[0] : arguments[1];
                case "msbuild::gettargetframeworkidentifier":
                    Require(arguments, 1, inner);
                    return Framework(arguments[0]).Framework;
                case "msbuild::gettargetframeworkversion":
                    Require(arguments, 1, inner);
                    return Framework(arguments[0]).Version.ToString(2);
                case "msbuild::istargetframeworkcompatible":
                    Require(arguments, 2, inner);
                    return DefaultCompatibilityProvider.Instance.IsCompatible(Framework(arguments[0]), Framework(arguments[1])) ? "True" : "False";
                case "system.io.path::combine":
                    return Combine(arguments);
                case "system.io.path::getdirectoryname":
                    Require(arguments, 1, inner);
                    return Path.GetDirectoryName(arguments[0]) ?? string.Empty;
                default:
                    throw new UnsupportedExpressionException($"the property function '[{type}]::{name}'");
            }
        }

        private static NuGetFramework Framework(string name)
        {
            var framework = NuGetFramework.Parse(name);
            if (framework.IsUnsupported)
            {
                throw new UnsupportedExpressionException($"the target framework '{name}'");
            }

            return framework;
        }

        private string? FileAbove(string startDirectory, string fileName)
        {
            var start = startDirectory.Length == 0 ? _projectDirectory : Path.GetFullPath(Path.Combine(_projectDirectory, startDirectory));
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                var candidate = Path.Combine(directory.FullName, fileName);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }

            return null;
        }

        private string Combine(IReadOnlyList<string> parts)
        {
            var path = string.Empty;
            foreach (var part in parts)
            {
                path = path.Length == 0 ? ToNative(part) : Path.Combine(path, ToNative(part));
            }

            return path.Length == 0 ? _projectDirectory : path;
        }

        /// <summary>MSBuild accepts either separator on every OS.</summary>
        public static string ToNative(string path) => path.Replace('\\', Path.DirectorySeparatorChar).Replace('/', Path.DirectorySeparatorChar);

        public static string EnsureTrailingSlash(string path) =>
            path.Length == 0 || path.EndsWith("/", StringComparison.Ordinal) || path.EndsWith("\\", StringComparison.Ordinal) ? path : path + Path.DirectorySeparatorChar;

        private static void Require(List<string> arguments, int count, string inner)
        {
            if (arguments.Count != count)
            {
                throw new UnsupportedExpressionException($"'$({inner})' with {arguments.Count} arguments");
            }
        }

        private static bool IsName(string text)
        {
            if (text.Length == 0 || !(char.IsLetter(text[0]) || text[0] == '_'))
            {
                return false;
            }

            return text.All(c => char.IsLetterOrDigit(c) || c == '_' || c == '-');
        }

        private static int MatchingParenthesis(string text, int open)
        {
            var depth = 0;
            char? quote = null;
            for (var i = open; i < text.Length; i++)
            {
                var c = text[i];
                if (quote is not null)
                {
                    if (c == quote)
                    {
                        quote = null;
                    }
                }
                else if (c == '\'' || c == '"' || c == '`')
                {
                    quote = c;
                }
                else if (c == '(')
                {
                    depth++;
                }
                else if (c == ')' && --depth == 0)
                {
                    return i;
                }
            }

            throw new UnsupportedExpressionException($"an unclosed '(' in '{text}'");
        }

        private static IEnumerable<string> SplitArguments(string text)
        {
            if (text.Trim().Length == 0)
            {
                yield break;
            }

            var depth = 0;
            char? quote = null;
            var start = 0;
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (quote is not null)
                {
                    if (c == quote)
                    {
                        quote = null;
                    }
                }
                else if (c == '\'' || c == '"' || c == '`')
                {
                    quote = c;
                }
                else if (c == '(')
                {
                    depth++;
                }
                else if (c == ')')
                {
                    depth--;
                }
                else if (c == ',' && depth == 0)
                {
                    yield return text.Substring(start, i - start);
                    start = i + 1;
                }
            }

            yield return text.Substring(start);
        }

        private static string Unquote(string text) =>
            text.Length >= 2 && (text[0] == '\'' || text[0] == '"' || text[0] == '`') && text[text.Length - 1] == text[0] ? text.Substring(1, text.Length - 2) : text;

        private static bool AsBoolean(string value, string condition)
        {
            switch (value.Trim().ToLowerInvariant())
            {
                case "true":
                case "on":
                case "yes":
                case "!false":
                case "!off":
                case "!no":
                    return true;
                case "false":
                case "off":
                case "no":
                case "!true":
                case "!on":
                case "!yes":
                    return false;
                default:
                    throw new UnsupportedExpressionException($"the condition \"{condition}\" ('{value}' is not a boolean)");
            }
        }

        /// <summary>Recursive descent over MSBuild's condition grammar; values are strings until a boolean is needed.</summary>
        private sealed class ConditionParser
        {
            private readonly MsBuildExpressions _expressions;
            private readonly string _text;
            private int _at;

            public ConditionParser(MsBuildExpressions expressions, string text)
            {
                _expressions = expressions;
                _text = text;
            }

            public string ParseExpression()
            {
                var left = ParseAnd();
                while (TryKeyword("or"))
                {
                    var right = ParseAnd();
                    left = AsBoolean(left, _text) || AsBoolean(right, _text) ? "true" : "false";
                }

                return left;
            }

            public void ExpectEnd()
            {
                SkipSpace();
                if (_at < _text.Length)
                {
                    throw new UnsupportedExpressionException($"the condition \"{_text}\" (at '{_text.Substring(_at)}')");
                }
            }

            private string ParseAnd()
            {
                var left = ParseNot();
                while (TryKeyword("and"))
                {
                    var right = ParseNot();
                    left = AsBoolean(left, _text) && AsBoolean(right, _text) ? "true" : "false";
                }

                return left;
            }

            private string ParseNot()
            {
                SkipSpace();
                if (_at < _text.Length && _text[_at] == '!' && (_at + 1 >= _text.Length || _text[_at + 1] != '='))
                {
                    _at++;
                    return AsBoolean(ParseNot(), _text) ? "false" : "true";
                }

                return ParseComparison();
            }

            private string ParseComparison()
            {
                var left = ParseOperand();
                SkipSpace();
                foreach (var op in new[] { "==", "!=", "<=", ">=", "<", ">" })
                {
                    if (string.CompareOrdinal(_text, _at, op, 0, op.Length) == 0)
                    {
                        _at += op.Length;
                        var right = ParseOperand();
                        return Compare(left, op, right) ? "true" : "false";
                    }
                }

                return left;
            }

            private bool Compare(string left, string op, string right)
            {
                if (op == "==" || op == "!=")
                {
                    var equal = string.Equals(left, right, StringComparison.OrdinalIgnoreCase)
                        || (TryNumber(left, out var l) && TryNumber(right, out var r) && l == r);
                    return op == "==" ? equal : !equal;
                }

                int order;
                if (TryNumber(left, out var ln) && TryNumber(right, out var rn))
                {
                    order = ln.CompareTo(rn);
                }
                else if (Version.TryParse(left, out var lv) && Version.TryParse(right, out var rv))
                {
                    order = lv.CompareTo(rv);
                }
                else
                {
                    throw new UnsupportedExpressionException($"the comparison '{left}' {op} '{right}' in \"{_text}\"");
                }

                return op switch
                {
                    "<" => order < 0,
                    ">" => order > 0,
                    "<=" => order <= 0,
                    _ => order >= 0,
                };
            }

            private static bool TryNumber(string text, out double value) =>
                double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

            private string ParseOperand()
            {
                SkipSpace();
                if (_at >= _text.Length)
                {
                    throw new UnsupportedExpressionException($"the condition \"{_text}\" (it ends too early)");
                }

                var c = _text[_at];
                if (c == '(')
                {
                    _at++;
                    var value = ParseExpression();
                    SkipSpace();
                    Expect(')');
                    return value;
                }

                if (c == '\'' || c == '"' || c == '`')
                {
                    var end = _text.IndexOf(c, _at + 1);
                    if (end < 0)
                    {
                        throw new UnsupportedExpressionException($"an unclosed quote in \"{_text}\"");
                    }

                    var inner = _text.Substring(_at + 1, end - _at - 1);
                    _at = end + 1;
                    if (inner.IndexOf("@(", StringComparison.Ordinal) >= 0 || inner.IndexOf("%(", StringComparison.Ordinal) >= 0)
                    {
                        throw new UnsupportedExpressionException($"an item or metadata reference in \"{_text}\"");
                    }

                    return _expressions.Expand(inner);
                }

                if (c == '$' && _at + 1 < _text.Length && _text[_at + 1] == '(')
                {
                    var end = MatchingParenthesis(_text, _at + 1);
                    var expression = _text.Substring(_at, end - _at + 1);
                    _at = end + 1;
                    return _expressions.Expand(expression);
                }

                var start = _at;
                while (_at < _text.Length && (char.IsLetterOrDigit(_text[_at]) || _text[_at] == '_' || _text[_at] == '.' || _text[_at] == '-'))
                {
                    _at++;
                }

                if (_at == start)
                {
                    throw new UnsupportedExpressionException($"the condition \"{_text}\" (at '{_text.Substring(start)}')");
                }

                var word = _text.Substring(start, _at - start);
                SkipSpace();
                if (_at < _text.Length && _text[_at] == '(')
                {
                    var end = MatchingParenthesis(_text, _at);
                    var arguments = SplitArguments(_text.Substring(_at + 1, end - _at - 1)).Select(a => Unquote(_expressions.Expand(a.Trim()))).ToList();
                    _at = end + 1;
                    return CallFunction(word, arguments);
                }

                return word;
            }

            private string CallFunction(string name, List<string> arguments)
            {
                if (arguments.Count == 1 && string.Equals(name, "Exists", StringComparison.OrdinalIgnoreCase))
                {
                    var path = ToNative(arguments[0].Trim());
                    if (path.Length == 0)
                    {
                        return "false";
                    }

                    var full = Path.GetFullPath(Path.Combine(_expressions._projectDirectory, path));
                    return File.Exists(full) || Directory.Exists(full) ? "true" : "false";
                }

                if (arguments.Count == 1 && string.Equals(name, "HasTrailingSlash", StringComparison.OrdinalIgnoreCase))
                {
                    return arguments[0].EndsWith("/", StringComparison.Ordinal) || arguments[0].EndsWith("\\", StringComparison.Ordinal) ? "true" : "false";
                }

                throw new UnsupportedExpressionException($"the condition function '{name}()'");
            }

            private bool TryKeyword(string keyword)
            {
                SkipSpace();
                if (_at + keyword.Length <= _text.Length
                    && string.Compare(_text, _at, keyword, 0, keyword.Length, StringComparison.OrdinalIgnoreCase) == 0
                    && (_at + keyword.Length == _text.Length || !char.IsLetterOrDigit(_text[_at + keyword.Length])))
                {
                    _at += keyword.Length;
                    return true;
                }

                return false;
            }

            private void Expect(char c)
            {
                if (_at >= _text.Length || _text[_at] != c)
                {
                    throw new UnsupportedExpressionException($"the condition \"{_text}\" (expected '{c}')");
                }

                _at++;
            }

            private void SkipSpace()
            {
                while (_at < _text.Length && char.IsWhiteSpace(_text[_at]))
                {
                    _at++;
                }
            }
        }
    }
}
