echo 'The Pan-American Games and the Pan American Health Organization met American athletes.' | tally entities
