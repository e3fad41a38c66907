#!/usr/bin/env bash
# The GNU parallel recipes of tally-merge(1), run as documented:
#  - per file: one --partial run per document file over the local cores,
#    then tally merge of the partials in file order: byte-identical to one
#    run over the same files;
#  - --pipepart over one big file: each block is a document of its own (a
#    different corpus from the whole file as one document), so the merge is
#    compared with tally run on the same blocks as separate documents.
# The --sshlogin form only adds hosts to the same command (not run here).
set -eu
command -v parallel >/dev/null || { echo "GNU parallel is missing (make deps)"; exit 1; }
T=$TALLY_TMP/merge_parallel
rm -rf "$T"
mkdir -p "$T/docs" "$T/parts"
# 60 documents: the bundled articles' paragraphs, one file each
python3 - "$TALLY_ROOT" "$T/docs" <<'PY'
import glob, os, sys
root, out = sys.argv[1], sys.argv[2]
paras = []
for p in sorted(glob.glob(os.path.join(root, "corpus", "*.txt"))):
    paras += [x.strip() for x in open(p, encoding="utf-8").read().split("\n\n") if x.strip()]
for i in range(60):
    with open(os.path.join(out, "d%03d.txt" % i), "w", encoding="utf-8") as f:
        f.write(paras[(i * 11) % len(paras)] + "\n\n" + paras[(i * 3 + 1) % len(paras)] + "\n")
PY
export PATH=$(dirname "$TALLY_PLAIN"):$PATH
cd "$T"
for tool in "terms --stopwords en" "ngrams -n 3" "entities" "cooc --context paragraph" "tone --level sentence"; do
	# the recipe: one partial per file, numbered in file order ({#}), merged in that order
	ls docs/*.txt | parallel --will-cite -j 2 --keep-order \
		"tally $tool --partial {} > parts/{#}.csv"
	tally merge $(ls parts/*.csv | sort -t/ -k2 -n) >got.csv
	tally $tool docs/*.txt >want.csv
	cmp want.csv got.csv || { echo "parallel per file: $tool differs"; exit 1; }
	rm -f parts/*.csv
	echo "ok per file: $tool"
done
# --pipepart: blocks of one big file, cut at blank lines (--recend '\n\n'),
# each a document; the same blocks as separate files give the same output
cat docs/*.txt >big.txt
mkdir -p blocks
parallel --will-cite --pipepart -a big.txt --block 4k --recend '\n\n' -j 2 --keep-order \
	"cat > blocks/{#}.txt"
parallel --will-cite --pipepart -a big.txt --block 4k --recend '\n\n' -j 2 --keep-order \
	"tally terms --partial > parts/{#}.csv"
n=$(ls parts | wc -l)
[ "$n" -gt 2 ] || { echo "--pipepart made $n blocks, wanted several"; exit 1; }
tally merge $(ls parts/*.csv | sort -t/ -k2 -n) >got.csv
tally terms $(ls blocks/*.txt | sort -t/ -k2 -n) >want.csv
cmp want.csv got.csv || { echo "--pipepart: merge differs from the blocks as documents"; exit 1; }
echo "ok --pipepart: $n blocks as documents"
# the per-file recipe of tally-merge(1) as the man page writes it, in a
# directory holding only docs/
mkdir -p "$T/literal"
cp -r docs "$T/literal/"
cd "$T/literal"
awk '/^\.SH GNU PARALLEL/ { on = 1; next } /^\.SH/ { on = 0 }
	on && /^\.nf/ { blk++; next } on && /^\.fi/ { if (blk == 1) exit; next }
	on && blk == 1' "$TALLY_ROOT/man/tally-merge.1" | sed -e 's/\\e/\\/g' -e 's/\\-/-/g' >recipe.sh
grep -q 'parallel' recipe.sh || { echo "no per-file recipe in tally-merge(1)"; exit 1; }
bash -eu -o pipefail recipe.sh </dev/null || { echo "the per-file recipe of tally-merge(1) failed"; exit 1; }
tally terms docs/*.txt | cmp - terms.csv || { echo "the per-file recipe differs from the single run"; exit 1; }
echo "ok the per-file recipe as written"
