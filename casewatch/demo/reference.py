"""The reference data (cities, districts, sectors, platforms, courts) the demo draws codes from."""

from __future__ import annotations

from dataclasses import dataclass

from casewatch.db import Database
from casewatch.demo.calibration import CITY_WEIGHT, COURTS, OTHER_PROVINCES, PLATFORMS, TOP_SECTORS
from casewatch.sql import load_sql


@dataclass(frozen=True)
class Reference:
    """Codes and names read from a fresh database's reference tables."""

    gd_cities: list[str]  # the 21 Guangdong city codes, in CITY_WEIGHT order
    city_zh: dict[str, str]
    city_en: dict[str, str]
    districts: dict[str, list[str]]  # city -> district codes
    subsectors: dict[str, list[str]]  # top sector -> subsector codes
    all_codes: dict[str, set[str]]  # table -> valid codes (checked before writing)


def read_reference(db: Database) -> Reference:
    """The reference tables of ``db``; RuntimeError when they lack a code the demo uses."""
    cur = db.cursor()
    try:
        cities = cur.execute(load_sql("demo/ref_cities")).df()
        districts = cur.execute(load_sql("demo/ref_districts")).df()
        sectors = cur.execute(load_sql("demo/ref_sectors")).df()
        platforms = cur.execute(load_sql("demo/ref_platforms")).df()
        courts = cur.execute(load_sql("demo/ref_courts")).df()
    finally:
        cur.close()
    gd = [c for c in CITY_WEIGHT if c in set(cities["city_code"])]
    if len(gd) != len(CITY_WEIGHT):
        raise RuntimeError("reference cities lack some of the 21 Guangdong cities")
    by_city: dict[str, list[str]] = {c: [] for c in cities["city_code"]}
    for city, district in zip(districts["city_code"], districts["district"], strict=True):
        by_city.setdefault(city, []).append(district)
    subs: dict[str, list[str]] = {t: [] for t in TOP_SECTORS}
    for code, parent in zip(sectors["sector_code"], sectors["parent_code"], strict=True):
        if isinstance(parent, str) and parent in subs:
            subs[parent].append(code)
    missing = [t for t, children in subs.items() if not children]
    if missing:
        raise RuntimeError(f"reference sectors lack subsectors of {missing}")
    all_codes = {
        "cities": set(cities["city_code"]),
        "platforms": set(platforms["code"]),
        "courts": set(courts["code"]),
    }
    for table, used in (("platforms", PLATFORMS), ("courts", COURTS), ("cities", tuple(OTHER_PROVINCES))):
        unknown = sorted(set(used) - all_codes[table])
        if unknown:
            raise RuntimeError(f"demo uses {table} codes missing from the reference data: {unknown}")
    return Reference(
        gd_cities=gd,
        city_zh=dict(zip(cities["city_code"], cities["name_zh"], strict=True)),
        city_en=dict(zip(cities["city_code"], cities["name_en"], strict=True)),
        districts=by_city,
        subsectors=subs,
        all_codes=all_codes,
    )
