# The entity tone chart says what it leaves out: entities with fewer than
# min_n sentences, and those past the top drawn (they vanished silently).
set -eu
T=$TALLY_TMP/chart_tone_entity_note
rm -rf "$T"; mkdir -p "$T"
cd "$TALLY_ROOT"
printf 'entity,type,code,n,mean,ci_low,ci_high\nA,country,,5,0.5,0.1,0.9\nB,country,,3,-0.2,-0.5,0.1\nC,person,,1,0.3,0.3,0.3\nD,person,,1,0.1,0.1,0.1\n' >"$T/t.csv"
note() {  # note TOP: the chart's note
	gnuplot -e "in='$T/t.csv'; out='$T/t.svg'; top=$1" plots/tone_entity.gp
	python3 -c '
import sys, xml.etree.ElementTree as ET
r = ET.parse(sys.argv[1]).getroot()
print([t for t in ("".join(x.itertext()).strip() for x in r.iter() if x.tag.endswith("}text")) if t.startswith("not drawn")])' "$T/t.svg"
}
got=$(note 1)
want="['not drawn: 2 entities with fewer than 2 sentences; 1 more after the first 1 (by sentences, then name)']"
[ "$got" = "$want" ] || { echo "top=1: $got"; exit 1; }
got=$(note 20)
want="['not drawn: 2 entities with fewer than 2 sentences']"
[ "$got" = "$want" ] || { echo "top=20: $got"; exit 1; }
