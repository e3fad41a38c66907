printf "Trump met Son.\n\nDonald Trump and Bui Thanh Son talked. Son smiled.\n" | tally cooc --short-anywhere --context document
