# make notebook executes notebooks/tally.ipynb headless (it runs the
# pipeline and shows every table and chart) and fails if any cell fails.
set -eu
make -s notebook >"$TALLY_TMP/notebook.log" 2>&1 || { tail -n 30 "$TALLY_TMP/notebook.log"; exit 1; }
python3 - <<'PY'
import json, sys
nb = json.load(open("build/notebook/tally.ipynb", encoding="utf-8"))
code = [c for c in nb["cells"] if c["cell_type"] == "code"]
errors = [o for c in code for o in c.get("outputs", []) if o.get("output_type") == "error"]
svgs = sum(1 for c in code for o in c.get("outputs", []) if "image/svg+xml" in o.get("data", {}))
print(f"{len(code)} code cells run, {svgs} charts shown, {len(errors)} errors")
sys.exit(1 if errors or svgs < 8 or any(c.get("execution_count") is None for c in code) else 0)
PY
