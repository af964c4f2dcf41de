#!/usr/bin/env bash
# Builds Release, then measures AgUi.Server, the Express reference and the raw Kestrel ceiling in one
# run with the same scripted model and the same load, and prints the figures table with its ratios
# (also written to artifacts/bench/compare.md). Extra arguments go to `AgUi.Bench.Load compare`,
# e.g. --streams 100 or --targets agui,raw; see bench/README.md.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export AGUI_REPO_ROOT="$repo"

for project in src/AgUi.Server/AgUi.Server.csproj bench/AgUi.Bench.Load/AgUi.Bench.Load.csproj \
  bench/AgUi.Bench.RawKestrel/AgUi.Bench.RawKestrel.csproj; do
  dotnet build "$project" -c Release -nologo -v quiet
done
npm ci --prefix bench/reference-express --no-audit --no-fund --loglevel=error

# 200 concurrent streams need more descriptors than some shells allow by default.
ulimit -n 65536 2>/dev/null || true
mkdir -p artifacts/bench
dotnet bench/AgUi.Bench.Load/bin/Release/net10.0/AgUi.Bench.Load.dll compare --output artifacts/bench/compare.md "$@"
