printf 'Vietnam exports to the U.S. The move angered China. Talks in the U.K. In March, Vietnam and the E.U. met Britain.\n' | tally cooc --universe mentioned -
