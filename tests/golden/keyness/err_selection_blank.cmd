tally keyness --target 'date =2026-01-22' corpus/
