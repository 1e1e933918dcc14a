#!/usr/bin/env bash
# scg check on a generated repository: PROJECTS projects (default 200) sharing PACKAGES repository-signed
# fixture packages (default 1,000). A benchmark, not a test: it prints timings for docs/performance.md.
#
#   bash tests/SupplyChainGuard.Cli.Tests/Benchmarks/scale.sh          # PROJECTS=200 PACKAGES=1000 RUNS=5
#
# Steps: generate the packages (the benchmark project's --generate-feed mode: package i depends on 2i+1,
# 2i+2 and one of five core packages), write the projects (each references 10 packages: 2 with large
# dependency trees, 8 with small ones, so that together they use every package), restore the solution
# once with an isolated NUGET_PACKAGES, then time `scg check` cold (no identity cache, nothing of scg in
# the OS page cache that a first run would not have) and warm (the identity cache from the cold run).
# Everything is written under WORK (default: a new /tmp/scg-scale-XXXXXX), never into the repository.
set -euo pipefail

PROJECTS="${PROJECTS:-200}"
PACKAGES="${PACKAGES:-1000}"
RUNS="${RUNS:-5}"
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
WORK="${WORK:-$(mktemp -d /tmp/scg-scale-XXXXXX)}"
FEED="$WORK/feed"
ROOT="$WORK/repo"
export NUGET_PACKAGES="$WORK/packages"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 MSBUILDDISABLENODEREUSE=1 UseSharedCompilation=false
echo "scale: work folder $WORK, $PROJECTS projects, $PACKAGES packages, $(nproc) cores, SDK $(dotnet --version)"
mkdir -p "$FEED" "$ROOT/.git" "$NUGET_PACKAGES"

dotnet build "$REPO/tests/SupplyChainGuard.Benchmarks" -c Release -nodeReuse:false -v:q -nologo -clp:NoSummary
dotnet build "$REPO/src/SupplyChainGuard.Cli" -c Release -nodeReuse:false -v:q -nologo -clp:NoSummary
SCG="$REPO/src/SupplyChainGuard.Cli/bin/Release/net8.0/scg"
if [ ! -f "$FEED/.generated-$PACKAGES" ]; then
  dotnet "$REPO/tests/SupplyChainGuard.Benchmarks/bin/Release/net10.0/SupplyChainGuard.Benchmarks.dll" --generate-feed "$FEED" "$PACKAGES" "$ROOT"
  touch "$FEED/.generated-$PACKAGES"
else
  dotnet "$REPO/tests/SupplyChainGuard.Benchmarks/bin/Release/net10.0/SupplyChainGuard.Benchmarks.dll" --generate-feed "$WORK/unused-feed" 1 "$ROOT" >/dev/null
fi
rm -f "$ROOT/Packages.props"

cat > "$ROOT/nuget.config" <<CONFIG
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="scg-scale" value="$FEED" />
  </packageSources>
  <fallbackPackageFolders>
    <clear />
  </fallbackPackageFolders>
</configuration>
CONFIG
cat > "$ROOT/Directory.Build.props" <<'PROPS'
<Project>
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <NuGetAudit>false</NuGetAudit>
    <!-- The fixtures' self-signed certificate is untrusted here; that is restore's business, not this benchmark's. -->
    <NoWarn>$(NoWarn);NU3018;NU3027;NU3042</NoWarn>
  </PropertyGroup>
</Project>
PROPS
printf '<Project />\n' > "$ROOT/Directory.Build.targets"
printf '<Project />\n' > "$ROOT/Directory.Packages.props"

id_of() { if [ $(( $1 % 50 )) -eq 23 ]; then printf 'Tencent.Bench.Pkg%04d' "$1"; else printf 'Bench.Pkg%04d' "$1"; fi; }
solution="$ROOT/Scale.slnx"
echo "<Solution>" > "$solution"
core=$(( PACKAGES - 5 ))
for p in $(seq 0 $(( PROJECTS - 1 ))); do
  name=$(printf 'Project%03d' "$p")
  mkdir -p "$ROOT/src/$name"
  {
    echo '<Project Sdk="Microsoft.NET.Sdk">'
    echo '  <ItemGroup>'
    # Two references with large dependency trees (low indices), eight with small ones, spread so that the
    # projects together reference every package.
    for index in $(( p % 40 + 8 )) $(( (p * 7) % 60 + 40 )) $(for j in 0 1 2 3 4 5 6 7; do echo $(( 100 + (p * 8 + j) % (core - 100) )); done); do
      echo "    <PackageReference Include=\"$(id_of "$index")\" Version=\"1.0.0\" />"
    done
    echo '  </ItemGroup>'
    echo '</Project>'
  } > "$ROOT/src/$name/$name.csproj"
  echo "  <Project Path=\"src/$name/$name.csproj\" />" >> "$solution"
done
echo "</Solution>" >> "$solution"

if [ ! -f "$ROOT/.restored" ]; then
  echo "scale: restoring $PROJECTS projects"
  /usr/bin/time -f "scale: restore took %e s" dotnet restore "$solution" -nodeReuse:false -v:q -nologo
  touch "$ROOT/.restored"
fi

cd "$ROOT"
packages=$(find "$NUGET_PACKAGES" -name '*.nupkg' | wc -l)
echo "scale: $packages packages in the packages folder"
cache="$WORK/identity-cache.json"
# One scg check: its wall time, its CPU time (user + sys, bash's `time`) and the 1-minute load average before it.
timed() {
  local load rest TIMEFORMAT="%R %U %S"
  read -r load rest < /proc/loadavg
  { time "$SCG" check --cache-file "$cache" --format json -o "$1" > /dev/null 2>&1 || true; } 2> "$WORK/time.txt"
  measured=$(awk -v load="$load" '{ printf "%.2fs/%.2fs/%s", $1, $2 + $3, load }' "$WORK/time.txt")
}
times=()
for run in $(seq 1 "$RUNS"); do
  rm -f "$cache"
  sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || true
  timed "$WORK/cold.json"
  times+=("$measured")
done
echo "scale: cold (no identity cache, page cache dropped when allowed), wall / CPU (user+sys) / load: ${times[*]}"
warm=()
for run in $(seq 1 "$RUNS"); do
  timed "$WORK/warm.json"
  warm+=("$measured")
done
echo "scale: warm (identity cache from the previous run), wall / CPU (user+sys) / load: ${warm[*]}"
cmp -s "$WORK/cold.json" "$WORK/warm.json" && echo "scale: cold and warm reports are identical" || { echo "scale: cold and warm reports DIFFER"; exit 1; }
python3 - "$WORK/warm.json" <<'PY' || true
import json, sys
d = json.load(open(sys.argv[1]))
print("scale: %d projects, %d checked, %d warnings, %d errors" % (d["summary"]["projects"], d["summary"]["checked"], d["summary"]["warnings"], d["summary"]["errors"]))
PY
