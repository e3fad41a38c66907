# a pattern token of only a symbol can never match (symbols are not tokens): a usage error
printf 'I \342\235\244 Vietnam\n' | tally kwic "$(printf '\342\235\244')"
