namespace SupplyChainGuard.Policy
{
    /// <summary>
    /// What a finding does when it rests only on free text (nuspec authors, repository URLs, an assembly's
    /// <c>AssemblyCompany</c>): the policy key <c>weakSignals</c>. Such a finding is always named as weak.
    /// </summary>
    public enum WeakSignalsMode
    {
        /// <summary><c>"report"</c> (default): reported at the vendor's severity, but never more than a warning.</summary>
        Report,

        /// <summary><c>"warn"</c>: always a warning, whatever the vendor's severity says (unless it is <c>none</c>).</summary>
        Warn,

        /// <summary><c>"ignore"</c>: not reported, and not handed to the analyzer; the verdict still records it.</summary>
        Ignore,
    }

    public static class WeakSignals
    {
        /// <summary>The severity of a finding that rests only on free text, given what the vendor's severity would make it.</summary>
        public static PolicySeverity SeverityOf(PolicySeverity severity, WeakSignalsMode mode) => mode switch
        {
            WeakSignalsMode.Ignore => PolicySeverity.None,
            WeakSignalsMode.Warn => severity == PolicySeverity.None ? PolicySeverity.None : PolicySeverity.Warning,
            _ => severity == PolicySeverity.Error ? PolicySeverity.Warning : severity,
        };
    }
}
