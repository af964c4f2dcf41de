#!/usr/bin/env bash
# Builds Release and publishes both hosts as `azd deploy` and a standalone deployment would, then measures
# AgUi.Server (published), the Express reference and the raw Kestrel ceiling in one run with the same
# scripted model and the same load: each in a fresh process, cold, then warm after tier-up; then the cold
# starts of the three and of the Functions worker (published) through the host stand-in. Prints the tables
# (also written to artifacts/bench/compare.md). Extra arguments go to `AgUi.Bench.Load compare`,
# e.g. --streams 100, --targets agui,raw or --cold-starts 0; see bench/README.md.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export AGUI_REPO_ROOT="$repo"

for project in bench/AgUi.Bench.Load/AgUi.Bench.Load.csproj bench/AgUi.Bench.RawKestrel/AgUi.Bench.RawKestrel.csproj; do
  dotnet build "$project" -c Release -nologo -v quiet
done
published="$repo/artifacts/publish"
rm -rf "$published"
dotnet publish src/AgUi.Server/AgUi.Server.csproj -c Release -nologo -v quiet -o "$published/server"
dotnet publish src/AgUi.Functions/AgUi.Functions.csproj -c Release -nologo -v quiet -o "$published/functions"
npm ci --prefix bench/reference-express --no-audit --no-fund --loglevel=error

# 200 concurrent streams need more descriptors than some shells allow by default.
ulimit -n 65536 2>/dev/null || true
mkdir -p artifacts/bench
dotnet bench/AgUi.Bench.Load/bin/Release/net10.0/AgUi.Bench.Load.dll compare --output artifacts/bench/compare.md \
  --agui-app "$published/server" --functions-app "$published/functions" "$@"
