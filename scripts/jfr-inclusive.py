#!/usr/bin/env python3
"""Inclusive CPU-sample shares of the frames of a JFR recording that match a regex, for threads that match another.

Usage: scripts/jfr-inclusive.py RECORDING.jfr THREAD_REGEX FRAME_REGEX [FROM_SEC [TOP]]
Each stack counts once for every distinct matching frame in it; the window starts FROM_SEC after the first sample
and ends at the first sample of a 'log-closing' thread (the embedded broker shutting down after a load test).
Shares are of the samples of the selected threads. Example (docs/benchmarks.md, "Profile after"):
  scripts/jfr-inclusive.py tcp-flood.jfr 'hookstream-loop|hookstream-claims|vert.x-eventloop|loadtest' \
      'ObjectMapper\.readValue$|DateTimeFormatter\.(parse|format)$|KafkaProducer\.send$' 30
"""
import re, subprocess, sys, collections
rec, threadre, framere = sys.argv[1], sys.argv[2], sys.argv[3]
fromsec = float(sys.argv[4]) if len(sys.argv) > 4 else 0
top = int(sys.argv[5]) if len(sys.argv) > 5 else 40
text = subprocess.run(["jfr", "print", "--stack-depth", "128", "--events", "jdk.ExecutionSample", rec],
                      check=True, capture_output=True, text=True).stdout
def secs(t):
    h, m, s = t.split(":"); return int(h)*3600+int(m)*60+float(s)
ev = []
for b in text.split("jdk.ExecutionSample {")[1:]:
    t = secs(re.search(r"startTime = (\S+)", b).group(1))
    th = re.search(r'sampledThread = "(.*)" \(javaThreadId', b); th = th.group(1) if th else "?"
    fr = re.findall(r"^\s{4}(\S.*?)(?:\s+line: \d+)?(?:\s+bci: \d+)?\s*$", b.split("stackTrace = [",1)[1], re.M) if "stackTrace = [" in b else []
    ev.append((t, th, [re.sub(r"\(.*", "", f) for f in fr]))
first = min(e[0] for e in ev)
ends = [e[0] for e in ev if "log-closing" in e[1]]
end = min(ends) if ends else 1e18
ev = [e for e in ev if first+fromsec <= e[0] < end]
sel = [e for e in ev if re.search(threadre, e[1])]
c = collections.Counter()
for t, th, fr in sel:
    for f in set(f for f in fr if re.search(framere, f)):
        c[f] += 1
print(f"window {len(ev)} samples, selected {len(sel)}")
for k, v in c.most_common(top):
    print(f"{v:6d} {100*v/len(sel):5.1f}%  {k}")
