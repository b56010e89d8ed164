"""zh (default) and en strings.

Strings live in casewatch/locales/<lang>/<area>.json, flat {"dotted.key": "text"} files, one per
area of the app so that areas can be edited independently. ``t(key, lang, **fmt)`` looks a key
up and fills ``{placeholders}``; an unknown key raises, so a typo cannot reach a user silently.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

LANGS = ("zh", "en")
DEFAULT_LANG = "zh"
LOCALES_DIR = Path(__file__).resolve().parent / "locales"


@lru_cache(maxsize=len(LANGS))
def strings(lang: str) -> dict[str, str]:
    """Every string of one language, merged from its area files; duplicate keys are an error."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}")
    merged: dict[str, str] = {}
    for path in sorted((LOCALES_DIR / lang).glob("*.json")):
        area = json.loads(path.read_text(encoding="utf-8"))
        clash = merged.keys() & area.keys()
        if clash:
            raise ValueError(f"{path.name} repeats keys: {sorted(clash)}")
        merged.update(area)
    return merged


def t(key: str, lang: str = DEFAULT_LANG, **fmt: object) -> str:
    text = strings(lang)[key]
    return text.format(**fmt) if fmt else text


def normalise_lang(value: str | None) -> str:
    return value if value in LANGS else DEFAULT_LANG


def column_label(lang: str, name: str, area: str | None = None) -> str:
    """The header or axis title of a result column in lang: ``<area>.col.<name>`` when the area
    names it, else the shared ``col.<name>``, else the column's own name."""
    table = strings(lang)
    return (area and table.get(f"{area}.col.{name}")) or table.get(f"col.{name}") or name


def column_labels(lang: str, names: Iterable[str], area: str | None = None) -> dict[str, str]:
    """Header per result column (see ``column_label``), for ``DataFrame.rename`` or a table."""
    return {name: column_label(lang, name, area) for name in names}


def name_of(row: object, lang: str, prefix: str = "name") -> str:
    """A row's name in lang: ``<prefix>_zh`` or ``<prefix>_en`` of a dict, a pandas row or an
    object with those attributes, falling back to the other language; "" when neither is text."""
    get = row.get if hasattr(row, "get") else (lambda key: getattr(row, key, None))
    for suffix in (lang, "en" if lang == "zh" else "zh"):
        value = get(f"{prefix}_{suffix}")
        if isinstance(value, str) and value:
            return str(value)
    return ""
