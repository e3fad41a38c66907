#!/usr/bin/env bash
# bench/tokdiff.sh [-r N] [REV] FILE... - compare the tokenizer of revision REV
# (default HEAD) with the working tree's, token by token (every field), for
# all 32 option combinations, on FILEs and on N random mutations of each
# (bench/tokdiff.c).  For changes to lib/token.c that must keep behaviour.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=0
if [ "${1:-}" = -r ]; then rounds=$2; shift 2; fi
rev=HEAD
if [ $# -gt 0 ] && git rev-parse --verify -q "$1^{commit}" >/dev/null; then rev=$1; shift; fi
make -s bin/tally
d=build/tokdiff
mkdir -p $d
git show "$rev:lib/token.c" >$d/old_token.c
ren="-Dtly_tok_new=old_tok_new -Dtly_tok_reset=old_tok_reset -Dtly_tok_next=old_tok_next \
 -Dtly_tok_replaced=old_tok_replaced -Dtly_tok_free=old_tok_free -Dtly_normalize=old_normalize \
 -Dtly_collapse_space=old_collapse_space -Dtly_tok_batch=old_tok_batch \
 -Dtly_tok_words=old_tok_words -Dtly_has_word_char=old_has_word_char"
cc -std=c11 -O2 -g -D_GNU_SOURCE -Ilib $ren -c -o $d/old_token.o $d/old_token.c
cc -std=c11 -O2 -g -D_GNU_SOURCE -o $d/tokdiff bench/tokdiff.c $d/old_token.o build/obj/lib/*.o \
	$(pkg-config --libs libutf8proc gsl 2>/dev/null || echo -lutf8proc -lgsl -lgslcblas) \
	-lcsv -lstemmer -lm -lpthread
exec $d/tokdiff -r "$rounds" "$@"
