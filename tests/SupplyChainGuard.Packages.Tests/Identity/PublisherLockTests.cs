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
        public void A_change_of_signature_kind_is_a_change_naming_both_kinds()
        {
            var change = PublisherChange.Between(Record("repository", new[] { "acme" }), Record("author", new[] { "acme" }, NewFingerprint, "CN=Acme"))!;

            Assert.Equal($"repository-signed → author-signed; author certificate none → SHA256:{NewFingerprint} ('CN=Acme')", change.Describe());
            Assert.Empty(change.AddedOwners);
            Assert.Empty(change.RemovedOwners);
        }

        [Fact]
        public void Unsigned_to_signed_and_a_signature_kind_of_its_own_are_named()
        {
            var signed = PublisherChange.Between(Record("unsigned", Array.Empty<string>()), Record("repository", new[] { "acme" }))!;
            var other = PublisherChange.Between(Record("author", Array.Empty<string>(), OldFingerprint), Record("notary", Array.Empty<string>(), OldFingerprint))!;

            Assert.Equal("unsigned → repository-signed; owners none → 'acme'", signed.Describe());
            Assert.Equal(new[] { "acme" }, signed.AddedOwners);
            Assert.Equal("author-signed → notary-signed", other.Describe());
        }

        [Fact]
        public void A_certificate_without_a_subject_is_named_by_its_fingerprint_only_and_fingerprints_compare_ignoring_case()
        {
            var renewed = PublisherChange.Between(Record("author", Array.Empty<string>(), OldFingerprint), Record("author", Array.Empty<string>(), null))!;

            Assert.Equal($"author certificate SHA256:{OldFingerprint} → none", renewed.Describe());
            Assert.Null(PublisherChange.Between(Record("author", Array.Empty<string>(), "ab12"), Record("author", Array.Empty<string>(), "AB12")));
            Assert.Null(PublisherChange.Between(Record("unsigned", Array.Empty<string>()), Record("unsigned", Array.Empty<string>(), version: "9.0.0")));
        }

        [Fact]
        public void A_record_lists_each_owner_once_sorted_and_a_signature_kind_NuGet_may_add_in_lower_case()
        {
            var record = new PublisherRecord("Acme.Widgets", null, "repository", new[] { "zeta", "Acme", "acme", "bob" }, null, null);
            var other = PublisherRecord.From(new PackageIdentity { Id = "Acme.Widgets", Version = "1.0.0", SignatureType = "Notary" })!;
            var repository = PublisherRecord.From(new PackageIdentity { Id = "Acme.Widgets", Version = "1.0.0", SignatureType = "Repository", Owners = { "acme" } })!;

            Assert.Equal(new[] { "Acme", "bob", "zeta" }, record.Owners);
            Assert.Equal("notary", other.Signature);
            Assert.Equal(("repository", "1.0.0", "Acme.Widgets"), (repository.Signature, repository.FromVersion, repository.Id));
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
            var (lower, upper) = (new PublisherRecord("acme.widgets", "1.0.0", "unsigned", Array.Empty<string>(), null, null), new PublisherRecord("Acme.Widgets", "1.0.0", "unsigned", Array.Empty<string>(), null, null));
            Assert.Equal(PublisherLockFile.ToJson(new[] { lower, upper }), PublisherLockFile.ToJson(new[] { upper, lower }));
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
            Assert.Equal((path, 3, 1), (problem!.Location.FilePath, problem.Location.Line, problem.Location.Column));
            Assert.StartsWith("it is not valid JSON", problem.Message);
        }

        [Theory]
        [InlineData("{ \"version\": 2, \"packages\": {} }", "its \"version\" is not 1")]
        [InlineData("{ \"version\": 1, \"packages\": { \"A\": { \"owners\": [] } } }", "the entry for 'A' has no \"signature\" of \"repository\", \"author\" or \"unsigned\"")]
        [InlineData("{ \"version\": 1, \"packages\": { \"A\": { \"signature\": \"repository\", \"owners\": \"acme\" } } }", "the \"owners\" of 'A' are not an array of strings")]
        [InlineData("{ \"version\": 1, \"packages\": { \"A\": { \"signature\": \"repository\", \"owners\": [\"acme\", 7] } } }", "the \"owners\" of 'A' are not an array of strings")]
        [InlineData("[ 1 ]", "it is not a JSON object")]
        [InlineData("{ \"packages\": {} }", "its \"version\" is not 1")]
        [InlineData("{ \"version\": \"1\", \"packages\": {} }", "its \"version\" is not 1")]
        [InlineData("{ \"version\": 1.5, \"packages\": {} }", "its \"version\" is not 1")]
        [InlineData("{ \"version\": 1, \"packages\": [] }", "\"packages\" is not an object")]
        [InlineData("{ \"version\": 1, \"packages\": { \"A\": \"repository\" } }", "the entry for 'A' is not an object")]
        [InlineData("{ \"version\": 1, \"packages\": { \"A\": { \"signature\": \"sealed\" } } }", "the entry for 'A' has no \"signature\" of \"repository\", \"author\" or \"unsigned\"")]
        [InlineData("{ \"version\": 1, \"packages\": { \"A\": { \"signature\": \"author\", \"certificate\": \"AB12\" } } }", "the \"certificate\" of 'A' is not SHA256:<fingerprint>")]
        [InlineData("{ \"version\": 1, \"packages\": { \"A\": { \"signature\": \"unsigned\" }, \"a\": { \"signature\": \"unsigned\" } } }", "'a' appears twice")]
        public void A_file_of_another_shape_is_a_problem_not_an_empty_lock(string text, string message)
        {
            var path = _folder.Write("lock.json", text);

            var (records, problem) = PublisherLockFile.Read(path);

            Assert.Null(records);
            Assert.Equal((path, 0, 0, message), (problem!.Location.FilePath, problem.Location.Line, problem.Location.Column, problem.Message));
        }

        [Fact]
        public void A_file_without_packages_pins_nothing_and_comments_and_trailing_commas_are_allowed()
        {
            var (empty, none) = PublisherLockFile.Read(_folder.Write("empty.json", "{ \"version\": 1 }"));
            var (records, problem) = PublisherLockFile.Read(_folder.Write("commented.json", """
                {
                  // pinned by hand
                  "version": 1,
                  "packages": {
                    "Acme.Widgets": { "fromVersion": "1.0.0", "signature": "author", "owners": ["acme"], "certificate": "sha256:ab12", "certificateSubject": "CN=Acme", },
                  },
                }
                """));

            Assert.Null(none);
            Assert.Empty(empty!);
            Assert.Null(problem);
            var record = Assert.Single(records!.Values);
            Assert.Equal(("Acme.Widgets", "1.0.0", "author", "acme", "AB12", "CN=Acme"),
                (record.Id, record.FromVersion, record.Signature, string.Join(",", record.Owners), record.CertificateFingerprint, record.CertificateSubject));
            Assert.Same(record, records["acme.widgets"]);
        }

        [Fact]
        public void Optional_fields_that_are_not_strings_read_as_absent()
        {
            var (records, problem) = PublisherLockFile.Read(_folder.Write("lock.json",
                "{ \"version\": 1, \"packages\": { \"A\": { \"signature\": \"author\", \"fromVersion\": 3, \"certificateSubject\": [\"CN=A\"], \"certificate\": null } } }"));

            Assert.Null(problem);
            var record = records!["A"];
            Assert.Equal((null, null, null), (record.FromVersion, record.CertificateSubject, record.CertificateFingerprint));
        }

        [Fact]
        public void A_record_without_a_version_or_certificate_subject_is_written_without_them()
        {
            var json = PublisherLockFile.ToJson(new[] { new PublisherRecord("A", null, "author", Array.Empty<string>(), "ab", null) });

            Assert.Equal("{\n  \"version\": 1,\n  \"packages\": {\n    \"A\": {\n      \"signature\": \"author\",\n      \"owners\": [],\n      \"certificate\": \"SHA256:AB\"\n    }\n  }\n}\n", json);
        }

        [Fact]
        public void A_lock_file_that_cannot_be_written_is_a_problem_naming_the_packages_it_could_not_pin()
        {
            var path = Path.Combine(_folder.Write("locks", "a file where a folder should be"), PublisherLockFile.DefaultFileName);
            using var session = PublisherLockSession.Open(path);

            var (messages, problem) = session.Save(new[]
            {
                new PackageIdentity { Id = "Acme.Widgets", Version = "1.0.0", SignatureType = "Repository", Owners = { "acme" } },
                new PackageIdentity { Id = "Zeta.Lib", Version = "2.0.0" },
            }, acceptChanges: false);

            Assert.Empty(messages);
            Assert.Equal((path, 0, 0), (problem!.Location.FilePath, problem.Location.Line, problem.Location.Column));
            Assert.StartsWith("it could not be written (", problem.Message);
            Assert.EndsWith("), so the publishers of 'Acme.Widgets', 'Zeta.Lib' were not recorded", problem.Message);
        }

        [Fact]
        public void A_session_records_new_packages_keeps_others_and_accepts_changes_only_when_asked()
        {
            var path = _folder.Combine(PublisherLockFile.DefaultFileName);
            File.WriteAllText(path, PublisherLockFile.ToJson(new[]
            {
                new PublisherRecord("Acme.Widgets", "1.0.0", "repository", new[] { "acme" }, null, null),
                new PublisherRecord("Other.Project.Only", "3.0.0", "unsigned", Array.Empty<string>(), null, null),
            }));
            var identities = new[]
            {
                new PackageIdentity { Id = "Acme.Widgets", Version = "2.0.0", SignatureType = "Repository", Owners = { "mallory" } },
                new PackageIdentity { Id = "Zeta.Lib", Version = "2.0.0" },
                new PackageIdentity { Id = "Broken", Version = "1.0.0", Problem = "corrupt" },
                new PackageIdentity { Id = "Alpha.Lib", Version = "0.9.0", SignatureType = "Repository", Owners = { "alpha" } },
            };

            (System.Collections.Generic.List<string> Messages, PublisherLockProblem? Problem) Save(bool accept)
            {
                using var session = PublisherLockSession.Open(path);
                return session.Save(identities, accept);
            }

            var recorded = Save(accept: false);
            Assert.Null(recorded.Problem);
            Assert.Equal(new[] { $"SupplyChainGuard: recorded the publishers of 2 package(s) in '{path}': Zeta.Lib, Alpha.Lib." }, recorded.Messages);
            var (afterRecord, _) = PublisherLockFile.Read(path);
            Assert.Equal(new[] { "Acme.Widgets", "Alpha.Lib", "Other.Project.Only", "Zeta.Lib" }, afterRecord!.Keys.OrderBy(k => k, StringComparer.Ordinal));
            Assert.Equal("acme", Assert.Single(afterRecord["Acme.Widgets"].Owners));

            var written = File.ReadAllText(path);
            Assert.Empty(Save(accept: false).Messages);
            Assert.Equal(written, File.ReadAllText(path));

            var accepted = Save(accept: true);
            Assert.Equal(new[] { $"SupplyChainGuard: accepted the new publisher of 'Acme.Widgets' into '{path}' (SupplyChainGuardUpdateLock)." }, accepted.Messages);
            var (afterAccept, _) = PublisherLockFile.Read(path);
            var widgets = afterAccept!["Acme.Widgets"];
            Assert.Equal(("2.0.0", "repository", "mallory"), (widgets.FromVersion, widgets.Signature, string.Join(",", widgets.Owners)));
            Assert.False(afterAccept.ContainsKey("Broken"));
        }

        [Fact]
        public void A_lock_file_that_cannot_be_parsed_is_never_saved_over()
        {
            var path = _folder.Write(PublisherLockFile.DefaultFileName, "{ \"version\": 2 }");
            using var session = PublisherLockSession.Open(path);

            var (messages, problem) = session.Save(new[] { new PackageIdentity { Id = "Zeta.Lib", Version = "2.0.0" } }, acceptChanges: true);

            Assert.Null(session.Records);
            Assert.Equal("its \"version\" is not 1", session.Problem!.Message);
            Assert.Empty(messages);
            Assert.Null(problem);
            Assert.Equal("{ \"version\": 2 }", File.ReadAllText(path));
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

        [Fact]
        public void True_without_a_policy_file_puts_the_lock_file_beside_the_project()
        {
            var project = _folder.Combine("src", "App.csproj");

            Assert.Equal(_folder.Combine("src", PublisherLockFile.DefaultFileName), PublisherLockFile.Resolve("true", null, project));
            Assert.Equal(_folder.Combine("src", PublisherLockFile.DefaultFileName), PublisherLockFile.Resolve(" true ", " ", project));
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
        public void A_package_that_cannot_be_read_is_SCG0902_and_never_compared_with_the_lock()
        {
            var scenario = new IdentityScenario().Direct("Acme.Widgets").Package("Acme.Widgets", "2.0.0", owners: new[] { "mallory" });
            scenario.IdentityOf("Acme.Widgets").Problem = "the .nupkg is not a valid zip archive";
            var pinned = new[] { Record("repository", new[] { "acme" }) }.ToDictionary(r => r.Id, StringComparer.OrdinalIgnoreCase);

            var result = scenario.Check(Policies.Load("{}"), r => r.PublisherLock = pinned);

            Assert.Equal(RuleIdentifiers.UnreadablePackage, Assert.Single(result.Findings).RuleId);
            Assert.Null(Assert.Single(result.Verdicts).PublisherChange);
        }

        [Fact]
        public void The_message_names_the_lock_file_by_its_default_name_when_none_is_given_and_leaves_out_an_unknown_version()
        {
            var scenario = new IdentityScenario().Direct("Acme.Widgets").Package("Acme.Widgets", "2.0.0", owners: new[] { "mallory" });
            var pinned = new[] { new PublisherRecord("Acme.Widgets", null, "repository", new[] { "acme" }, null, null) }.ToDictionary(r => r.Id, StringComparer.OrdinalIgnoreCase);

            var finding = Assert.Single(scenario.Check(Policies.Load("{}"), r => r.PublisherLock = pinned).Findings);

            Assert.StartsWith("The publisher of package 'Acme.Widgets' 2.0.0 differs from what 'supplychainguard.lock.json' pinned: owners 'acme' → 'mallory'. ", finding.Message);
        }

        [Fact]
        public void A_transitive_package_that_changed_hands_is_SCG0005_on_the_reference_that_brings_it_in()
        {
            var scenario = new IdentityScenario().Direct("Acme.App.Sdk")
                .Package("Acme.App.Sdk", owners: new[] { "acme" }, dependencies: new[] { "Acme.Widgets" })
                .Package("Acme.Widgets", "2.0.0", owners: new[] { "mallory" });
            var pinned = new[] { Record("repository", new[] { "acme" }) }.ToDictionary(r => r.Id, StringComparer.OrdinalIgnoreCase);

            var finding = Assert.Single(scenario.Check(Policies.Load("{}"), r => { r.PublisherLock = pinned; r.PublisherLockFile = "/repo/locks/publishers.json"; }).Findings);

            Assert.Equal((RuleIdentifiers.PublisherChanged, "Acme.App.Sdk"), (finding.RuleId, finding.DirectPackageId));
            Assert.Contains("differs from what 'publishers.json' pinned (recorded from 1.0.0)", finding.Message);
            Assert.EndsWith("review the lock file's diff. It comes in through 'Acme.App.Sdk': App -> Acme.App.Sdk 1.0.0 -> Acme.Widgets 2.0.0.", finding.Message);
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
            Assert.Equal((RuleIdentifiers.PublisherChanged, ReportLevel.Warning, LockPath, 4), (problem.Code, problem.Level, problem.File, problem.Line));
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

            // At normal importance: the user asked for an update that cannot happen.
            Assert.Contains(result.Messages, m => !m.IsDetail && m.Text.Contains("SupplyChainGuardUpdateLock is set, but SupplyChainGuardLockFile is not"));
            Assert.False(File.Exists(LockPath));
        }
    }
}
