#!/usr/bin/env bash
# Runs the BenchmarkDotNet suites (Release, in-process) and the interleaved checks; see docs/performance.md.
#
#   tests/Accelerate.Performance/run-benchmarks.sh                 every suite, then the interleaved checks
#   tests/Accelerate.Performance/run-benchmarks.sh --filter '*Throughput*'   BenchmarkDotNet arguments only
#
# Results go to BenchmarkDotNet.Artifacts/ under the repository root (git-ignored); the interleaved checks' tables are
# printed and saved there as interleaved-report.md.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PROJECT="$REPO/tests/Accelerate.Performance"
ARTIFACTS="$REPO/BenchmarkDotNet.Artifacts"
cd "$REPO"

dotnet build "$PROJECT" -c Release -nologo -v:q

if [ "$#" -gt 0 ]; then
  dotnet run -c Release --no-build --project "$PROJECT" -- --artifacts "$ARTIFACTS" "$@"
  exit
fi

# The cores are shared with other work: the load average before and after tells how quiet the machine was.
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
dotnet run -c Release --no-build --project "$PROJECT" -- --filter '*' --artifacts "$ARTIFACTS"
mkdir -p "$ARTIFACTS"
dotnet run -c Release --no-build --project "$PROJECT" -- interleaved | tee "$ARTIFACTS/interleaved-report.md"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
