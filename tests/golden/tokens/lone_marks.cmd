# a mark no word precedes (the variation selector U+FE0F after an emoji, U+034F, U+FE00) and the filler U+3164 make no token; a mark inside a word stays in it
printf 'I \342\235\244\357\270\217 you. a \315\217 b \343\205\244 c \357\270\200 d caf\314\201e\n' | tally tokens --kind
