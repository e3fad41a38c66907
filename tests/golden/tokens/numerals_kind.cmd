printf '½ 1½ x² ² Ⅻ ① 2026 2nd\n' | tally tokens --kind
