using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SupplyChainGuard.Diagnostics;

namespace SupplyChainGuard.Policy
{
    /// <summary>
    /// Something a policy load wants the user to know that does not stop the policy from applying. Today only
    /// SCG0203: a preset whose <c>reviewed</c> date is more than a year old.
    /// </summary>
    public sealed class PolicyNote
    {
        public PolicyNote(string ruleId, SourceLocation location, string message)
        {
            RuleId = ruleId;
            Location = location;
            Message = message;
        }

        public string RuleId { get; }

        /// <summary>Where to report it: the <c>extends</c> entry that brings the preset in.</summary>
        public SourceLocation Location { get; }

        public string Message { get; }

        /// <summary>Always informational: a note is never a warning or an error.</summary>
        public PolicySeverity Severity => PolicySeverity.Info;

        public override string ToString() => $"{Location}: {RuleId}: {Message}";
    }

    /// <summary>SCG0203: one note per preset not reviewed for more than a year, however many vendors it lists.</summary>
    public static class PresetFreshness
    {
        /// <summary>More than a year old: reviewed on 2025-11-30 is stale on 2026-12-01, on 2025-12-01 it is not.</summary>
        public static bool IsStale(DateTime reviewed, DateTime today) => reviewed.Date.AddYears(1) < today.Date;

        public static IReadOnlyList<PolicyNote> Notes(IEnumerable<PresetUse> presets, DateTime today)
        {
            var notes = new List<PolicyNote>();
            foreach (var preset in presets)
            {
                if (preset.Reviewed is { } reviewed && IsStale(reviewed, today))
                {
                    var location = preset.Location ?? new SourceLocation(Loading.PresetCatalog.Prefix + preset.Id, 0, 0);
                    notes.Add(new PolicyNote(RuleIdentifiers.PresetNotReviewed, location, Message(preset.Id, reviewed)));
                }
            }

            return notes;
        }

        /// <summary>The SCG0203 text, the same wherever it is reported.</summary>
        public static string Message(string presetId, DateTime reviewed) =>
            $"Preset '{presetId}' was last reviewed on {reviewed.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}, more than a year ago: "
            + "the list it follows may have changed since. Update SupplyChainGuard to get a newer review, or check the preset's sources yourself (docs/presets.md).";
    }
}
