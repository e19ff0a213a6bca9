#!/usr/bin/env bash
# Runs every test of the solution. Installs what is missing first.
# Extra arguments go to `dotnet test`, e.g. scripts/test.sh --filter "FullyQualifiedName~Gateway"
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/prerequisites.sh"

require_dotnet
require_ffmpeg
require_azurite
require_redis
require_chromium

results="$root/artifacts/test-results"
rm -rf "$results"

say "Building and running every test (Release)"
status=0
dotnet test "$root/SparseVila.Orleans.sln" -c Release -nologo \
  --logger "trx" --results-directory "$results" "$@" || status=$?

# One closing line over all test assemblies, summed from their TRX reports.
summary=$(cat "$results"/*.trx 2>/dev/null | grep -o '<Counters [^>]*>' | awk '
  { for (i = 1; i <= NF; i++) { split($i, kv, "="); gsub(/"/, "", kv[2]); n[kv[1]] += kv[2] } }
  END { printf "%d passed, %d failed, %d skipped", n["passed"], n["failed"], n["notExecuted"] }')
echo
echo "tests: ${summary:-0 passed, 0 failed}"
exit "$status"
