# Every option `tally TOOL --help` lists is documented in man/tally-TOOL.1
# (or, for the options all tools share, in man/tally.1), and every option a
# man page's OPTIONS section describes is in the tool's --help; man/tally.1
# names every tool's page under SEE ALSO.
set -eu
python3 - <<'PY'
import re, subprocess, sys
def unroff(s):
    s = re.sub(r"\\f[BIRP]", "", s)
    return s.replace("\\-", "-").replace("\\&", "")
def opts(text):
    return set(re.findall(r"(?<![\w-])(--[a-z][a-z0-9-]*)", text))
def section_opts(page, name):
    out, on = [], False
    for line in open(page, encoding="utf-8"):
        if line.startswith(".SH"):
            on = line[3:].strip().strip('"') == name
        elif on:
            out.append(line)
    # the options an OPTIONS section describes: those on a .TP tag line
    tags, lines = set(), [unroff(l) for l in out]
    for i, l in enumerate(lines[:-1]):
        if l.startswith(".TP"):
            tags |= opts(lines[i + 1])
    return tags
common = opts(unroff(open("man/tally.1", encoding="utf-8").read()))
help_out = subprocess.run(["tally", "--help"], capture_output=True, text=True).stdout
tools = re.findall(r"^  (\w+) ", help_out, re.M)
fails = n = 0
for t in tools:
    page = f"man/tally-{t}.1"
    man = opts(unroff(open(page, encoding="utf-8").read()))
    helptext = subprocess.run(["tally", t, "--help"], capture_output=True, text=True).stdout
    helptext = helptext.split("\nExamples:\n", 1)[0]
    h = opts(helptext)
    for o in sorted(h):
        n += 1
        if o not in man and o not in common:
            fails += 1
            print(f"tally {t} --help lists {o}, which neither {page} nor man/tally.1 documents")
    for o in sorted(section_opts(page, "OPTIONS")):
        n += 1
        if o not in h:
            fails += 1
            print(f"{page} describes {o} in OPTIONS, which tally {t} --help does not list")
# man tally, where a reader starts, leads to every tool's page
see_also = "".join(l for l in unroff(open("man/tally.1", encoding="utf-8").read()).split(".SH SEE ALSO", 1)[-1].splitlines(True) if not l.startswith(".SH"))
for t in tools:
    n += 1
    if f"tally-{t} (1)" not in see_also:
        fails += 1
        print(f"man/tally.1: SEE ALSO does not name tally-{t}(1)")
print(f"{n} options of {len(tools)} tools checked")
sys.exit(1 if fails else 0)
PY
