#!/usr/bin/env bash
# The test command of README.md: sets up the machine (setup.sh), then runs every test of the solution.
set -euo pipefail
cd "$(dirname "$0")/../.."
build/repo/setup.sh
exec dotnet test "$@"
