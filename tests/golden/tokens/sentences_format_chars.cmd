# invisible format characters (a soft hyphen, ZWNJ, ZWJ, ZWSP) are kept as written in sentence text, not shown as spaces
printf 'Viet\302\255nam grew. Persian \331\205\333\214\342\200\214\330\256\331\210\330\247\331\207\331\205. Family \360\237\221\250\342\200\215\360\237\221\251 here. a\342\200\213b.\n' | tally tokens --sentences
