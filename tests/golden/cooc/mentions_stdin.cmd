tally entities --types country corpus/ | tally cooc --mentions - --universe mentioned --min 3
