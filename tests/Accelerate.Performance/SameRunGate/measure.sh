#!/usr/bin/env bash
# Measures the same-run A/B gate on this machine (figures in docs/performance.md): how often an unchanged build is
# called Slower than the baseline build (false alarms), and how often builds 10% and 25% slower are caught.
#
#   tests/Accelerate.Performance/SameRunGate/measure.sh [comparisons per kind, default 20] [profile, default quick]
#
# Four builds of this project (SameRunGateSlowdown 0 as the baseline, 0 again as the unchanged build, 0.10, 0.25) are
# copied aside; then each round compares the unchanged, the 10% and the 25% build with the baseline, in that order,
# each comparison one `--same-run-only` run of the host with two fresh worker processes. Prints one line per
# comparison and a table; the summaries stay in the printed folder.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
PROJECT="$REPO/tests/Accelerate.Performance/SameRunGate/Accelerate.Performance.SameRunGate.csproj"
N="${1:-20}"
PROFILE="${2:-quick}"
OUT="$(mktemp -d "${TMPDIR:-/tmp}/same-run-gate.XXXXXX")"
ASSEMBLY=Accelerate.Performance.SameRunGate.dll

for variant in baseline:0 unchanged:0 slow10:0.10 slow25:0.25; do
  name="${variant%%:*}"
  slowdown="${variant#*:}"
  dotnet build "$PROJECT" -c Release -nologo -v:q -p:SameRunGateSlowdown="$slowdown" > "$OUT/build-$name.log"
  target_dir="$(dotnet msbuild "$PROJECT" -nologo -getProperty:TargetDir -p:Configuration=Release -p:SameRunGateSlowdown="$slowdown")"
  cp -r "$target_dir" "$OUT/$name"
done

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq 1 "$N"); do
  for kind in unchanged slow10 slow25; do
    start=$(date +%s.%N)
    dotnet exec "$OUT/$kind/$ASSEMBLY" --same-run-only --compare-build "$OUT/baseline/$ASSEMBLY" --compare-label baseline \
      --profile "$PROFILE" --filter '*SimilarityBenchmarks*' --summary "$OUT/$kind-$i.json" \
      --results "$OUT/results.duckdb" --artifacts "$OUT/artifacts" --project "$OUT" > "$OUT/$kind-$i.log" 2>&1 || true
    end=$(date +%s.%N)
    echo "$end - $start" | bc > "$OUT/$kind-$i.seconds"
    grep -h "same-run A/B" "$OUT/$kind-$i.log" | sed "s/^/$kind $i: /" || echo "$kind $i: no comparison (see $OUT/$kind-$i.log)"
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

python3 - "$OUT" "$N" <<'PY'
import json, statistics, sys, pathlib
out, n = pathlib.Path(sys.argv[1]), int(sys.argv[2])
print(f"\n| Build vs baseline | Comparisons | Slower | Same | Faster | Median ratio | Median wall s |")
print("|---|---:|---:|---:|---:|---:|---:|")
for kind in ["unchanged", "slow10", "slow25"]:
    verdicts, ratios, seconds = [], [], []
    for i in range(1, n + 1):
        s = out / f"{kind}-{i}.json"
        if s.exists():
            case = json.loads(s.read_text())["cases"][0]["sameRun"]
            verdicts.append(case["verdict"]); ratios.append(case["ratio"])
        seconds.append(float((out / f"{kind}-{i}.seconds").read_text()))
    print(f"| {kind} | {len(verdicts)} | {verdicts.count('Slower')} | {verdicts.count('Same')} | {verdicts.count('Faster')} | "
          f"{statistics.median(ratios):.3f} | {statistics.median(seconds):.1f} |")
print(f"\nSummaries and logs: {out}")
PY
