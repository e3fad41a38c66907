# CSV safety: fields holding quotes, commas, LF, CR and leading = + - @ go
# through a CSV corpus and come out of tally intact (read back with Python's
# csv module); --excel-safe neutralises exactly the risky ones.
set -eu
python3 - <<'PY'
import csv, io, os, subprocess, sys
tmp = os.environ["TALLY_TMP"]
ids = ['plain', 'with,comma', 'with "quote"', 'line\nbreak', 'cr\rhere', '=SUM(A1:A9)',
       '+1', '-2', '@cmd', '\tTab', 'Việt Nam', ' spaced ']
path = os.path.join(tmp, "ids.csv")
with open(path, "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\r\n")  # so that a CR in a field is quoted
    w.writerow(["id", "text"])
    for i in ids:
        w.writerow([i, "word"])
fails = []
out = subprocess.run(["tally", "tokens", path], capture_output=True, check=True).stdout.decode()
got = [r["doc"] for r in csv.DictReader(io.StringIO(out, newline=""))]
if got != ids:
    fails.append(f"round trip: {got!r}")
out = subprocess.run(["tally", "tokens", "--excel-safe", path], capture_output=True, check=True).stdout.decode()
got = [r["doc"] for r in csv.DictReader(io.StringIO(out, newline=""))]
want = ["'" + i if i[:1] in "=+-@\t\r" else i for i in ids]
if got != want:
    fails.append(f"--excel-safe: {got!r}")
# numbers stay numbers with --excel-safe
if not out.splitlines()[1].endswith(",1,1,1,0,4,word"):
    fails.append("--excel-safe changed numeric columns: " + out.splitlines()[1])
for f in fails: print("FAIL:", f)
sys.exit(1 if fails else 0)
PY
