tally tone --level group --by source,month --boot 200 --seed 9 corpus/
