printf 'a recipe: ½ cup, 1½ cups, x² and ² in Ⅻ\n' | tally terms --no-numbers
