#!/usr/bin/env bash
# What each autoscaling signal shows while one long hook runs and many short ones finish above it: KEDA's kafka
# lag against hookstream_waiting + hookstream_in_flight (docs/kubernetes.md, "Autoscaling").
#   scripts/autoscaling-signals.sh [LONG_SECONDS=240] [SHORT_RUNS=1500] [LONG_RUNS=1]
# Starts `hookstream standalone` (one worker consumer, max-in-flight 64, 6 partitions per topic) in a temporary
# directory with a HookTemplate `sleep-for` (an Operator exec: sleep "$DURATION"), then runs
# scripts/AutoscalingSignals.java, which prints a Markdown table, and stops the standalone.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
long="${1:-240}"
short="${2:-1500}"
long_runs="${3:-1}"
http_port="${HTTP_PORT:-18080}"
kafka_port="${KAFKA_PORT:-19092}"
work="$(mktemp -d)"
mkdir -p "$work/templates"
cat > "$work/templates/sleep-for.yaml" <<'YAML'
apiVersion: core.kubestash.com/v1alpha1
kind: HookTemplate
metadata:
  name: sleep-for
  namespace: demo
spec:
  params:
  - name: DURATION
    usage: seconds to sleep
    required: true
  action:
    exec:
      command: ["/bin/sh", "-c", "sleep \"$DURATION\""]
  executor:
    type: Operator
YAML
cd "$work"
source "$root/scripts/standalone-lib.sh"
start_standalone --workers 1 --templates "$work/templates"
grep -m1 -E 'Workers|maxInFlight' "$work/standalone.log" || true
java -cp "$root/standalone/target/lib/*" "$root/scripts/AutoscalingSignals.java" "127.0.0.1:$kafka_port" \
  "http://127.0.0.1:$http_port" "$long" "$short" "$long_runs"
