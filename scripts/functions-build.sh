#!/usr/bin/env bash
# Builds the Azure Functions app and checks that the build wrote what the Functions host reads
# (functions.metadata, worker.config.json, host.json). Exits non-zero when it did not.
set -uo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
configuration=${1:-Release}
project=src/AgUi.Functions/AgUi.Functions.csproj
log=$(mktemp)
trap 'rm -f "$log"' EXIT

if ! dotnet restore "$project" -nologo -v quiet >"$log" 2>&1; then
  cat "$log"
  # NU1101: no such package on any source; NU1102: no such version; NU1301: a source is unreachable.
  if grep -Eq 'NU1101|NU1102|NU1301' "$log" && grep -q 'Microsoft\.Azure\.Functions\.Worker' "$log"; then
    echo "error: the Azure Functions worker packages pinned in Directory.Packages.props cannot be restored from the configured NuGet sources" >&2
  fi
  echo "error: restoring $project failed" >&2
  exit 1
fi

if ! dotnet build "$project" -c "$configuration" --no-restore -nologo -v quiet; then
  echo "error: building $project failed" >&2
  exit 1
fi

app="src/AgUi.Functions/bin/$configuration/net10.0"
for file in functions.metadata worker.config.json host.json; do
  if [ ! -f "$app/$file" ]; then
    echo "error: the build wrote no $app/$file" >&2
    exit 1
  fi
done

# Which functions the app exposes (name, route, methods, auth level) is checked against the table in
# tests/AgUi.Functions.Tests/FunctionMetadataTests.cs, as the worker reports them to the host stand-in.
echo "Azure Functions app built: $app"
