printf 'ក្រុង ភ្នំពេញ។ ថ្ងៃ នេះ\n\nမြို့ တော်။ ယနေ့ ည\n\nᠮᠣᠩᠭᠣᠯ ᠤᠯᠤᠰ᠃ ᠡᠨᠡ\n' | tally tokens --sentences
