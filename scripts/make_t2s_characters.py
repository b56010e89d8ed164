"""Writes data/t2s_characters.csv: each Traditional Chinese character that OpenCC's t2s (Traditional
to Simplified) conversion turns into one other character, and that character.

Name keys (queries/ingest/macros.sql, intake_simplified) translate a name character by character
with this table, so that "深圳市甲乙電子商務有限公司" meets the member "深圳市甲乙电子商务有限公司".
Characters of GB 2312 (the mainland's Simplified set) that OpenCC converts to a character read
otherwise are left out (乾 qian -> 干 gan): a Simplified member's 乾坤 must stay qiankun, the pinyin
a store's Latin name is matched against. Chains are followed to their end (薴 -> 苧 ->
苎). Character by character: OpenCC's phrase tables (傢俱 -> 家具) are left out.

The table is data, made once from OpenCC 1.4.2 (Apache License 2.0,
https://github.com/BYVoid/OpenCC), which is not a dependency of the app. To make it again:

    python -m pip install --target /tmp/opencc opencc==1.4.2
    PYTHONPATH=/tmp/opencc python scripts/make_t2s_characters.py
"""

from __future__ import annotations

import csv
from pathlib import Path

import opencc  # type: ignore[import-not-found]
from pypinyin import lazy_pinyin

# CJK Unified Ideographs, Extension A and the Compatibility Ideographs (the Basic Multilingual Plane)
RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))
OUT = Path(__file__).resolve().parent.parent / "data" / "t2s_characters.csv"


def _simplified_standard(character: str) -> bool:
    """True for a character of GB 2312, the mainland's Simplified character set: OpenCC turns
    some of them into others (乾 -> 干, 拚 -> 拼, 麽 -> 么) as Traditional characters, but in a
    Simplified name they stand as written."""
    try:
        character.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def main() -> None:
    converter = opencc.OpenCC("t2s")
    rows = []
    for low, high in RANGES:
        for code in range(low, high + 1):
            traditional = chr(code)
            simplified = converter.convert(traditional)
            # follow a chain to its end (薴 -> 苧 -> 苎)
            while len(simplified) == 1 and (onward := converter.convert(simplified)) != simplified:
                simplified = onward
            if len(simplified) != 1 or simplified == traditional:
                continue
            # also a Simplified character, read otherwise once converted (乾坤 qiankun is written so
            # in Simplified too; as 干坤 it would be gankun, and "Qiankun Technology" would not meet
            # it): left as it is. Those read alike (後/后 hou) are converted: both sides' keys are.
            if _simplified_standard(traditional) and lazy_pinyin(traditional) != lazy_pinyin(simplified):
                continue
            rows.append((traditional, simplified))
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["traditional", "simplified"])
        writer.writerows(rows)
    print(f"{OUT}: {len(rows)} characters")


if __name__ == "__main__":
    main()
