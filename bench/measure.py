#!/usr/bin/env python3
"""Run a command and print its wall time and peak RSS (largest process of the tree, via wait4) as JSON."""
import json, os, subprocess, sys, time

t0 = time.monotonic()
p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
err = p.stderr.read()
_, status, ru = os.wait4(p.pid, 0)
rc = os.waitstatus_to_exitcode(status)
print(json.dumps({"wall_s": time.monotonic() - t0, "max_rss_kb": ru.ru_maxrss, "rc": rc, "stderr": err.decode(errors="replace")[-500:] if rc else ""}))
