#!/usr/bin/env python3
"""build.py - regenerate the generated parts of tally's country gazetteer.

    python3 data/gazetteer/build.py [--iso FILE] [--world-countries FILE]

writes, next to this script:

  countries.csv        every ISO 3166-1 country from Debian's iso-codes
                       (default /usr/share/iso-codes/json/iso_3166-1.json,
                       package iso-codes, LGPL-2.1+):
                       code,alpha2,numeric,entity,names,iso_name
  world-countries.csv  names, demonyms and capitals from the npm package
                       world-countries (ODbL 1.0; `npm pack world-countries`,
                       then pass package/countries.json):
                       code,name,kind   (kind: name, demonym or capital)

Only the standard library is used; the output is sorted and stable, so a
re-run on the same inputs changes nothing and `git diff` shows what a new
release of the sources changed.

Rules (tally-entities(1) documents them for users):
  - entity, the canonical name, is iso-codes' common_name if it has one, else
    its name, except for the few ISO names written in "Name, Qualifier of"
    order or with parentheses, which OVERRIDE below spells as news does.
    data/gazetteer/names.csv (hand-maintained) can override it again with a
    row of kind "canonical".
  - names lists every form that is a usable name: entity, name, official_name
    and common_name, leaving out forms with ", " (ISO's inverted order) or
    parentheses, and a leading "the ".
  - From world-countries: common and official names, alternative spellings in
    Latin script (two-letter codes such as "IN" or "AM" are left out: they are
    ordinary words; so are the few spellings in EXCLUDE), the English demonyms, and the capitals.  A name, demonym
    or capital claimed by several codes goes to the one independent state
    among them ("American": USA, not the Northern Mariana Islands); if there
    is no single independent claimant it is left out ("Congolese",
    "Dominican"), and names.csv can still assign it by hand.
  - world-countries codes Kosovo as UNK; tally uses XKX (the code the EU, IMF
    and World Bank use), defined in countries-extra.csv.
"""
import argparse
import csv
import json
import os
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))

# ISO names in inverted or parenthesised form, without a common_name.
OVERRIDE = {
    "COD": "Democratic Republic of the Congo",
    "FSM": "Micronesia",
    "PSE": "Palestine",
    "VGB": "British Virgin Islands",
    "VIR": "U.S. Virgin Islands",
    "CCK": "Cocos Islands",
    "FLK": "Falkland Islands",
    "MAF": "Saint Martin",
    "SXM": "Sint Maarten",
    "VAT": "Vatican City",
}
# codes world-countries uses that ISO 3166-1 does not
CODE_MAP = {"UNK": "XKX"}
# world-countries alternative spellings that are ordinary English words or
# given names in running text ("Island" is Iceland's own name, "Mann" the
# Isle of Man's, "Dominique" Dominica's French name)
EXCLUDE = {"Island", "Mann", "Mannin", "Dominique"}


def usable(name):
    return bool(name) and ", " not in name and "(" not in name


def clean(name, capital=False):
    name = name.strip()
    if name.startswith("the ") or (name.startswith("The ") and not capital):
        name = name[4:]  # but "The Valley" is Anguilla's capital
    return name


def latin(name):
    for ch in name:
        if ch.isalpha() and "LATIN" not in unicodedata.name(ch, ""):
            return False
    return True


def write_csv(path, header, rows):
    tmp = path + ".tmp"
    with open(tmp, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
    os.replace(tmp, path)


def build_iso(path):
    data = json.load(open(path, encoding="utf-8"))["3166-1"]
    rows = []
    for c in data:
        code = c["alpha_3"]
        entity = OVERRIDE.get(code) or c.get("common_name") or c["name"]
        names = []
        for n in (entity, c["name"], c.get("official_name"), c.get("common_name")):
            if n and usable(clean(n)) and clean(n) not in names:
                names.append(clean(n))
        rows.append([code, c["alpha_2"], c["numeric"], entity, "|".join(names), c["name"]])
    rows.sort()
    write_csv(os.path.join(HERE, "countries.csv"),
              ["code", "alpha2", "numeric", "entity", "names", "iso_name"], rows)
    return len(rows)


def build_world(path):
    data = json.load(open(path, encoding="utf-8"))
    claims = {}  # (kind, name) -> set of codes
    independent = set()

    def claim(kind, name, code):
        name = clean(name, kind == "capital")
        if not name or not latin(name):
            return
        if kind == "name" and len(name) == 2 and name.isupper():
            return  # ISO alpha-2 codes: "IN", "AM", "IT" are words
        if kind == "name" and name in EXCLUDE:
            return
        claims.setdefault((kind, name), set()).add(code)

    for c in data:
        code = CODE_MAP.get(c["cca3"], c["cca3"])
        if c.get("independent"):
            independent.add(code)
        claim("name", c["name"]["common"], code)
        claim("name", c["name"]["official"], code)
        for a in c.get("altSpellings", []):
            claim("name", a, code)
        dem = c.get("demonyms", {}).get("eng", {})
        for k in ("m", "f"):
            if dem.get(k):
                claim("demonym", dem[k], code)
        for cap in c.get("capital", []):
            claim("capital", cap, code)
    rows = []
    dropped = []
    for (kind, name), codes in claims.items():
        if len(codes) > 1:
            indep = sorted(codes & independent)
            if len(indep) != 1:
                dropped.append((kind, name, sorted(codes)))
                continue
            codes = set(indep)
        rows.append([codes.pop(), name, kind])
    rows.sort()
    write_csv(os.path.join(HERE, "world-countries.csv"), ["code", "name", "kind"], rows)
    for kind, name, codes in sorted(dropped):
        print(f"build.py: left out {kind} {name!r}: claimed by {' '.join(codes)}",
              file=sys.stderr)
    return len(rows)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--iso", default="/usr/share/iso-codes/json/iso_3166-1.json")
    ap.add_argument("--world-countries", metavar="FILE",
                    help="package/countries.json from `npm pack world-countries`")
    a = ap.parse_args()
    print(f"build.py: countries.csv: {build_iso(a.iso)} countries", file=sys.stderr)
    if a.world_countries:
        n = build_world(a.world_countries)
        print(f"build.py: world-countries.csv: {n} rows", file=sys.stderr)


if __name__ == "__main__":
    main()
