"""One text folding for the index and for the query.

``normalize`` turns what a delegate types and what the report says into the same shape, so that
comparing them is a matter of comparing strings:

- NFKC: full-width letters, digits and punctuation become half-width;
- Traditional → Simplified at phrase level with OpenCC, Taiwan and Hong Kong vocabulary included
  (資料庫 → 数据库, 網路 → 网络);
- case folding, punctuation and whitespace folding (no space between a Chinese character and a
  digit or a Latin letter: "2020 年 6 月" and "2020年6月" are the same);
- numerals made comparable where they address or count something: 第二十四段 → 第24段,
  (二十三) → (23), 8.3 billion → 83亿, 17 May → 5月17日, 17 per cent → 17%.

``chinese_to_int`` is the one reader of Chinese numerals (for queries, labels and the report
extractor alike), and ``agenda_key`` the one way agenda item numbers are compared.

``to_simplified`` and ``to_traditional`` are the bare script conversions (the display layer
shows Traditional text to people who asked in it).
"""

from __future__ import annotations

import itertools
import re
import threading
import unicodedata
from functools import cache
from typing import Literal

import opencc

__all__ = [
    "agenda_key",
    "chinese_to_int",
    "fold_symbol",
    "folded_question",
    "is_cjk",
    "normalize",
    "numerals_to_arabic",
    "to_simplified",
    "to_traditional",
]


class _Converter:
    """An OpenCC converter shared between threads (the binding promises nothing, so we lock)."""

    def __init__(self, *configs: str) -> None:
        self._chain = tuple(opencc.OpenCC(config) for config in configs)
        self._lock = threading.Lock()

    def __call__(self, text: str) -> str:
        with self._lock:
            for converter in self._chain:
                text = converter.convert(text)
        return text


@cache
def _converter(*configs: str) -> _Converter:
    return _Converter(*configs)


def to_simplified(text: str) -> str:
    """Traditional (Taiwan, Hong Kong or standard) → Simplified, with mainland vocabulary.

    Hong Kong variant characters are first brought to the OpenCC standard (``hk2t``); ``tw2sp``
    then converts Taiwan variants and vocabulary (資料庫 → 数据库) and the characters. The
    names of States, as UN Chinese prints them, pass whole in either script: Taiwan's
    vocabulary would read 尼日 in 尼日利亚 as Niger (尼日尔), and again on every pass.
    """
    if not text or text.isascii():
        return text
    text = _KEPT_WORDS.sub(lambda m: _KEPT[m.group(0)], text)
    converted = _converted(text)
    # the report's older 显着, which the conversion keeps while 顯著 becomes 显著
    return converted.replace("显着", "显著") if "显着" in converted else converted


def _converted(text: str) -> str:
    convert = _converter("hk2t", "tw2sp")
    names, table = _state_names()
    if names.search(text) is None:
        return convert(text)
    out: list[str] = []
    at = 0
    for match in names.finditer(text):
        if match.start() > at:
            out.append(convert(text[at : match.start()]))
        out.append(table[match.group(0)])
        at = match.end()
    if at < len(text):
        out.append(convert(text[at:]))
    return "".join(out)


# Taiwan words whose mainland equivalent in OpenCC's vocabulary is not the report's: 執行 is
# 运行 (running a program) there, but the report's 执行 (implementation, 执行部分); each is
# given its Simplified characters before the conversion (執行長, a chief executive, is left
# to the vocabulary: 首席执行官); 區域網路 is a local area network (局域网) there, but in
# "國家和區域網路治理論壇" regional internet governance.
# The same holds for words whose Traditional characters OpenCC's Taiwan vocabulary reads as
# computing terms: 指標 is a pointer (指针) there but the report's 指标 (indicators), 互動 交互
# but 互动, 查詢 查找 but 查询; and 歐萊雅 (L'Oréal) it misreads. Typed in Traditional
# characters each would otherwise never meet the report's own word, which, printed in
# Simplified characters, passes the conversion unchanged (tests/test_normalize.py checks
# every word of the bundled report both ways). 資料 is left to the vocabulary (数据): Taiwan's
# 資料 is data as often as information (個人資料, personal data); the questions' wording
# table reads 更多資料 as the report's 进一步资料.
_KEPT = {
    "執行": "执行",
    "區域網路": "区域网络",
    "指標": "指标",
    "互動": "互动",
    "查詢": "查询",
    "歐萊雅": "欧莱雅",
}
_KEPT_WORDS = re.compile(r"執行(?!長)|區域網路(?=治理)|指標|互動|查詢|歐萊雅")


@cache
def _state_names() -> tuple[re.Pattern[str], dict[str, str]]:
    """The States' Chinese names, and their Traditional forms, each → the Simplified name."""
    from knowledge.extract.states import MEMBER_STATES, OBSERVER_STATES, SHORT_FORMS

    table: dict[str, str] = {}
    for name in (*MEMBER_STATES, *OBSERVER_STATES, *SHORT_FORMS):
        for variant in ("tw", "hk"):
            table.setdefault(to_traditional(name, variant), name)
        table[name] = name
    alternatives = sorted(table, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, alternatives))), table


# Places where OpenCC's phrase table reads two characters as a word they are not, in the
# report's wording: 并为 is not 併為 ("merge into") in "并为决策者提供", 换发 not 換髮
# ("change hair") in "交换发展", 了如 not 瞭如 in "讨论了如何", 明了 not 明瞭 ("clear") in
# "查明了", 和面 not 和麵 ("knead dough") in "和面向". Each entry is Simplified text with "|"
# where the phrase must not be matched: the text is converted on either side of it apart, and
# each character then takes its ordinary form (並, 發, 了, 面). A longer real phrase around
# the break (合并为 → 合併為) is still read as a whole.
_PHRASE_BREAKS: tuple[str, ...] = (
    "并|为",
    "换|发展",
    "了|如何",
    "查明|了",
    "表明|了",
    "说明|了",
    "证明|了",
    "阐明|了",
    "和|面向",
)
_BREAK = re.compile(
    "|".join(
        f"(?<={re.escape(before)})(?={re.escape(after)})"
        for before, after in (entry.split("|") for entry in _PHRASE_BREAKS)
    )
)

_TRADITIONAL_CONFIGS = {"tw": "s2tw", "twp": "s2twp", "hk": "s2hk"}


def to_traditional(text: str, variant: Literal["tw", "twp", "hk"] = "tw") -> str:
    """Simplified → Traditional.

    ``tw`` (the display form): Taiwan-standard characters (OpenCC ``s2tw``: 訂閱, 群組, 峰,
    拉脫維亞) with the report's own words kept (程序, 文件, 項目, 網絡), and the phrase breaks
    above. ``twp`` adds Taiwan vocabulary (數據庫 → 資料庫, 程序 → 程式), as a Taiwan reader
    would type; ``hk`` is Hong Kong usage (``s2hk``).
    """
    if not text or text.isascii():
        return text
    convert = _converter(_TRADITIONAL_CONFIGS[variant])
    if _BREAK.search(text) is None:
        return convert(text)
    cuts = [0, *(m.start() for m in _BREAK.finditer(text)), len(text)]
    return "".join(convert(text[a:b]) for a, b in itertools.pairwise(cuts) if b > a)


# ---------------------------------------------------------------------------------------------
# Chinese numerals

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5}
_DIGITS |= {"六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_NUMERAL_CHARS = "".join(_DIGITS) + "".join(_UNITS)


def chinese_to_int(text: str, *, ordinal: bool = False) -> int | None:
    """二十四 → 24, 十八 → 18, 一百零五 → 105, 二〇二〇 → 2020; None if it is not a numeral.

    With ``ordinal`` the numeral must be one as labels and ordinals print it (第二十三届,
    (十二)): at least 1, and written with units when it has several digits, so 二三 and 零
    are None.
    """
    if not text or any(ch not in _DIGITS and ch not in _UNITS for ch in text):
        return None
    if not any(ch in _UNITS for ch in text):
        if ordinal and len(text) > 1:
            return None
        # digit by digit, as years are written (二〇二〇)
        value = int("".join(str(_DIGITS[ch]) for ch in text))
        return None if ordinal and value == 0 else value
    total = 0
    digit: int | None = None
    for ch in text:
        if ch in _DIGITS:
            if digit is not None and _DIGITS[ch] != 0:
                return None  # two digits in a row inside a unit numeral: not a number
            digit = _DIGITS[ch] or None
        else:
            total += (1 if digit is None else digit) * _UNITS[ch]
            digit = None
    return total + (digit or 0)


# What follows a numeral that counts or addresses something (届, 次, 段 …). A numeral before
# any other character (一般, 统一, 两级) is ordinary wording and stays as it is.
_COUNTERS = "届次段项条章节款个年月日号名位周岁亿万种份部点倍国"
_NUMERAL = re.compile(
    f"(?<=第)[{_NUMERAL_CHARS}]+"  # 第二十四
    f"|(?<=\\()[{_NUMERAL_CHARS}]+(?=\\))"  # (二十三)
    f"|(?:(?<=决议草案)|(?<=决定草案)|(?<=附件)|(?<=决议)|(?<=决定)|(?<=项目))[{_NUMERAL_CHARS}]+"
    f"|(?<![下上同唯统进逐])[{_NUMERAL_CHARS}]+(?=[{_COUNTERS}])"  # 二十四届, 三次; not 下一届
)
_PERCENT_ZH = re.compile(f"百分之([{_NUMERAL_CHARS}0-9.]+)")
_HAS_NUMERAL = re.compile(f"[{_NUMERAL_CHARS}]")


def _arabic(match: re.Match[str]) -> str:
    text = match.group(0)
    if 1 < len(text) < 4 and not any(ch in _UNITS for ch in text):
        # digits in a row that are no year: the first numbers, the rest is a word
        # ("决议二一共几段" is resolution 2 and 一共, not resolution 21)
        first = chinese_to_int(text[0])
        return text if first is None else str(first) + text[1:]
    value = chinese_to_int(text)
    return text if value is None else str(value)


def numerals_to_arabic(text: str) -> str:
    """Chinese numerals that count or address something → Arabic (第二十四段 → 第24段);
    a numeral in ordinary wording (一般, 统一, 进一步) stays as it is."""
    if not _HAS_NUMERAL.search(text) and "百分之" not in text:
        return text
    if "百分之" in text:  # 百分之四十三 → 43%
        text = _PERCENT_ZH.sub(_percent, text)
    return _NUMERAL.sub(_arabic, text)


def _percent(match: re.Match[str]) -> str:
    number = match.group(1)
    value = chinese_to_int(number)
    return f"{value if value is not None else number}%"


# ---------------------------------------------------------------------------------------------
# English numbers, dates and percentages → the report's Chinese forms

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DAY_MONTH_YEAR = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH})\.?(?:,?\s+(\d{{4}}))?\b"
)
_MONTH_DAY_YEAR = re.compile(
    rf"\b({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?"
)
_MONTH_YEAR = re.compile(rf"\b({_MONTH})\.?,?\s+(\d{{4}})\b")
_MONTH_ALONE = re.compile(
    r"\b(january|february|march|april|june|july|august|september|october|november|december)\b"
)
_SCALE = re.compile(r"\b(\d+(?:\.\d+)?)\s*(billion|million|thousand|bn)\b")
_PERCENT = re.compile(r"(\d)\s*(?:per\s*cent|percent|pct)\b")
_ORDINAL_SUFFIX = re.compile(r"\b(\d+)(?:st|nd|rd|th)\b")
_SCALE_VALUE = {"billion": 10**9, "bn": 10**9, "million": 10**6, "thousand": 10**3}


def _date(year: str | None, month: str, day: str | None) -> str:
    out = f"{year}年" if year else ""
    out += f"{_MONTHS[month]}月"
    if day:
        out += f"{int(day)}日"
    return f" {out} "


def _scaled(match: re.Match[str]) -> str:
    # 8.3 billion → 83亿, 38 million → 3800万: the report counts in 亿 and 万
    units = round(float(match.group(1)) * _SCALE_VALUE[match.group(2)])
    if units % 10**8 == 0 or (units >= 10**8 and units % 10**7 == 0):
        value = units / 10**8
        return f"{value:g}亿"
    if units % 10**4 == 0:
        return f"{units // 10**4}万"
    return str(units)


_HAS_LATIN = re.compile(r"[a-z]")
_HAS_DIGIT = re.compile(r"[0-9]")


def _english_numbers(text: str) -> str:
    if not _HAS_DIGIT.search(text):
        return _MONTH_ALONE.sub(lambda m: f" {_MONTHS[m.group(1)]}月 ", text)
    text = _PERCENT.sub(r"\1%", text)
    text = _SCALE.sub(_scaled, text)
    text = _DAY_MONTH_YEAR.sub(lambda m: _date(m.group(3), m.group(2), m.group(1)), text)
    text = _MONTH_DAY_YEAR.sub(lambda m: _date(m.group(3), m.group(1), m.group(2)), text)
    text = _MONTH_YEAR.sub(lambda m: _date(m.group(2), m.group(1), None), text)
    text = _MONTH_ALONE.sub(lambda m: f" {_MONTHS[m.group(1)]}月 ", text)
    return _ORDINAL_SUFFIX.sub(r"\1", text)


# ---------------------------------------------------------------------------------------------
# Punctuation and whitespace

# Footnote marks are not part of the text: superscript digits and "^a" style marks.
_FOOTNOTE_MARKS = re.compile(r"[\u00b9\u00b2\u00b3\u2070-\u209f]+|\^[a-z0-9](?![a-z0-9])")
_MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def is_cjk(ch: str) -> bool:
    code = ord(ch)
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0x20000 <= code <= 0x2FA1F
        or 0xF900 <= code <= 0xFAFF
        or ch == "〇"
    )


_NOT_WORD = re.compile(r"[^\w%.]|_")
_LONE_DOT = re.compile(r"(?<!\d)\.|\.(?!\d)")  # a dot that is not a decimal point (53.6)


# The dot inside a transliterated name (彼得·毛约尔) is left out: people type the name with or
# without it, so both must give the same bigrams.
_NAME_DOT = re.compile("(?<=[\u3400-\u9fff])[·•・‧･](?=[\u3400-\u9fff])")


def _fold_punctuation(text: str) -> str:
    if _NAME_DOT.search(text):
        text = _NAME_DOT.sub("", text)
    text = _NOT_WORD.sub(" ", text)
    return _LONE_DOT.sub(" ", text) if "." in text else text


_CJK_CLASS = "[\u3400-\u9fff\uf900-\ufaff〇]"
_SPACE_BETWEEN_CJK_AND_OTHER = re.compile(
    f"(?<={_CJK_CLASS}) +(?=[0-9a-z%])|(?<=[0-9a-z%]) +(?={_CJK_CLASS})"
)


def _fold_whitespace(text: str) -> str:
    text = " ".join(text.split())
    if "%" in text:
        text = text.replace(" %", "%")
    return _SPACE_BETWEEN_CJK_AND_OTHER.sub("", text)


def normalize(text: str) -> str:
    """The one folding for index and query (see the module docstring)."""
    if "](" in text:
        text = _MARKDOWN_LINK.sub(r"\1", text)
    text = _FOOTNOTE_MARKS.sub("", text)
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    text = to_simplified(text).casefold()
    if _HAS_LATIN.search(text):
        text = _english_numbers(text)
    if _HAS_NUMERAL.search(text) or "百分之" in text:
        text = numerals_to_arabic(text)
    text = _fold_punctuation(text)
    return _fold_whitespace(text)


_NOT_AGENDA_KEY = re.compile(r"[^0-9a-z]")


def agenda_key(number: str) -> str:
    """How agenda item numbers compare: "3(a)", "3 (a)", "3（a）", "3.a", "３Ａ" → "3a"."""
    return _NOT_AGENDA_KEY.sub("", unicodedata.normalize("NFKC", number).casefold())


def fold_symbol(symbol: str) -> str:
    """A document symbol reduced to its letters and digits: e/cn16/2020/2 → ECN1620202."""
    text = unicodedata.normalize("NFKC", symbol)
    return "".join(ch for ch in text.upper() if ch.isascii() and ch.isalnum())


# Written Cantonese (Hong Kong, Macao) for the Mandarin words a question is built of: 報告第一章
# 係咩嚟 is 报告第一章是什么. Applied to questions only, and only when one of the words no
# written Mandarin uses is there (係 alone is the 係 of 關係).
_CANTONESE_MARK = re.compile(
    r"[咩嘅唔冇喺咗啲嗰乜嚟佢哋噉攞㗎嘢睇搵揾畀啱咁]|點解|點樣|邊個|邊度|幾多|係咪"
)
_CANTONESE = {
    "係唔係": "是不是", "係咪": "是不是", "有冇": "有没有", "係咩": "是什么", "乜嘢": "什么",
    "咩嘢": "什么", "做咩": "为什么", "點解": "为什么", "點樣": "怎样", "邊個": "谁",
    "邊度": "哪里", "邊啲": "哪些", "幾多": "多少", "佢哋": "他们", "咩": "什么", "嘅": "的",
    "唔": "不", "冇": "没有", "喺": "在", "咗": "了", "啲": "些", "嗰": "那", "佢": "他",
    "嚟": "", "噉": "这样", "邊": "哪", "乜": "什么", "攞": "拿",
    # "選咗未" (elected yet?), "講嘢" (spoke), "睇" (look), "搵" (find), "畀" (give), "啱" (right)
    "咗未": "了没有", "出嚟": "出来", "未呀": "没有", "講嘢": "讲话", "讲嘢": "讲话",
    "嘢": "东西", "睇": "看", "搵": "找", "揾": "找", "畀": "给", "啱": "对", "咁": "这么",
    "㗎": "",
}  # fmt: skip
_CANTONESE_WORD = re.compile(
    "|".join(sorted(map(re.escape, _CANTONESE), key=len, reverse=True))
    + r"|(?<![關关聯联維维體体派幹干])係"
    # 傾 is to talk something over ("嗰場會主要傾邊個議程項目"), not 倾向, 倾听 or 倾销
    + r"|[傾倾](?![向斜聽听銷销注倒覆])"
)


def mandarin_wording(question: str) -> str:
    """A question written in Cantonese with its function words in written Mandarin; any other
    question as it is."""
    if not _CANTONESE_MARK.search(question):
        return question
    return _CANTONESE_WORD.sub(
        lambda m: "讨论" if m.group(0) in "傾倾" else _CANTONESE.get(m.group(0), "是"), question
    )


_SCRIPT_BOUNDARY = re.compile(r"(?<=[\u4e00-\u9fff])(?=[a-z])|(?<=[a-z])(?=[\u4e00-\u9fff])")


def folded_question(query: str) -> str:
    """A question normalized, with a space where Chinese and Latin script meet: "最后approved了
    没有" is read with the English word whole ("\\bapproved")."""
    return _SCRIPT_BOUNDARY.sub(" ", normalize(query))
