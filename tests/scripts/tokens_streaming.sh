# A 10 MB single-line document tokenizes completely (token and sentence counts
# and the last token's offsets are known in advance), and memory does not grow
# with the size of one document: the plain build's peak RSS on a 200 MB
# single-line stream stays within 8 MB of its peak on a 2 MB one, and a 1 GB
# single line is counted by tally terms (exact counts) in the same memory.
set -eu
python3 - <<'PY'
import os, resource, subprocess, sys
tally_asan, tally = os.environ["TALLY"], os.environ["TALLY_PLAIN"]
unit = b"Vi\xe1\xbb\x87t Nam's peace-building role, 3.5% growth. "  # 7 tokens, 1 sentence
reps = 10_000_000 // len(unit) + 1
path = os.path.join(os.environ["TALLY_TMP"], "oneline.txt")
with open(path, "wb") as f:
    f.write(unit * reps)
size = len(unit) * reps
# 1. correctness on the 10 MB line, under the sanitizers
out = subprocess.run([tally_asan, "tokens", "--quiet", path], capture_output=True, check=True).stdout
lines = out.split(b"\n")
rows = [l for l in lines[1:] if l]
fails = []
if len(rows) != 7 * reps:
    fails.append(f"{len(rows)} tokens, expected {7 * reps}")
last = rows[-1].split(b",")
if last[2] != str(reps).encode() or last[3] != str(7 * reps).encode() \
   or int(last[5]) != size - 2 or last[6] != b"growth":
    fails.append(f"last row {rows[-1]!r}")
sent = subprocess.run([tally_asan, "tokens", "--quiet", "--sentences", path],
                      capture_output=True, check=True).stdout.count(b"\n") - 1
if sent != reps:
    fails.append(f"{sent} sentences, expected {reps}")
# 2. memory: peak RSS of the plain build on a 2 MB and a 200 MB single line
def peak(nbytes, tool="tokens"):
    gen = subprocess.Popen(["python3", "-c",
        "import sys\nu=%r\nn=%d\nw=sys.stdout.buffer\nfor _ in range(n): w.write(u*1000)" % (unit, nbytes // (len(unit) * 1000))],
        stdout=subprocess.PIPE)
    rss = os.path.join(os.environ["TALLY_TMP"], "rss")
    args = [tally, tool, "--quiet"] + (["--threads", "1"] if tool == "terms" else [])
    p = subprocess.run(["/usr/bin/time", "-o", rss, "-f", "%M"] + args,
                       stdin=gen.stdout, stdout=subprocess.PIPE if tool == "terms" else subprocess.DEVNULL)
    peak.out = p.stdout
    gen.wait()
    if p.returncode != 0:
        fails.append(f"tokens on {nbytes} bytes failed")
    return int(open(rss).read().split()[-1])
small = peak(2_000_000)
large = peak(200_000_000)
print(f"10 MB line: {len(rows)} tokens, {sent} sentences; peak RSS 2 MB: {small} KB, 200 MB: {large} KB")
if large - small > 8 * 1024:
    fails.append(f"peak RSS grew from {small} KB to {large} KB")
# 1 GB on one line through tally terms: every occurrence counted
gb_units = 1_000_000_000 // (len(unit) * 1000)
tsmall = peak(2_000_000, "terms")
giga = peak(gb_units * len(unit) * 1000, "terms")
counts = dict(l.split(b",")[:2] for l in peak.out.split(b"\n")[1:] if l)
want = gb_units * 1000
if counts.get(b"peace-building") != str(want).encode() or counts.get(b"vi\xe1\xbb\x87t") != str(want).encode():
    fails.append(f"1 GB line: counts {dict(list(counts.items())[:4])}, expected {want} each")
print(f"1 GB line: tally terms counted {want} of each term; peak RSS {giga} KB (2 MB: {tsmall} KB)")
if giga - tsmall > 8 * 1024:
    fails.append(f"terms peak RSS grew from {tsmall} KB to {giga} KB")
for f in fails:
    print("FAIL:", f)
sys.exit(1 if fails else 0)
PY
