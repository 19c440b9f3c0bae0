#!/usr/bin/env python3
"""A standalone SIGKILLed with runs in flight and started again on the same data directory, tried from outside.

    scripts/restart-check.py [--runs 2000] [--delay 1.0] [--wait 240] [--launcher ./hookstream]

In a temporary directory: a loopback HTTP server that answers GET /slow after --delay seconds, a HookTemplate
`slow-http` (an httpGet hook to it), then `<launcher> standalone --data-dir DIR/data` on free ports. It POSTs
--runs one-hook runs (each acknowledged with 202), sends SIGKILL to the standalone right after the last
acknowledgement, starts it again on the same data directory and reads `hookstream.runs` (read_committed, a plain
consumer: scripts/RunsTopic.java) every few seconds until every acknowledged run has an outcome or --wait
seconds passed. Prints the outcomes by status and reason, runs with none or several, dead letters by reason and
the time from the restart to the last outcome. Exit 0 when every acknowledged run has exactly one outcome,
Succeeded. --launcher is the command that runs hookstream (default: this repository's ./hookstream; e.g.
"java -jar /tmp/old/hookstream.jar" to try an older build). --no-kill is the reference without a restart: how
long the same runs take when nothing happens to the standalone (times from the last acknowledgement).
"""
import argparse
import collections
import concurrent.futures
import http.server
import json
import os
import shlex
import signal
import socket
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SlowHandler(http.server.BaseHTTPRequestHandler):
    delay = 1.0
    calls = 0
    lock = threading.Lock()

    def do_GET(self):
        with SlowHandler.lock:
            SlowHandler.calls += 1
        time.sleep(SlowHandler.delay)
        body = b"ok\n"
        try:
            self.send_response(200)
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except OSError:
            pass  # the caller is gone (the standalone was killed)

    def log_message(self, *args):
        pass


class ThreadingServer(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    request_queue_size = 512


def start_standalone(args, work, ports, name):
    log = open(os.path.join(work, name + ".log"), "w")
    command = shlex.split(args.launcher) + ["standalone", "--data-dir", os.path.join(work, "data"),
                                            "--templates", os.path.join(work, "templates"),
                                            "--http-port", str(ports["http"]), "--kafka-port", str(ports["kafka"])]
    env = {k: v for k, v in os.environ.items() if not k.startswith("HOOKSTREAM_") or k == "HOOKSTREAM_JAVA_OPTS"}
    env["HOOKSTREAM_WORKER_HTTP_PORT"] = str(ports["worker"])
    started = time.time()
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=work, env=env)
    deadline = started + 300
    while time.time() < deadline:
        with open(log.name, errors="replace") as f:
            text = f.read()
        if "hookstream standalone is up" in text:
            return process, started, time.time(), log.name
        if process.poll() is not None:
            sys.exit(f"the standalone exited with {process.returncode} before it was up; see {log.name}:\n"
                     + text[-3000:])
        time.sleep(0.2)
    sys.exit(f"the standalone was not up within 300 s; see {log.name}")


def read_topic(ports, topic):
    out = subprocess.run(["java", "-cp", os.path.join(ROOT, "standalone", "target", "lib", "*"),
                          os.path.join(ROOT, "scripts", "RunsTopic.java"), f"127.0.0.1:{ports['kafka']}", topic],
                         capture_output=True, text=True, timeout=120)
    if out.returncode != 0:
        print(f"  (reading {topic} failed: {out.stderr.strip()[-300:]})", file=sys.stderr)
        return None
    records = []
    for line in out.stdout.splitlines():
        parts = line.split(" ", 3)
        if len(parts) == 4:
            records.append((int(parts[0]) / 1000.0, parts[1], parts[2], parts[3]))
    return records


def phases(log, since):
    """Seconds from `since` (epoch) to the first log line of each start-up step of the restarted standalone."""
    marks = {"brokerReady": "Embedded Kafka broker ready", "dispatcherAssigned": "loop dispatcher assigned",
             "workersAssigned": "loop worker-"}
    found = {}
    day = time.strftime("%Y-%m-%d ", time.localtime(since))
    with open(log, errors="replace") as f:
        for line in f:
            for name, text in marks.items():
                if text in line and (name != "workersAssigned" or " assigned [" in line) and line[:2].isdigit():
                    at = time.mktime(time.strptime(day + line[:8], "%Y-%m-%d %H:%M:%S")) + float("0" + line[8:12])
                    found[name] = round(at - since, 1)  # the last worker to be assigned wins
                    if name != "workersAssigned":
                        marks[name] = "\0never"
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=2000)
    parser.add_argument("--delay", type=float, default=1.0, help="seconds the hook's HTTP call takes")
    parser.add_argument("--wait", type=float, default=240, help="seconds to wait for outcomes after the restart")
    parser.add_argument("--launcher", default=os.path.join(ROOT, "hookstream"))
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument("--no-kill", action="store_true",
                        help="a reference without the restart: the times count from the last acknowledgement")
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="hookstream-restart-")
    ports = {"kafka": free_port(), "http": free_port(), "worker": free_port(), "action": free_port()}
    SlowHandler.delay = args.delay
    server = ThreadingServer(("127.0.0.1", ports["action"]), SlowHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    os.makedirs(os.path.join(work, "templates"))
    with open(os.path.join(work, "templates", "slow-http.yaml"), "w") as f:
        f.write(f"""apiVersion: core.kubestash.com/v1alpha1
kind: HookTemplate
metadata: {{name: slow-http, namespace: demo}}
spec:
  usagePolicy: {{allowedNamespaces: {{from: All}}}}
  action:
    httpGet: {{host: 127.0.0.1, port: {ports['action']}, path: /slow, scheme: HTTP}}
  executor: {{type: Operator}}
""")
    print(f"work dir {work}, ports {ports}", file=sys.stderr)

    first, _, up, log1 = start_standalone(args, work, ports, "standalone-1")
    print(f"first start up; submitting {args.runs} runs", file=sys.stderr)
    base = f"http://127.0.0.1:{ports['http']}"

    def submit(i):
        run_id = f"restart-{i:05d}"
        request = {"runId": run_id, "phase": "pre-backup",
                   "session": {"name": "restart", "namespace": "demo",
                               "invoker": {"kind": "BackupConfiguration", "name": "restart"}},
                   "hooks": [{"name": "slow", "hookTemplate": {"name": "slow-http"}}]}
        answer = urllib.request.urlopen(urllib.request.Request(base + "/v1/runs", data=json.dumps(request).encode(),
                                                               headers={"content-type": "application/json"}),
                                        timeout=60)
        return run_id if answer.status == 202 else None

    submit_started = time.time()
    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        acked = [r for r in pool.map(submit, range(args.runs)) if r]
    killed_at = time.time()
    if args.no_kill:
        second, restarted_at, up_at, log2 = first, killed_at, killed_at, log1
        print(f"{len(acked)} runs acknowledged in {killed_at - submit_started:.1f} s; no kill (reference)",
              file=sys.stderr)
    else:
        os.kill(first.pid, signal.SIGKILL)
        first.wait()
        print(f"{len(acked)} runs acknowledged in {killed_at - submit_started:.1f} s; SIGKILL sent "
              f"({SlowHandler.calls} hook calls had reached the action server)", file=sys.stderr)
        second, restarted_at, up_at, log2 = start_standalone(args, work, ports, "standalone-2")
        print(f"restarted: up {up_at - restarted_at:.1f} s after the start command", file=sys.stderr)
    wanted = set(acked)
    outcomes = None
    while time.time() < restarted_at + args.wait:
        records = read_topic(ports, "hookstream.runs")
        if records is not None:
            outcomes = collections.defaultdict(list)
            for ts, key, _, value in records:
                if key in wanted:
                    outcomes[key].append((ts, json.loads(value)))
            done = len(outcomes)
            print(f"  {time.time() - restarted_at:5.1f} s after restart: {done}/{len(wanted)} runs have an outcome",
                  file=sys.stderr)
            if done == len(wanted):
                break
        time.sleep(3)
    time.sleep(3)  # a late duplicate would show up now
    records = read_topic(ports, "hookstream.runs") or []
    outcomes = collections.defaultdict(list)
    for ts, key, _, value in records:
        if key in wanted:
            outcomes[key].append((ts, json.loads(value)))
    dead = collections.Counter(reason for _, _, reason, _ in (read_topic(ports, "hookstream.dlq") or []))
    second.send_signal(signal.SIGTERM)
    try:
        second.wait(90)
    except subprocess.TimeoutExpired:
        second.kill()

    statuses = collections.Counter()
    for key, list_ in outcomes.items():
        for _, o in list_:
            reason = o.get("reason") or next((h.get("reason") for h in o.get("hooks", []) if h.get("reason")), None)
            statuses[f"{o['status']}{'/' + reason if reason else ''}"] += 1
    none = [r for r in acked if r not in outcomes]
    several = [r for r, l in outcomes.items() if len(l) > 1]
    before_kill = sum(1 for l in outcomes.values() if l[0][0] <= killed_at)
    after = [ts for l in outcomes.values() for ts, _ in l if ts > killed_at]
    last = max(after) - restarted_at if after else None
    report = {
        "runsAcknowledged": len(acked),
        "outcomesBeforeKill": before_kill,
        "outcomes": dict(statuses),
        "runsWithoutOutcome": len(none),
        "runsWithSeveralOutcomes": len(several),
        "deadLetters": dict(dead),
        "restartToUpSeconds": round(up_at - restarted_at, 1),
        "restartPhasesSeconds": {} if args.no_kill else phases(log2, restarted_at),
        "restartToLastOutcomeSeconds": None if last is None else round(last, 1),
        "waitedSeconds": round(time.time() - restarted_at, 1),
        "hookCallsAtActionServer": SlowHandler.calls,
        "logs": [log1, log2],
    }
    print(json.dumps(report, indent=2))
    server.shutdown()
    if not args.keep:
        subprocess.run(["rm", "-rf", os.path.join(work, "data")])
    ok = not none and not several and set(statuses) == {"Succeeded"}
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
