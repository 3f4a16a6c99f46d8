"""Generate ``gbt2260.csv`` (GB/T 2260 administrative division codes).

The source is the ``stdnum/cn/loc.dat`` file bundled with python-stdnum, a
historical list of every division code together with its validity range::

    33 province="浙江省"
      0000 county="浙江省"
      0100 county="杭州市"
      0103 county="[1983-2021]下城区"
      0206 county="[1985-1986]滨海区,[1987-]北仑区"

A name without a bracket, or whose bracket has no end year (``[1987-]``), is
still in force; a name with an end year (``[-2010]``, ``[1990-2005]``) has been
abolished.  A code may list several successive names separated by commas; the
last one still in force wins.

The output keeps province-level (``XX0000``), prefecture-level (``XXXX00``)
and county-level codes that are currently valid, minus the grouping
placeholders (``市辖区``, ``县``, ``省直辖县级行政区划``...) that are not real
divisions.  Columns: ``code,name,province,city``.

Run from the project root::

    .venv/bin/python gonghui/orgs/data/build_gbt2260.py

then commit the regenerated ``gbt2260.csv``.
"""

from __future__ import annotations

import csv
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import stdnum.cn

SOURCE = Path(stdnum.cn.__file__).with_name("loc.dat")
OUTPUT = Path(__file__).with_name("gbt2260.csv")

# Grouping rows of the standard that do not name a real division.  Both the
# current wording (…区划) and the older one (…单位) used by loc.dat are listed.
PLACEHOLDER_NAMES = frozenset(
    {
        "市辖区",
        "县",
        "省直辖县级行政区划",
        "自治区直辖县级行政区划",
        "省直辖县级行政单位",
        "自治区直辖县级行政单位",
    }
)

# Corrections to the upstream data.  python-stdnum 2.2 knows that 下城区 and
# 江干区 were abolished in 2021 but lacks the two districts created by the
# same reform.
#
# 国务院关于同意浙江省调整杭州市部分行政区划的批复（国函〔2021〕29号），
# implemented by the Zhejiang provincial government on 2021-04-09:
# 撤销上城区、江干区，设立新的上城区；撤销下城区、拱墅区，设立新的拱墅区；
# 撤销余杭区，设立新的余杭区、临平区；设立钱塘区。
ADDITIONS: dict[str, str] = {
    "330113": "临平区",
    "330114": "钱塘区",
}
REMOVALS: frozenset[str] = frozenset(
    {
        "330103",  # 下城区, merged into 拱墅区 (国函〔2021〕29号)
        "330104",  # 江干区, split between 上城区 and 钱塘区 (国函〔2021〕29号)
        # Entries that loc.dat still marks as current although they are not
        # in the Ministry of Civil Affairs list:
        "422900",  # 林区: obsolete grouping row; 神农架林区 is 429021
        "422921",  # 神农架林区: obsolete duplicate of 429021
        "429001",  # 随州市: prefecture-level city 421300 since 2000
        # 大兴安岭地区's 加格达奇/松岭/新林/呼中 are only in the statistical
        # division codes (统计用区划代码), not in GB/T 2260; loc.dat also
        # spells them in traditional characters.
        "232761",
        "232762",
        "232763",
        "232764",
    }
)

_PROVINCE_RE = re.compile(r'^(?P<code>\d{2}) province="(?P<name>[^"]*)"$')
_COUNTY_RE = re.compile(r'^\s+(?P<code>\d{4}) county="(?P<name>[^"]*)"$')
_RANGE_RE = re.compile(r"^\[(?P<start>\d{4})?-(?P<end>\d{4})?\](?P<name>.*)$")

HEADER = ("code", "name", "province", "city")


def current_name(raw: str) -> str | None:
    """Return the name in force today, or ``None`` if the code is abolished.

    ``raw`` is a comma-separated list of (optionally date-bracketed) names,
    oldest first.
    """
    result: str | None = None
    for part in raw.split(","):
        part = part.strip()
        if not part:
            continue
        match = _RANGE_RE.match(part)
        if match is None:
            result = part
        elif match.group("end") is None:
            result = match.group("name").strip()
        else:
            result = None
    return result or None


def parse(lines: Iterable[str]) -> Iterator[tuple[str, str]]:
    """Yield ``(code, name)`` for every division currently in force."""
    province: str | None = None
    for lineno, line in enumerate(lines, 1):
        line = line.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            continue
        if match := _PROVINCE_RE.match(line):
            province = match.group("code")
            continue
        match = _COUNTY_RE.match(line)
        if match is None or province is None:
            raise ValueError(f"{SOURCE}:{lineno}: unexpected line {line!r}")
        name = current_name(match.group("name"))
        if name is not None:
            yield province + match.group("code"), name


def build_rows(names: dict[str, str]) -> list[tuple[str, str, str, str]]:
    """Turn a ``code -> name`` mapping into sorted CSV rows."""
    names = {c: n for c, n in names.items() if c not in REMOVALS}
    for code, name in ADDITIONS.items():
        existing = names.get(code)
        if existing is not None and existing != name:
            raise ValueError(f"addition {code} {name} conflicts with {existing}")
        names[code] = name
    names = {c: n for c, n in names.items() if n not in PLACEHOLDER_NAMES}

    rows: list[tuple[str, str, str, str]] = []
    for code in sorted(names):
        name = names[code]
        province_code = code[:2] + "0000"
        if province_code not in names:
            raise ValueError(f"{code} {name}: no province row {province_code}")
        province = names[province_code]
        if code == province_code:
            city = ""
        elif code.endswith("00"):
            city = name
        else:
            # Empty for counties directly under a province or a municipality
            # (their XXXX00 row is a placeholder and was dropped).
            city = names.get(code[:4] + "00", "")
        rows.append((code, name, province, city))
    return rows


def main() -> int:
    with SOURCE.open(encoding="utf-8") as source:
        names = dict(parse(source))
    rows = build_rows(names)
    with OUTPUT.open("w", encoding="utf-8", newline="") as output:
        writer = csv.writer(output, lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(rows)
    sys.stdout.write(f"wrote {len(rows)} rows to {OUTPUT}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
