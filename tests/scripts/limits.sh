# Limits: a million tiny documents, a 100,000-field CSV record (and one more
# field than that), a 1 MB token, a field of a million doubled quotes -- each
# handled, or refused with a clear one-line error, in bounded memory.
set -eu
python3 - <<'PY'
import os, resource, subprocess, sys
tally, asan, tmp = os.environ["TALLY_PLAIN"], os.environ["TALLY"], os.environ["TALLY_TMP"]
fails = []
def run(args, path=None, binary=tally):
    # peak RSS from /usr/bin/time: getrusage(RUSAGE_CHILDREN) would also see
    # this Python process's own size through the fork before exec
    rss = os.path.join(tmp, "rss")
    p = subprocess.run(["/usr/bin/time", "-o", rss, "-f", "%M", binary] + args +
                       ([path] if path else []), capture_output=True)
    return p, int(open(rss).read().split()[-1])
def write(name, data):
    path = os.path.join(tmp, name)
    with open(path, "wb") as f:
        f.write(data)
    return path
# 1. a million tiny documents in a CSV corpus: all read, memory flat
def tiny(n):
    rows = b"".join(b"d%d,word%d here.\n" % (i, i % 7) for i in range(n))
    return write(f"tiny{n}.csv", b"id,text\n" + rows)
p, small = run(["tokens", "--quiet"], tiny(10_000))
p, large = run(["tokens", "--quiet"], tiny(1_000_000))
if p.returncode != 0 or p.stdout.count(b"\n") != 2_000_001:
    fails.append("1M documents: status %d, %d lines" % (p.returncode, p.stdout.count(b"\n")))
print(f"1M tiny documents: peak RSS {large} KB (10k documents: {small} KB)")
if large - small > 8 * 1024:
    fails.append(f"memory grew with the number of documents: {small} -> {large} KB")
# 2. 100,000 fields in a record: handled; 100,001: refused
cols = [b"c%d" % i for i in range(99_999)] + [b"text"]
vals = [b"v"] * 99_999 + [b"wide row text"]
path = write("wide.csv", b",".join(cols) + b"\n" + b",".join(vals) + b"\n")
p, rss = run(["tokens", "--quiet"], path, asan)
if p.returncode != 0 or p.stdout.count(b"\n") != 4:
    fails.append(f"100000 fields: status {p.returncode} {p.stderr[:200]!r}")
path = write("wider.csv", b",".join(cols + [b"x"]) + b"\n")
p, rss = run(["tokens", "--quiet"], path, asan)
if p.returncode != 1 or p.stderr != f"tally tokens: {path}:1: record has more than 100000 fields\n".encode():
    fails.append(f"100001 fields: status {p.returncode} {p.stderr[:200]!r}")
# 3. a 1 MB token: refused with its position
path = write("bigtoken.txt", b"small words\n" + b"a" * 1_000_000 + b"\n")
p, rss = run(["tokens", "--quiet"], path, asan)
if p.returncode != 1 or p.stderr != f"tally tokens: {path}:2:1: token longer than 65536 bytes (the limit)\n".encode() or p.stdout:
    fails.append(f"1 MB token: status {p.returncode} {p.stderr[:200]!r}")
# 4. a field made of a million doubled quotes: one field of 500,000 quotes
path = write("quotes.csv", b"id,text\nq,\"" + b'""' * 1_000_000 + b" done\"\n")
p, rss = run(["tokens", "--quiet", "--sentences"], path, asan)
if p.returncode != 0 or not p.stdout.endswith(b'done"\n'):
    fails.append(f"doubled quotes: status {p.returncode} {p.stderr[:200]!r} {p.stdout[-60:]!r}")
# an unterminated quote at the end of the file is an error, not a hang
path = write("openquote.csv", b"id,text\nq,\"never closed\n")
p, rss = run(["tokens", "--quiet"], path, asan)
if p.returncode != 1 or f"{path}:2: unterminated quote".encode() not in p.stderr:
    fails.append(f"unterminated quote: status {p.returncode} {p.stderr[:200]!r}")
for f in fails:
    print("FAIL:", f)
sys.exit(1 if fails else 0)
PY
