# ruff: noqa: E501 - the name tables read best one line per group
"""Writes tests/fixtures/matching_labelled.csv: store / company name pairs labelled same (1) or
different (0), with the kind of variant each pair shows.

Positives are the spellings one seller really appears under: Chinese registered name vs its
pinyin English name, case, spacing, full-width letters, punctuation, legal and store suffixes,
a dropped city, typos. Negatives are the near misses that hurt an association most when linked
wrongly: another seller of the same city and trade, a one-letter-different store, the same trade
name in another city, Chinese homophones (佳艺 vs 甲乙), other trades. Deterministic (seeded).

Run: ``.venv/bin/python tests/support/make_matching_labelled.py`` (rewrites the fixture).
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

OUT = Path(__file__).parent.parent / "fixtures" / "matching_labelled.csv"

CITIES = [("深圳", "Shenzhen"), ("广州", "Guangzhou"), ("东莞", "Dongguan"), ("佛山", "Foshan"), ("汕头", "Shantou"),
          ("中山", "Zhongshan"), ("惠州", "Huizhou"), ("揭阳", "Jieyang")]  # fmt: skip
TRADES = [("电子商务", "E-commerce"), ("科技", "Technology"), ("贸易", "Trading"), ("玩具", "Toys"),
          ("照明", "Lighting"), ("服饰", "Apparel"), ("家居用品", "Home Products"), ("电子", "Electronics")]  # fmt: skip
CORES = [("甲乙", "Jiayi"), ("丙丁", "Bingding"), ("戊己", "Wuji"), ("庚辛", "Gengxin"), ("华美", "Huamei"),
         ("鑫源", "Xinyuan"), ("宏达", "Hongda"), ("瑞丰", "Ruifeng"), ("佳豪", "Jiahao"), ("金诚", "Jincheng"),
         ("恒通", "Hengtong"), ("美佳", "Meijia"), ("优品", "Youpin"), ("创达", "Chuangda"), ("天盛", "Tiansheng"),
         ("腾飞", "Tengfei"), ("卓越", "Zhuoyue"), ("新锐", "Xinrui"), ("博远", "Boyuan"), ("星辰", "Xingchen"),
         ("蓝海", "Lanhai"), ("朗润", "Langrun"), ("启航", "Qihang"), ("凯瑞", "Kairui"), ("泰和", "Taihe"),
         ("盛世", "Shengshi"), ("安达", "Anda"), ("乐享", "Lexiang"), ("润泽", "Runze"), ("嘉信", "Jiaxin"),
         ("永胜", "Yongsheng"), ("德赛", "Desai"), ("晨光", "Chenguang"), ("海纳", "Haina"), ("悦动", "Yuedong"),
         ("云帆", "Yunfan"), ("百润", "Bairun"), ("芯动", "Xindong"), ("维康", "Weikang"), ("智联", "Zhilian")]  # fmt: skip
# Other companies whose Chinese name sounds like one above.
HOMOPHONES = {"甲乙": "佳艺", "宏达": "鸿达", "美佳": "美嘉", "鑫源": "新源", "金诚": "锦程", "凯瑞": "凯锐"}
STORE_WORDS = ["Direct", "Home", "Life", "Mall", "Outlet", "Gear", "Fashion", "Lights", "Toys", "Express"]
SUFFIXES_EN = ["Co., Ltd.", "Co.,Ltd", "Co. Limited", "Company Limited", "Ltd"]


def fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else ("\u3000" if c == " " else c) for c in text)


def typo(text: str, rng: random.Random) -> str:
    """One realistic slip inside the word part: a dropped, doubled, swapped or replaced letter."""
    positions = [i for i, c in enumerate(text) if c.isalpha() and 0 < i < len(text) - 1]
    i = rng.choice(positions)
    kind = rng.choice(["drop", "double", "swap", "vowel"])
    if kind == "drop":
        return text[:i] + text[i + 1 :]
    if kind == "double":
        return text[:i] + text[i] + text[i:]
    if kind == "swap" and text[i + 1].isalpha():
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    vowels = "aeiou"
    return text[:i] + rng.choice([v for v in vowels if v != text[i].lower()]) + text[i + 1 :]


def build(seed: int = 20241) -> list[tuple[str, str, int, str]]:
    rng = random.Random(seed)
    companies = []
    for n, (core_zh, core_py) in enumerate(CORES):
        city_zh, city_en = CITIES[n % len(CITIES)]
        trade_zh, trade_en = TRADES[(n * 3) % len(TRADES)]
        store = f"{core_py if n % 3 else core_py[:-1] + core_py[-1].upper()} {STORE_WORDS[n % len(STORE_WORDS)]}"
        companies.append(
            {
                "zh": f"{city_zh}市{core_zh}{trade_zh}有限公司",
                "zh_short": f"{core_zh}{trade_zh}有限公司",
                "en": f"{city_en} {core_py} {trade_en} {rng.choice(SUFFIXES_EN)}",
                "en_bare": f"{core_py} {trade_en} Limited",
                "store": store,
                "core_zh": core_zh,
                "core_py": core_py,
                "city": (city_zh, city_en),
                "trade": (trade_zh, trade_en),
            }
        )
    pairs: list[tuple[str, str, int, str]] = []
    for n, c in enumerate(companies):
        pairs += [
            (c["zh"], c["en"], 1, "chinese_vs_pinyin"),
            (c["en"], c["en_bare"], 1, "suffix_and_city"),
            (c["zh"], c["zh_short"], 1, "city_dropped"),
            (c["store"], c["store"].upper(), 1, "case"),
            (c["store"], c["store"].replace(" ", ""), 1, "spacing"),
            (c["store"], f"{c['store']} Official Store", 1, "store_suffix"),
            (c["store"], fullwidth(c["store"]), 1, "full_width"),
            (c["en"], c["en"].replace(" ", "-", 1).replace(",", "").upper(), 1, "punctuation"),
            (c["en"], typo(c["en"], rng), 1, "typo"),
        ]
        if n % 2 == 0:
            pairs.append((c["store"], typo(c["store"], rng), 1, "typo_store"))
        other = companies[(n + 8) % len(companies)]  # same city (8 cities), different trade name
        same_trade = dict(c)
        pairs += [
            (c["en"], f"{c['city'][1]} {other['core_py']} {c['trade'][1]} Co., Ltd.", 0, "same_city_and_trade"),
            (c["zh"], f"{c['city'][0]}市{other['core_zh']}{c['trade'][0]}有限公司", 0, "same_city_and_trade_zh"),
            (c["store"], other["store"], 0, "other_store"),
        ]
        next_city = CITIES[(n + 1) % len(CITIES)]
        pairs.append((c["en"], f"{next_city[1]} {c['core_py']} {c['trade'][1]} Co., Ltd.", 0, "same_name_other_city"))
        if n % 2 == 1:
            near = c["store"].split(" ")
            near[0] = near[0][:-1] + ("a" if near[0][-1].lower() != "a" else "o")
            pairs.append((c["store"], " ".join(near), 0, "one_letter_other_store"))
        if c["core_zh"] in HOMOPHONES:
            twin = HOMOPHONES[c["core_zh"]]
            pairs.append((c["zh"], f"{c['city'][0]}市{twin}{c['trade'][0]}有限公司", 0, "homophone_zh"))
            other_trade = TRADES[(TRADES.index(c["trade"]) + 4) % len(TRADES)]
            pairs.append((c["en"], f"{c['city'][0]}市{twin}{other_trade[0]}有限公司", 0, "homophone_other_trade"))
        del same_trade
    # hand-picked pairs seen in real Schedule A lists and registers
    pairs += [
        ("Shenzhen Jiayi E-commerce Co., Ltd.", "SHENZHEN JIAYI ECOMMERCE CO LTD", 1, "punctuation"),
        ("深圳市甲乙电子商务有限公司", "深圳甲乙电子商务有限公司", 1, "city_dropped"),
        ("JiaYi Direct", "jiayi-direct", 1, "punctuation"),
        ("Guangzhou Bingding Apparel Co., Ltd.", "广州市丙丁服饰有限公司", 1, "chinese_vs_pinyin"),
        ("Shantou Wuji Toys Factory", "汕头市戊己玩具厂", 1, "chinese_vs_pinyin"),
        ("Sunny Home Store", "Sunny Home Official", 1, "store_suffix"),
        ("Sunny Home", "Sunny Homes Decor", 0, "other_store"),
        ("Lucky Star Toys", "Lucky Stars Toy Shop", 0, "other_store"),
        ("ABC Store", "ABD Store", 0, "one_letter_other_store"),
        ("Dongguan Xinrui Lighting Co., Ltd.", "Dongguan Xinrui Lighting Technology Co., Ltd.", 1, "suffix_and_city"),
        ("Foshan Meijia Furniture Co., Ltd.", "Foshan Meijia Lighting Co., Ltd.", 0, "same_name_other_trade"),
        ("深圳市华美科技有限公司", "深圳市华美照明有限公司", 0, "same_name_other_trade"),
    ]
    return pairs


def main() -> None:
    pairs = build()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["left", "right", "same", "variant"])
        writer.writerows(pairs)
    print(f"{len(pairs)} pairs ({sum(p[2] for p in pairs)} same) -> {OUT}")


if __name__ == "__main__":
    main()
