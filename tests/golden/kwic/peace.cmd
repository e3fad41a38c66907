tally kwic peace corpus/
