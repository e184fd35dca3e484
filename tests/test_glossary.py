"""The hand-written aliases and glossary (knowledge/sources/glossary.yaml).

Search expands English and Latin-script queries through this file, so every Chinese form must
be one the report really uses, and every country, person and body the report names must be
reachable from its English name.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any, get_args

import pytest
import yaml

from knowledge.models import Alias, AliasKind, GlossaryTerm

SOURCES = Path(__file__).resolve().parent.parent / "knowledge" / "sources"
GLOSSARY_PATH = SOURCES / "glossary.yaml"
REPORT_PATH = SOURCES / "E-2020-31-zh.txt"

LISTS = {"aliases": "names", "glossary": "en"}

# The countries the report names (speakers, Bureau, hosts, donors), with the official short
# name that must come first among the alias names.
COUNTRIES = {
    "匈牙利": "Hungary",
    "奥地利": "Austria",
    "博茨瓦纳": "Botswana",
    "墨西哥": "Mexico",
    "伊朗伊斯兰共和国": "Iran (Islamic Republic of)",
    "巴拿马": "Panama",
    "赞比亚": "Zambia",
    "泰国": "Thailand",
    "菲律宾": "Philippines",
    "沙特阿拉伯": "Saudi Arabia",
    "比利时": "Belgium",
    "南非": "South Africa",
    "俄罗斯联邦": "Russian Federation",
    "葡萄牙": "Portugal",
    "阿曼": "Oman",
    "土耳其": "Türkiye",
    "多米尼加共和国": "Dominican Republic",
    "瑞士": "Switzerland",
    "古巴": "Cuba",
    "智利": "Chile",
    "埃及": "Egypt",
    "巴基斯坦": "Pakistan",
    "中国": "China",
    "拉脱维亚": "Latvia",
    "法国": "France",
    "日本": "Japan",
    "尼日利亚": "Nigeria",
    "巴勒斯坦国": "State of Palestine",
    "罗马尼亚": "Romania",
    "德国": "Germany",
    "波兰": "Poland",
    "芬兰": "Finland",
    "美利坚合众国": "United States of America",
    "巴西": "Brazil",
    "阿拉伯联合酋长国": "United Arab Emirates",
    "突尼斯": "Tunisia",
}

# Common English forms a delegate types for a country whose official name is longer.
COUNTRY_VARIANTS = {
    "伊朗伊斯兰共和国": ("Iran",),
    "俄罗斯联邦": ("Russia",),
    "美利坚合众国": ("USA", "US", "United States"),
    "巴勒斯坦国": ("Palestine",),
    "土耳其": ("Turkey",),
}


def fold(text: str) -> str:
    """Remove all whitespace, as the report's line breaks and spacing are not part of a term."""
    return re.sub(r"\s+", "", text)


@cache
def report() -> str:
    return REPORT_PATH.read_text(encoding="utf-8")


@cache
def data() -> dict[str, Any]:
    loaded = yaml.safe_load(GLOSSARY_PATH.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def entries(list_name: str) -> list[dict[str, Any]]:
    items = data()[list_name]
    assert isinstance(items, list)
    return items


def aliases_of_kind(kind: str) -> dict[str, list[str]]:
    return {a["zh"]: a["names"] for a in entries("aliases") if a["kind"] == kind}


def is_latin_text(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(unicodedata.name(c, "").startswith("LATIN") for c in letters)


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def test_file_has_exactly_the_two_lists() -> None:
    assert set(data()) == set(LISTS)
    for list_name in LISTS:
        assert entries(list_name), list_name


@pytest.mark.parametrize(("list_name", "model"), [("aliases", Alias), ("glossary", GlossaryTerm)])
def test_entries_have_the_model_fields(list_name: str, model: type) -> None:
    expected = {f.name for f in dataclasses.fields(model)}
    wrong = [e for e in entries(list_name) if not isinstance(e, dict) or set(e) != expected]
    assert not wrong, wrong[:5]
    for entry in entries(list_name):
        # The knowledge base stores the English forms as a tuple.
        values = {k: tuple(v) if isinstance(v, list) else v for k, v in entry.items()}
        model(**values)


def test_glossary_has_at_least_300_pairs() -> None:
    assert len(entries("glossary")) >= 300


@pytest.mark.parametrize("list_name", list(LISTS))
def test_every_zh_occurs_in_the_report(list_name: str) -> None:
    text = fold(report())
    missing = [e["zh"] for e in entries(list_name) if fold(e["zh"]) not in text]
    assert not missing, missing


@pytest.mark.parametrize("list_name", list(LISTS))
def test_no_zh_twice_in_a_list(list_name: str) -> None:
    seen: set[str] = set()
    duplicates = []
    for entry in entries(list_name):
        key = fold(entry["zh"])
        if key in seen:
            duplicates.append(entry["zh"])
        seen.add(key)
    assert not duplicates, duplicates


@pytest.mark.parametrize(("list_name", "key"), list(LISTS.items()))
def test_english_forms_are_non_empty_latin_text(list_name: str, key: str) -> None:
    bad = []
    for entry in entries(list_name):
        forms = entry[key]
        if not isinstance(forms, list) or not forms or len(set(forms)) != len(forms):
            bad.append((entry["zh"], forms))
            continue
        for form in forms:
            if not isinstance(form, str) or form != form.strip() or not is_latin_text(form):
                bad.append((entry["zh"], form))
    assert not bad, bad


def test_zh_is_text() -> None:
    for list_name in LISTS:
        for entry in entries(list_name):
            assert isinstance(entry["zh"], str) and entry["zh"].strip(), entry


def test_alias_kinds_are_the_model_kinds() -> None:
    allowed = set(get_args(AliasKind))
    wrong = [(a["zh"], a["kind"]) for a in entries("aliases") if a["kind"] not in allowed]
    assert not wrong, wrong


@pytest.mark.parametrize(("zh", "official"), sorted(COUNTRIES.items()))
def test_country_alias_leads_with_official_name(zh: str, official: str) -> None:
    assert zh in fold(report())
    countries = aliases_of_kind("country")
    assert zh in countries, f"no country alias for {zh}"
    assert countries[zh][0] == official
    for variant in COUNTRY_VARIANTS.get(zh, ()):
        assert variant in countries[zh]


def test_every_country_among_speakers_and_bureau_has_alias() -> None:
    text = report()
    countries = sorted(aliases_of_kind("country"), key=len, reverse=True)
    # "比利时、南非……和土耳其的代表发了言", "来自沙特阿拉伯、古巴和智利的代表；"
    speaker_lists = re.findall(r"([\u4e00-\u9fff、]+)的代表(?=发了言|[;；。])", text)
    # From chapter V on, a bracketed name after a person or a presiding Vice-Chair is the
    # country; the only other bracketed Chinese there are cross-references ("见附件二").
    later = text[text.index("\n第五章") :]
    bracketed = [
        b for b in re.findall(r"[(（]([\u4e00-\u9fff]+)[)）]", later) if not b.startswith("见")
    ]
    assert len(speaker_lists) >= 4 and len(bracketed) >= 5

    leftovers = []
    for segment in speaker_lists:
        rest = segment.removeprefix("来自").removeprefix("以及")
        for name in countries:
            rest = rest.replace(name, "")
        if rest.replace("、", "").replace("和", ""):
            leftovers.append(segment)
    assert not leftovers, leftovers
    assert not [b for b in bracketed if b not in countries]


def test_every_transliterated_name_has_a_person_alias() -> None:
    # The report writes foreign personal names with a middle dot between the parts.
    text = report()
    covered: set[int] = set()
    for name in aliases_of_kind("person"):
        for found in re.finditer(re.escape(name), text):
            covered.update(range(found.start(), found.end()))
    dots = [m.start() for m in re.finditer("·", text)]
    assert dots
    uncovered = [text[max(0, i - 6) : i + 6] for i in dots if i not in covered]
    assert not uncovered, uncovered


def test_every_latin_name_in_annex_ii_has_a_person_alias() -> None:
    text = report()
    annex = text[text.rindex("附件二") :]
    printed = {
        m.rstrip(".")
        for m in re.findall(r"[A-Z][\w.'\-]*(?: [A-Z][\w.'\-]*)+", annex)
        if is_latin_text(m)
    }
    assert len(printed) >= 15
    persons = aliases_of_kind("person")
    assert not sorted(printed - set(persons))


def test_latin_names_with_accents_have_the_plain_spelling() -> None:
    persons = aliases_of_kind("person")
    accented = {
        zh: names for zh, names in persons.items() if is_latin_text(zh) and not zh.isascii()
    }
    assert accented
    for zh, names in accented.items():
        assert strip_accents(zh) in names, zh


def test_chinese_forms_name_the_same_thing() -> None:
    # Short and long forms the report uses side by side lead to the same English name.
    def first_names(zh: str) -> set[str]:
        for entry in entries("aliases"):
            if entry["zh"] == zh:
                return set(entry["names"])
        raise AssertionError(f"no alias {zh}")

    pairs = [
        ("联合国贸易和发展会议", "贸发会议"),
        ("国际电信联盟", "国际电联"),
        ("联合国教育、科学及文化组织", "教科文组织"),
        ("经济及社会理事会", "经社理事会"),
        ("宽带促进可持续发展委员会", "宽带委员会"),
        ("信息社会世界峰会", "世界峰会"),
        ("信息社会世界峰会", "信息社会世界首脑会议"),
        ("最不发达国家技术库", "最不发达国家技术银行"),
        ("凯科讷·贝波莱迪", "Kekgonne Edinton Baipoledi"),
    ]
    for long_form, short_form in pairs:
        assert first_names(long_form) & first_names(short_form), (long_form, short_form)
