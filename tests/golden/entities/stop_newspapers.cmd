tally entities --capitals --types capital
