#!/usr/bin/env python3
"""How long a cancel takes, tried from outside on a standalone.

    scripts/cancel-check.py [--runs 20] [--launcher ./hookstream]

In a temporary directory: a HookTemplate `slow-lock` (an exec hook: `sleep 317` in the background, then `wait`, under a shell whose $0 is the run's mark)
and `echo-after` (an exec hook that prints a line), then `<launcher> standalone --data-dir DIR/data --templates
DIR/templates` on free ports. For each of --runs runs of two hooks (slow-lock, echo-after) it waits until the first
hook runs (its `sleep` is a process of this machine), then times `POST /v1/runs/{id}/cancel?wait=30s` until the
answer, which carries the outcome. Prints min/median/max of those times and how many of the hooks' processes
are left. Exit 0 when every run ended Cancelled with its first hook Cancelled and its second Skipped, and
no process is left.
"""
import argparse
import json
import os
import shlex
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

TEMPLATES = """apiVersion: core.kubestash.com/v1alpha1
kind: HookTemplate
metadata: {name: slow-lock, namespace: demo}
spec:
  usagePolicy: {allowedNamespaces: {from: All}}
  params:
  - {name: MARK, required: true}
  action:
    exec:
      command: [/bin/sh, -c, 'sleep 317 & wait', '{{ .Params.MARK }}']
  executor: {type: Operator}
---
apiVersion: core.kubestash.com/v1alpha1
kind: HookTemplate
metadata: {name: echo-after, namespace: demo}
spec:
  usagePolicy: {allowedNamespaces: {from: All}}
  action:
    exec:
      command: [/bin/echo, after]
  executor: {type: Operator}
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(method, url, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method, headers={"content-type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as answer:
        return answer.status, json.load(answer)


def running(pattern):
    return subprocess.run(["pgrep", "-f", pattern], capture_output=True, text=True).stdout.split()


def sleeps(mark):
    """The hook's shell (its $0 is the mark) while it runs."""
    return running("wait " + mark)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--launcher", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                                                           "hookstream"))
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="hookstream-cancel-check-")
    os.makedirs(os.path.join(work, "templates"))
    with open(os.path.join(work, "templates", "cancel.yaml"), "w") as f:
        f.write(TEMPLATES)
    http_port, kafka_port, worker_port = free_port(), free_port(), free_port()
    env = dict(os.environ, HOOKSTREAM_WORKER_HTTP_PORT=str(worker_port))
    log = open(os.path.join(work, "standalone.log"), "w")
    command = shlex.split(args.launcher) + ["standalone", "--data-dir", os.path.join(work, "data"), "--templates",
                                            os.path.join(work, "templates"), "--http-port", str(http_port),
                                            "--kafka-port", str(kafka_port)]
    standalone = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
    base = "http://localhost:%d" % http_port
    try:
        deadline = time.monotonic() + 300
        while "Press Ctrl-C" not in open(log.name).read():
            if time.monotonic() > deadline or standalone.poll() is not None:
                sys.exit("the standalone did not come up; see " + log.name)
            time.sleep(0.5)
        times, bad = [], []
        for i in range(args.runs):
            run_id = "cancel-check-%d-%d" % (os.getpid(), i)
            mark = run_id
            request = {"runId": run_id, "phase": "pre-backup",
                       "session": {"name": "s", "namespace": "demo",
                                   "invoker": {"apiGroup": "core.kubestash.com", "kind": "BackupConfiguration",
                                               "name": "b"}},
                       "hooks": [{"name": "lock", "hookTemplate": {"name": "slow-lock"}, "params": {"MARK": mark},
                                  "timeout": "10m"},
                                 {"name": "after", "hookTemplate": {"name": "echo-after"}}]}
            call("POST", base + "/v1/runs", request)
            while not sleeps(mark):
                time.sleep(0.02)
            began = time.monotonic()
            status, answer = call("POST", base + "/v1/runs/%s/cancel?wait=30s" % run_id, {"reason": "cancel-check"})
            times.append((time.monotonic() - began) * 1000)
            hooks = [h["status"] for h in answer.get("run", {}).get("hooks", [])]
            if status != 200 or answer.get("status") != "Cancelled" or hooks != ["Cancelled", "Skipped"] \
                    or sleeps(mark):
                bad.append((run_id, status, answer.get("status"), hooks))
        times.sort()
        print("%d cancels: POST cancel?wait=30s until the outcome, ms: min %.0f, median %.0f, max %.0f"
              % (len(times), times[0], statistics.median(times), times[-1]))
        left = len(running("sleep 317")) + len(running("wait cancel-check-%d-" % os.getpid()))
        print("runs not Cancelled/Cancelled+Skipped or with the action left running: %d; sleep processes left: %d"
              % (len(bad), left))
        for entry in bad[:5]:
            print("  ", entry)
        return 0 if not bad and left == 0 else 1
    finally:
        standalone.terminate()
        standalone.wait(60)


if __name__ == "__main__":
    sys.exit(main())
