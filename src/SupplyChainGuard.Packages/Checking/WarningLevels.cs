using System;
using System.Collections.Generic;
using System.Linq;
using SupplyChainGuard.Policy;

namespace SupplyChainGuard.Packages
{
    public enum ReportLevel
    {
        Suppressed,
        Message,
        Warning,
        Error,
    }

    /// <summary>
    /// The project's own warning settings (<c>NoWarn</c>, <c>WarningsAsErrors</c>, <c>WarningsNotAsErrors</c>,
    /// <c>TreatWarningsAsErrors</c>) applied to a code, so the outcome is the same on every MSBuild version.
    /// </summary>
    public sealed class WarningLevels
    {
        private readonly HashSet<string> _noWarn;
        private readonly HashSet<string> _asErrors;
        private readonly HashSet<string> _notAsErrors;
        private readonly bool _allAsErrors;

        public WarningLevels(string? noWarn, string? warningsAsErrors, string? warningsNotAsErrors, bool treatWarningsAsErrors)
        {
            _noWarn = Codes(noWarn);
            _asErrors = Codes(warningsAsErrors);
            _notAsErrors = Codes(warningsNotAsErrors);
            _allAsErrors = treatWarningsAsErrors;
        }

        public ReportLevel LevelOf(string code, PolicySeverity severity)
        {
            // As for compiler diagnostics, NoWarn silences warnings and messages, never errors.
            if (severity == PolicySeverity.Error)
            {
                return ReportLevel.Error;
            }

            if (severity == PolicySeverity.None || _noWarn.Contains(code))
            {
                return ReportLevel.Suppressed;
            }

            switch (severity)
            {
                case PolicySeverity.Info:
                    return ReportLevel.Message;
                default:
                    if (_asErrors.Contains(code) || (_allAsErrors && !_notAsErrors.Contains(code)))
                    {
                        return ReportLevel.Error;
                    }

                    return ReportLevel.Warning;
            }
        }

        /// <summary>Splits <c>NoWarn</c>-style lists: separated by ';' or ',', whitespace ignored, case-insensitive.</summary>
        public static HashSet<string> Codes(string? list) =>
            new HashSet<string>(
                (list ?? string.Empty).Split(new[] { ';', ',' }, StringSplitOptions.RemoveEmptyEntries).Select(c => c.Trim()).Where(c => c.Length > 0),
                StringComparer.OrdinalIgnoreCase);
    }
}
