#!/usr/bin/env bash
# What SupplyChainGuard adds to a warm no-op `dotnet build`.
#
# Packs SupplyChainGuard into a temporary feed, writes COUNT repository-signed fixture packages into the
# same feed (the benchmark exe's --generate-feed mode), creates an app that references all of them and
# SupplyChainGuard, restores it once with an isolated NUGET_PACKAGES and builds it once. Then it times
# repeated no-op `dotnet build --no-restore` with -p:SupplyChainGuardEnabled=true and =false (hyperfine
# when installed, else a timing loop), both with -nodeReuse:false, and prints MSBuild's performance
# summary for one build of each, so the task's and target's own time can be read.
#
#   bash tests/SupplyChainGuard.Benchmarks/noop-build.sh            # COUNT=100 RUNS=20 WARMUP=3
#   COUNT=300 RUNS=20 bash tests/SupplyChainGuard.Benchmarks/noop-build.sh
#
# Everything is written under WORK (default: a new /tmp/scg-noop-XXXXXX), never into the repository.
# Needs nothing from a package registry: SupplyChainGuard has no package dependencies and the app's
# nuget.config lists only the local feed.
set -euo pipefail

COUNT="${COUNT:-100}"
RUNS="${RUNS:-20}"
WARMUP="${WARMUP:-3}"
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
WORK="${WORK:-$(mktemp -d /tmp/scg-noop-XXXXXX)}"
FEED="$WORK/feed"
APP="$WORK/app"
export NUGET_PACKAGES="$WORK/packages"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 MSBUILDDISABLENODEREUSE=1
# No compiler server either: it would outlive the script (a no-op build does not compile anyway).
export UseSharedCompilation=false

echo "noop-build: work folder $WORK, $COUNT fixture packages, $(nproc) cores, SDK $(dotnet --version)"
mkdir -p "$FEED" "$APP" "$NUGET_PACKAGES"

echo "noop-build: packing SupplyChainGuard"
dotnet pack "$REPO/src/SupplyChainGuard.Package" -c Release -o "$FEED" -p:Version=0.1.0 -nodeReuse:false -v:q -nologo

echo "noop-build: generating $COUNT fixture packages"
dotnet build "$REPO/tests/SupplyChainGuard.Benchmarks" -c Release -nodeReuse:false -v:q -nologo -clp:NoSummary
dotnet "$REPO/tests/SupplyChainGuard.Benchmarks/bin/Release/net10.0/SupplyChainGuard.Benchmarks.dll" --generate-feed "$FEED" "$COUNT" "$APP"

# Keep MSBuild and NuGet from walking up into whatever lies above the work folder.
printf '<Project />\n' > "$WORK/Directory.Build.props"
printf '<Project />\n' > "$WORK/Directory.Build.targets"
printf '<Project />\n' > "$WORK/Directory.Packages.props"
cat > "$WORK/nuget.config" <<EOF
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="scg-noop" value="$FEED" />
  </packageSources>
  <fallbackPackageFolders>
    <clear />
  </fallbackPackageFolders>
</configuration>
EOF
cat > "$APP/App.csproj" <<'EOF'
<Project Sdk="Microsoft.NET.Sdk">
  <!-- Packages.props: one PackageReference per fixture package, written by the generate-feed mode. -->
  <Import Project="Packages.props" />
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <NuGetAudit>false</NuGetAudit>
    <!-- The fixtures' signing certificate is self-signed: restore's warnings about it (untrusted root, no
         timestamp) would be stored in the assets file and replayed by every build, thousands of lines that
         packages from nuget.org do not cause. -->
    <NoWarn>$(NoWarn);NU3018;NU3027;NU3042</NoWarn>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="SupplyChainGuard" Version="0.1.0" PrivateAssets="all" />
  </ItemGroup>
</Project>
EOF
printf 'System.Console.WriteLine("hello");\n' > "$APP/Program.cs"

cd "$APP"
echo "noop-build: restore (once)"
dotnet restore -nodeReuse:false -v:q -nologo
echo "noop-build: first build (reads every package's identity and writes the cache under obj/)"
dotnet build --no-restore -nodeReuse:false -nologo -tl:off -v:n -p:SupplyChainGuardEnabled=true > "$WORK/first-build.log"
grep -E "SupplyChainGuard: checked|: warning |: error " "$WORK/first-build.log" | sed 's/^ */  /' || true
echo "noop-build: a warm build must read nothing (it replays the last findings):"
dotnet build --no-restore -nodeReuse:false -nologo -tl:off -v:n -p:SupplyChainGuardEnabled=true > "$WORK/warm-build.log"
grep -E "SupplyChainGuard: (checked|nothing the check)|: warning |: error " "$WORK/warm-build.log" | sed 's/^ */  /'
grep -qE "; 0 read|nothing the check depends on changed" "$WORK/warm-build.log" || { echo "noop-build: the warm build read packages again"; exit 1; }

# Each side runs as a block after its own warm-up, never alternating: switching the property changes the
# compiler's generated settings file, so the first build after a switch compiles again.
BUILD="dotnet build --no-restore -nodeReuse:false -nologo -tl:off -v:m"
ON="$BUILD -p:SupplyChainGuardEnabled=true"
OFF="$BUILD -p:SupplyChainGuardEnabled=false"

if command -v hyperfine > /dev/null; then
  echo "noop-build: hyperfine, $WARMUP warm-up and $RUNS timed runs each"
  hyperfine --warmup "$WARMUP" --runs "$RUNS" --export-json "$WORK/noop.json" --export-markdown "$WORK/noop.md" \
    -n "SupplyChainGuardEnabled=false" "$OFF" \
    -n "SupplyChainGuardEnabled=true" "$ON"
  python3 - "$WORK/noop.json" <<'EOF'
import json, sys
results = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
off, on = results["SupplyChainGuardEnabled=false"], results["SupplyChainGuardEnabled=true"]
for name, r in (("without", off), ("with", on)):
    print(f"noop-build: {name:7} SupplyChainGuard: mean {r['mean']*1000:.0f} ms ± {r['stddev']*1000:.0f} ms, median {r['median']*1000:.0f} ms, min {r['min']*1000:.0f} ms ({len(r['times'])} runs)")
print(f"noop-build: overhead {(on['mean'] - off['mean'])*1000:+.0f} ms = {(on['mean'] / off['mean'] - 1) * 100:+.1f}% of the mean, "
      f"{(on['median'] / off['median'] - 1) * 100:+.1f}% of the median")
EOF
else
  echo "noop-build: hyperfine not installed; a loop, $WARMUP warm-up and $RUNS timed runs each"
  : > "$WORK/noop-times.txt"
  for side in off on; do
    command=$OFF; [ "$side" = on ] && command=$ON
    for _ in $(seq "$WARMUP"); do $command > /dev/null; done
    for _ in $(seq "$RUNS"); do
      start=$(date +%s%N); $command > /dev/null; end=$(date +%s%N)
      echo "$side $(( (end - start) / 1000000 ))" >> "$WORK/noop-times.txt"
    done
  done
  python3 - "$WORK/noop-times.txt" <<'EOF'
import statistics, sys
times = {"off": [], "on": []}
for line in open(sys.argv[1]):
    side, ms = line.split()
    times[side].append(int(ms))
for name, side in (("without", "off"), ("with", "on")):
    t = times[side]
    print(f"noop-build: {name:7} SupplyChainGuard: mean {statistics.mean(t):.0f} ms ± {statistics.stdev(t):.0f} ms, median {statistics.median(t):.0f} ms, min {min(t)} ms ({len(t)} runs)")
print(f"noop-build: overhead {statistics.mean(times['on']) - statistics.mean(times['off']):+.0f} ms = "
      f"{(statistics.mean(times['on']) / statistics.mean(times['off']) - 1) * 100:+.1f}% of the mean, "
      f"{(statistics.median(times['on']) / statistics.median(times['off']) - 1) * 100:+.1f}% of the median")
EOF
fi

echo "noop-build: MSBuild performance summary of one no-op build each (-clp:PerformanceSummary):"
# Disabled first: the enabled builds after it (one to re-create the cache, one measured) leave the cache
# in place for --first-call below.
$OFF -clp:PerformanceSummary > "$WORK/perf-off.log"
$ON > /dev/null
$ON -clp:PerformanceSummary > "$WORK/perf-on.log"
for side in on off; do
  log="$WORK/perf-$side.log"
  echo "  SupplyChainGuardEnabled=$([ $side = on ] && echo true || echo false):"
  echo "    project evaluation: $(grep -A1 '^Project Evaluation Performance Summary' "$log" | tail -1 | awk '{print $1, $2}')," \
       "project build: $(grep -A1 '^Project Performance Summary' "$log" | tail -1 | awk '{print $1, $2}')," \
       "MSBuild's $(grep -E '^Time Elapsed' "$log")"
  if [ $side = on ]; then
    echo "    target SupplyChainGuardCheckPackages: $(awk '/^Target Performance Summary/{t=1} /^Task Performance Summary/{t=0} t && /SupplyChainGuardCheckPackages/{print $1, $2}' "$log")," \
         "task CheckPackages: $(awk '/^Task Performance Summary/{t=1} t && /SupplyChainGuard.Build.CheckPackages/{print $1, $2}' "$log")"
  fi
  echo "    largest targets: $(awk '/^Target Performance Summary/{t=1; next} /^Task Performance Summary/{t=0} t && NF>=3 {print $1, $3}' "$log" | sort -k1,1nr | head -n 5 | awk '{printf "%s%s %s ms", (NR>1?", ":""), $2, $1}')"
done

echo "noop-build: the same steps in a fresh process, first and second call (--first-call):"
dotnet "$REPO/tests/SupplyChainGuard.Benchmarks/bin/Release/net10.0/SupplyChainGuard.Benchmarks.dll" --first-call \
  "$APP/obj/project.assets.json" "$APP/supplychainguard.json" "$APP/obj/Debug/net10.0/supplychainguard.identity.json" | sed 's/^/  /'
echo "noop-build: logs and results are in $WORK"
