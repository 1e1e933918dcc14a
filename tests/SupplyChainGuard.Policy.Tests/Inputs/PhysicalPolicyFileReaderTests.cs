using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Xunit;

namespace SupplyChainGuard.Policy.Tests
{
    /// <summary>
    /// What a policy can name on disk, read by the reader the build task and the CLI use: only a regular file of
    /// at most 4 MiB, in valid UTF-8 (or UTF-16/32 with a BOM), is read; everything else is SCG0901 saying why.
    /// These tests use a temporary folder; those that need a Unix file system (devices, pipes) return early elsewhere.
    /// </summary>
    public sealed class PhysicalPolicyFileReaderTests : IDisposable
    {
        private const string Rule = "a policy must be a regular file of at most 4 MiB";
        private readonly string _directory = Path.Combine(Path.GetTempPath(), "scg-reader-" + Guid.NewGuid().ToString("N").Substring(0, 8));

        public PhysicalPolicyFileReaderTests()
        {
            Directory.CreateDirectory(_directory);
        }

        public void Dispose()
        {
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }

        private string PathOf(string name) => Path.Combine(_directory, name);

        private string Policy(string text) => Write("supplychainguard.json", text);

        private string Write(string name, string text)
        {
            File.WriteAllText(PathOf(name), text);
            return PathOf(name);
        }

        private static string Extends(string entry) => "{\n  \"extends\": [\"" + entry + "\"]\n}";

        [Fact]
        public void Extends_dev_zero_is_SCG0901_at_the_entry_and_reads_nothing()
        {
            if (!File.Exists("/dev/zero"))
            {
                return; // no such device here
            }

            var result = PolicyLoader.LoadFile(Policy(Extends("/dev/zero")));

            PolicyAssert.SingleError(result, PathOf("supplychainguard.json"), 2, 15,
                $"extended policy '/dev/zero' could not be read at '/dev/zero': it is empty, or not a regular file (a pipe, socket or device); {Rule}");
        }

        [Fact(Timeout = 120_000)]
        public async Task Extends_a_named_pipe_is_SCG0901_at_the_entry_and_does_not_wait_for_a_writer()
        {
            var fifo = PathOf("policy.fifo");
            if (!MakeFifo(fifo))
            {
                return; // no mkfifo here
            }

            var result = await Task.Run(() => PolicyLoader.LoadFile(Policy(Extends("policy.fifo"))));

            PolicyAssert.SingleError(result, PathOf("supplychainguard.json"), 2, 15,
                $"extended policy 'policy.fifo' could not be read at '{fifo}': it is empty, or not a regular file (a pipe, socket or device); {Rule}");
        }

        [Fact]
        public void Extends_a_directory_is_SCG0901_at_the_entry()
        {
            Directory.CreateDirectory(PathOf("org"));

            var result = PolicyLoader.LoadFile(Policy(Extends("org")));

            PolicyAssert.SingleError(result, PathOf("supplychainguard.json"), 2, 15,
                $"extended policy 'org' could not be read at '{PathOf("org")}': it is a directory; {Rule}");
        }

        [Fact]
        public void Extends_a_file_over_4_MiB_is_SCG0901_at_the_entry()
        {
            Write("big.json", "{\"$schema\": \"" + new string('a', PolicyFileContent.MaxLength) + "\"}");

            var result = PolicyLoader.LoadFile(Policy(Extends("big.json")));

            PolicyAssert.SingleError(result, PathOf("supplychainguard.json"), 2, 15,
                $"extended policy 'big.json' could not be read at '{PathOf("big.json")}': it has {PolicyFileContent.MaxLength + 15} bytes; {Rule}");
        }

        [Fact]
        public void A_root_policy_over_4_MiB_is_SCG0901_for_the_file_as_a_whole()
        {
            var path = Policy("{\"$schema\": \"" + new string('a', PolicyFileContent.MaxLength) + "\"}");

            var result = PolicyLoader.LoadFile(path);

            PolicyAssert.SingleError(result, path, 0, 0, $"the policy file could not be read: it has {PolicyFileContent.MaxLength + 15} bytes; {Rule}");
        }

        [Fact]
        public void An_empty_root_policy_file_is_SCG0901_for_the_file_as_a_whole()
        {
            var path = Policy(string.Empty);

            PolicyAssert.SingleError(PolicyLoader.LoadFile(path), path, 0, 0,
                $"the policy file could not be read: it is empty, or not a regular file (a pipe, socket or device); {Rule}");
        }

        [Fact]
        public void A_symbolic_link_loop_says_it_is_one_at_the_entry()
        {
            if (!TryLink(PathOf("loop-a.json"), PathOf("loop-b.json")) || !TryLink(PathOf("loop-b.json"), PathOf("loop-a.json")))
            {
                return; // no symbolic links for this user here
            }

            var result = PolicyLoader.LoadFile(Policy(Extends("loop-a.json")));

            PolicyAssert.SingleError(result, PathOf("supplychainguard.json"), 2, 15,
                $"extended policy 'loop-a.json' could not be read at '{PathOf("loop-a.json")}': it is a symbolic-link loop: "
                + $"{PathOf("loop-a.json")} -> {PathOf("loop-b.json")} -> {PathOf("loop-a.json")}");
        }

        [Fact]
        public void A_relative_symbolic_link_to_a_policy_longer_than_the_links_own_text_is_read_whole()
        {
            // The link holds 8 characters ("org.json"); the policy it points to has many more.
            Write("org.json", """{ "mode": "allowlist", "vendors": [ { "id": "baidu", "name": "Baidu, Inc." } ] }""");
            if (!TryLink(PathOf("link.json"), "org.json"))
            {
                return;
            }

            var result = PolicyLoader.LoadFile(Policy(Extends("link.json")));

            Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
            Assert.Equal("Baidu, Inc.", Assert.Single(result.Policy!.Vendors).Name);
        }

        /// <summary>Links named chain-0.json → chain-1.json → … → chain-(count-1).json → org.json, each target relative to the link.</summary>
        private bool TryLinkChain(int count)
        {
            Write("org.json", """{ "mode": "allowlist" }""");
            for (var i = 0; i < count; i++)
            {
                if (!TryLink(PathOf($"chain-{i}.json"), i + 1 < count ? $"chain-{i + 1}.json" : "org.json"))
                {
                    return false;
                }
            }

            return true;
        }

        [Fact]
        public void A_chain_of_40_symbolic_links_is_followed_as_the_operating_system_follows_it()
        {
            if (!TryLinkChain(40))
            {
                return;
            }

            var result = PolicyLoader.LoadFile(Policy(Extends("chain-0.json")));

            Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
            Assert.Equal(PolicyMode.Allowlist, result.Policy!.Mode);
        }

        [Fact]
        public void A_chain_of_41_symbolic_links_is_SCG0901_saying_so_at_the_entry()
        {
            if (!TryLinkChain(41))
            {
                return;
            }

            var result = PolicyLoader.LoadFile(Policy(Extends("chain-0.json")));

            PolicyAssert.SingleError(result, PathOf("supplychainguard.json"), 2, 15,
                $"extended policy 'chain-0.json' could not be read at '{PathOf("chain-0.json")}': it is a chain of more than 40 symbolic links");
        }

        [Fact]
        public void A_loop_of_relative_symbolic_links_is_resolved_against_the_links_directory_and_named_by_full_paths()
        {
            if (!TryLink(PathOf("rel-a.json"), "rel-b.json") || !TryLink(PathOf("rel-b.json"), "rel-a.json"))
            {
                return;
            }

            var result = PolicyLoader.LoadFile(Policy(Extends("rel-a.json")));

            PolicyAssert.SingleError(result, PathOf("supplychainguard.json"), 2, 15,
                $"extended policy 'rel-a.json' could not be read at '{PathOf("rel-a.json")}': it is a symbolic-link loop: "
                + $"{PathOf("rel-a.json")} -> {PathOf("rel-b.json")} -> {PathOf("rel-a.json")}");
        }

        [Fact]
        public void A_path_no_file_system_accepts_is_unreadable_with_the_reason_not_an_exception()
        {
            var content = PhysicalPolicyFileReader.Instance.Read(PathOf("a\0b.json"));

            Assert.Equal(PolicyFileStatus.Unreadable, content.Status);
            Assert.StartsWith("the path is not valid: ", content.Reason);
        }

        [Fact]
        public void A_symbolic_link_to_nothing_is_not_found()
        {
            if (!TryLink(PathOf("dangling.json"), PathOf("missing.json")))
            {
                return;
            }

            var result = PolicyLoader.LoadFile(Policy(Extends("dangling.json")));

            PolicyAssert.SingleError(result, PathOf("supplychainguard.json"), 2, 15, $"extended policy 'dangling.json' was not found at '{PathOf("dangling.json")}'");
        }

        [Fact]
        public void A_symbolic_link_to_a_policy_is_read()
        {
            Write("org.json", """{ "mode": "allowlist" }""");
            if (!TryLink(PathOf("link.json"), PathOf("org.json")))
            {
                return;
            }

            var result = PolicyLoader.LoadFile(Policy(Extends("link.json")));

            Assert.Equal(PolicyMode.Allowlist, Assert.IsType<SupplyChainPolicy>(result.Policy).Mode);
        }

        [Fact]
        public void Invalid_utf8_is_SCG0901_at_the_line_and_column_of_the_bad_byte_not_a_quietly_changed_value()
        {
            var path = PathOf("supplychainguard.json");
            var bytes = Encoding.UTF8.GetBytes("{\n  \"vendors\": [ { \"id\": \"baidu\", \"name\": \"百度\", \"reason\": \"SEC-");
            File.WriteAllBytes(path, bytes.Concat(new byte[] { 0xC3, 0x28 }).Concat(Encoding.UTF8.GetBytes("12\" } ]\n}")).ToArray());

            var result = PolicyLoader.LoadFile(path);

            PolicyAssert.SingleError(result, path, 2, 62,
                $"the file is not valid UTF-8: byte 0xC3 at offset {bytes.Length} does not belong to a UTF-8 character; save the policy as UTF-8");
        }

        [Theory]
        [InlineData("utf-8 with BOM")]
        [InlineData("utf-16LE")]
        [InlineData("utf-16BE")]
        [InlineData("utf-32LE")]
        public void A_policy_with_a_byte_order_mark_loads_in_its_encoding(string encoding)
        {
            var text = "{ \"vendors\": [ { \"id\": \"baidu\", \"name\": \"百度 😀\" } ] }";
            var bytes = encoding switch
            {
                "utf-8 with BOM" => new UTF8Encoding(true).GetPreamble().Concat(Encoding.UTF8.GetBytes(text)),
                "utf-16LE" => Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(text)),
                "utf-16BE" => Encoding.BigEndianUnicode.GetPreamble().Concat(Encoding.BigEndianUnicode.GetBytes(text)),
                _ => Encoding.UTF32.GetPreamble().Concat(Encoding.UTF32.GetBytes(text)),
            };
            var path = PathOf("supplychainguard.json");
            File.WriteAllBytes(path, bytes.ToArray());

            var result = PolicyLoader.LoadFile(path);

            Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
            Assert.Equal("百度 😀", Assert.Single(result.Policy!.Vendors).Name);
        }

        [Fact]
        public void A_lone_surrogate_in_a_utf16_file_is_SCG0901_at_its_position()
        {
            var path = PathOf("supplychainguard.json");
            File.WriteAllBytes(path, Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("{\n  \"mode\": \"")).Concat(new byte[] { 0x00, 0xD8 })
                .Concat(Encoding.Unicode.GetBytes("\"\n}")).ToArray());

            var result = PolicyLoader.LoadFile(path);

            PolicyAssert.SingleError(result, path, 2, 12, "invalid JSON: the character U+D800 is half of a UTF-16 surrogate pair without its other half; text must be valid Unicode");
        }

        [Fact]
        public void Names_that_differ_only_in_case_are_compared_as_the_file_system_compares_them()
        {
            var caseSensitive = IsCaseSensitive();
            Write("Org.json", """{ "extends": ["org.json"], "vendors": [ { "id": "upper" } ] }""");
            if (caseSensitive)
            {
                Write("org.json", """{ "vendors": [ { "id": "lower" } ] }""");
            }

            var result = PolicyLoader.LoadFile(Policy(Extends("Org.json")));

            if (caseSensitive)
            {
                Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
                Assert.Equal(new[] { "lower", "upper" }, result.Policy!.Vendors.Select(v => v.Id));
            }
            else
            {
                // One file under two spellings: it extends itself.
                var diagnostic = Assert.Single(result.Diagnostics);
                Assert.StartsWith("'org.json' extends itself through a cycle: ", diagnostic.Message);
            }
        }

        private bool IsCaseSensitive()
        {
            var probe = Write("case-probe", "x");
            var sensitive = !File.Exists(probe.ToUpperInvariant().Replace(_directory.ToUpperInvariant(), _directory));
            File.Delete(probe);
            return sensitive;
        }

        private static bool TryLink(string link, string target)
        {
            try
            {
                File.CreateSymbolicLink(link, target);
                return true;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
            {
                return false;
            }
        }

        private static bool MakeFifo(string path)
        {
            if (OperatingSystem.IsWindows())
            {
                return false;
            }

            try
            {
                using var process = Process.Start(new ProcessStartInfo("mkfifo", path) { UseShellExecute = false, RedirectStandardError = true });
                process!.WaitForExit();
                return process.ExitCode == 0;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return false;
            }
        }
    }
}
