using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.RegularExpressions;
using SupplyChainGuard.Diagnostics;
using SupplyChainGuard.Policy;
using SupplyChainGuard.TestKit;
using Xunit;

namespace SupplyChainGuard.Packages.Tests
{
    /// <summary>Fixture packages installed once into a packages folder shared by the identity tests.</summary>
    public sealed class InstalledFixtures : IDisposable
    {
        public const string CountersignedSubject = "CN=Contoso Code Signing, O=Contoso Ltd, C=US";
        public const string MetadataSource = "https://feed.contoso.test/v3/index.json";

        private readonly FixtureFolder _root;

        public InstalledFixtures()
        {
            _root = FixtureCache.Shared.Get("scg-identity", Inputs, Build);
            PackagesFolder = _root.Combine("packages");
        }

        private static FixturePackage[] Installed() => new[]
        {
            new FixturePackage("Contoso.Signed", "1.2.0") { Authors = "Contoso Ltd", RepositoryOwners = new[] { "contoso", "contoso-bot" } },

            // A re-upload by someone else: the nuspec claims Baidu, the signature names the real uploader.
            new FixturePackage("Contoso.BaiduOcr.Wrapper", "1.0.0")
            {
                Authors = "Baidu",
                RepositoryUrl = "https://github.com/Baidu-AIP/dotnet-sdk",
                RepositoryOwners = new[] { "mallory" },
            },
            new FixturePackage("Contoso.Unsigned", "2.0.0-beta.1")
            {
                Authors = "Alice Example, Bob Example",
                RepositoryUrl = "https://github.com/contoso/unsigned",
                ProjectUrl = "https://contoso.test/unsigned",
            },
        };

        private static FixturePackage Countersigned() => new FixturePackage("Contoso.Countersigned", "3.0.0") { Authors = "Contoso Ltd", AuthorCertificateSubject = CountersignedSubject };

        private static FixturePackage AuthorOnly() => new FixturePackage("Contoso.AuthorOnly", "1.0.0") { AuthorCertificateSubject = CountersignedSubject };

        private static string Inputs() =>
            $"install with source {MetadataSource}\n{FixtureCache.Describe(Installed()[0])}"
            + $"install with the default source\n{string.Concat(Installed().Skip(1).Select(FixtureCache.Describe))}"
            + $"install countersigned by 'contoso', default source\n{FixtureCache.Describe(Countersigned())}"
            + $"install without metadata\n{FixtureCache.Describe(AuthorOnly())}";

        private static void Build(string root)
        {
            var packagesFolder = Path.Combine(root, "packages");
            var installed = Installed();
            installed[0].InstallTo(packagesFolder, MetadataSource);
            foreach (var package in installed.Skip(1))
            {
                package.InstallTo(packagesFolder);
            }

            var staging = Path.Combine(root, "staging");
            var authorSigned = Countersigned().WriteTo(staging);
            FixtureSigning.AddRepositoryCountersignature(authorSigned, new[] { "contoso" });
            FixturePackagesFolder.Install(authorSigned, packagesFolder);

            var authorOnly = AuthorOnly().WriteTo(staging);
            FixturePackagesFolder.Install(authorOnly, packagesFolder, source: null);
        }

        public string PackagesFolder { get; }

        public IReadOnlyList<string> Folders => new[] { PackagesFolder };

        public void Dispose() => _root.Dispose();
    }

    public sealed class PackageIdentityReaderTests : IClassFixture<InstalledFixtures>
    {
        private readonly InstalledFixtures _fixtures;

        public PackageIdentityReaderTests(InstalledFixtures fixtures)
        {
            _fixtures = fixtures;
        }

        // ---- real nuget.org packages ------------------------------------------------------------------

        [Fact]
        public void Real_Baidu_AI_4_15_10_names_its_nuget_org_owners_in_the_repository_signature()
        {
            var identity = PackageIdentityReader.Read("Baidu.AI", "4.15.10", null, RealPackages.Folders);

            Assert.Null(identity.Problem);
            Assert.Equal(new[] { "Baidu-AI", "chenxiaoyu3" }, identity.Owners);
            Assert.Equal("repository signature", identity.OwnersSource);
            Assert.Equal("Repository", identity.SignatureType);
            Assert.Contains("Baidu", identity.Authors);
            Assert.Equal("https://github.com/Baidu-AIP/dotnet-sdk", identity.RepositoryUrl);
            Assert.Null(identity.CertificateSubject);
            Assert.Null(identity.CertificateFingerprint);
        }

        [Fact]
        public void Real_Baidu_AI_takes_its_content_hash_and_feed_from_nupkg_metadata_when_the_assets_file_gives_none()
        {
            var identity = PackageIdentityReader.Read("Baidu.AI", "4.15.10", null, RealPackages.Folders);

            var expectedHash = FixturePackagesFolder.ContentHash(RealPackages.NupkgPath("Baidu.AI", "4.15.10"));
            Assert.Equal(expectedHash, identity.ContentHash);
            Assert.False(string.IsNullOrEmpty(identity.Source));
        }

        [Fact]
        public void Real_Newtonsoft_Json_12_0_1_is_author_signed_and_carries_owners_in_the_repository_countersignature()
        {
            var identity = PackageIdentityReader.Read("Newtonsoft.Json", "12.0.1", null, RealPackages.Folders);

            Assert.Null(identity.Problem);
            Assert.Equal("Author", identity.SignatureType);
            Assert.Contains("CN=Json.NET (.NET Foundation)", identity.CertificateSubject);
            Assert.Matches(new Regex("^[0-9A-F]{64}$"), identity.CertificateFingerprint);
            Assert.Equal(new[] { "jamesnk", "newtonsoft" }, identity.Owners.OrderBy(o => o, StringComparer.Ordinal));
            Assert.Equal("repository countersignature", identity.OwnersSource);
            Assert.Contains("James Newton-King", identity.Authors);
        }

        [Fact]
        public void Identity_lookup_is_case_insensitive_on_the_package_id_as_restore_lays_folders_out_in_lower_case()
        {
            var identity = PackageIdentityReader.Read("baidu.ai", "4.15.10", null, RealPackages.Folders);

            Assert.Null(identity.Problem);
            Assert.Equal(new[] { "Baidu-AI", "chenxiaoyu3" }, identity.Owners);
        }

        [Fact]
        public void A_later_packages_folder_is_searched_when_the_first_lacks_the_package()
        {
            using var empty = new TempDirectory();
            var identity = PackageIdentityReader.Read("Baidu.AI", "4.15.10", null, new[] { empty.Path, RealPackages.GlobalPackagesFolder });

            Assert.Null(identity.Problem);
            Assert.Equal("Repository", identity.SignatureType);
        }

        // ---- fixtures ---------------------------------------------------------------------------------

        [Fact]
        public void Repository_signed_fixture_gives_the_owners_written_into_its_signature()
        {
            var identity = PackageIdentityReader.Read("Contoso.Signed", "1.2.0", null, _fixtures.Folders);

            Assert.Null(identity.Problem);
            Assert.Equal(new[] { "contoso", "contoso-bot" }, identity.Owners);
            Assert.Equal("repository signature", identity.OwnersSource);
            Assert.Equal("Repository", identity.SignatureType);
            Assert.Equal(new[] { "Contoso Ltd" }, identity.Authors);
        }

        [Fact]
        public void Author_signed_fixture_with_a_repository_countersignature_gives_certificate_and_countersignature_owners()
        {
            var identity = PackageIdentityReader.Read("Contoso.Countersigned", "3.0.0", null, _fixtures.Folders);

            Assert.Null(identity.Problem);
            Assert.Equal("Author", identity.SignatureType);
            Assert.Equal(InstalledFixtures.CountersignedSubject, identity.CertificateSubject);
            Assert.Matches(new Regex("^[0-9A-F]{64}$"), identity.CertificateFingerprint);
            Assert.Equal(new[] { "contoso" }, identity.Owners);
            Assert.Equal("repository countersignature", identity.OwnersSource);
        }

        [Fact]
        public void Author_signed_fixture_without_countersignature_has_a_certificate_but_no_owners()
        {
            var identity = PackageIdentityReader.Read("Contoso.AuthorOnly", "1.0.0", null, _fixtures.Folders);

            Assert.Null(identity.Problem);
            Assert.Equal("Author", identity.SignatureType);
            Assert.Equal(InstalledFixtures.CountersignedSubject, identity.CertificateSubject);
            Assert.Empty(identity.Owners);
            Assert.Null(identity.OwnersSource);
            Assert.Null(identity.Source); // no .nupkg.metadata was written for it
        }

        [Fact]
        public void Unsigned_fixture_has_no_owners_no_signature_and_its_nuspec_metadata()
        {
            var identity = PackageIdentityReader.Read("Contoso.Unsigned", "2.0.0-beta.1", null, _fixtures.Folders);

            Assert.Null(identity.Problem);
            Assert.Empty(identity.Owners);
            Assert.Null(identity.OwnersSource);
            Assert.Null(identity.SignatureType);
            Assert.Null(identity.CertificateSubject);
            Assert.Equal(new[] { "Alice Example", "Bob Example" }, identity.Authors);
            Assert.Equal("https://github.com/contoso/unsigned", identity.RepositoryUrl);
            Assert.Equal("https://contoso.test/unsigned", identity.ProjectUrl);
        }

        [Fact]
        public void Feed_and_content_hash_are_read_from_nupkg_metadata()
        {
            var identity = PackageIdentityReader.Read("Contoso.Signed", "1.2.0", null, _fixtures.Folders);

            Assert.Equal(InstalledFixtures.MetadataSource, identity.Source);
            var nupkg = Path.Combine(_fixtures.PackagesFolder, "contoso.signed", "1.2.0", "contoso.signed.1.2.0.nupkg");
            Assert.Equal(FixturePackagesFolder.ContentHash(nupkg), identity.ContentHash);
        }

        [Fact]
        public void Content_hash_from_the_assets_file_wins_over_nupkg_metadata()
        {
            var identity = PackageIdentityReader.Read("Contoso.Signed", "1.2.0", "hash-from-assets", _fixtures.Folders);

            Assert.Equal("hash-from-assets", identity.ContentHash);
        }

        [Fact]
        public void Authors_claiming_Baidu_do_not_make_a_package_Baidus_when_its_owners_are_someone_else()
        {
            var identity = PackageIdentityReader.Read("Contoso.BaiduOcr.Wrapper", "1.0.0", null, _fixtures.Folders);
            Assert.Equal(new[] { "mallory" }, identity.Owners);
            Assert.Contains("Baidu", identity.Authors);

            var policy = Policies.BaiduAndTencent();
            var node = new PackageNode(identity.Id, identity.Version, identity.ContentHash, "contoso.baiduocr.wrapper/1.0.0", Array.Empty<string>(), new[] { "Contoso.BaiduOcr" });
            var verdict = PackageChecker.Judge(new VendorMatcher(policy), node, identity);
            Assert.False(verdict.IsRestricted);
            var baidu = Assert.Single(verdict.Attributions);
            Assert.Equal("baidu", baidu.Vendor.Id);
            Assert.Empty(baidu.Signals);
            Assert.Contains(baidu.Overruled, s => s.Kind == SignalKind.Author && s.Value == "Baidu");

            var graph = new PackageGraph("App", "net10.0", new[] { new DirectDependency(identity.Id, false) }, new[] { node }, _fixtures.Folders);
            var result = PackageChecker.Check(new PackageCheckRequest(graph, policy, new Dictionary<string, PackageIdentity> { [identity.Id] = identity }));
            Assert.Empty(result.Findings);
        }

        [Fact]
        public void Owners_Baidu_AI_read_from_the_real_package_attribute_it_to_Baidu_with_the_signal_named()
        {
            var identity = PackageIdentityReader.Read("Baidu.AI", "4.15.10", null, RealPackages.Folders);
            var node = new PackageNode("Baidu.AI", "4.15.10", identity.ContentHash, "baidu.ai/4.15.10", new[] { "Newtonsoft.Json" }, new[] { "AipSdk" });
            var newtonsoft = PackageIdentityReader.Read("Newtonsoft.Json", "12.0.1", null, RealPackages.Folders);
            var newtonsoftNode = new PackageNode("Newtonsoft.Json", "12.0.1", newtonsoft.ContentHash, "newtonsoft.json/12.0.1", Array.Empty<string>(), new[] { "Newtonsoft.Json" });
            var graph = new PackageGraph("BaiduOcrApp", "net10.0", new[] { new DirectDependency("Baidu.AI", false) }, new[] { node, newtonsoftNode }, RealPackages.Folders);

            var result = PackageChecker.Check(new PackageCheckRequest(graph, Policies.BaiduAndTencent(),
                new Dictionary<string, PackageIdentity> { ["Baidu.AI"] = identity, ["Newtonsoft.Json"] = newtonsoft }));

            var finding = Assert.Single(result.Findings);
            Assert.Equal(RuleIdentifiers.DirectPackage, finding.RuleId);
            Assert.Equal("Baidu.AI", finding.PackageId);
            Assert.Contains("owner 'Baidu-AI' in the repository signature", finding.Message);
        }

        // ---- bad packages: a Problem, never an exception ---------------------------------------------

        [Fact]
        public void Corrupt_nupkg_of_random_bytes_is_a_problem_not_an_exception()
        {
            using var folder = new TempDirectory();
            var install = new FixturePackage("Broken.Random").InstallTo(folder.Path);
            var random = new byte[4096];
            new Random(42).NextBytes(random);
            File.WriteAllBytes(Path.Combine(install, "broken.random.1.0.0.nupkg"), random);

            var identity = PackageIdentityReader.Read("Broken.Random", "1.0.0", null, new[] { folder.Path });

            Assert.StartsWith("the .nupkg is not a valid zip archive (corrupt or truncated): ", identity.Problem);
            Assert.Empty(identity.Owners);
        }

        [Fact]
        public void Truncated_nupkg_first_half_of_a_real_package_is_a_problem_not_an_exception()
        {
            using var folder = new TempDirectory();
            var real = File.ReadAllBytes(RealPackages.NupkgPath("Baidu.AI", "4.15.10"));
            var copy = folder.Combine("baidu.ai.4.15.10.nupkg");
            File.WriteAllBytes(copy, real);
            var packages = folder.Combine("packages");
            var install = FixturePackagesFolder.Install(copy, packages);
            File.WriteAllBytes(Path.Combine(install, "baidu.ai.4.15.10.nupkg"), real.AsSpan(0, real.Length / 2).ToArray());

            var identity = PackageIdentityReader.Read("Baidu.AI", "4.15.10", null, new[] { packages });

            Assert.NotNull(identity.Problem);
            Assert.Contains("corrupt or truncated", identity.Problem);
            Assert.Empty(identity.Owners);
        }

        [Fact]
        public void Package_missing_from_every_packages_folder_is_a_problem_that_says_to_restore()
        {
            using var folder = new TempDirectory();

            var identity = PackageIdentityReader.Read("Not.There", "1.0.0", "hash", new[] { folder.Path });

            Assert.NotNull(identity.Problem);
            Assert.Contains("not in the packages folder", identity.Problem);
            Assert.Contains(folder.Path, identity.Problem);
            Assert.Contains("run restore again", identity.Problem);
            Assert.Equal("Not.There", identity.Id);
            Assert.Equal("1.0.0", identity.Version);
            Assert.Equal("hash", identity.ContentHash);
        }

        [Fact]
        public void No_packages_folder_at_all_is_a_problem()
        {
            var identity = PackageIdentityReader.Read("Not.There", "1.0.0", null, Array.Empty<string>());

            Assert.Equal("the assets file names no packages folder", identity.Problem);
        }

        [Fact]
        public void Nupkg_missing_but_nuspec_present_is_a_problem_and_the_nuspec_is_still_read()
        {
            using var folder = new TempDirectory();
            var install = new FixturePackage("Half.Installed") { Authors = "Contoso Ltd" }.InstallTo(folder.Path);
            var nupkg = Path.Combine(install, "half.installed.1.0.0.nupkg");
            File.Delete(nupkg);

            var identity = PackageIdentityReader.Read("Half.Installed", "1.0.0", null, new[] { folder.Path });

            Assert.NotNull(identity.Problem);
            Assert.Contains("is missing", identity.Problem);
            Assert.Contains(nupkg, identity.Problem);
            Assert.Contains("signature cannot be read", identity.Problem);
            Assert.Equal(new[] { "Contoso Ltd" }, identity.Authors);
        }

        [Fact]
        public void The_nuspec_is_read_from_the_archive_the_hash_vouches_for_not_the_extracted_copy()
        {
            using var folder = new TempDirectory();
            var install = new FixturePackage("Bad.Nuspec") { Authors = "Fixture Author" }.InstallTo(folder.Path);
            File.WriteAllText(Path.Combine(install, "bad.nuspec.nuspec"), "<package><metadata><id>Bad.Nuspec</id>");

            var identity = PackageIdentityReader.Read("Bad.Nuspec", "1.0.0", null, new[] { folder.Path });

            Assert.Null(identity.Problem);
            Assert.Equal(new[] { "Fixture Author" }, identity.Authors);
        }

        [Fact]
        public void A_package_whose_content_differs_from_the_hash_restore_recorded_is_a_problem_and_says_nothing()
        {
            using var folder = new TempDirectory();
            var install = new FixturePackage("Swapped.Package") { RepositoryOwners = new[] { "tencentcloudapi" } }.InstallTo(folder.Path);
            var recorded = FixturePackagesFolder.ContentHash(Directory.GetFiles(install, "*.nupkg").Single());
            var impostor = new FixturePackage("Swapped.Package") { RepositoryOwners = new[] { "acme" }, Authors = "Acme" }.WriteTo(Path.Combine(folder.Path, "impostor"));
            File.Copy(impostor, Path.Combine(install, "swapped.package.1.0.0.nupkg"), overwrite: true);

            var identity = PackageIdentityReader.Read("Swapped.Package", "1.0.0", recorded, new[] { folder.Path });

            Assert.Contains("content differs from what restore recorded", identity.Problem);
            Assert.Contains(recorded, identity.Problem);
            Assert.Empty(identity.Owners);
            Assert.Empty(identity.Authors);
        }

        [Fact]
        public void Without_metadata_the_file_is_checked_against_nupkg_sha512()
        {
            using var folder = new TempDirectory();
            var install = new FixturePackage("Old.Install") { RepositoryOwners = new[] { "owner" } }.InstallTo(folder.Path, source: null);
            Assert.False(File.Exists(Path.Combine(install, ".nupkg.metadata")));
            Assert.Null(PackageIdentityReader.Read("Old.Install", "1.0.0", null, new[] { folder.Path }).Problem);

            File.WriteAllText(Path.Combine(install, "old.install.1.0.0.nupkg.sha512"), "AAAA");

            Assert.Contains("content differs from what restore recorded", PackageIdentityReader.Read("Old.Install", "1.0.0", null, new[] { folder.Path }).Problem);
        }

        [Fact]
        public void A_package_restore_recorded_no_hash_for_is_a_problem_and_nothing_it_says_is_taken()
        {
            using var folder = new TempDirectory();
            var install = new FixturePackage("No.Hash") { Authors = "Tencent", RepositoryOwners = new[] { "tencentcloudapi" } }.InstallTo(folder.Path, source: null);
            File.Delete(Path.Combine(install, "no.hash.1.0.0.nupkg.sha512"));

            var identity = PackageIdentityReader.Read("No.Hash", "1.0.0", null, new[] { folder.Path });

            Assert.Equal("restore recorded no hash of its content (no sha512 in the assets file, no .nupkg.metadata, no .nupkg.sha512), so what it says cannot be trusted", identity.Problem);
            Assert.Empty(identity.Owners);
            Assert.Empty(identity.Authors);
            Assert.Null(identity.SignatureType);
        }

        [Fact]
        public void A_content_hash_that_differs_names_both_hashes_and_the_file()
        {
            using var folder = new TempDirectory();
            var install = new FixturePackage("Swapped.Again") { RepositoryOwners = new[] { "tencentcloudapi" } }.InstallTo(folder.Path);
            var nupkg = Path.Combine(install, "swapped.again.1.0.0.nupkg");
            var recorded = FixturePackagesFolder.ContentHash(nupkg);
            var impostor = new FixturePackage("Swapped.Again") { Authors = "Acme" }.WriteTo(Path.Combine(folder.Path, "impostor"));
            File.Copy(impostor, nupkg, overwrite: true);

            var identity = PackageIdentityReader.Read("Swapped.Again", "1.0.0", recorded, new[] { folder.Path });

            Assert.Equal(
                $"its content differs from what restore recorded: the content hash of '{nupkg}' is SHA-512 {FixturePackagesFolder.ContentHash(impostor)}, restore recorded {recorded}; "
                + "the file was changed after restore, so nothing it says was trusted (restore again from a trusted feed)",
                identity.Problem);
        }

        [Fact]
        public void A_file_hash_that_differs_names_nupkg_sha512_and_both_hashes()
        {
            using var folder = new TempDirectory();
            var install = new FixturePackage("Old.Swapped") { RepositoryOwners = new[] { "owner" } }.InstallTo(folder.Path, source: null);
            var nupkg = Path.Combine(install, "old.swapped.1.0.0.nupkg");
            File.WriteAllText(nupkg + ".sha512", "AAAA\n");

            var identity = PackageIdentityReader.Read("Old.Swapped", "1.0.0", null, new[] { folder.Path });

            Assert.Equal(
                $"its content differs from what restore recorded: the file hash (.nupkg.sha512) of '{nupkg}' is SHA-512 {FixturePackagesFolder.FileHash(nupkg)}, restore recorded AAAA; "
                + "the file was changed after restore, so nothing it says was trusted (restore again from a trusted feed)",
                identity.Problem);
            Assert.Empty(identity.Owners);
        }

        [Fact]
        public void A_matching_content_hash_and_file_hash_both_pass_and_the_signature_is_read()
        {
            using var folder = new TempDirectory();
            var install = new FixturePackage("Both.Hashes") { RepositoryOwners = new[] { "owner" } }.InstallTo(folder.Path);
            var nupkg = Path.Combine(install, "both.hashes.1.0.0.nupkg");

            var identity = PackageIdentityReader.Read("Both.Hashes", "1.0.0", FixturePackagesFolder.ContentHash(nupkg), new[] { folder.Path });

            Assert.Null(identity.Problem);
            Assert.Equal(new[] { "owner" }, identity.Owners);
            Assert.Equal((nupkg, new FileInfo(nupkg).Length, File.GetLastWriteTimeUtc(nupkg).Ticks), (identity.PackageFile, identity.PackageFileLength, identity.PackageFileTime));
        }

        [Fact]
        public void The_certificate_fingerprint_is_the_SHA_256_of_the_signing_certificate_in_upper_case_hex()
        {
            using var folder = new TempDirectory();
            using var certificate = FixtureCertificates.Create("CN=Fingerprint Test");
            new FixturePackage("Author.Fingerprint") { AuthorCertificateSubject = "CN=Fingerprint Test", SigningCertificate = certificate }.InstallTo(folder.Path);

            var identity = PackageIdentityReader.Read("Author.Fingerprint", "1.0.0", null, new[] { folder.Path });

            Assert.Null(identity.Problem);
            Assert.Equal(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(certificate.RawData)), identity.CertificateFingerprint);
            Assert.Equal(("Author", "CN=Fingerprint Test"), (identity.SignatureType, identity.CertificateSubject));
            Assert.Empty(identity.Owners);
            Assert.Null(identity.OwnersSource);
        }

        [Fact]
        public void A_nuspec_that_is_not_xml_inside_the_archive_is_a_problem_saying_so()
        {
            using var folder = new TempDirectory();
            var install = Directory.CreateDirectory(Path.Combine(folder.Path, "broken.xml", "1.0.0")).FullName;
            var nupkg = Path.Combine(install, "broken.xml.1.0.0.nupkg");
            using (var zip = ZipFile.Open(nupkg, ZipArchiveMode.Create))
            {
                using var writer = new StreamWriter(zip.CreateEntry("Broken.Xml.nuspec").Open());
                writer.Write("<package><metadata><id>Broken.Xml</id>");
            }

            File.WriteAllText(nupkg + ".sha512", FixturePackagesFolder.FileHash(nupkg));

            var identity = PackageIdentityReader.Read("Broken.Xml", "1.0.0", null, new[] { folder.Path });

            Assert.StartsWith("its nuspec is not valid XML: ", identity.Problem);
        }

        [Fact]
        public void Unreadable_signature_inside_a_valid_nupkg_is_a_problem_not_an_exception()
        {
            using var folder = new TempDirectory();
            var install = new FixturePackage("Bad.Signature") { Authors = "Contoso Ltd" }.InstallTo(folder.Path);
            using (var zip = ZipFile.Open(Path.Combine(install, "bad.signature.1.0.0.nupkg"), ZipArchiveMode.Update))
            {
                var entry = zip.CreateEntry(".signature.p7s", CompressionLevel.NoCompression);
                using var stream = entry.Open();
                var garbage = new byte[512];
                new Random(7).NextBytes(garbage);
                stream.Write(garbage);
            }

            // As if it came from the feed that way: restore's file hash is of this file.
            var nupkg = Path.Combine(install, "bad.signature.1.0.0.nupkg");
            File.WriteAllText(nupkg + ".sha512", FixturePackagesFolder.FileHash(nupkg));
            var identity = PackageIdentityReader.Read("Bad.Signature", "1.0.0", null, new[] { folder.Path });

            Assert.StartsWith("its signature could not be read: ", identity.Problem);
            Assert.Empty(identity.Owners);
        }

        [Fact]
        public void Damaged_nupkg_metadata_does_not_stop_the_identity_check()
        {
            using var folder = new TempDirectory();
            var install = new FixturePackage("Bad.Metadata") { RepositoryOwners = new[] { "contoso" } }.InstallTo(folder.Path);
            File.WriteAllText(Path.Combine(install, ".nupkg.metadata"), "{ this is not json");

            var identity = PackageIdentityReader.Read("Bad.Metadata", "1.0.0", null, new[] { folder.Path });

            Assert.Null(identity.Problem);
            Assert.Null(identity.Source);
            Assert.Equal(new[] { "contoso" }, identity.Owners);
        }

        [Fact]
        public void Unparsable_version_is_a_problem_not_an_exception()
        {
            var identity = PackageIdentityReader.Read("Contoso.Signed", "not-a-version", null, _fixtures.Folders);

            Assert.NotNull(identity.Problem);
        }

        [Theory]
        [InlineData("Baidu", new[] { "Baidu" })]
        [InlineData("James Newton-King", new[] { "James Newton-King" })]
        [InlineData(" Rong Zhou, Qiniu SDK ,", new[] { "Rong Zhou", "Qiniu SDK" })]
        [InlineData("", new string[0])]
        [InlineData(null, new string[0])]
        public void Nuspec_authors_are_one_comma_separated_string(string? authors, string[] expected)
        {
            Assert.Equal(expected, PackageIdentityReader.SplitAuthors(authors));
        }
    }
}
