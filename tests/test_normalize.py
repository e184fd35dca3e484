"""The one folding for index and query: each rule, and that both sides meet."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from knowledge.normalize import (
    agenda_key,
    chinese_to_int,
    fold_symbol,
    mandarin_wording,
    normalize,
    numerals_to_arabic,
    to_simplified,
    to_traditional,
)

ROOT = Path(__file__).resolve().parent.parent


def test_full_width_becomes_half_width() -> None:
    assert normalize("ＡＢＣ　１２３") == "abc 123"
    assert normalize("（二十三）") == normalize("(二十三)")
    assert normalize("Ｅ／ＣＮ．１６／２０２０／２") == normalize("E/CN.16/2020/2")


@pytest.mark.parametrize(
    ("traditional", "simplified"),
    [
        ("資料庫", "数据库"),  # Taiwan vocabulary, not only characters
        ("網路", "网络"),
        ("軟體", "软件"),
        ("資訊社會", "信息社会"),
        ("寬頻", "宽带"),
        ("數據庫", "数据库"),  # Hong Kong and mainland wording in Traditional characters
        ("世界峰會全系統後續行動協調中心", "世界峰会全系统后续行动协调中心"),
    ],
)
def test_traditional_becomes_simplified_at_phrase_level(traditional: str, simplified: str) -> None:
    assert to_simplified(traditional) == simplified
    assert normalize(traditional) == normalize(simplified)


def test_simplified_and_ascii_pass_through() -> None:
    assert to_simplified("数字鸿沟") == "数字鸿沟"
    assert to_simplified("E/CN.16/2020/2") == "E/CN.16/2020/2"


def test_to_traditional_for_display() -> None:
    # display: Taiwan-standard characters, the report's own words kept
    assert to_traditional("数据库") == "數據庫"
    assert to_traditional("网络") == "網絡"
    assert to_traditional("无异议程序") == "無異議程序"
    # what a Taiwan reader types: Taiwan vocabulary too
    assert to_traditional("数据库", "twp") == "資料庫"
    assert to_traditional("网络", "twp") == "網路"
    assert to_traditional("数据库", "hk") == "數據庫"


@pytest.mark.parametrize(
    ("simplified", "taiwan"),
    [
        ("订阅通知", "訂閱通知"),  # not the Hong Kong 訂閲
        ("在群组里", "在群組裡"),  # not 羣組, 裏
        ("世界峰会", "世界峰會"),  # not 峯
        ("拉脱维亚", "拉脫維亞"),  # not 拉脱維亞
        # OpenCC's phrase table reads these as other words (併為 "merge into", 換髮 "change
        # hair", 瞭如 "know well", 明瞭 "clear", 和麵 "knead dough")
        ("数字鸿沟，并为决策者", "數字鴻溝，並為決策者"),
        ("通过电子交换发展贸易", "通過電子交換發展貿易"),
        ("讨论了如何利用", "討論了如何利用"),
        ("查明了差距和挑战", "查明了差距和挑戰"),
        ("以人为本和面向发展的", "以人為本和面向發展的"),
        # …while the real phrases stay what they are
        ("合并为一", "合併為一"),
        ("了如指掌", "瞭如指掌"),
    ],
)
def test_to_traditional_uses_taiwan_characters_and_reads_the_right_words(
    simplified: str, taiwan: str
) -> None:
    assert to_traditional(simplified) == taiwan


def test_case_punctuation_and_whitespace_fold() -> None:
    assert normalize("WSIS Forum") == normalize("wsis   forum") == "wsis forum"
    assert normalize("E/CN.16/2020/2") == "e cn 16 2020 2"
    # no space between a Chinese character and a digit or Latin letter
    assert normalize("2020 年 6 月 12 日第 3 次虚拟会议") == normalize(
        "2020年6月12日第3次虚拟会议"
    )
    assert normalize("“数字战略”，（《2030年议程》）") == "数字战略2030年议程"
    assert normalize("53.6% 的世界人口") == "53.6%的世界人口"


def test_footnote_marks_and_links_are_not_text() -> None:
    assert normalize("成果文件，¹") == normalize("成果文件")
    assert normalize("第二十三届会议^a上") == normalize("第二十三届会议上")
    assert normalize("[A/73/798](#)，附件一。") == normalize("A/73/798，附件一。")


@pytest.mark.parametrize(
    ("text", "numeral"),
    [
        ("二十四", 24),
        ("十八", 18),
        ("十", 10),
        ("一百零五", 105),
        ("二〇二〇", 2020),
        ("两", 2),
        ("二十三", 23),
    ],
)
def test_chinese_to_int(text: str, numeral: int) -> None:
    assert chinese_to_int(text) == numeral


def test_chinese_to_int_rejects_words() -> None:
    assert chinese_to_int("一般") is None
    assert chinese_to_int("") is None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("第二十四段", "第24段"),
        ("(二十三)", "(23)"),
        ("第二十四届会议", "第24届会议"),
        ("第二次会议", "第2次会议"),
        ("决议草案二", "决议草案2"),
        ("附件二", "附件2"),
        ("三次非正式会议", "3次非正式会议"),
        ("8.3 billion", "83 亿"),
        ("3.8 billion", "38 亿"),
        ("1.5 billion", "15亿"),
        ("17 May", "5 月 17 日"),
        ("May 17", "5月17日"),
        ("10 June 2020", "2020 年 6 月 10 日"),
        ("January 2019", "2019年1月"),
        ("17 per cent", "17%"),
        ("17 percent", "17 %"),
        ("24th session", "24 session"),
    ],
)
def test_numerals_are_comparable_where_they_address_something(a: str, b: str) -> None:
    assert normalize(a) == normalize(b)


def test_numerals_in_ordinary_words_stay() -> None:
    for word in ("一般性讨论", "统一", "一致", "进一步", "十分", "两级"):
        assert numerals_to_arabic(word) == word
    assert normalize("may be") == "may be"  # the modal verb is not a month


def test_index_and_query_meet_on_report_text() -> None:
    report = "极为关切地注意到妇女使用互联网的几率比男子低 17%，在最不发达国家则低 43%"
    assert normalize("比男子低17%") in normalize(report)
    traditional = (
        "鼓勵所有利益攷關方繼續向國際電信聯盟維護的世界峰會各項目標落實情況評估工作數據庫提供信息"
    )
    assert normalize("国际电信联盟维护的世界峰会各项目标") in normalize(traditional)


def test_fold_symbol() -> None:
    assert fold_symbol("E/CN.16/2020/2") == fold_symbol("e/cn16/2020/2") == "ECN1620202"
    assert fold_symbol("Ｅ／ＣＮ．１６") == "ECN16"


# --- The one numeral reader and the one agenda-number fold -----------------------------------

# Every numeral the project reads, with what it stands for as a number and as an ordinal (a
# label, 第…届, 决议草案…). The reader took over from three (queries, labels, the report
# extractor); each row notes what the others did where they differed.
NUMERALS: list[tuple[str, int | None, int | None]] = [
    ("一", 1, 1),
    ("九", 9, 9),
    ("十", 10, 10),
    ("十八", 18, 18),
    ("二十", 20, 20),
    ("二十三", 23, 23),
    ("九十九", 99, 99),
    ("两", 2, 2),
    ("兩", 2, 2),  # Traditional: labels and the extractor did not know it
    ("一百", 100, 100),
    ("两百", 200, 200),
    ("一百零五", 105, 105),  # labels refused the 零
    ("一千", 1000, 1000),  # labels knew no 千
    ("二〇二〇", 2020, None),  # a year, digit by digit: no ordinal
    ("二三", 23, None),
    ("零", 0, None),
    ("〇", 0, None),
    ("一百零十", 110, 110),  # malformed (零 before a unit); labels read it as 100
    ("二十二三", None, None),
    ("一般", None, None),
    ("第一", None, None),
    ("24", None, None),
    ("", None, None),
]


@pytest.mark.parametrize(("text", "number", "ordinal"), NUMERALS)
def test_one_reader_for_chinese_numerals(
    text: str, number: int | None, ordinal: int | None
) -> None:
    assert chinese_to_int(text) == number
    assert chinese_to_int(text, ordinal=True) == ordinal


def test_an_ordinal_is_a_numeral_read_the_same_way() -> None:
    alphabet = "零〇一二两兩三四五六七八九十百千"
    for a, b, c in itertools.product(["", *alphabet], alphabet, alphabet):
        text = a + b + c
        as_ordinal = chinese_to_int(text, ordinal=True)
        assert as_ordinal is None or as_ordinal == chinese_to_int(text) >= 1, text


# Agenda item numbers as the report, an uploaded file or a user writes them, and their key.
AGENDA_NUMBERS = [
    ("3", "3"),
    ("10", "10"),
    ("3a", "3a"),
    ("3(a)", "3a"),
    ("3 (a)", "3a"),
    ("3（a）", "3a"),
    ("3A", "3a"),
    (" 3 a ", "3a"),
    ("3.a", "3a"),
    ("3。a", "3a"),
    ("3、a", "3a"),
    ("３ａ", "3a"),
    ("3(b)", "3b"),
    ("13", "13"),
]


@pytest.mark.parametrize(("number", "key"), AGENDA_NUMBERS)
def test_one_fold_for_agenda_numbers(number: str, key: str) -> None:
    assert agenda_key(number) == key


def test_normalizing_twice_changes_nothing_more() -> None:
    # Taiwan's vocabulary reads 尼日 (Niger) inside 尼日利亚 and 斯坦 inside 塔吉克斯坦: a
    # question folded twice (as structured answers do) must still name the same State
    from knowledge.extract.states import MEMBER_STATES, OBSERVER_STATES
    from tests.support.kbs import bundled_kb

    kb = bundled_kb()
    texts = [p.text for r in kb.resolutions for p in r.paragraphs]
    texts += [p.text for p in kb.paragraphs]
    texts += [*MEMBER_STATES, *OBSERVER_STATES, "尼日利亚代表发言了吗", "尼日利亞代表發言了嗎"]
    assert [t for t in texts if normalize(normalize(t)) != normalize(t)] == []


@pytest.mark.parametrize(
    ("written", "folded"),
    [
        ("尼日利亚", "尼日利亚"),
        ("尼日利亞", "尼日利亚"),
        ("厄瓜多爾", "厄瓜多尔"),
        ("塔吉克斯坦", "塔吉克斯坦"),
    ],
)
def test_a_states_name_is_folded_to_its_un_chinese_name(written: str, folded: str) -> None:
    assert normalize(written) == folded


def test_cantonese_function_words_become_mandarin_only_in_cantonese() -> None:
    assert mandarin_wording("報告第一章B節係咩嚟") == "報告第一章B節是什么"
    assert mandarin_wording("中國有冇發言") == "中國有没有發言"
    # no Cantonese word: 係 is the 係 of 關係, and nothing changes
    assert mandarin_wording("中美關係係") == "中美關係係"
    assert mandarin_wording("what is 關係") == "what is 關係"
    # asking whether something happened yet, who spoke, and the particle that ends a question
    assert mandarin_wording("兩個副主席選咗未") == "兩個副主席選了没有"
    assert mandarin_wording("技術銀行有冇人出嚟講嘢") == "技術銀行有没有人出来讲话"
    assert mandarin_wording("無異議程序係幾時完㗎") == "無異議程序是幾時完"
    # 傾 is to talk over, in Cantonese; 倾向 stays
    assert mandarin_wording("嗰場會主要傾咩") == "那場會主要讨论什么"
    assert mandarin_wording("嗰份決議傾向邊度") == "那份決議傾向哪里"


def test_taiwan_s_zhi_xing_is_the_report_s_not_running_a_program() -> None:
    # OpenCC's Taiwan vocabulary makes 執行 运行 (a program runs); the report's 执行 implements
    assert to_simplified("決議草案一的執行段落") == "决议草案一的执行段落"
    assert to_simplified("執行長") == "首席执行官"  # a chief executive is left to the vocabulary


def test_regional_internet_governance_is_no_local_area_network() -> None:
    # OpenCC's Taiwan vocabulary makes 區域網路 a local area network (局域网)
    assert "局域" not in to_simplified("國家和區域網路治理論壇")
    assert to_simplified("區域網路").startswith("局域网")  # a network is left to the vocabulary


def test_every_word_of_the_report_typed_in_traditional_characters_folds_as_printed() -> None:
    # A delegate in Taipei types the report's words in Traditional characters; OpenCC's Taiwan
    # vocabulary must not turn one into another word (資料 → 数据, 指標 → 指针, 互動 → 交互)
    # that the report, printed in Simplified characters, never folds to
    import opencc

    to_taiwan, to_mainland = opencc.OpenCC("s2tw"), opencc.OpenCC("t2s")
    report = (ROOT / "knowledge" / "sources" / "E-2020-31-zh.txt").read_text(encoding="utf-8")
    runs = [
        run
        for run in re.findall(r"[\u4e00-\u9fff]+", report)
        # a Simplified run, not resolution I's Traditional paragraphs
        if to_mainland.convert(run) == run and to_taiwan.convert(run) != run
    ]
    assert len(runs) > 500
    differ = [
        (run, to_simplified(to_taiwan.convert(run)))
        for run in runs
        if to_simplified(to_taiwan.convert(run)) != to_simplified(run)
        # Taiwan's 資料 is data as often as information: left to the vocabulary (数据)
        and to_simplified(to_taiwan.convert(run)) != to_simplified(run).replace("资料", "数据")
    ]
    assert not differ, differ[:5]


@pytest.mark.parametrize(
    ("typed", "folded"),
    [("個人資料", "个人数据"), ("資料庫", "数据库"), ("發展指標", "发展指标"), ("查詢", "查询")],
)
def test_taiwan_words_the_report_prints_keep_their_meaning(typed: str, folded: str) -> None:
    assert to_simplified(typed) == folded
