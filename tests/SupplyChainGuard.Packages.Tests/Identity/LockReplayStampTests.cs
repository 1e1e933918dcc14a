using System;
using System.IO;
using SupplyChainGuard.Build;
using Xunit;

namespace SupplyChainGuard.Packages.Tests.Identity
{
    /// <summary>The no-op replay must take the full path whenever the lock file or SupplyChainGuardUpdateLock changes.</summary>
    public sealed class LockReplayStampTests : IDisposable
    {
        private readonly TempDirectory _folder = new TempDirectory("scg-lock-stamp");
        private readonly string _project;
        private readonly string _policy;

        public LockReplayStampTests()
        {
            _project = _folder.Write("App/App.csproj", "<Project />");
            _policy = _folder.Write("supplychainguard.json", "{}");
        }

        public void Dispose() => _folder.Dispose();

        private CheckPackages Task(string? lockFile = "true", bool updateLock = false) => new CheckPackages
        {
            ProjectPath = _project,
            PolicyFile = _policy,
            LockFile = lockFile,
            UpdateLock = updateLock,
            Today = () => new DateTime(2026, 6, 1),
        };

        private string Stamp(CheckPackages task) => FindingsReplay.Stamp(FindingsReplay.InputStamp(task), task, new[] { task.PolicyFile! }, Array.Empty<string>());

        [Fact]
        public void Editing_the_lock_file_changes_the_stamp()
        {
            var lockFile = _folder.Combine("supplychainguard.lock.json");
            File.WriteAllText(lockFile, "{ \"version\": 1, \"packages\": {} }\n");
            var before = Stamp(Task());

            File.WriteAllText(lockFile, "{ \"version\": 1, \"packages\": { \"A\": { \"signature\": \"unsigned\" } } }\n");

            Assert.NotEqual(before, Stamp(Task()));
        }

        [Fact]
        public void Creating_or_deleting_the_lock_file_changes_the_stamp()
        {
            var absent = Stamp(Task());
            File.WriteAllText(_folder.Combine("supplychainguard.lock.json"), "{}");

            Assert.NotEqual(absent, Stamp(Task()));
        }

        [Fact]
        public void UpdateLock_and_the_lock_file_setting_are_part_of_the_stamp()
        {
            var plain = Stamp(Task());

            Assert.NotEqual(plain, Stamp(Task(updateLock: true)));
            Assert.NotEqual(plain, Stamp(Task(lockFile: "locks/publishers.json")));
            Assert.NotEqual(plain, Stamp(Task(lockFile: null)));
            Assert.Equal(plain, Stamp(Task()));
        }
    }
}
