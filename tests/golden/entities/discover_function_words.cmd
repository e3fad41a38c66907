echo "In its edition, The Washington Times praised Vietnam in May 2025. Davos – A Vietnamese delegation met Professor Vladimir Mazyrin." | tally entities --discover
