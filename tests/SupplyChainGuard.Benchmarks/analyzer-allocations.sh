#!/usr/bin/env bash
# Where the memory an analyzer adds to a real compile comes from: the analyzer's own code, the compiler's
# [SuppressMessage] check of each diagnostic it reports, the analyzer driver, the method compiler.
#
#   WORK=/tmp/scg-analyzer-cost-XXXXXX bash tests/SupplyChainGuard.Benchmarks/analyzer-allocations.sh
#   WORK=... CORPORA="dense sparse" CONFIGS="none scg banned" bash tests/SupplyChainGuard.Benchmarks/analyzer-allocations.sh
#   WORK=... CONFIGS="none scg banned floor" bash ...   # with the floor, if analyzer-cost.sh measured it (CONFIGS="... floor")
#
# WORK is a folder analyzer-cost.sh has filled (ROUNDS=1 REPORT=0 is enough): it holds each corpus and each
# configuration's Csc command line (<corpus>-<config>.rsp). For each corpus (default: dense) and configuration
# (default: none scg banned; none first, as the baseline), the same command line runs once more under dotnet-trace
# (10.0.750501, a .NET tool from the NuGet registry, installed under WORK/tools when missing) with the runtime's GC
# events and their stacks (Microsoft-Windows-DotNETRuntime, keywords GC and Stack, level verbose), so that every
# ~100 KB allocated leaves a sample with its managed stack. The benchmark exe's --allocation-report mode then adds the
# samples up by part and prints what each configuration adds to none, part by part. One traced compile takes about
# as long as an untraced one (~40-60 s for 1,000 files on 2 cores); sampled allocations of the same command line
# agree from run to run within a few MB, where its CPU time moves by seconds.
set -euo pipefail

WORK="${WORK:?WORK must name a folder that analyzer-cost.sh filled (ROUNDS=1 REPORT=0 is enough)}"
CORPORA="${CORPORA:-dense}"
CONFIGS="${CONFIGS:-none scg banned}"
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BENCH="$REPO/tests/SupplyChainGuard.Benchmarks/bin/Release/net10.0/SupplyChainGuard.Benchmarks.dll"
TRACE="$WORK/tools/dotnet-trace"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

load() { local one rest; read -r one rest < /proc/loadavg; echo "$one"; }

[ -x "$TRACE" ] || dotnet tool install dotnet-trace --version 10.0.750501 --tool-path "$WORK/tools" > "$WORK/tools-install.log" \
  || { cat "$WORK/tools-install.log"; exit 1; }
dotnet build "$REPO/tests/SupplyChainGuard.Benchmarks" -c Release -nodeReuse:false -v:q -nologo -tl:off > "$WORK/release-build.log" \
  || { cat "$WORK/release-build.log"; exit 1; }
csc="$(dirname "$(readlink -f "$(command -v dotnet)")")/sdk/$(dotnet --version)/Roslyn/bincore/csc.dll"
[ -f "$csc" ] || { echo "no compiler at $csc" >&2; exit 1; }
echo "analyzer-allocations: $(nproc) cores, SDK $(dotnet --version), $CORPORA x $CONFIGS, work folder $WORK, load average $(load)"

for corpus in $CORPORA; do
  reports=()
  for config in $CONFIGS; do
    rsp="$WORK/$corpus-$config.rsp"
    [ -f "$rsp" ] || { echo "no $rsp: run analyzer-cost.sh with WORK=$WORK CORPORA=$corpus first" >&2; exit 1; }
    trace="$WORK/allocations-$corpus-$config.nettrace"
    rm -f "$trace" "${trace%.nettrace}.etlx"
    TIMEFORMAT="%3U %3S %3R"
    { time (cd "$WORK/$corpus" && "$TRACE" collect --providers Microsoft-Windows-DotNETRuntime:0x40000001:5 -o "$trace" \
        -- dotnet exec "$csc" /noconfig "@$rsp" > "$WORK/allocations-$corpus-$config.log" 2>&1) ; } 2> "$WORK/time.txt" \
      || { echo "traced compile failed: $corpus $config (see $WORK/allocations-$corpus-$config.log)" >&2; exit 1; }
    read -r user sys wall < "$WORK/time.txt"
    echo "  $corpus $config: traced compile CPU $user user + $sys sys, wall $wall s, load $(load)"
    reports+=("$config=$trace")
  done
  echo
  echo "$corpus corpus:"
  dotnet "$BENCH" --allocation-report "${reports[@]}"
  echo
done
