tally keyness --target 'date<<2026' corpus/
