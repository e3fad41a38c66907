#!/usr/bin/env bash
# Every statistic of terms, ngrams, colloc and keyness recomputed in Python
# (standard library) from the raw token stream, compared to 1e-8 relative.
set -eu
python3 tests/scripts/terms_stats.py "$TALLY" "$TALLY_ROOT"
