tally --verison
