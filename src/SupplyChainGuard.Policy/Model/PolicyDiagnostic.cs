namespace SupplyChainGuard.Policy
{
    /// <summary>A problem in a policy file (SCG0901): where it is and what is wrong.</summary>
    public sealed class PolicyDiagnostic
    {
        public PolicyDiagnostic(SourceLocation location, string message)
        {
            Location = location;
            Message = message;
        }

        public SourceLocation Location { get; }
        public string Message { get; }

        public override string ToString() => $"{Location}: {Message}";
    }
}
