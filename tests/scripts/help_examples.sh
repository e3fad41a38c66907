# Every example that `tally TOOL --help` shows runs: each line under
# "Examples:" (a line ending in | or \ continues on the next) is a shell
# command run in a scratch directory that holds the repository's corpus/,
# data/ and tests/ (so that files the examples write land there); it must
# exit 0 and print nothing on stderr.
set -eu
T=$TALLY_TMP/help_examples
rm -rf "$T"; mkdir -p "$T"
ln -s "$TALLY_ROOT/corpus" "$TALLY_ROOT/data" "$TALLY_ROOT/tests" "$T/"
cd "$T"
python3 - <<'PY'
import re, subprocess, sys
fails = n = 0
tools = re.findall(r"^  (\w+) ", subprocess.run(["tally", "--help"], capture_output=True,
                                                 text=True).stdout, re.M)
for t in tools:
    text = subprocess.run(["tally", t, "--help"], capture_output=True, text=True).stdout
    if "\nExamples:\n" not in text:
        fails += 1
        print(f"tally {t} --help shows no examples")
        continue
    cmds, pending = [], ""
    for line in text.split("\nExamples:\n", 1)[1].splitlines():
        if not line.strip():
            continue
        line = line.strip()
        if line.endswith("|") or line.endswith("\\"):
            pending += line.rstrip("\\") + " "
            continue
        cmds.append(pending + line)
        pending = ""
    for cmd in cmds:
        r = subprocess.run(["bash", "-c", cmd], stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
        n += 1
        if r.returncode != 0 or r.stderr:
            fails += 1
            print(f"tally {t} --help: example failed (status {r.returncode}): {cmd}\n"
                  f"{r.stderr.decode()[:500]}")
print(f"{n} examples of {len(tools)} tools run")
sys.exit(1 if fails else 0)
PY
