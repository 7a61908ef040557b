"""Reference data: the communes with a CCS and their regions, shipped with the package."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from domain.file_numbers import CODE_PATTERN

COMMUNES_CSV = Path(__file__).parent / "data" / "communes.csv"


@dataclass(frozen=True)
class Commune:
    slug: str
    name: str
    region: str
    region_name: str
    cercle: str
    code: str  # three capital letters, unique: the start of its files' references


@dataclass(frozen=True)
class Reference:
    """Communes and regions by slug, in the order of the source file."""

    communes: dict[str, Commune]
    regions: dict[str, str]

    def __post_init__(self):
        check_codes(self.communes.values())

    def region_of(self, commune_slug: str) -> str:
        return self.communes[commune_slug].region

    def commune_name(self, slug: str | None) -> str:
        return self.communes[slug].name if slug in self.communes else (slug or "")

    def region_name(self, slug: str | None) -> str:
        return self.regions.get(slug, slug or "")

    def communes_of(self, region_slug: str) -> list[Commune]:
        return [c for c in self.communes.values() if c.region == region_slug]

    def communes_in(self, scope: dict) -> dict[str, str]:
        """``{slug: region}`` of the communes of a territory (``{}``: the whole country,
        ``{"region": …}``, ``{"commune": …}``), by name."""
        communes = sorted(self.communes.values(), key=lambda commune: commune.name)
        if "commune" in scope:
            communes = [c for c in communes if c.slug == scope["commune"]]
        elif "region" in scope:
            communes = [c for c in communes if c.region == scope["region"]]
        return {commune.slug: commune.region for commune in communes}


@cache
def load_reference(path: Path = COMMUNES_CSV) -> Reference:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    communes = {
        row["commune_slug"]: Commune(row["commune_slug"], row["commune_name"],
                                     row["region_slug"], row["region_name"], row["cercle"],
                                     row["code"])
        for row in rows
    }
    regions = dict(sorted({(c.region, c.region_name) for c in communes.values()},
                          key=lambda pair: pair[1]))
    return Reference(communes=communes, regions=regions)


def check_codes(communes) -> None:
    """Refuse a list where a commune's code is not three capital letters or is another's:
    two communes sharing one would share their files' references."""
    seen: dict[str, str] = {}
    for commune in communes:
        if not CODE_PATTERN.fullmatch(commune.code or ""):
            raise ValueError(f"communes: the code of {commune.slug} ({commune.code!r}) is not "
                             "three capital letters")
        if commune.code in seen:
            raise ValueError(f"communes: {seen[commune.code]} and {commune.slug} share the "
                             f"code {commune.code}")
        seen[commune.code] = commune.slug
