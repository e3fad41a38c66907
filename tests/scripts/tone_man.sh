#!/usr/bin/env bash
# tone_man.sh - every example of man/tally-tone.1 runs: each line between .EX
# and .EE is a shell command run from the repository root; it must exit 0,
# print something and nothing on stderr.  tally tone --help starts with its
# usage line.
set -eu
python3 - <<'PY'
import subprocess, sys
def unroff(s):
    for a, b in (("\\-", "-"), ("\\(aq", "'"), ("\\(cq", "\u2019"), ("\\e", "\\"), ("\\&", "")):
        s = s.replace(a, b)
    return s
n = fails = 0
inex = False
for line in open("man/tally-tone.1", encoding="utf-8"):
    line = line.rstrip("\n")
    if line.startswith(".EX"):
        inex = True
        continue
    if line.startswith(".EE"):
        inex = False
        continue
    if not inex or not line.strip():
        continue
    cmd = unroff(line)
    r = subprocess.run(["bash", "-c", cmd], capture_output=True, stdin=subprocess.DEVNULL)
    n += 1
    if r.returncode or r.stderr or not r.stdout:
        fails += 1
        print(f"example failed (status {r.returncode}): {cmd}\n{r.stderr.decode()[:500]}")
r = subprocess.run(["tally", "tone", "--help"], capture_output=True)
if r.returncode or not r.stdout.startswith(b"usage: tally tone"):
    fails += 1
    print("tally tone --help does not start with its usage line")
print(f"{n} examples run")
sys.exit(1 if fails else 0)
PY
