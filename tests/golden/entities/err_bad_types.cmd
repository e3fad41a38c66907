tally entities --types country,city corpus/
