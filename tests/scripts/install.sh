# make install puts the binary, data and man pages under PREFIX, and the
# installed binary runs from there.
set -eu
p=$TALLY_TMP/prefix
rm -rf "$p"
make -s install PREFIX="$p" >/dev/null
[ -x "$p/bin/tally" ]
[ -f "$p/share/man/man1/tally.1" ]
[ -f "$p/share/man/man1/tally-tokens.1" ]
"$p/bin/tally" --version | grep -q '^tally '
printf 'Việt Nam and the U.S.\n' | "$p/bin/tally" tokens | tail -n 1 | grep -q ',u\.s\.$'
echo ok
