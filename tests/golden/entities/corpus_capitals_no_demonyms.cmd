tally entities --summary --capitals --no-demonyms corpus/
