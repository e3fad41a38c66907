tally tone --level entity --mentions corpus/manifest.csv corpus/
