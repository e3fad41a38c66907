printf '%s\n' 'Vietnam vs. Thailand ended 2-1. Trump v. United States was decided. It went to Acme Inc. Vietnam left.' | tally tokens --sentences
