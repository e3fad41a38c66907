tally terms --by outlet --text-col body tests/data/tok/news.csv
