#!/usr/bin/env bash
# tone_validate.sh - tally tone on VADER's human-rated tweets (Hutto &
# Gilbert 2014), each tweet scored as one text as VADER scores it: Pearson r
# against the mean of 20 human ratings must stay at or above 0.872, VADER's
# own r on the same file (its README in ../shared/eval/sentiment/).  The
# score is deterministic, so the floor is the target itself: tally
# measures 0.8745, and a change to the rules or the lexicon that loses the
# lead over VADER fails here.  Skipped where ../shared is absent (the product
# never needs it).
set -eu
E=../shared/eval/sentiment
if [ ! -f "$E/tweets_GroundTruth.txt" ]; then
	echo "skipped: $E/tweets_GroundTruth.txt is absent"
	exit 0
fi
python3 tests/scripts/tone_validate.py "$TALLY" "$E" tweets --floor tweets=0.872 \
	--tally-arg --unit --tally-arg document
