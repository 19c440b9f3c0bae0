#!/usr/bin/env bash
# The console's runs page load time with RUNS runs listed (docs/benchmarks.md, "Console"):
#   scripts/console-page-load.sh [RUNS=1000] [ROUNDS=7]
# Starts `hookstream standalone` in a temporary directory (ports HTTP_PORT=18080, KAFKA_PORT=19092), submits RUNS
# runs of examples/requests/pre-backup-echo.json, waits until all are finished and listed, then has
# scripts/ConsolePageLoad.java load /ui/#/runs ROUNDS times in headless Chromium (Debian's chromium and
# chromium-driver) and print each load's times; stops the standalone.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-1000}"
rounds="${2:-7}"
http_port="${HTTP_PORT:-18080}"
kafka_port="${KAFKA_PORT:-19092}"
work="$(mktemp -d)"
(cd "$root" && mvn -B -q -o dependency:build-classpath -pl standalone -Dmdep.outputFile="$work/cp.txt" >/dev/null)
cd "$work"
source "$root/scripts/standalone-lib.sh"
start_standalone --templates "$root/examples/templates"
java -cp "$(cat "$work/cp.txt")" "$root/scripts/ConsolePageLoad.java" "http://127.0.0.1:$http_port" "$runs" "$rounds" \
  "$root/examples/requests/pre-backup-echo.json"
