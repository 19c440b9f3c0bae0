#!/usr/bin/env python3
"""Top frames of a JFR recording's CPU samples (jdk.ExecutionSample), optionally only in a time window.

Usage: scripts/jfr-top-frames.py RECORDING.jfr [--top 15] [--from-sec S] [--until-thread NAME]
  --from-sec S         leave out the first S seconds after the first sample (start-up, the JIT's first work)
  --until-thread NAME  end the window at the first sample of a thread whose name contains NAME (e.g.
                       "log-closing": the embedded broker shutting down at the end of a load test)
Prints the top frames by self samples (the frame that was running), the top io.hookstream frames (the first
io.hookstream frame of each stack, i.e. where hookstream's own code spends or calls), and samples per thread group.
"""
import argparse, collections, re, subprocess, sys
from datetime import datetime

p = argparse.ArgumentParser()
p.add_argument("recording")
p.add_argument("--top", type=int, default=15)
p.add_argument("--from-sec", type=float, default=0)
p.add_argument("--until-thread")
a = p.parse_args()

text = subprocess.run(["jfr", "print", "--stack-depth", "64", "--events", "jdk.ExecutionSample", a.recording],
                      check=True, capture_output=True, text=True).stdout
events = []
for block in text.split("jdk.ExecutionSample {")[1:]:
    t = re.search(r"startTime = (\S+)", block).group(1)
    thread = re.search(r'sampledThread = "(.*)" \(javaThreadId', block)
    frames = re.findall(r"^\s{4}(\S.*?)(?:\s+line: \d+)?(?:\s+bci: \d+)?\s*$", block.split("stackTrace = [", 1)[1],
                        re.M) if "stackTrace = [" in block else []
    frames = [f for f in frames if f not in ("...", "]")]
    events.append((t, thread.group(1) if thread else "?", frames))

def secs(t):
    h, m, s = t.split(":")
    return int(h) * 3600 + int(m) * 60 + float(s)

first = min(secs(t) for t, _, _ in events)
start = first + a.from_sec
ends = [secs(t) for t, th, _ in events if a.until_thread and a.until_thread in th]
end = min(ends) if ends else float("inf")
events = [e for e in events if start <= secs(e[0]) < end]
total = len(events)
span = max(secs(t) for t, _, _ in events) - min(secs(t) for t, _, _ in events)
print(f"{total} samples over {span:.1f} s (from {a.from_sec:.0f} s after the first sample"
      + (f" until the first sample of '{a.until_thread}'" if ends else "") + ")")

def group(thread):
    rules = [("dispatcher", r"dispatcher"), ("workers", r"^hookstream-|\| hookstream-worker"),
             ("baseline relays", r"loadtest-baseline"), ("tool", r"^loadtest-|\| loadtest"),
             ("vert.x", r"^vert\.?x"), ("broker", r"^(data-plane-kafka|kafka-|group-coordinator|executor-|"
             r"ExpirationReaper|broker-|controller-|quorum-controller|TxnMarker|AddPartitionsToTxn|"
             r"transaction-log|share-|persister|raft-)")]
    for name, rx in rules:
        if re.search(rx, thread):
            return name
    return "other"

def show(title, counter):
    print(f"\n{title}")
    for i, (k, n) in enumerate(counter.most_common(a.top), 1):
        print(f"{i:3d}. {100.0 * n / total:5.1f} %  {n:6d}  {k}")

strip = lambda f: re.sub(r"\(.*", "", f)
show("top frames (self)", collections.Counter(strip(f[0]) for _, _, f in events if f))
show("first io.hookstream frame of each stack",
     collections.Counter(next((strip(x) for x in f if x.startswith("io.hookstream.")), "(none: not under hookstream code)")
                         for _, _, f in events))
show("samples by thread group", collections.Counter(group(th) for _, th, _ in events))
