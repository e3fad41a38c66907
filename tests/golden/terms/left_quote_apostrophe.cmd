tally terms
