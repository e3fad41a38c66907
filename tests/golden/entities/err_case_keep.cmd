tally entities --case keep corpus/
