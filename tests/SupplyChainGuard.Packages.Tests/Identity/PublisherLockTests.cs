using System;
using System.IO;
using System.Linq;
using SupplyChainGuard.Diagnostics;
using SupplyChainGuard.Policy;
using Xunit;

namespace SupplyChainGuard.Packages.Tests.Identity
{
    /// <summary>SCG0005: the lock file pins each package's publisher; a package that changes hands is reported until accepted.</summary>
    public sealed class PublisherLockTests : IDisposable
    {
        private const string OldFingerprint = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        private const string NewFingerprint = "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB";

        private readonly TempDirectory _folder = new TempDirectory("scg-lock");

        public void Dispose() => _folder.Dispose();

        private static PublisherRecord Record(string signature, string[] owners, string? fingerprint = null, string? subject = null, string version = "1.0.0") =>
            new PublisherRecord("Acme.Widgets", version, signature, owners, fingerprint, subject);

        // ---- what counts as a change ----------------------------------------------------------------

        [Fact]
        public void A_new_version_from_the_same_owners_is_no_change()
        {
            Assert.Null(PublisherChange.Between(Record("repository", new[] { "acme" }), Record("repository", new[] { "ACME" }, version: "2.0.0")));
        }

        [Fact]
        public void New_and_removed_owners_are_a_change_naming_old_and_new()
        {
            var change = PublisherChange.Between(Record("repository", new[] { "acme", "bob" }), Record("repository", new[] { "mallory", "bob" }))!;

            Assert.Equal("owners 'acme', 'bob' → 'bob', 'mallory'", change.Describe());
            Assert.Equal(new[] { "mallory" }, change.AddedOwners);
            Assert.Equal(new[] { "acme" }, change.RemovedOwners);
        }

        [Fact]
        public void A_new_signing_certificate_is_a_change_even_with_the_same_subject()
        {
            var change = PublisherChange.Between(Record("author", new[] { "acme" }, OldFingerprint, "CN=Acme"), Record("author", new[] { "acme" }, NewFingerprint, "CN=Acme"))!;

            Assert.Equal($"author certificate SHA256:{OldFingerprint} ('CN=Acme') → SHA256:{NewFingerprint} ('CN=Acme')", change.Describe());
        }

        [Fact]
        public void Signed_to_unsigned_is_a_change()
        {
            var change = PublisherChange.Between(Record("repository", new[] { "acme" }), Record("unsigned", Array.Empty<string>()))!;

            Assert.Equal("repository-signed → unsigned; owners 'acme' → none", change.Describe());
        }

        [Fact]
        public void A_record_comes_from_the_identity_the_reader_produced()
        {
            var author = PublisherRecord.From(new PackageIdentity { Id = "Newtonsoft.Json", Version = "13.0.1", SignatureType = "Author", CertificateFingerprint = "ab12", CertificateSubject = "CN=Json.NET", Owners = { "newtonsoft", "jamesnk" } })!;
            Assert.Equal(("author", "AB12", "jamesnk,newtonsoft"), (author.Signature, author.CertificateFingerprint, string.Join(",", author.Owners)));

            Assert.Equal("unsigned", PublisherRecord.From(new PackageIdentity { Id = "Local", Version = "1.0.0" })!.Signature);
            Assert.Null(PublisherRecord.From(new PackageIdentity { Id = "Broken", Version = "1.0.0", Problem = "corrupt" }));
        }

        // ---- the file -------------------------------------------------------------------------------

        [Fact]
        public void The_file_is_sorted_and_stable_so_it_reviews_well()
        {
            var records = new[]
            {
                new PublisherRecord("Zeta.Lib", "2.0.0", "repository", new[] { "zeta", "Alice" }, null, null),
                new PublisherRecord("acme.widgets", "1.0.0", "author", new[] { "acme" }, "ab", "CN=Acme"),
                new PublisherRecord("B\u0430idu.AI", "4.15.10", "unsigned", Array.Empty<string>(), null, null),
            };

            var json = PublisherLockFile.ToJson(records);

            Assert.Equal(json, PublisherLockFile.ToJson(records.Reverse()));
            Assert.Equal(
                "{\n  \"version\": 1,\n  \"packages\": {\n"
                + "    \"acme.widgets\": {\n      \"fromVersion\": \"1.0.0\",\n      \"signature\": \"author\",\n      \"owners\": [\n        \"acme\"\n      ],\n      \"certificate\": \"SHA256:AB\",\n      \"certificateSubject\": \"CN=Acme\"\n    },\n"
                + "    \"B\\u0430idu.AI\": {\n      \"fromVersion\": \"4.15.10\",\n      \"signature\": \"unsigned\",\n      \"owners\": []\n    },\n"
                + "    \"Zeta.Lib\": {\n      \"fromVersion\": \"2.0.0\",\n      \"signature\": \"repository\",\n      \"owners\": [\n        \"Alice\",\n        \"zeta\"\n      ]\n    }\n"
                + "  }\n}\n",
                json);

            var path = _folder.Write("supplychainguard.lock.json", json);
            var (read, problem) = PublisherLockFile.Read(path);
            Assert.Null(problem);
            Assert.Equal(json, PublisherLockFile.ToJson(read!.Values));
        }

        [Fact]
        public void A_merge_conflict_in_the_file_is_a_problem_at_its_line_and_nothing_is_compared()
        {
            var path = _folder.Write("supplychainguard.lock.json", "{\n  \"version\": 1,\n<<<<<<< HEAD\n  \"packages\": {}\n}\n");

            var (records, problem) = PublisherLockFile.Read(path);

            Assert.Null(records);
            Assert.Equal((path, 3), (problem!.Location.FilePath, problem.Location.Line));
            Assert.StartsWith("it is not valid JSON", problem.Message);
        }

        [Theory]
        [InlineData("{ \"version\": 2, \"packages\": {} }", "its \"version\" is not 1")]
        [InlineData("{ \"version\": 1, \"packages\": { \"A\": { \"owners\": [] } } }", "the entry for 'A' has no \"signature\"")]
        [InlineData("{ \"version\": 1, \"packages\": { \"A\": { \"signature\": \"repository\", \"owners\": \"acme\" } } }", "the \"owners\" of 'A' are not an array of strings")]
        public void A_file_of_another_shape_is_a_problem_not_an_empty_lock(string text, string message)
        {
            var (records, problem) = PublisherLockFile.Read(_folder.Write("lock.json", text));

            Assert.Null(records);
            Assert.StartsWith(message, problem!.Message);
        }

        [Fact]
        public void A_missing_file_pins_nothing_yet()
        {
            var (records, problem) = PublisherLockFile.Read(_folder.Combine("none.json"));

            Assert.Empty(records!);
            Assert.Null(problem);
        }

        [Theory]
        [InlineData("", null)]
        [InlineData("false", null)]
        [InlineData("true", "policy/supplychainguard.lock.json")]
        [InlineData("TRUE", "policy/supplychainguard.lock.json")]
        [InlineData("../locks/publishers.json", "locks/publishers.json")]
        public void The_property_names_a_path_relative_to_the_project_or_true_for_beside_the_policy(string setting, string? expected)
        {
            var project = _folder.Combine("src", "App.csproj");
            var policy = _folder.Combine("policy", "supplychainguard.json");

            Assert.Equal(expected is null ? null : _folder.Combine(expected.Split('/')), PublisherLockFile.Resolve(setting, policy, project));
        }

        // ---- in the verdict -------------------------------------------------------------------------

        [Fact]
        public void A_package_whose_owners_changed_since_the_lock_is_SCG0005_at_its_reference_naming_old_and_new_owners()
        {
            var scenario = new IdentityScenario().Direct("Acme.Widgets").Package("Acme.Widgets", "2.0.0", owners: new[] { "mallory" });
            var pinned = new[] { Record("repository", new[] { "acme" }) }.ToDictionary(r => r.Id, StringComparer.OrdinalIgnoreCase);

            var result = scenario.Check(Policies.Load("{}"), r => { r.PublisherLock = pinned; r.PublisherLockFile = "/repo/supplychainguard.lock.json"; });

            var finding = Assert.Single(result.Findings);
            Assert.Equal((RuleIdentifiers.PublisherChanged, PolicySeverity.Warning, "Acme.Widgets"), (finding.RuleId, finding.Severity, finding.DirectPackageId));
            Assert.Equal(
                "The publisher of package 'Acme.Widgets' 2.0.0 differs from what 'supplychainguard.lock.json' pinned (recorded from 1.0.0): owners 'acme' → 'mallory'. "
                + "A package sold to another company or an account taken over looks like this; if the change is expected, accept it with "
                + "'dotnet build -p:SupplyChainGuardUpdateLock=true' and review the lock file's diff.",
                finding.Message);

            var accepted = scenario.Check(Policies.Load("{}"), r => { r.PublisherLock = pinned; r.AcceptPublisherChanges = true; });
            Assert.Empty(accepted.Findings);
        }

        [Fact]
        public void A_package_the_lock_does_not_know_yet_is_no_finding()
        {
            var scenario = new IdentityScenario().Direct("Acme.Widgets").Package("Acme.Widgets", owners: new[] { "mallory" });

            var result = scenario.Check(Policies.Load("{}"), r => r.PublisherLock = new System.Collections.Generic.Dictionary<string, PublisherRecord>());

            Assert.Empty(result.Findings);
        }
    }

    /// <summary>SCG0005 through the engine on a real restored project: the file is written, compared, accepted.</summary>
    [Collection(RestoredProjectCollection.Name)]
    public sealed class PublisherLockProjectCheckTests : IDisposable
    {
        private readonly RestoredProject _restored;
        private readonly TempDirectory _folder = new TempDirectory("scg-lock-check");

        public PublisherLockProjectCheckTests(RestoredProject restored)
        {
            _restored = restored;
        }

        public void Dispose() => _folder.Dispose();

        private string LockPath => _folder.Combine(PublisherLockFile.DefaultFileName);

        private ProjectCheckRequest Request(bool updateLock = false) => new ProjectCheckRequest(_restored.AppProject)
        {
            AssetsFile = _restored.AssetsFile,
            TargetFramework = "net8.0",
            PolicyFile = _folder.Write("supplychainguard.json", "{}"),
            PackageReferences = new[] { new ReferenceDeclaration("Baidu.AI", _restored.AppProject), new ReferenceDeclaration("Acme.Wrapper", _restored.AppProject) },
            LockFile = "true",
            UpdateLock = updateLock,
        };

        [Fact]
        public void The_first_check_records_every_package_then_a_changed_owner_is_SCG0005_until_UpdateLock_accepts_it()
        {
            var first = ProjectCheck.Run(Request());
            Assert.Empty(first.Diagnostics);
            var written = File.ReadAllText(LockPath);
            Assert.Contains("\"Baidu.AI\": {\n      \"fromVersion\": \"4.15.10\",\n      \"signature\": \"repository\",\n      \"owners\": [\n        \"Baidu-AI\",\n        \"chenxiaoyu3\"\n      ]", written);
            // Six: Lib.Only comes in through the ProjectReference to Lib, and App compiles against it.
            Assert.Contains(first.Messages, m => m.Text.StartsWith("SupplyChainGuard: recorded the publishers of 6 package(s)", StringComparison.Ordinal));

            // Nothing new: the file is left alone.
            var stamp = File.GetLastWriteTimeUtc(LockPath);
            Assert.Empty(ProjectCheck.Run(Request()).Diagnostics);
            Assert.Equal(written, File.ReadAllText(LockPath));
            Assert.Equal(stamp, File.GetLastWriteTimeUtc(LockPath));

            // As if Baidu.AI had been published by another account when it was pinned.
            File.WriteAllText(LockPath, written.Replace("\"Baidu-AI\",\n        \"chenxiaoyu3\"", "\"baidu-official\""));
            var changed = ProjectCheck.Run(Request());
            var finding = Assert.Single(changed.Diagnostics);
            Assert.Equal((RuleIdentifiers.PublisherChanged, ReportLevel.Warning, _restored.AppProject), (finding.Code, finding.Level, finding.File));
            Assert.Equal(File.ReadAllLines(_restored.AppProject).ToList().FindIndex(l => l.Contains("\"Baidu.AI\"")) + 1, finding.Line);
            Assert.Contains("owners 'baidu-official' → 'Baidu-AI', 'chenxiaoyu3'", finding.Message);

            var accepted = ProjectCheck.Run(Request(updateLock: true));
            Assert.Empty(accepted.Diagnostics);
            Assert.Contains(accepted.Messages, m => m.Text == $"SupplyChainGuard: accepted the new publisher of 'Baidu.AI' into '{LockPath}' (SupplyChainGuardUpdateLock).");
            Assert.Equal(written, File.ReadAllText(LockPath));
            Assert.Empty(ProjectCheck.Run(Request()).Diagnostics);
        }

        [Fact]
        public void An_unreadable_lock_file_is_SCG0005_at_its_line_and_is_never_overwritten()
        {
            var broken = "{\n  \"version\": 1,\n  \"packages\": {\n=======\n";
            File.WriteAllText(LockPath, broken);

            var result = ProjectCheck.Run(Request(updateLock: true));

            var problem = Assert.Single(result.Diagnostics);
            Assert.Equal((RuleIdentifiers.PublisherChanged, LockPath, 4), (problem.Code, problem.File, problem.Line));
            Assert.StartsWith($"The publisher lock file '{LockPath}' could not be used: it is not valid JSON", problem.Message);
            Assert.EndsWith("so no publisher was compared with it and it was not rewritten; fix it, or delete it and build again.", problem.Message);
            Assert.Equal(broken, File.ReadAllText(LockPath));

            var failClosed = Request();
            failClosed.FailClosed = true;
            Assert.Equal(ReportLevel.Error, Assert.Single(ProjectCheck.Run(failClosed).Diagnostics).Level);
        }

        [Fact]
        public void UpdateLock_without_a_lock_file_says_there_is_nothing_to_update()
        {
            var request = Request(updateLock: true);
            request.LockFile = null;

            var result = ProjectCheck.Run(request);

            Assert.Contains(result.Messages, m => m.Text.Contains("SupplyChainGuardUpdateLock is set, but SupplyChainGuardLockFile is not"));
            Assert.False(File.Exists(LockPath));
        }
    }
}
