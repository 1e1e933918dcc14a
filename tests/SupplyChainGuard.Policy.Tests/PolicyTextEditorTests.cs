using System;
using Xunit;

namespace SupplyChainGuard.Policy.Tests
{
    /// <summary>
    /// <see cref="PolicyTextEditor.AddWaivers"/>, which the "add a waiver" code fix uses: it only inserts, so the
    /// file keeps its comments, its key order, its indentation and its line endings; it adds a waiver once; and it
    /// leaves alone (null) any text it cannot edit safely. Every expected text is written out in full.
    /// </summary>
    public sealed class PolicyTextEditorTests
    {
        private static readonly DateTime Expires = new DateTime(2027, 2, 23);

        private static WaiverDraft ForType(string type, string vendor = "baidu", string reason = "legacy OCR") =>
            new WaiverDraft(vendor, reason, Expires) { Types = new[] { type } };

        private static WaiverDraft ForNamespace(string @namespace, string vendor = "baidu") =>
            new WaiverDraft(vendor, "legacy OCR", Expires) { Namespaces = new[] { @namespace } };

        private static string Add(string text, params WaiverDraft[] drafts) => PolicyTextEditor.AddWaivers(text, drafts)!;

        [Fact]
        public void No_draft_gives_back_the_text_unchanged_even_when_it_is_not_a_policy()
        {
            const string text = "not json at all";
            Assert.Same(text, PolicyTextEditor.AddWaivers(text, Array.Empty<WaiverDraft>()));
        }

        [Theory]
        [InlineData("{ \"vendors\": [ }")]
        [InlineData("[]")]
        [InlineData("\"waivers\"")]
        [InlineData("{ \"waivers\": {} }")]
        [InlineData("{ \"waivers\": null }")]
        public void Text_that_is_not_an_object_with_a_waivers_array_is_left_alone(string text)
        {
            Assert.Null(PolicyTextEditor.AddWaivers(text, new[] { ForType("T") }));
        }

        [Fact]
        public void A_policy_without_waivers_gets_a_waivers_property_after_its_last_one_indented_as_its_keys()
        {
            Assert.Equal(
                "{\n  \"vendors\": [],\n  \"mode\": \"denylist\",\n  \"waivers\": [\n    { \"vendor\": \"baidu\", \"types\": [\"Baidu.Aip.Ocr.Ocr\"], \"reason\": \"legacy OCR\", \"expires\": \"2027-02-23\" }\n  ]\n}\n",
                Add("{\n  \"vendors\": [],\n  \"mode\": \"denylist\"\n}\n", ForType("Baidu.Aip.Ocr.Ocr")));
        }

        [Fact]
        public void Four_space_and_tab_indentation_is_kept()
        {
            Assert.Equal(
                "{\n    \"vendors\": [],\n    \"waivers\": [\n        { \"vendor\": \"baidu\", \"types\": [\"T\"], \"reason\": \"legacy OCR\", \"expires\": \"2027-02-23\" }\n    ]\n}",
                Add("{\n    \"vendors\": []\n}", ForType("T")));
            Assert.Equal(
                "{\n\t\"vendors\": [],\n\t\"waivers\": [\n\t\t{ \"vendor\": \"baidu\", \"types\": [\"T\"], \"reason\": \"legacy OCR\", \"expires\": \"2027-02-23\" }\n\t]\n}",
                Add("{\n\t\"vendors\": []\n}", ForType("T")));
        }

        [Fact]
        public void A_trailing_comma_after_the_last_property_is_reused_not_doubled()
        {
            Assert.Equal(
                "{\n  \"vendors\": [],\n  \"waivers\": [\n    { \"vendor\": \"baidu\", \"types\": [\"T\"], \"reason\": \"legacy OCR\", \"expires\": \"2027-02-23\" }\n  ]\n}",
                Add("{\n  \"vendors\": [],\n}", ForType("T")));
        }

        [Fact]
        public void A_comma_inside_a_comment_after_the_last_property_is_not_taken_for_a_trailing_comma()
        {
            Assert.Equal(
                "{\n  \"vendors\": [],\n  \"waivers\": [\n    { \"vendor\": \"baidu\", \"types\": [\"T\"], \"reason\": \"legacy OCR\", \"expires\": \"2027-02-23\" }\n  ] // a, b\n}",
                Add("{\n  \"vendors\": [] // a, b\n}", ForType("T")));
            Assert.Equal(
                "{ \"vendors\": [],\n  \"waivers\": [\n    { \"vendor\": \"baidu\", \"types\": [\"T\"], \"reason\": \"legacy OCR\", \"expires\": \"2027-02-23\" }\n  ] /* a, b */ }",
                Add("{ \"vendors\": [] /* a, b */ }", ForType("T")));
        }

        [Fact]
        public void An_empty_object_gets_a_waivers_property_with_two_space_indentation()
        {
            Assert.Equal(
                "{\n  \"waivers\": [\n    { \"vendor\": \"baidu\", \"types\": [\"T\"], \"reason\": \"legacy OCR\", \"expires\": \"2027-02-23\" }\n  ]\n}",
                Add("{}", ForType("T")));
        }

        [Fact]
        public void An_empty_waivers_array_gets_the_waivers_one_level_deeper_than_the_property()
        {
            Assert.Equal(
                "{\n  \"vendors\": [],\n  \"waivers\": [\n    { \"vendor\": \"baidu\", \"types\": [\"T\"], \"reason\": \"legacy OCR\", \"expires\": \"2027-02-23\" },\n    { \"vendor\": \"baidu\", \"namespaces\": [\"Baidu.Aip\"], \"reason\": \"legacy OCR\", \"expires\": \"2027-02-23\" }\n  ]\n}",
                Add("{\n  \"vendors\": [],\n  \"waivers\": []\n}", ForType("T"), ForNamespace("Baidu.Aip")));
        }

        [Fact]
        public void An_empty_waivers_array_on_an_unindented_first_line_indents_its_waivers_by_two_spaces()
        {
            Assert.Equal(
                "{\"waivers\": [\n  { \"vendor\": \"baidu\", \"types\": [\"T\"], \"reason\": \"legacy OCR\", \"expires\": \"2027-02-23\" }\n]}",
                Add("{\"waivers\": []}", ForType("T")));
        }

        [Fact]
        public void A_waiver_is_appended_after_the_last_one_at_its_indentation_keeping_a_comment_that_follows()
        {
            Assert.Equal(
                "{\n  \"waivers\": [\n    { \"vendor\": \"x\", \"reason\": \"r\", \"expires\": \"2027-01-01\" },\n    { \"vendor\": \"baidu\", \"types\": [\"T\"], \"reason\": \"legacy OCR\", \"expires\": \"2027-02-23\" } /* keep */\n  ]\n}",
                Add("{\n  \"waivers\": [\n    { \"vendor\": \"x\", \"reason\": \"r\", \"expires\": \"2027-01-01\" } /* keep */\n  ]\n}", ForType("T")));
        }

        [Fact]
        public void A_trailing_comma_after_the_last_waiver_is_reused()
        {
            Assert.Equal(
                "{ \"waivers\": [\n  { \"vendor\": \"x\", \"reason\": \"r\", \"expires\": \"2027-01-01\" },\n  { \"vendor\": \"baidu\", \"types\": [\"T\"], \"reason\": \"legacy OCR\", \"expires\": \"2027-02-23\" }\n] }",
                Add("{ \"waivers\": [\n  { \"vendor\": \"x\", \"reason\": \"r\", \"expires\": \"2027-01-01\" },\n] }", ForType("T")));
        }

        [Fact]
        public void Windows_line_endings_are_kept()
        {
            Assert.Equal(
                "{\r\n  \"vendors\": [],\r\n  \"waivers\": [\r\n    { \"vendor\": \"baidu\", \"types\": [\"T\"], \"reason\": \"legacy OCR\", \"expires\": \"2027-02-23\" }\r\n  ]\r\n}\r\n",
                Add("{\r\n  \"vendors\": []\r\n}\r\n", ForType("T")));
        }

        [Fact]
        public void A_byte_order_mark_stays_first_and_the_insertion_lands_where_it_would_without_it()
        {
            const string text = "{\n  \"vendors\": []\n}\n";
            Assert.Equal("\uFEFF" + Add(text, ForType("T")), Add("\uFEFF" + text, ForType("T")));
        }

        [Fact]
        public void Quotes_backslashes_and_control_characters_in_a_reason_are_escaped()
        {
            var updated = Add("{}", ForType("T", reason: "the \"old\" C:\\ocr path\ttab"));
            Assert.Contains("\"reason\": \"the \\\"old\\\" C:\\\\ocr path\\ttab\"", updated, StringComparison.Ordinal);
        }

        [Fact]
        public void A_draft_with_namespaces_and_types_writes_both_before_the_reason()
        {
            var draft = new WaiverDraft("baidu", "why", Expires) { Namespaces = new[] { "A", "B" }, Types = new[] { "A.T" } };
            Assert.Contains("{ \"vendor\": \"baidu\", \"namespaces\": [\"A\", \"B\"], \"types\": [\"A.T\"], \"reason\": \"why\", \"expires\": \"2027-02-23\" }", Add("{}", draft), StringComparison.Ordinal);
        }

        [Fact]
        public void A_waiver_already_there_is_not_added_again_whatever_the_case_of_its_vendor()
        {
            const string text = "{ \"waivers\": [ { \"vendor\": \"Baidu\", \"namespaces\": [\"Baidu.Aip\"], \"reason\": \"r\", \"expires\": \"2027-01-01\" } ] }";
            Assert.Same(text, PolicyTextEditor.AddWaivers(text, new[] { ForNamespace("Baidu.Aip") }));
        }

        [Fact]
        public void Of_several_drafts_only_those_not_already_there_are_added()
        {
            const string text = "{ \"waivers\": [ { \"vendor\": \"baidu\", \"types\": [\"A\"], \"reason\": \"r\", \"expires\": \"2027-01-01\" } ] }";
            Assert.Equal(
                "{ \"waivers\": [ { \"vendor\": \"baidu\", \"types\": [\"A\"], \"reason\": \"r\", \"expires\": \"2027-01-01\" },\n{ \"vendor\": \"baidu\", \"types\": [\"B\"], \"reason\": \"legacy OCR\", \"expires\": \"2027-02-23\" } ] }",
                Add(text, ForType("A"), ForType("B")));
        }

        [Theory]
        [InlineData("\"package\": \"Baidu.AI\", \"types\": [\"T\"]")] // scoped to a package: narrower than the draft
        [InlineData("\"types\": [\"T\", \"U\"]")]
        [InlineData("\"namespaces\": [\"T\"]")]
        [InlineData("\"types\": \"T\"")]
        public void A_waiver_that_covers_something_else_does_not_count_as_the_draft(string scope)
        {
            var text = "{ \"waivers\": [ { \"vendor\": \"baidu\", " + scope + ", \"reason\": \"r\", \"expires\": \"2027-01-01\" } ] }";
            Assert.Contains("\"types\": [\"T\"], \"reason\": \"legacy OCR\"", Add(text, ForType("T")), StringComparison.Ordinal);
        }

        [Fact]
        public void A_waiver_of_another_vendor_does_not_count_as_the_draft()
        {
            const string text = "{ \"waivers\": [ { \"vendor\": \"tencent\", \"types\": [\"T\"], \"reason\": \"r\", \"expires\": \"2027-01-01\" } ] }";
            Assert.NotEqual(text, Add(text, ForType("T")));
        }

        [Fact]
        public void An_entry_that_is_not_an_object_is_skipped_when_looking_for_the_draft()
        {
            const string text = "{ \"waivers\": [ 3 ] }";
            Assert.Equal("{ \"waivers\": [ 3,\n{ \"vendor\": \"baidu\", \"types\": [\"T\"], \"reason\": \"legacy OCR\", \"expires\": \"2027-02-23\" } ] }", Add(text, ForType("T")));
        }

        [Theory]
        [InlineData("2026-11-24", true)]  // expired yesterday: a new waiver is needed
        [InlineData("2026-11-25", false)] // expires today: still holds
        [InlineData("2027-01-01", false)]
        [InlineData("soon", false)]       // not a date: the loader reports it; the editor does not add a second waiver
        public void Given_today_an_expired_waiver_does_not_count_as_the_draft(string expires, bool added)
        {
            var text = "{ \"waivers\": [ { \"vendor\": \"baidu\", \"types\": [\"T\"], \"reason\": \"r\", \"expires\": \"" + expires + "\" } ] }";
            var updated = PolicyTextEditor.AddWaivers(text, new[] { ForType("T") }, new DateTime(2026, 11, 25, 15, 30, 0));
            Assert.Equal(added, updated != text);
        }

        [Fact]
        public void Without_today_any_waiver_there_counts_expired_or_not()
        {
            const string text = "{ \"waivers\": [ { \"vendor\": \"baidu\", \"types\": [\"T\"], \"reason\": \"r\", \"expires\": \"2001-01-01\" } ] }";
            Assert.Same(text, PolicyTextEditor.AddWaivers(text, new[] { ForType("T") }));
        }

        [Fact]
        public void The_last_waivers_property_is_the_one_edited_as_the_loader_reads_the_last_duplicate()
        {
            const string text = "{ \"waivers\": 1, \"waivers\": [] }";
            Assert.Equal("{ \"waivers\": 1, \"waivers\": [\n  { \"vendor\": \"baidu\", \"types\": [\"T\"], \"reason\": \"legacy OCR\", \"expires\": \"2027-02-23\" }\n] }", Add(text, ForType("T")));
        }

        [Fact]
        public void The_edited_text_loads_with_the_new_waiver()
        {
            var updated = Add("{\n  // SEC-12\n  \"vendors\": [ { \"id\": \"baidu\", \"match\": { \"namespaces\": [\"Baidu.Aip\"] } } ],\n}\n", ForNamespace("Baidu.Aip.Ocr"));

            var waiver = Assert.Single(PolicyAssert.Valid(updated).Waivers);
            Assert.Equal(("baidu", "Baidu.Aip.Ocr", Expires), (waiver.Vendor, Assert.Single(waiver.Namespaces).Prefix, waiver.Expires));
        }
    }
}
