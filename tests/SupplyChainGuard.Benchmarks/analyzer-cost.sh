#!/usr/bin/env bash
# What the analyzers add to a real build's compile, measured as the compiler process's CPU time.
#
#   bash tests/SupplyChainGuard.Benchmarks/analyzer-cost.sh          # 7 rounds, sparse and dense corpora
#   ROUNDS=3 CORPORA=dense bash tests/SupplyChainGuard.Benchmarks/analyzer-cost.sh
#   WORK=/tmp/scg-cost REUSE=1 bash tests/SupplyChainGuard.Benchmarks/analyzer-cost.sh   # again, without rebuilding
#
# For each corpus (FILES files, default 1,000, written by the benchmark exe's --write-corpus mode):
#   sparse  1 file in 20 calls Baidu.AI's OCR client (Baidu.AI 4.15.10, assembly AipSdk);
#   dense   every file does: a codebase that wraps the vendor SDK everywhere.
# and each configuration (CONFIGS, default "none scg banned"):
#   none    neither analyzer (the SDK's own source generators and their analyzers stay; CA rules are off);
#   scg     SupplyChainGuard.Analyzers + SupplyChainGuard.Policy built in Release, supplychainguard.json banning
#           vendor baidu by "namespaces": ["Baidu.Aip"];
#   banned  Microsoft.CodeAnalysis.BannedApiAnalyzers 5.6.0, BannedSymbols.txt "N:Baidu.Aip";
#   both    the two together (add it to CONFIGS to measure it);
#   floor   no analysis at all: an analyzer (tests/SupplyChainGuard.Benchmarks.Floor) that reports exactly the findings the
#           scg compile reported (same ids, spans and messages, copied from its SARIF log) and does nothing else, so
#           what it adds is the least any analyzer reporting those findings can add (the diagnostics, the driver's
#           dispatch, the compiler's [SuppressMessage] check of each one). Needs scg before it in CONFIGS:
#           CONFIGS="none scg banned floor".
# it runs `dotnet build -v:d` once (no compiler server) and takes the Csc task's exact command line from the log.
# Then, ROUNDS times, it runs every configuration's command line directly — `dotnet exec <sdk>/Roslyn/bincore/csc.dll
# /noconfig @rsp`, a fresh compiler process, no server — in an order that rotates from round to round, and records the
# process's user+sys CPU time (bash's `time`), its wall time and the load average. Last, with REPORT=1 (default),
# each analyzer configuration compiles once more with /reportanalyzer (what -p:ReportAnalyzer=true adds to the
# same command line) and the compiler's per-analyzer table is printed.
#
# The summary gives per configuration the median and min–max CPU, what it adds over `none` in the same round, and
# SupplyChainGuard's added CPU over BannedApiAnalyzers' round by round. Needs only the .NET SDK and coreutils.
# Everything is written under WORK (default: a new /tmp/scg-analyzer-cost-XXXXXX), except the Release builds of the
# benchmark and analyzer projects, which go to their usual bin/ and obj/ folders.
set -euo pipefail

ROUNDS="${ROUNDS:-7}"
FILES="${FILES:-1000}"
CORPORA="${CORPORA:-sparse dense}"
CONFIGS="${CONFIGS:-none scg banned}"
REPORT="${REPORT:-1}"
REUSE="${REUSE:-0}"
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
WORK="${WORK:-$(mktemp -d /tmp/scg-analyzer-cost-XXXXXX)}"
mkdir -p "$WORK"
BENCH="$REPO/tests/SupplyChainGuard.Benchmarks/bin/Release/net10.0/SupplyChainGuard.Benchmarks.dll"
RESULTS="$WORK/results.tsv"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 MSBUILDDISABLENODEREUSE=1
export UseSharedCompilation=false

load() { local one rest; read -r one rest < /proc/loadavg; echo "$one"; }

model=""
while IFS=: read -r key value; do
  if [[ "$key" == "model name"* ]]; then model="$value"; break; fi
done < /proc/cpuinfo
echo "analyzer-cost: $(nproc) cores,$model"
echo "analyzer-cost: SDK $(dotnet --version), $ROUNDS rounds of: $CORPORA x $CONFIGS, $FILES files; work folder $WORK; load average $(load) at the start"
FLOOR="$REPO/tests/SupplyChainGuard.Benchmarks.Floor/bin/Release/netstandard2.0/SupplyChainGuard.Benchmarks.Floor.dll"
for project in tests/SupplyChainGuard.Benchmarks src/SupplyChainGuard.Analyzers tests/SupplyChainGuard.Benchmarks.Floor; do
  dotnet build "$REPO/$project" -c Release -nodeReuse:false -v:q -nologo -tl:off > "$WORK/release-build.log" || { cat "$WORK/release-build.log"; exit 1; }
done

csc=""
for corpus in $CORPORA; do
  case "$corpus" in
    sparse) every=20 ;;
    dense) every=1 ;;
    *) echo "unknown corpus '$corpus' (sparse or dense)" >&2; exit 2 ;;
  esac
  # REUSE=1 keeps a corpus and the build logs that an earlier run left in the same WORK folder.
  [ "$REUSE" = "1" ] && [ -d "$WORK/$corpus" ] || dotnet "$BENCH" --write-corpus "$WORK/$corpus" "$REPO" "$FILES" "$every"
  for config in $CONFIGS; do
    if [ "$config" = "floor" ]; then
      [ "$REUSE" = "1" ] && [ -f "$WORK/$corpus-floor.rsp" ] && continue
      [ -f "$WORK/$corpus-scg.rsp" ] || { echo "the floor configuration copies scg's findings: put scg before floor in CONFIGS" >&2; exit 2; }
      (cd "$WORK/$corpus" && dotnet exec "$csc" /noconfig "@$WORK/$corpus-scg.rsp" "/errorlog:$WORK/$corpus-scg.sarif,version=2.1" \
        > "$WORK/floor-source-$corpus.txt" 2>&1) || { tail -5 "$WORK/floor-source-$corpus.txt"; exit 1; }
      dotnet "$BENCH" --floor-command "$WORK/$corpus-scg.rsp" "$WORK/$corpus-scg.sarif" "$WORK/$corpus-floor.rsp" "$WORK/out-$corpus-floor" "$FLOOR"
      continue
    fi
    if [ "$REUSE" = "1" ] && [ -f "$WORK/build-$corpus-$config.log" ]; then
      csc=$(dotnet "$BENCH" --csc-command "$WORK/build-$corpus-$config.log" "$WORK/$corpus-$config.rsp" "$WORK/out-$corpus-$config")
      continue
    fi

    # Deleting the assembly makes CoreCompile run even when only the analyzer set changed.
    (cd "$WORK/$corpus" && dotnet restore -nodeReuse:false -v:q -nologo -p:CorpusAnalyzers="$config" \
      && rm -f obj/Debug/net10.0/Corpus.dll \
      && dotnet build --no-restore -nodeReuse:false -nologo -tl:off -v:d -p:CorpusAnalyzers="$config" -p:EnableNETAnalyzers=false \
           -p:UseSharedCompilation=false > "$WORK/build-$corpus-$config.log") || { tail -30 "$WORK/build-$corpus-$config.log"; exit 1; }
    csc=$(dotnet "$BENCH" --csc-command "$WORK/build-$corpus-$config.log" "$WORK/$corpus-$config.rsp" "$WORK/out-$corpus-$config")
  done
done

: > "$RESULTS"
set -- $CONFIGS
count=$#
for round in $(seq "$ROUNDS"); do
  for corpus in $CORPORA; do
    # Rotate the order so that no configuration always runs first (or right after another one).
    order=()
    for i in $(seq 0 $((count - 1))); do
      index=$(( (i + round - 1) % count + 1 ))
      order+=("${!index}")
    done
    for config in "${order[@]}"; do
      output="$WORK/compile-$corpus-$config-$round.txt"
      TIMEFORMAT="%3U %3S %3R"
      # The corpus folder is the compiler's working directory, as in the build: source paths are relative.
      { time (cd "$WORK/$corpus" && dotnet exec "$csc" /noconfig "@$WORK/$corpus-$config.rsp" > "$output" 2>&1) ; } 2> "$WORK/time.txt" \
        || { echo "compile failed: $corpus $config (see $output)" >&2; tail -5 "$output" >&2; exit 1; }
      if [ "$config" = "floor" ]; then
        # The floor must report what the scg compile reported, line for line (the help link aside).
        if grep -q "SCGFLOOR" "$output" || [ "$(grep -c ': warning SCG0' "$output")" != "$(grep -c ': warning SCG0' "$WORK/floor-source-$corpus.txt")" ]; then
          echo "the floor analyzer did not report the scg compile's findings (see $output and $WORK/floor-source-$corpus.txt)" >&2; exit 1
        fi
      fi
      read -r user sys wall < "$WORK/time.txt"
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$corpus" "$config" "$round" "$user" "$sys" "$wall" "$(load)" "$output" >> "$RESULTS"
      echo "  round $round $corpus $config: CPU $user user + $sys sys, wall $wall s, load $(load)"
    done
  done
done

dotnet "$BENCH" --cost-summary "$RESULTS"

if [ "$REPORT" = "1" ]; then
  for corpus in $CORPORA; do
    for config in $CONFIGS; do
      [ "$config" = "none" ] && continue
      output="$WORK/report-$corpus-$config.txt"
      (cd "$WORK/$corpus" && dotnet exec "$csc" /noconfig "@$WORK/$corpus-$config.rsp" /reportanalyzer > "$output" 2>&1)
      echo
      echo "/reportanalyzer, $corpus, $config (load $(load)):"
      dotnet "$BENCH" --report-table "$output"
    done
  done
fi
echo
echo "analyzer-cost: raw results in $RESULTS; load average $(load) at the end"
