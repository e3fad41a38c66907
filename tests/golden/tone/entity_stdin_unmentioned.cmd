printf 'doc,start,end,entity\nnosuch,0,4,A\n' >"$TALLY_TMP/unmentioned_m.csv" && echo 'Good news.' | tally tone --level entity --mentions "$TALLY_TMP/unmentioned_m.csv" -
