#!/usr/bin/env bash
# Installs the test peers that are missing, builds, publishes the `vigil` binary, runs every test
# project, and ends with one line: "N passed, M failed, K skipped".
set -uo pipefail
cd "$(dirname "$0")"
root=$(pwd)

# Real peers the tests start themselves on loopback ports (Debian packages).
peers=(prometheus prometheus-node-exporter etcd-server)
missing=()
for p in "${peers[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "test.sh: installing ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq || { echo "test.sh: apt-get update failed"; exit 1; }
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" \
    || { echo "test.sh: apt-get install ${missing[*]} failed"; exit 1; }
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

echo "test.sh: building"
if ! dotnet build Vigil.slnx -c Release -nologo -v:q; then
  echo "0 passed, 1 failed"
  exit 1
fi

echo "test.sh: publishing vigil"
rm -rf artifacts/vigil
if ! dotnet publish src/Vigil.Server -c Release -o artifacts/vigil -nologo -v:q; then
  echo "0 passed, 1 failed"
  exit 1
fi
export VIGIL_BINARY="$root/artifacts/vigil/vigil"

results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"
echo "test.sh: running tests"
dotnet test Vigil.slnx -c Release --no-build -nologo \
  --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" \
  --blame-hang-timeout 10m
test_rc=$?

passed=0; failed=0; skipped=0; files=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  files=$((files + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  p=$(get passed); f=$(get failed); e=$(get error); t=$(get total); x=$(get executed)
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0} + ${e:-0}))
  skipped=$((skipped + ${t:-0} - ${x:-0}))
done

# A test run that crashed or found no test result is a failure, never a silent pass.
if [ "$files" -eq 0 ] || { [ "$test_rc" -ne 0 ] && [ "$failed" -eq 0 ]; }; then
  failed=$((failed + 1))
fi

echo "${passed} passed, ${failed} failed, ${skipped} skipped"
[ "$failed" -eq 0 ]
