tally tokens corpus/manifest.csv | grep "^003_b3b9f51542850bb4-t08,"
