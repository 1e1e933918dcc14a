namespace SupplyChainGuard.Policy
{
    /// <summary>A 1-based line and column in a file; line 0 means "the file as a whole".</summary>
    public readonly struct SourceLocation
    {
        public SourceLocation(string filePath, int line, int column)
        {
            FilePath = filePath;
            Line = line;
            Column = column;
        }

        public string FilePath { get; }
        public int Line { get; }
        public int Column { get; }

        public override string ToString() => Line > 0 ? $"{FilePath}({Line},{Column})" : FilePath;
    }
}
