using System.Text;

namespace SupplyChainGuard.Packages
{
    /// <summary>
    /// One diagnostic of the package check, as every host prints it: the build task logs it, the no-op replay
    /// logs it again, the CLI writes it as a table row, JSON or SARIF.
    /// </summary>
    public sealed class CheckDiagnostic
    {
        public CheckDiagnostic(ReportLevel level, string code, string file, int line, int column, string message)
        {
            Level = level;
            Code = code;
            File = file;
            Line = line;
            Column = column;
            Message = SingleLine(message);
        }

        public ReportLevel Level { get; }
        public string Code { get; }
        public string File { get; }

        /// <summary>1-based; 0 when the diagnostic is about the file as a whole.</summary>
        public int Line { get; }

        public int Column { get; }

        /// <summary>The text, on one line: control characters (a TAB or newline in a nuspec field) are spaces,
        /// so a console, a log and the replay record all hold the same bytes.</summary>
        public string Message { get; }

        /// <summary>Replaces every control character and line/paragraph separator by a space.</summary>
        public static string SingleLine(string text)
        {
            StringBuilder? builder = null;
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (char.IsControl(c) || c == '\u2028' || c == '\u2029' || c == '\u0085')
                {
                    builder ??= new StringBuilder(text, 0, i, text.Length);
                    builder.Append(' ');
                }
                else
                {
                    builder?.Append(c);
                }
            }

            return builder?.ToString() ?? text;
        }

        public override string ToString() =>
            (Line > 0 ? $"{File}({Line},{Column})" : File) + $": {Level.ToString().ToLowerInvariant()} {Code}: {Message}";

        public override bool Equals(object? obj) =>
            obj is CheckDiagnostic other && other.Level == Level && other.Code == Code && other.File == File
            && other.Line == Line && other.Column == Column && other.Message == Message;

        public override int GetHashCode() => (Code.GetHashCode() * 31 + File.GetHashCode()) * 31 + Message.GetHashCode() + Line;
    }

    /// <summary>Something the check says for the log only, not as a diagnostic.</summary>
    public sealed class CheckMessage
    {
        public CheckMessage(bool isDetail, string text)
        {
            IsDetail = isDetail;
            Text = text;
        }

        /// <summary>True for detail a user sees only at detailed verbosity.</summary>
        public bool IsDetail { get; }

        public string Text { get; }

        public override string ToString() => Text;
    }
}
