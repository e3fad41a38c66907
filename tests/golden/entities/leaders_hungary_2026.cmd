echo 'Prime Minister Péter Magyar met Viktor Orban; Magyar spoke.' | tally entities
