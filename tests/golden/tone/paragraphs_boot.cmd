tally tone --level paragraph --boot 100 corpus/003_b3b9f51542850bb4.txt
