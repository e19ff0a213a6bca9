#!/usr/bin/env bash
# Runs SparseVila on its embedded default: one process (the Gateway hosting an Orleans silo),
# localhost clustering, storage in ./.data, the shipped model. Installs what is missing first.
# Extra arguments go to the Gateway, e.g. scripts/run.sh --urls http://localhost:9000
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/prerequisites.sh"

require_dotnet
require_ffmpeg

say "Building the Gateway (Release)"
dotnet build "$root/Gateway/SparseVila.Gateway.csproj" -c Release -nologo -v quiet -clp:ErrorsOnly

say "Starting SparseVila; data in $root/.data (Ctrl+C stops it)"
cd "$root/Gateway"
exec dotnet run -c Release --no-build --no-launch-profile -- \
  --Storage:FileSystem:RootPath="$root/.data" "$@"
