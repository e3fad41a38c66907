printf 'ג׳ו ביידן פגש את צ׳רצ׳יל ב־ג׳. ׳ צה״ל\n' | tally tokens
