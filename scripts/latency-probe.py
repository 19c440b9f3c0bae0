#!/usr/bin/env python3
"""Request-to-outcome latency of one-hook runs against a running dispatcher, one run at a time.

    ./hookstream standalone &          # or any dispatcher + workers
    scripts/latency-probe.py echo-session 100 [http://localhost:8080]

Each run is POST /v1/runs followed by GET /v1/runs/{id}?wait=30s; the time is taken around both. This is a
probe of the idle path, not a throughput benchmark (see docs/benchmarks.md).
"""
import json
import statistics
import sys
import time
import urllib.request

template = sys.argv[1] if len(sys.argv) > 1 else "echo-session"
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 100
base = sys.argv[3] if len(sys.argv) > 3 else "http://localhost:8080"
request = {"phase": "pre-backup",
           "session": {"name": "probe", "namespace": "demo",
                       "invoker": {"kind": "BackupConfiguration", "name": "probe"}},
           "hooks": [{"name": "h", "hookTemplate": {"name": template}}]}
latencies = []
for i in range(runs):
    started = time.perf_counter()
    posted = urllib.request.urlopen(urllib.request.Request(
        base + "/v1/runs", data=json.dumps(request).encode(), headers={"content-type": "application/json"}))
    run_id = json.load(posted)["runId"]
    outcome = json.load(urllib.request.urlopen(f"{base}/v1/runs/{run_id}?wait=30s"))
    if outcome["status"] != "Succeeded":
        sys.exit(f"run {run_id} ended {outcome['status']}: {outcome.get('message')}")
    latencies.append((time.perf_counter() - started) * 1000)
    if (i + 1) % 25 == 0:
        print(f"  {i + 1}/{runs} runs", file=sys.stderr)
latencies.sort()
print(f"{template}: {runs} runs, median {statistics.median(latencies):.1f} ms, "
      f"p90 {latencies[int(runs * 0.9) - 1]:.1f} ms, min {latencies[0]:.1f} ms, max {latencies[-1]:.1f} ms")
