# Every example in every man page runs: in the EXAMPLES section, each line
# between .EX and .EE (a line ending in a backslash continues on the next)
# is a shell command run from the repository root; it must exit 0 and print
# nothing on stderr.  Every tool listed by `tally --help` has a man page.
set -eu
python3 - <<'PY'
import glob, os, re, subprocess, sys
fails = 0
def unroff(s):
    s = s.replace("\\-", "-").replace("\\(aq", "'").replace("\\(cq", "\u2019")
    s = s.replace("\\e", "\\").replace("\\(em", "\u2014").replace("\\&", "")
    return s
n = 0
for page in sorted(glob.glob("man/*.1")):
    inex = False
    section = ""
    cmds = []
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
        cmds.append(pending + line)
        pending = ""
    for cmd in cmds:
        r = subprocess.run(["bash", "-c", cmd], stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
        n += 1
        if r.returncode != 0 or r.stderr:
            fails += 1
            print(f"{page}: example failed (status {r.returncode}): {cmd}\n{r.stderr.decode()[:500]}")
help_out = subprocess.run(["tally", "--help"], capture_output=True, text=True).stdout
tools = re.findall(r"^  (\w+) ", help_out, re.M)
for t in tools:
    if not os.path.exists(f"man/tally-{t}.1"):
        fails += 1
        print(f"tool {t} has no man page man/tally-{t}.1")
    r = subprocess.run(["tally", t, "--help"], capture_output=True)
    if r.returncode != 0 or not r.stdout.startswith(b"usage: tally " + t.encode()):
        fails += 1
        print(f"tally {t} --help: status {r.returncode}, does not start with a usage line")
print(f"{n} examples, {len(tools)} tools checked")
sys.exit(1 if fails else 0)
PY
