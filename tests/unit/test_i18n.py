"""Both locales have the same keys, every key the code uses exists, placeholders agree."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from casewatch import i18n
from casewatch.report.kpi import Kpi
from casewatch.ui.blocks import card_value

ROOT = Path(__file__).resolve().parent.parent.parent
SOURCES = [*ROOT.glob("casewatch/**/*.py"), *ROOT.glob("pages/*.py"), ROOT / "dashboard.py"]
# t("key" ...), t('key' ...), t(f"prefix.{x}" ...) -> literal keys and literal prefixes
LITERAL = re.compile(r"""\bt\(\s*["']([a-z0-9_.]+)["']""")
PREFIX = re.compile(r"""\bt\(\s*f["']([a-z0-9_.]+)\{""")


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_same_keys_in_both_languages() -> None:
    zh, en = i18n.strings("zh"), i18n.strings("en")
    assert set(zh) - set(en) == set(), "keys missing in en"
    assert set(en) - set(zh) == set(), "keys missing in zh"


def test_same_area_files_in_both_languages() -> None:
    zh = {p.name for p in (i18n.LOCALES_DIR / "zh").glob("*.json")}
    en = {p.name for p in (i18n.LOCALES_DIR / "en").glob("*.json")}
    assert zh == en


@pytest.mark.parametrize("key", sorted(i18n.strings("zh")))
def test_placeholders_agree(key: str) -> None:
    assert placeholders(i18n.strings("zh")[key]) == placeholders(i18n.strings("en")[key])


def test_every_key_used_in_code_exists() -> None:
    known = set(i18n.strings("zh"))
    missing = []
    for source in SOURCES:
        text = source.read_text(encoding="utf-8")
        for key in LITERAL.findall(text):
            if key not in known:
                missing.append(f"{source.relative_to(ROOT)}: {key}")
        for prefix in PREFIX.findall(text):
            if not any(k.startswith(prefix) for k in known):
                missing.append(f"{source.relative_to(ROOT)}: {prefix}*")
    assert missing == []


def test_unknown_key_raises() -> None:
    with pytest.raises(KeyError):
        i18n.t("no.such.key", "zh")


def test_chinese_is_default() -> None:
    assert i18n.normalise_lang(None) == "zh"
    assert i18n.normalise_lang("fr") == "zh"
    assert i18n.t("overview.title") == "总览"


def test_kpi_cards_speak_the_language() -> None:
    """Overview and parties cards: 万 and 个百分点 in Chinese as on the monthly brief (found in review:
    "$96.5M" and "-3.2 pp" on the Chinese overview)."""
    frozen = Kpi.of("frozen_usd", "usd", 96_512_345.0, 90_000_000.0)
    assert card_value(frozen, "zh") == "$9,650万"
    assert card_value(frozen, "en") == "$96.5M"
    assert card_value(Kpi.of("frozen_usd", "usd", 123_456.0), "zh") == "$123,456"  # below a million: exact
    assert frozen.change("zh") == "+7.2%"
    share = Kpi.of("default_share", "share", 0.718, 0.75)
    assert card_value(share, "zh") == "71.8%"
    assert share.change("zh") == "-3.2个百分点" and share.change("en") == "-3.2 pp"
