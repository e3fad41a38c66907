tally entities --short-anywhere tests/golden/entities/short_forms.in
