#!/usr/bin/env bash
# The one test command. It installs what the tests need (npm packages under the repo, Debian's
# chromium for the browser tests), builds, runs every xunit project and the Node conformance
# harness, and ends with one line "N passed, N failed" summed over every suite. Exits non-zero on
# any failure.
set -uo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export AGUI_REPO_ROOT="$repo"
configuration=Release
results="$repo/artifacts/test-results"
rm -rf "$results" && mkdir -p "$results"

passed=0
failed=0
problems=()

note() { printf '\n==> %s\n' "$*"; }
fail_step() { problems+=("$1"); failed=$((failed + 1)); }

# Node packages: the official AG-UI clients and Azurite, pinned by the lock file.
note "npm packages (tests/conformance)"
if ! npm ci --prefix tests/conformance --no-audit --no-fund --loglevel=error; then
  fail_step "npm ci in tests/conformance"
fi
export AZURITE_TABLE_BIN="$repo/tests/conformance/node_modules/.bin/azurite-table"

# Bicep: compile and lint infra/ with the CLI from NuGet; any diagnostic fails. It also restores
# the CLI that the deployment tests run, so it comes before them.
note "Bicep (infra/)"
if scripts/bicep-check.sh; then
  passed=$((passed + 1))
else
  fail_step "Bicep check of infra/"
fi

# Headless Chromium for the playground's browser tests (tests/AgUi.Playground.Tests): Debian's package,
# driven by Playwright with no browser download. AGUI_CHROMIUM names another Chromium or Chrome.
# The tests' screenshots go to artifacts/playground/, this run's only.
note "Chromium (browser tests)"
rm -rf "$repo/artifacts/playground"
if [ -n "${AGUI_CHROMIUM:-}" ] || [ -x /usr/bin/chromium ]; then
  "${AGUI_CHROMIUM:-/usr/bin/chromium}" --version
elif [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }; then
    fail_step "apt-get install chromium"
  fi
else
  fail_step "Chromium for the browser tests: install Debian's chromium package (sudo apt-get install chromium) or set AGUI_CHROMIUM"
fi

# Build everything: the standalone host, the test and benchmark projects (tests/AgUi.Functions.Tests builds the
# Functions app too, as a project reference), then the Functions app on its own, with its output checked.
note "build"
build_targets=(src/AgUi.Server/AgUi.Server.csproj)
for project in tests/*/*.csproj bench/*/*.csproj; do
  [ -f "$project" ] && build_targets+=("$project")
done
for project in "${build_targets[@]}"; do
  if ! dotnet build "$project" -c "$configuration" -nologo -v quiet; then
    fail_step "build $project"
  fi
done

note "Azure Functions app"
if scripts/functions-build.sh "$configuration"; then
  passed=$((passed + 1))
else
  fail_step "Azure Functions app build"
fi

# xunit: one run per test project, counted from its TRX report.
for project in tests/*/*.Tests.csproj; do
  [ -f "$project" ] || continue
  name=$(basename "$project" .csproj)
  note "xunit: $name"
  dotnet test "$project" -c "$configuration" --no-build -nologo \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" \
    --results-directory "$results" -- RunConfiguration.TestSessionTimeout=1800000
  code=$?
  trx="$results/$name.trx"
  if [ -f "$trx" ]; then
    p=$(grep -o '<Counters [^>]*' "$trx" | grep -o ' passed="[0-9]*"' | grep -o '[0-9]*')
    f=$(grep -o '<Counters [^>]*' "$trx" | grep -o ' failed="[0-9]*"' | grep -o '[0-9]*')
    passed=$((passed + ${p:-0}))
    failed=$((failed + ${f:-0}))
    if [ "$code" -ne 0 ] && [ "${f:-0}" -eq 0 ]; then
      fail_step "$name (exit $code without a failed test: crash or timeout)"
    fi
    if [ "$name" = AgUi.Functions.Tests ]; then
      echo "Azure Functions app tested through the Functions host stand-in (gRPC worker protocol, YARP forwarding): ${p:-0} passed, ${f:-0} failed"
    fi
  else
    fail_step "$name (no test report)"
  fi
done

# The official AG-UI clients against the real server.
if [ -f tests/conformance/run.mjs ]; then
  note "conformance (@ag-ui/client)"
  summary="$results/conformance.txt"
  node tests/conformance/run.mjs --configuration "$configuration" | tee "$summary"
  code=${PIPESTATUS[0]}
  line=$(grep -E '^conformance: [0-9]+ passed, [0-9]+ failed' "$summary" | tail -n 1)
  if [ -n "$line" ]; then
    passed=$((passed + $(echo "$line" | sed -E 's/^conformance: ([0-9]+) passed.*/\1/')))
    failed=$((failed + $(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')))
  fi
  if [ "$code" -ne 0 ] && [ -z "$line" ]; then
    fail_step "conformance harness (exit $code without a summary)"
  fi
fi

if [ "${#problems[@]}" -gt 0 ]; then
  printf '\nProblems outside test counts:\n'
  printf '  - %s\n' "${problems[@]}"
fi
echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
