"""Addresses -> city and district: a member register may give a member's place as a free-text
address only; the import fills its city_code and district from the reference city and district the
address names, in Chinese or pinyin."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from casewatch.db import Cursor
from casewatch.sql import ROOT, load_sql


@dataclass(frozen=True)
class Place:
    city_code: str | None
    district: str | None


# after a city's name, these make it a street's ("中山路", "Zhongshan Rd"); "市" / "City" mark a city
_STREET_ZH = ("路", "街", "巷", "大道", "大街", "西路", "东路", "南路", "北路", "中路")  # not 道: 东莞道滘镇
_STREET_EN = re.compile(r" (road|rd|street|st|avenue|ave|lu|jie|dadao|xilu|donglu|nanlu|beilu|zhonglu) ")


@dataclass(frozen=True)
class AddressResolver:
    """Finds the city and district named in a Chinese or pinyin address
    ("广东省深圳市龙岗区坂田街道..." or "Longgang Dist, Shenzhen, Guangdong")."""

    cities: tuple[tuple[str, str, str], ...]  # (code, name_zh, name_en)
    districts: tuple[tuple[str, str, str, str], ...]  # (code, city_code, name_zh, name_en)

    @classmethod
    def from_connection(cls, con: Cursor) -> AddressResolver:
        cities = tuple(tuple(map(str, r)) for r in con.execute(load_sql("matching/city_names")).fetchall())
        districts = tuple(
            tuple(map(str, r)) for r in con.execute(load_sql("matching/district_names_by_city")).fetchall()
        )
        return cls(cities, districts)  # type: ignore[arg-type]

    @classmethod
    def from_reference_files(cls) -> AddressResolver:
        cities = pd.read_csv(ROOT / "data" / "cities.csv", dtype=str)
        districts = pd.read_csv(ROOT / "data" / "districts.csv", dtype=str)
        return cls(
            tuple(cities[["city_code", "name_zh", "name_en"]].itertuples(index=False, name=None)),
            tuple(districts[["district", "city_code", "name_zh", "name_en"]].itertuples(index=False, name=None)),
        )

    def resolve(self, address: str | None) -> Place:
        """City adcode and district code found in the address (None where not found); a district
        gives its city; a district of another city than the one named is dropped."""
        if not address:
            return Place(None, None)
        text = address.strip()
        latin = " " + re.sub(r"[^a-z]+", " ", text.lower()) + " "
        compact = re.sub(r"\s+", "", text)
        city = self._city(compact, latin)
        district = None
        # a name marked as a district (区 / Dist / District / Qu) wins over a bare street name
        for strong in (True, False):
            for code, city_code, name_zh, name_en in self.districts:
                if city is not None and city_code != city:
                    continue
                short = re.sub(r"[区县市]$", "", name_zh)
                en = re.sub(r"[^a-z]+", " ", name_en.lower()).strip()
                # "Bao'an" is also written "Baoan" - trusted only inside a city already found (Xi'an has
                # a Changan District too)
                joined = {en.replace(" ", "")} if city is not None else set()
                spellings = "|".join(re.escape(s) for s in {en} | joined)
                marked = bool(re.search(rf" ({spellings}) (dist|district|qu|county|town|zhen) ", latin)) or (
                    name_zh in compact
                )
                bare = (bool(re.search(rf" ({spellings}) ", latin)) and city is not None) or (
                    len(short) >= 2 and short in compact
                )
                if marked if strong else bare:
                    district = code
                    city = city or city_code
                    break
            if district is not None:
                break
        return Place(city, district)

    def _city(self, compact: str, latin: str) -> str | None:
        """The city an address names. A Chinese address runs from province to street, so of the city
        names in it the first counts (one marked 市 before any other); an English one runs from street
        to city, so the last counts (one marked City before any other). A name followed by a street
        word is a street named after a city ("揭阳市榕城区中山路" is in Jieyang, not Zhongshan)."""
        zh_found: list[tuple[int, int, str]] = []
        en_found: list[tuple[int, int, str]] = []
        for code, name_zh, name_en in self.cities:
            zh = re.sub(r"[(（].*?[)）]", "", name_zh)
            en = re.sub(r"\(.*?\)", "", name_en).strip().lower()
            if len(zh) >= 2:
                for match in re.finditer(re.escape(zh), compact):
                    rest = compact[match.end() :]
                    if rest.startswith(_STREET_ZH):
                        continue
                    zh_found.append((0 if rest.startswith("市") else 1, match.start(), code))
                    break
            if en:
                for match in re.finditer(rf"(?= {re.escape(en)} )", latin):
                    rest = latin[match.start() + len(en) + 1 :]
                    if _STREET_EN.match(rest):
                        continue
                    marked = bool(re.match(r" (city|shi) ", rest))
                    en_found.append((0 if marked else 1, -match.start(), code))
        found = zh_found or en_found
        return min(found)[2] if found else None


@lru_cache(maxsize=1)
def default_resolver() -> AddressResolver:
    return AddressResolver.from_reference_files()
