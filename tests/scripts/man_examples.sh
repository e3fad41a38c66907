# Every example runs, in every man page and in every `tally TOOL --help`.
# Man pages: in the EXAMPLES section, each line between .EX and .EE (a line
# ending in a backslash continues on the next) is a shell command run from
# the repository root.  --help: each line under "Examples:" (a line ending
# in | or \ continues on the next) is run in a scratch directory that holds
# the repository's corpus/, data/ and tests/, so that the files the examples
# write land there.  Each must exit 0 and print nothing on stderr.  Every
# tool listed by `tally --help` has a man page and a --help with examples.
set -eu
T=$TALLY_TMP/man_examples
rm -rf "$T"; mkdir -p "$T"
ln -s "$TALLY_ROOT/corpus" "$TALLY_ROOT/data" "$TALLY_ROOT/tests" "$T/"
python3 - "$T" <<'PY'
import glob, os, re, subprocess, sys
scratch = sys.argv[1]
fails = n = 0
def unroff(s):
    s = s.replace("\\-", "-").replace("\\(aq", "'").replace("\\(cq", "\u2019")
    s = s.replace("\\e", "\\").replace("\\(em", "\u2014").replace("\\&", "")
    return s
def run(where, cmd, cwd=None):
    global fails, n
    r = subprocess.run(["bash", "-c", cmd], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       stdin=subprocess.DEVNULL, cwd=cwd)
    n += 1
    if r.returncode != 0 or r.stderr:
        fails += 1
        print(f"{where}: example failed (status {r.returncode}): {cmd}\n{r.stderr.decode()[:500]}")
for page in sorted(glob.glob("man/*.1")):
    inex = False
    section = ""
    pending = ""
    for line in open(page, encoding="utf-8"):
        line = line.rstrip("\n")
        if line.startswith(".SH"):
            section = line[3:].strip().strip('"')
        if line.startswith(".EX"):
            inex = True; continue
        if line.startswith(".EE"):
            inex = False; continue
        if not inex or section != "EXAMPLES" or not line.strip() or line.lstrip().startswith("#"):
            continue
        line = unroff(line)
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        run(page, pending + line)
        pending = ""
help_out = subprocess.run(["tally", "--help"], capture_output=True, text=True).stdout
tools = re.findall(r"^  (\w+) ", help_out, re.M)
for t in tools:
    if not os.path.exists(f"man/tally-{t}.1"):
        fails += 1
        print(f"tool {t} has no man page man/tally-{t}.1")
    r = subprocess.run(["tally", t, "--help"], capture_output=True, text=True)
    if r.returncode != 0 or not r.stdout.startswith("usage: tally " + t):
        fails += 1
        print(f"tally {t} --help: status {r.returncode}, does not start with a usage line")
    if "\nExamples:\n" not in r.stdout:
        fails += 1
        print(f"tally {t} --help shows no examples")
        continue
    pending = ""
    for line in r.stdout.split("\nExamples:\n", 1)[1].splitlines():
        line = line.strip()
        if not line:
            continue
        if line.endswith("|") or line.endswith("\\"):
            pending += line.rstrip("\\") + " "
            continue
        run(f"tally {t} --help", pending + line, cwd=scratch)
        pending = ""
print(f"{n} examples, {len(tools)} tools checked")
sys.exit(1 if fails else 0)
PY
