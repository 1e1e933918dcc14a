using System;
using SupplyChainGuard.Diagnostics;
using Xunit;

namespace SupplyChainGuard.Policy.Tests
{
    /// <summary>SCG0203: one informational note per preset whose review is more than a year old, at the extends entry.</summary>
    public sealed class PresetFreshnessTests
    {
        private static PolicyLoadResult LoadOn(DateTime today, string policyText, InMemoryPolicyFiles? files = null)
        {
            files ??= new InMemoryPolicyFiles();
            files.Add(TestPaths.Policy, policyText);
            return new PolicyLoader(files) { Today = today }.Load(TestPaths.Policy);
        }

        [Fact]
        public void A_preset_reviewed_within_the_year_gets_no_note()
        {
            var result = LoadOn(new DateTime(2027, 12, 1), """{ "extends": ["preset:us-fcc-covered-list"] }""");

            Assert.True(result.Succeeded);
            Assert.Empty(result.Notes);
        }

        [Fact]
        public void A_preset_reviewed_more_than_a_year_ago_gets_one_info_note_naming_it_and_its_date()
        {
            var result = LoadOn(new DateTime(2027, 12, 2), """
                {
                  "extends": ["preset:us-fcc-covered-list"]
                }
                """);

            Assert.True(result.Succeeded);
            Assert.Empty(result.Diagnostics);
            var note = Assert.Single(result.Notes); // one note, however many vendors the preset lists
            Assert.Equal(RuleIdentifiers.PresetNotReviewed, note.RuleId);
            Assert.Equal("SCG0203", note.RuleId);
            Assert.Equal(PolicySeverity.Info, note.Severity);
            Assert.Equal(new SourceLocation(TestPaths.Policy, 2, 15), note.Location);
            Assert.Equal("Preset 'us-fcc-covered-list' was last reviewed on 2026-12-01, more than a year ago: the list it follows may have changed since. "
                + "Update SupplyChainGuard to get a newer review, or check the preset's sources yourself (docs/presets.md).", note.Message);
        }

        [Fact]
        public void Each_stale_preset_gets_its_own_note_in_extends_order()
        {
            var result = LoadOn(new DateTime(2030, 1, 1), """{ "extends": ["preset:us-pafaca", "preset:us-kaspersky"] }""");

            Assert.Equal(new[] { "us-pafaca", "us-kaspersky" }, new[] { result.Notes[0].Message.Split('\'')[1], result.Notes[1].Message.Split('\'')[1] });
            Assert.Equal(2, result.Notes.Count);
        }

        [Fact]
        public void A_preset_reached_through_an_org_policy_is_noted_once_at_the_org_policys_extends_entry()
        {
            var org = TestPaths.At("org", "supplychainguard.json");
            var files = new InMemoryPolicyFiles().Add(org, """{ "extends": ["preset:us-kaspersky"] }""");

            var result = LoadOn(new DateTime(2030, 1, 1), """{ "extends": ["../org/supplychainguard.json", "preset:us-kaspersky"] }""", files);

            var note = Assert.Single(result.Notes);
            Assert.Equal(new SourceLocation(org, 1, 15), note.Location);
        }

        [Fact]
        public void A_broken_policy_has_no_notes()
        {
            var result = LoadOn(new DateTime(2030, 1, 1), """{ "extends": ["preset:us-kaspersky"], "mode": "maybe" }""");

            Assert.False(result.Succeeded);
            Assert.Empty(result.Notes);
        }

        [Fact]
        public void A_policy_without_presets_has_no_notes_even_with_an_old_reviewed_date_of_its_own()
        {
            var result = LoadOn(new DateTime(2030, 1, 1), """{ "reviewed": "2020-01-01", "title": "Org policy" }""");

            Assert.True(result.Succeeded);
            Assert.Empty(result.Notes);
        }

        [Fact]
        public void Text_loaded_from_memory_is_dated_by_the_loaders_today_too()
        {
            PolicyLoadResult LoadTextOn(DateTime today) =>
                new PolicyLoader(new InMemoryPolicyFiles()) { Today = today }.LoadText(TestPaths.Policy, """{ "extends": ["preset:us-fcc-covered-list"] }""");

            Assert.Equal(RuleIdentifiers.PresetNotReviewed, Assert.Single(LoadTextOn(new DateTime(2099, 1, 1)).Notes).RuleId);
            Assert.Empty(LoadTextOn(new DateTime(2000, 1, 1)).Notes);
        }
    }
}
