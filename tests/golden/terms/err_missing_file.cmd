tally terms nonexistent.txt
