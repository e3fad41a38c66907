tally help help | head -n 1
