tally keyness --target 'date>=2026-02-01' --reference 'date<2026-02-01' --stopwords en --top 10 corpus/
