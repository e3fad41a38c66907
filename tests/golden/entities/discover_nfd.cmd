# --discover counts one name whether it is written in NFC or NFD
printf 'Yesterday we met \303\223lafur Ragnar. Then we met O\314\201lafur Ragnar again.\n' | tally entities --discover
