echo x | tally entities --gazetteer tests/data/entities/nonexistent
