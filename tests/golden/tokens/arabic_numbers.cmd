printf 'نما ٣٫٥٪ من ١٬٠٠٠ و۱۲٫۵ و٣، ٤\n' | tally tokens --kind
