echo 'Penny Wong met Lawrence Wong. Foreign Minister Wong spoke; Prime Minister Wong replied. Minister Wong left. Chairman Kim and Prime Minister Kim met.' | tally entities
