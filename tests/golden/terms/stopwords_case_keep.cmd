printf 'The cat and I saw THE dog.\nIt was Mine, İstanbul’s.\n' | tally terms --case keep --stopwords en
