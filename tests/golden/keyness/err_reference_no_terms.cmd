tally keyness --target side=a --reference side=c --stopwords en tests/data/terms/
