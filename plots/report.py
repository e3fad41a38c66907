#!/usr/bin/env python3
"""report.py - write the analysis as one self-contained HTML page.

    python3 plots/report.py --analysis analysis --charts plots --cmds build/cmds \
        --corpus corpus --tally bin/tally -o analysis/report.html

Every chart is inlined as SVG (ids made unique per chart), with a sentence on
how to read it and the top rows of the table it was drawn from; the
provenance section lists the tally version, the SHA-256 of every corpus file
and the exact command that made each output.  Sections whose files are
missing are left out and listed at the end, so the page always renders.
Standard library only; the output depends only on the inputs (no dates).
"""
import argparse
import csv
import hashlib
import html
import os
import re
import subprocess
import sys

# chart, table, heading, how to read it, columns shown
SECTIONS = [
    ("top_terms", "terms.csv", "Which words dominate",
     "Bars show how often each word occurs in the whole corpus (stopwords removed), most frequent "
     "on top; the table adds the number of documents holding the word, its rate per million "
     "counted terms (stopwords are not counted) and tf-idf (high when the word is frequent in "
     "few documents).",
     ["term", "count", "docs", "freq_per_million", "tf_idf"]),
    ("zipf", "zipf.csv", "Word frequency and rank (Zipf)",
     "Each point is a word, placed by its frequency rank and its count on logarithmic axes; "
     "the red line is the least-squares fit of log count on log rank, whose slope s is given "
     "with its standard error. News text usually gives s near 1.",
     ["rank", "term", "count", "fitted", "exponent", "exponent_se"]),
    ("trends", "terms_by_date.csv", "Words over time",
     "Lines follow the rate per million terms (stopwords not counted) of the most frequent words "
     "in the documents of each date; a date without the word is drawn at 0.",
     ["date", "term", "count", "freq_per_million"]),
    ("keyness", "keyness.csv", "What changed from January to February (keyness)",
     "Blue bars are words used more in the target (the documents dated February 2026) than in "
     "the reference (the article of January 22), red bars words used less; bar length is the signed "
     "log-likelihood G\u00b2, and the table gives the p- and Benjamini-Hochberg q-values and "
     "Hardie's log ratio.",
     ["term", "target_count", "reference_count", "g2", "g2_q", "log_ratio"]),
    ("cooc_heatmap", "cooc.csv", "Which countries and leaders appear together",
     "Each cell counts the sentences that mention both the row's and the column's entity (the "
     "diagonal: sentences mentioning the entity at all). The table ranks pairs by how much "
     "more often they meet than chance would have them: expected count, PMI, G\u00b2 with its "
     "p-value and BH q-value.",
     ["a", "b", "n_ab", "n_a", "n_b", "expected", "pmi", "g2", "p", "q"]),
    ("network", "network_nodes.csv", "The network of co-occurrence",
     "Entities that share sentences are joined; thicker lines mean more shared sentences and "
     "bigger dots more co-occurrences in all. Positions come from a seeded force-directed "
     "layout (tally layout), so the picture is the same on every run.",
     ["node", "degree", "strength"]),
    ("tone_entities", "tone_entities.csv", "In what tone each country and leader is covered",
     "For each entity, the mean VADER compound score (\u22121 negative to +1 positive) of the "
     "sentences that mention it, with a 95% bootstrap interval; n is the number of sentences. "
     "Wide intervals mean few sentences: read them as uncertain.",
     ["entity", "type", "n", "mean", "ci_low", "ci_high"]),
    ("tone_time", "tone_by_date.csv", "Tone over time",
     "The mean compound score of all sentences of the documents of each date, with its 95% "
     "bootstrap interval.",
     ["date", "n", "mean", "ci_low", "ci_high", "tone"]),
]

STYLE = """
body { font-family: "DejaVu Sans", sans-serif; max-width: 1040px; margin: 2em auto; color: #222;
       line-height: 1.45; padding: 0 1em; }
h1 { font-size: 1.7em; margin-bottom: 0.2em; }
h2 { font-size: 1.3em; margin-top: 2em; border-bottom: 1px solid #ddd; padding-bottom: 0.2em; }
figure { margin: 1em 0; }
figure svg { width: 100%; height: auto; border: 1px solid #eee; }
table { border-collapse: collapse; font-size: 0.85em; margin: 0.8em 0; }
th, td { border: 1px solid #ddd; padding: 0.25em 0.6em; text-align: right; }
th { background: #f4f4f4; }
td.s { text-align: left; }
code, pre { font-family: "DejaVu Sans Mono", monospace; font-size: 0.85em; }
pre { background: #f7f7f7; padding: 0.6em; overflow-x: auto; white-space: pre-wrap; }
.note { color: #666; font-size: 0.9em; }
"""


def read_svg(path, prefix, title):
    """The SVG element of a gnuplot file, with ids prefixed so that several
    charts can share one page."""
    with open(path, encoding="utf-8") as f:
        s = f.read()
    s = s[s.index("<svg"):]
    s = re.sub(r"""\bid=(['"])""", lambda m: "id=" + m.group(1) + prefix + "-", s)
    s = re.sub(r"""(href=)(['"])#""", lambda m: m.group(1) + m.group(2) + "#" + prefix + "-", s)
    s = re.sub(r"url\(#", "url(#" + prefix + "-", s)
    s = s.replace("<title>Gnuplot</title>", "<title>" + html.escape(title) + "</title>", 1)
    s = s.replace('<svg ', '<svg role="img" aria-label="' + html.escape(title, quote=True) + '" ', 1)
    return s


def table(path, columns, rows=10):
    with open(path, encoding="utf-8", newline="") as f:
        r = csv.DictReader(f)
        cols = [c for c in columns if c in (r.fieldnames or [])]
        out = ["<table><thead><tr>" + "".join("<th>%s</th>" % html.escape(c) for c in cols) +
               "</tr></thead><tbody>"]
        for i, row in enumerate(r):
            if i == rows:
                break
            cells = []
            for c in cols:
                v = row[c]
                try:
                    x = float(v)
                    v = v if v.lstrip("-").isdigit() else ("%.4g" % x)
                    cells.append("<td>%s</td>" % html.escape(v))
                except ValueError:
                    cells.append('<td class="s">%s</td>' % html.escape(v))
            out.append("<tr>" + "".join(cells) + "</tr>")
        out.append("</tbody></table>")
    return "\n".join(out)


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--analysis", default="analysis")
    ap.add_argument("--charts", default="plots")
    ap.add_argument("--cmds", default="build/cmds")
    ap.add_argument("--corpus", default="corpus")
    ap.add_argument("--tally", default="bin/tally")
    ap.add_argument("--only", help="the charts and outputs made for this corpus (space-separated "
                    "names such as top_terms or terms.csv); sections and commands of others, left "
                    "over from an earlier corpus, are not shown")
    ap.add_argument("--keyness", default="February|January",
                    help="TARGET|REFERENCE: what the keyness chart compares (analysis.mk's "
                    "KEYNESS_NAMES)")
    ap.add_argument("-o", "--output", required=True)
    a = ap.parse_args()
    only = set(a.only.split()) if a.only is not None else None

    version = subprocess.run([a.tally, "--version"], capture_output=True, text=True).stdout.strip()
    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
             "<title>tally report: %s</title>" % html.escape(a.corpus),
             "<style>%s</style></head><body>" % STYLE,
             "<h1>News coverage analysis</h1>",
             '<p class="note">Corpus <code>%s</code>, analysed by %s. Every chart and table '
             "below is remade byte for byte by <code>make report</code>; the commands are listed "
             "at the end.</p>" % (html.escape(a.corpus), html.escape(version))]
    missing = []
    sections = SECTIONS
    if a.keyness != "February|January":
        # another corpus's comparison: the bundled corpus's wording would be wrong
        target, _, reference = a.keyness.partition("|")
        sections = [(c, d, h, t, k) if c != "keyness" else
                    (c, d, "What sets %s apart from %s (keyness)" % (target, reference),
                     "Blue bars are words used more in the target (%s) than in the reference "
                     "(%s), red bars words used less; bar length is the signed log-likelihood "
                     "G\u00b2, and the table gives the p- and Benjamini-Hochberg q-values and "
                     "Hardie's log ratio." % (target, reference), k)
                    for c, d, h, t, k in SECTIONS]
    for chart, data, heading, howto, cols in sections:
        if only is not None and chart not in only:
            continue
        svg = os.path.join(a.charts, chart + ".svg")
        csvp = os.path.join(a.analysis, data)
        if not os.path.exists(svg) or not os.path.exists(csvp):
            missing.append(chart)
            continue
        parts.append('<section id="%s"><h2>%s</h2>' % (chart, html.escape(heading)))
        parts.append("<p>%s</p>" % html.escape(howto))
        parts.append("<figure>%s</figure>" % read_svg(svg, chart, heading))
        parts.append('<p class="note">Top rows of <code>%s</code>:</p>' % html.escape(csvp))
        parts.append(table(csvp, cols))
        parts.append("</section>")

    parts.append('<section id="provenance"><h2>Provenance</h2>')
    parts.append("<p>%s. Corpus files (SHA-256):</p><pre>" % html.escape(version))
    files = []
    if os.path.isdir(a.corpus):
        for root, dirs, names in os.walk(a.corpus):
            dirs.sort()
            files += [os.path.join(root, n) for n in names]
    elif os.path.exists(a.corpus):
        files = [a.corpus]
    for p in sorted(files):
        parts.append("%s  %s" % (sha256(p), html.escape(p)))
    parts.append("</pre><p>Commands that made each output:</p><pre>")
    if os.path.isdir(a.cmds):
        for name in sorted(os.listdir(a.cmds)):
            if only is not None and name not in only:
                continue
            with open(os.path.join(a.cmds, name), encoding="utf-8") as f:
                parts.append(html.escape(f.read().strip()))
    parts.append("</pre>")
    if missing:
        parts.append('<p class="note">Not drawn (their inputs are missing): %s</p>' %
                     html.escape(", ".join(missing)))
    parts.append("</section></body></html>")

    tmp = a.output + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write("\n".join(parts) + "\n")
    os.replace(tmp, a.output)
    if missing:
        print("report.py: left out (inputs missing): " + ", ".join(missing), file=sys.stderr)


if __name__ == "__main__":
    main()
