tally keyness --reference kind=teaser corpus/
