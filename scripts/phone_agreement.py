#!/usr/bin/env python3
"""Agreement of Vigie's phone and age extraction with independent references, on real ads.

Reference for phones: Google's libphonenumber matcher as packaged for Python (`phonenumbers`,
PyPI, Apache-2.0), run here, never at Vigie's run time. Reference for ages: the age field of the
ad form (`age` column).

    pip install phonenumbers==9.0.43
    cargo build --release
    python3 scripts/phone_agreement.py ../shared/data/backpage-ca-2017/posts.csv

Privacy: the data are real ads. This script prints counts and ad ids only — never a number, a
name or a text — so that its output can go into a report. `--show-not-valid` (for reading a
sample by hand, never for a commit or an issue) also prints, for a sample of the numbers Vigie
keeps although libphonenumber says they are not valid, the ad id, the number and the original
text of its span.

    python3 scripts/phone_agreement.py POSTS.csv [BINARY] [--show-not-valid]
"""

import csv
import json
import random
import subprocess
import sys

import phonenumbers


def vigie_identifiers(path, binary):
    """Runs `vigie scan` over the ads (title + body) and returns {ad id: [identifiers]}."""
    out = subprocess.run(
        [binary, "scan", path, "--text-column", "body", "--id-column", "id", "--kind", "ad",
         "--region", "US", "--format", "jsonl", "--min-level", "none", "--quiet"],
        check=False, capture_output=True, text=True)
    if out.returncode not in (0, 1):
        sys.exit(f"vigie failed ({out.returncode}): {out.stderr[-2000:]}")
    ids = {}
    for line in out.stdout.splitlines():
        a = json.loads(line)
        ids[a["document"]] = a.get("identifiers", [])
    return ids


def not_valid(value):
    """Whether libphonenumber says an E.164 value is not a valid number."""
    try:
        return not phonenumbers.is_valid_number(phonenumbers.parse(value, None))
    except phonenumbers.NumberParseException:
        return True


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    show = "--show-not-valid" in sys.argv[1:]
    path = args[0] if args else "../shared/data/backpage-ca-2017/posts.csv"
    binary = args[1] if len(args) > 1 else "target/release/vigie"
    with open(path, newline="", encoding="utf-8") as f:
        ads = list(csv.DictReader(f))
    found = vigie_identifiers(path, binary)

    ref_total = agreed = 0
    extra_ads = []
    for ad in ads:
        body = ad["body"] or ""
        ref = {phonenumbers.format_number(m.number, phonenumbers.PhoneNumberFormat.E164)
               for m in phonenumbers.PhoneNumberMatcher(body, "US")}
        ours = {i["value"] for i in found.get(ad["id"], []) if i["kind"] == "phone"}
        ref_total += len(ref)
        agreed += len(ref & ours)
        if ours - ref:
            extra_ads.append(ad["id"])

    print(f"ads: {len(ads)}, analysed by vigie: {len(found)}")
    if ref_total:
        print(f"plain numbers found by the reference: {ref_total}; also found by vigie: {agreed} "
              f"({100.0 * agreed / ref_total:.2f} %)")
    print(f"ads where vigie found a number the reference missed: {len(extra_ads)}")
    random.seed(7)
    sample = sorted(random.sample(extra_ads, min(20, len(extra_ads))), key=lambda s: int(s.split("_")[1]))
    print("sample of those ads to check by hand (ids only):", " ".join(sample))

    # Numbers Vigie keeps that libphonenumber does not list (issue 21): Vigie marks them
    # `"valid": false` and keeps them in the ads' region.
    phones = [(ad_id, i) for ad_id, ids in found.items() for i in ids if i["kind"] == "phone"]
    ref_not_valid = [(ad_id, i) for ad_id, i in phones if not_valid(i["value"])]
    marked = [(ad_id, i) for ad_id, i in phones if i.get("valid") is False]
    both = sum(1 for _, i in ref_not_valid if i.get("valid") is False)
    print(f"phone numbers found by vigie: {len(phones)}; not valid for libphonenumber: "
          f"{len(ref_not_valid)} ({100.0 * len(ref_not_valid) / max(1, len(phones)):.2f} %); "
          f"marked not valid by vigie: {len(marked)}; both: {both}")
    if show and ref_not_valid:
        random.seed(11)
        for ad_id, i in random.sample(ref_not_valid, min(15, len(ref_not_valid))):
            print(f"  {ad_id}\t{i['value']}\tvalid={i.get('valid')}\t{i.get('matched', '')!r}")

    stated = matches = 0
    for ad in ads:
        ages = [i for i in found.get(ad["id"], []) if i["kind"] == "age"]
        if not ages or not ad["age"].strip():
            continue
        stated += 1
        form = int(ad["age"])
        if any(i.get("age_min") is not None and i["age_min"] <= form <= i.get("age_max", i["age_min"]) for i in ages):
            matches += 1
    if stated:
        print(f"ads whose text states an age: {stated}; equal to the form's age: {matches} "
              f"({100.0 * matches / stated:.2f} %)")


if __name__ == "__main__":
    main()
