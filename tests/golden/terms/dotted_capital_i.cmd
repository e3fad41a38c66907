# case folding drops the dot above that the capital dotted I (U+0130) folds to, in NFC and NFD text alike: TÜRKİYE = Türkiye, İstanbul = Istanbul
printf 'T\303\234RK\304\260YE T\303\274rkiye \304\260stanbul Istanbul TU\314\210RKI\314\207YE\n' | tally terms
