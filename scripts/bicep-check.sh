#!/usr/bin/env bash
# Compiles and lints every Bicep file under infra/ with the Bicep CLI from NuGet (restored once into
# .tools/, git-ignored). Bicep reports type errors (BCP036, BCP037, BCP081, ...) as warnings and still
# exits 0, so ANY diagnostic fails this check. Exits 0 only when every file compiles with none.
set -uo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
cli_project=scripts/bicep-cli/BicepCli.csproj
version=$(sed -n 's/.*Include="Azure\.Bicep\.CommandLine\.linux-x64" Version="\[\([^]]*\)\]".*/\1/p' "$cli_project")
bicep=".tools/packages/azure.bicep.commandline.linux-x64/$version/tools/bicep"

if [ ! -x "$bicep" ]; then
  echo "Restoring the Bicep CLI $version (NuGet Azure.Bicep.CommandLine.linux-x64) into .tools/packages"
  started=$SECONDS
  if ! dotnet restore "$cli_project" --packages "$repo/.tools/packages" -nologo -v quiet; then
    echo "error: the Bicep CLI $version could not be restored from the configured NuGet sources" >&2
    exit 1
  fi
  chmod +x "$bicep"
  echo "Bicep CLI restored in $((SECONDS - started)) s"
fi

out=artifacts/bicep
rm -rf "$out" && mkdir -p "$out"
diagnostics="$out/diagnostics.txt"
: >"$diagnostics"
failed=0
# --no-restore: a registry module would make the CLI wait on the network; infra/ uses none.
for command in build lint; do
  args=("$command" --pattern 'infra/**/*.bicep' --no-restore)
  [ "$command" = build ] && args+=(--outdir "$out")
  if ! "$bicep" "${args[@]}" 2>>"$diagnostics" >/dev/null; then
    echo "error: bicep $command failed" >&2
    failed=1
  fi
done

# build and lint report the same diagnostic twice: count each once.
count=$(sort -u "$diagnostics" | grep -c .)
if [ "$count" -gt 0 ]; then
  sort -u "$diagnostics" >&2
  echo "error: Bicep reported $count diagnostic(s) for infra/ (any diagnostic fails the check)" >&2
  exit 1
fi
if [ "$failed" -ne 0 ]; then
  exit 1
fi
echo "Bicep compiled with 0 diagnostics: $(find "$out" -name '*.json' | wc -l) files under infra/ (bicep build and bicep lint, CLI $version)."
