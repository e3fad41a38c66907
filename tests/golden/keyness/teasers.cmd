tally keyness --target kind=teaser --min-count 3 --top 10 corpus/
