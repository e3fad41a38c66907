tally kwic --lenient bad tests/data/tok/badutf8.txt
