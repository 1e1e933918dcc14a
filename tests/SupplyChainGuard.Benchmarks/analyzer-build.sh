#!/usr/bin/env bash
# The analyzers in a real `dotnet build`: the compiler's own -p:ReportAnalyzer=true figures.
#
# Writes the analyzer benchmark's corpus (1,500 files, 150 calling Baidu.AI's OCR client) as a project with the
# benchmark exe's --write-corpus mode, then compiles it RUNS times for each of four analyzer sets
# (-p:CorpusAnalyzers=none|scg|banned|both):
#   scg    SupplyChainGuard.Analyzers + SupplyChainGuard.Policy as project-built analyzers (Release), with the
#          corpus's supplychainguard.json (vendor baidu restricted by "namespaces": ["Baidu.Aip"]) in AdditionalFiles;
#   banned Microsoft.CodeAnalysis.BannedApiAnalyzers 5.6.0 as a PackageReference, BannedSymbols.txt "N:Baidu.Aip";
#   both   the two together; none neither.
# The SDK's CA analyzers are off (-p:EnableNETAnalyzers=false) unless SDK_ANALYZERS=true; its source generators'
# analyzers stay.
# Each build deletes the corpus assembly first so that CoreCompile runs, uses no compiler server
# (UseSharedCompilation=false: every csc is a fresh process, as on a CI agent, and nothing outlives the script)
# and no MSBuild node reuse. It prints, per build, the Csc task's time and the "Analyzer execution time" table
# the compiler logs at -v:d, and keeps the full logs.
#
#   bash tests/SupplyChainGuard.Benchmarks/analyzer-build.sh             # RUNS=3
#   RUNS=5 CONFIGS="scg banned" bash tests/SupplyChainGuard.Benchmarks/analyzer-build.sh
#
# Everything is written under WORK (default: a new /tmp/scg-analyzer-build-XXXXXX), except the Release builds of
# the two analyzer projects, which go to their usual bin/ and obj/ folders under src/.
set -euo pipefail

RUNS="${RUNS:-3}"
CONFIGS="${CONFIGS:-none scg banned both}"
# The SDK's own analyzers (CA rules, on by default) double the compile time and add nothing to the comparison;
# SDK_ANALYZERS=true keeps them.
SDK_ANALYZERS="${SDK_ANALYZERS:-false}"
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
WORK="${WORK:-$(mktemp -d /tmp/scg-analyzer-build-XXXXXX)}"
CORPUS="$WORK/corpus"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 MSBUILDDISABLENODEREUSE=1
export UseSharedCompilation=false

echo "analyzer-build: work folder $WORK, $RUNS builds per configuration, $(nproc) cores, SDK $(dotnet --version), SDK analyzers $SDK_ANALYZERS"
echo "analyzer-build: load average $(cut -d' ' -f1-3 /proc/loadavg) at the start"
dotnet build "$REPO/tests/SupplyChainGuard.Benchmarks" -c Release -nodeReuse:false -v:q -nologo -tl:off -clp:NoSummary
dotnet "$REPO/tests/SupplyChainGuard.Benchmarks/bin/Release/net10.0/SupplyChainGuard.Benchmarks.dll" --write-corpus "$CORPUS" "$REPO"

cd "$CORPUS"
for config in $CONFIGS; do
  echo
  echo "analyzer-build: CorpusAnalyzers=$config"
  dotnet restore -nodeReuse:false -v:q -nologo -p:CorpusAnalyzers="$config"
  # One build to compile the analyzer projects and warm the disk cache; not reported.
  dotnet build --no-restore -nodeReuse:false -v:q -nologo -tl:off -clp:NoSummary -p:CorpusAnalyzers="$config" -p:EnableNETAnalyzers="$SDK_ANALYZERS" > "$WORK/warmup-$config.log" \
    || { cat "$WORK/warmup-$config.log"; exit 1; }
  for run in $(seq "$RUNS"); do
    rm -f obj/Debug/net10.0/Corpus.dll
    log="$WORK/build-$config-$run.log"
    start=$(date +%s%N)
    /usr/bin/time -f "%U %S" -o "$WORK/cpu-$config-$run.txt" \
      dotnet build --no-restore -nodeReuse:false -nologo -tl:off -v:d -clp:PerformanceSummary \
      -p:CorpusAnalyzers="$config" -p:EnableNETAnalyzers="$SDK_ANALYZERS" -p:CorpusReportAnalyzer=true > "$log" || { grep -E "error" "$log" | head; exit 1; }
    end=$(date +%s%N)
    csc=$(awk '/^Task Performance Summary/{t=1} t && / Csc /{print $1, $2, "(" $4, $5 ")"; exit}' "$log")
    cpu=$(awk '{printf "%.0f", ($1 + $2) * 1000}' "$WORK/cpu-$config-$run.txt")
    echo "  run $run: dotnet build $(( (end - start) / 1000000 )) ms (CPU $cpu ms, all processes), Csc task $csc, load average $(cut -d' ' -f1 /proc/loadavg)," \
         "SCG0101 $(grep -oE 'warning SCG0101' "$log" | wc -l), SCG0102 $(grep -oE 'warning SCG0102' "$log" | wc -l)," \
         "RS0030 $(grep -oE 'warning RS0030' "$log" | wc -l) warning lines (MSBuild logs each twice)"
    # The compiler's table (Corpus.csproj is the only compilation in the build): the total, every analyzer
    # assembly, and the single analyzers of SupplyChainGuard and BannedApiAnalyzers.
    awk '/Total analyzer execution time/{t=1} /Total generator execution time/{t=0} t' "$log" \
      | grep -E 'Total analyzer execution time|^ +<?[0-9.]+ +<?[0-9]+   [^ ]|^ +<?[0-9.]+ +<?[0-9]+ +(SupplyChainGuard|Microsoft\.CodeAnalysis\.CSharp\.BannedApiAnalyzers)\.' \
      | sed -E 's/^ +/    /; s/, Version=([^,]*), Culture=[^)]*$/ \1/'
  done
done
echo
echo "analyzer-build: logs are in $WORK"
