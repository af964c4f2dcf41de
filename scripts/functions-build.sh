#!/usr/bin/env bash
# Builds the Azure Functions app and checks the function metadata the worker SDK generates.
# Exits 0 when the app built and its metadata describes the agent trigger, non-zero otherwise.
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

metadata="src/AgUi.Functions/bin/$configuration/net10.0/functions.metadata"
if [ ! -f "$metadata" ]; then
  echo "error: the build wrote no $metadata" >&2
  exit 1
fi

# The deployed URLs, the README and infra/ all assume exactly these functions: POST triggers guarded
# by a function key, "agent" for the default agent and "agents" for the named ones.
node - "$metadata" <<'JS'
const fs = require('fs');
const file = process.argv[2];
const expected = [
  { name: 'agent', route: 'agent' },
  { name: 'agents', route: 'agents/{name}' },
];
const functions = JSON.parse(fs.readFileSync(file, 'utf8'));
const problems = [];
if (!Array.isArray(functions)) {
  problems.push('the metadata is not a list of functions');
} else {
  const names = functions.map(f => f.name).sort();
  if (JSON.stringify(names) !== JSON.stringify(expected.map(e => e.name).sort())) {
    problems.push(`the functions are ${JSON.stringify(names)}, expected ${JSON.stringify(expected.map(e => e.name))}`);
  }
  for (const want of expected) {
    const fn = functions.find(f => f.name === want.name);
    if (!fn) continue;
    const triggers = (fn.bindings ?? []).filter(b => String(b.type).toLowerCase() === 'httptrigger');
    if (triggers.length !== 1) {
      problems.push(`${want.name}: expected one httpTrigger binding, found ${triggers.length}`);
      continue;
    }
    const t = triggers[0];
    const methods = (t.methods ?? []).map(m => String(m).toLowerCase());
    if (methods.length !== 1 || methods[0] !== 'post') problems.push(`${want.name}: methods are ${JSON.stringify(t.methods)}, expected ["post"]`);
    if (String(t.authLevel).toLowerCase() !== 'function') problems.push(`${want.name}: authLevel is "${t.authLevel}", expected "function"`);
    if (t.route !== want.route) problems.push(`${want.name}: route is "${t.route}", expected "${want.route}"`);
  }
}
if (problems.length > 0) {
  console.error(`error: ${file} does not describe the agent triggers:`);
  for (const p of problems) console.error(`  - ${p}`);
  process.exit(1);
}
console.log(`Azure Functions app built; ${file}: "agent" (route agent) and "agents" (route agents/{name}), POST, auth level function.`);
JS
