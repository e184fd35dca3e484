"""Paragraph addressing: which resolution, report, annex or summary a query names, and which
of its paragraphs.

"R1.24", "决议一第24段", "res 2 a 3", "决议草案二 (a)(三)", "report para 12", "序言部分第5段",
"第24段" (a number without saying of what) and "1 24" all end here. A paragraph that does not
exist gets a hint that says where the path stopped matching and the nearest real paragraphs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from knowledge.models import KnowledgeBase, Paragraph
from knowledge.references.parse import ROMAN, Parse, Reference, first_group, kind_of
from knowledge.references.tables import ReferenceTables

_RESOLUTION = re.compile(
    # (not "决议一共有几段", the resolution in all: 一共 once its numeral is a digit)
    r"决议草案\s*(?!1共)(\d+)(?!\s*/)"
    r"|第\s*(\d+)\s*[项份个]?决议(?:草案)?"
    r"|(?<![\d/号])决议\s*(?!1共)(\d+)(?![\d/])"
    # (a number run into Chinese ends there: "resolution 2的第1段")
    r"|(?:draft\s*)?resolution\s*(\d+)(?![0-9a-z])(?!\s*/)"
    r"|\bdr\s*(\d+)(?![0-9a-z])(?!\s*/)"
    r"|\bres\.?\s*(\d+)(?![0-9a-z])(?!\s*/)"
    r"|(?<![a-z0-9/])r(\d+)(?![0-9/])"
    r"|((?<![号\d/])决定草案|(?<![号\d/])决定(?!\s*\d)|draft\s*decision|\bdecision\b(?!\s*\d))"
    r"|(?<![a-z0-9/'’])d(\d*)(?=[.\s]|$)"  # not the "d" of "I'd"
)
_REPORT = re.compile(
    r"报告(?=\s*的?\s*第?\s*\d+\s*段)|\breport\b(?=\s*para)|(?<![a-z0-9])p(?=\d+\b)"
    r"|(?<=\d )(?:of|in) (?:the |this )?report\b"  # "paragraph 1 of the report"
)
_CHAPTER = re.compile(r"第\s*\d+\s*章|\bchapter\s*(?:\d+|[ivx]+)(?![a-z0-9])")
_ANNEX = re.compile(r"附件\s*2|annex\s*2|(?<![a-z0-9])ax\s*2(?=[.\s]\d)")
_SUMMARY = re.compile(r"摘要|\bsummary\b|(?<![a-z0-9])sum(?=\d+\b)")
_PREAMBLE = re.compile(
    r"序言(?:部分)?(?:第)?\s*(\d+)\s*段?|\bpp\.?\s*(\d+)\b"
    r"|\bpre(?:ambular|amble)?\s*\.?\s*(?:para(?:graph)?\.?\s*)?(\d+)\b"
)
_PARAGRAPH = re.compile(
    # "最后一段", "头一段", "那一段" are "the last / first / that paragraph", not paragraph 1;
    # "有一段讲宽带", "只有一段" are "a paragraph", "one paragraph"
    r"第\s*(\d+)\s*段|(?<![\d.后头那这哪每某前有])(\d+)\s*段|\bpara(?:graph)?s?\.?\s*(\d+)\b"
    r"|§\s*(\d+)|\(\s*(\d+|[a-z]|[ivx]{2,6})\s*\)|(?<![a-z])([a-z])\s*段|第\s*(\d+)\s*[项目款条]"
    r"|(?<![\d.后头那这哪每某前几有])(\d+)\s*[项款]"
)
_ONLY_COMPONENTS = re.compile(r"^\s*(\d{1,2})(?:[\s.]+(\d{1,3}|[a-z])){1,3}\s*$")


def paragraph_references(
    kb: KnowledgeBase, tables: ReferenceTables, parse: Parse
) -> Iterator[Reference]:
    """The container the query names and the paragraph in it, or a paragraph number alone."""
    container = _container(tables, parse)
    if isinstance(container, Reference):
        _components(parse, after=container.span[1])  # they belong to the missing container
        yield container
        return
    if container is None:
        container = _named_by_subject(tables, parse)
    if container is None:
        yield from _without_container(tables, parse)
        return
    container_id, container_span = container
    preamble = _preamble(parse)
    components = _components(parse, after=container_span[1])
    if preamble is not None:
        number, preamble_span = preamble
        yield _locate(
            tables, container_id, ("pre", str(number)), _cover(container_span, preamble_span)
        )
        return
    if components:
        span = _cover(container_span, *(span for _, span, _ in components))
        path = tuple(value for value, _, _ in components)
        if container_id == "report":
            path = _within_chapter(tables, parse, path)
        located = _locate(tables, container_id, path, span)
        if not located.found and len(path) > 1 and _siblings(path[-2], path[-1]):
            # "第22条跟第23条": a list of paragraphs of one level, not a path (joined by a
            # word that lists them); "para 84 (a) to (d)": the sub-paragraphs of one
            # paragraph, which stands for them
            between = parse.text[components[-2][1][1] : components[-1][1][0]]
            if len(path) > 2 and _RANGE.fullmatch(between):
                whole = _locate(tables, container_id, path[:-2], span)
                if whole.found:
                    yield whole
                    return
            # "(a) (b) (c) 三块": parts of one level listed one after another
            run = len(path) - 1
            while run > 0 and _siblings(path[run - 1], path[run]):
                gap = parse.text[components[run - 1][1][1] : components[run][1][0]]
                if not (_LIST.fullmatch(gap) or gap.strip() == ""):
                    break
                run -= 1
            if len(path) - run > 2:
                listed = [
                    _locate(tables, container_id, (*path[:run], p), span) for p in path[run:]
                ]
                if all(r.found for r in listed):
                    yield from listed
                    return
            first = _locate(tables, container_id, path[:-1], span)
            # two paragraphs each named as one ("第30段讲的什么？第31段呢"), whatever stands
            # between them: a paragraph is no sub-paragraph of another
            both_named = components[-2][2] == components[-1][2] == "paragraph"
            if first.found and (_LIST.fullmatch(between) or both_named):
                yield first
                yield _locate(tables, container_id, (*path[:-2], path[-1]), span)
                return
        yield located
        return
    record = kb.get(container_id)
    if record is not None:
        yield Reference(kind_of(record), record.id, container_span, (record,))


def _named_by_subject(tables: ReferenceTables, parse: Parse) -> tuple[str, tuple[int, int]] | None:
    """A resolution named by its subject ("paragraph 82 of the WSIS resolution"), taken as the
    container only when a paragraph of it is named too: "what does the WSIS resolution say
    about women" is a question about its content, left to search."""
    named = _components(parse, after=None, claim=False)
    if not named and not any(True for _ in parse.find(_PREAMBLE)):
        return None
    for pattern, resolution_id in tables.resolution_topics:
        for match in parse.find(pattern):
            return resolution_id, parse.claim(match)
    # "第五章第十一段", "chapter 5 paragraph 11": the report's paragraphs are numbered through
    if named and "report" in tables.containers:
        for match in parse.find(_CHAPTER):
            return "report", parse.claim(match)
    return None


def _within_chapter(
    tables: ReferenceTables, parse: Parse, path: tuple[str, ...]
) -> tuple[str, ...]:
    """The report numbers its paragraphs through all chapters, and delegates also count them
    within one: "第五章第十一段" is paragraph 11 (in chapter V), "第五章第一段" chapter V's first
    paragraph (9)."""
    chapter = _chapter_number(parse)
    if chapter is None or not 1 <= chapter <= len(tables.chapters):
        return path
    if len(path) != 1 or not path[0].isdigit():
        return path
    members = [p for p in tables.chapters[chapter - 1][1] if p.label.isdigit()]
    if any(p.label == path[0] for p in members):
        return path
    wanted = int(path[0])
    return (members[wanted - 1].label,) if 1 <= wanted <= len(members) else path


def _chapter_number(parse: Parse) -> int | None:
    for match in _CHAPTER.finditer(parse.text):  # already claimed as the container
        raw = re.sub(r"^第|章$|^chapter", "", match.group(0)).strip()
        number = raw if raw.isdigit() else roman_to_arabic(raw)
        return int(number) if number else None
    return None


def _without_container(tables: ReferenceTables, parse: Parse) -> Iterator[Reference]:
    only = _ONLY_COMPONENTS.match(parse.text)
    if only is not None and not parse.claimed:
        # "1 24", "2 a 3": a resolution number and a paragraph path
        parts = [part for part in re.split(r"[\s.()]+", parse.text) if part]
        resolution = tables.resolution_numbers.get(("resolution", int(parts[0])))
        if resolution is not None:
            span = (0, len(parse.text))
            parse.claimed.append(span)
            yield _locate(tables, resolution.id, tuple(parts[1:]), span)
        return
    preamble = _preamble(parse)
    if preamble is not None:
        yield _uncontained(tables, ("pre", str(preamble[0])), preamble[1])
        return
    found = _components(parse, after=None, claim=False)
    for i, (value, span, marker) in enumerate(found):
        if marker == "paragraph" and value.isdigit():
            # "para 84 (d)": the labels that follow it are its sub-paragraph
            path, end = [value], span[1]
            for label, (start, stop), kind in found[i + 1 :]:
                if kind != "label" or start - end > 2:
                    break
                path.append(roman_to_arabic(label) or label)
                end = stop
            parse.claimed.append((span[0], end))
            yield _uncontained(tables, tuple(path), (span[0], end))
            return


def _cover(*spans: tuple[int, int]) -> tuple[int, int]:
    return min(s for s, _ in spans), max(e for _, e in spans)


def _container(
    tables: ReferenceTables, parse: Parse
) -> tuple[str, tuple[int, int]] | Reference | None:
    """The resolution, the report, annex II or the summary the query names, if any; of
    several resolutions, the one named last before the paragraph ("决议二里有没有一条跟决议一
    第十段差不多的": paragraph 10 of resolution I)."""
    matches = list(parse.find(_RESOLUTION))
    components = _components(parse, after=None, claim=False)
    if len(matches) > 1 and components:
        first = components[0][1][0]
        before = [m for m in matches if m.end() <= first]
        matches = [before[-1]] if before else matches[:1]
    for match in matches:
        if match.group(8) is not None or match.group(9) is not None:
            kind, number = "decision", int(match.group(9) or 1)
        else:
            kind, number = "resolution", int(first_group(match, 1, 2, 3, 4, 5, 6, 7) or 0)
        span = parse.claim(match)
        resolution = tables.resolution_numbers.get((kind, number))
        if resolution is not None:
            return resolution.id, span
        existing = sorted(tables.resolution_numbers.values(), key=lambda r: (r.kind, r.number))
        names = ", ".join(r.id for r in existing)
        label = (
            f"draft resolution {_roman(number)}" if kind == "resolution" else "a draft decision"
        )
        return Reference(
            "resolution",
            f"{'R' if kind == 'resolution' else 'D'}{number}",
            span,
            hint=f"there is no {label}" + (f"; the report has {names}" if names else ""),
            suggestions=tuple(existing),
        )
    for pattern, container_id in ((_ANNEX, "annex2"), (_SUMMARY, "summary"), (_REPORT, "report")):
        for match in parse.find(pattern):
            if container_id in tables.containers:
                return container_id, parse.claim(match)
    return None


_ROMAN_DIGITS = {"i": 1, "v": 5, "x": 10, "l": 50}


def roman_to_arabic(text: str) -> str | None:
    """ "xvii" → "17"; None for anything that is not a Roman numeral."""
    if not text or any(ch not in _ROMAN_DIGITS for ch in text):
        return None
    total = 0
    for ch, following in zip(text, [*text[1:], ""], strict=True):
        value = _ROMAN_DIGITS[ch]
        total += -value if following and _ROMAN_DIGITS[following] > value else value
    return str(total) if total > 0 else None


def _roman(number: int) -> str:
    names = {value: key.upper() for key, value in ROMAN.items()}
    return names.get(number, str(number))


_CHAIN_LINK = re.compile(
    # (a word that only begins with one is not a label: "points to" is no item (s))
    r"[\s.,]*(?:(?:section|sub-?paragraph|subpara|paragraph|para|item|point|clause|operative"
    r"|no\.?)(?![a-z])\s*)?(?:\(\s*(\d{1,3}|[a-z]|[ivx]{2,6})\s*\)|(\d{1,3}|[a-z])(?![a-z0-9%]))"
)


def _components(
    parse: Parse, *, after: int | None, claim: bool = True
) -> list[tuple[str, tuple[int, int], str]]:
    """Paragraph labels: explicit ones (第24段, para 24, (a), 第十八项) anywhere, and bare ones
    ("R1 24", "res 2 a 3", "section b item 12") only in a chain right after the container.
    With ``claim=False`` the explicit ones are only looked at: the caller claims what it uses."""
    found: list[tuple[str, tuple[int, int], str]] = []
    for match in parse.find(_PARAGRAPH):
        value = first_group(match, 1, 2, 3, 4, 5, 6, 7, 8)
        if value is None:
            continue
        marker = "paragraph" if first_group(match, 1, 2, 3, 4) else "label"
        span = parse.claim(match) if claim else (match.start(), match.end())
        found.append((value, span, marker))
    position = after
    while position is not None:
        link = _CHAIN_LINK.match(parse.text, position)
        if link is None or link.end() == position or not parse.free(link.start(), link.end()):
            break
        found.append((link.group(1) or link.group(2), parse.claim(link), "label"))
        position = link.end()
    found.sort(key=lambda c: c[1])
    return found


_RANGE = re.compile(r"\s*(?:to|through|至|到|-|–|—|~)\s*")
_LIST = re.compile(r"\s*(?:和|跟|与|及|以及|、|,|，|and|&)\s*")


def _siblings(one: str, other: str) -> bool:
    """Whether two labels are of one level: both numbers, or both letters ("22", "23";
    "a", "d"), so that the second follows the first rather than standing under it."""
    if one.isdigit() and other.isdigit():
        return int(other) > int(one)
    return len(one) == len(other) == 1 and one.isalpha() and other.isalpha() and other > one


def _preamble(parse: Parse) -> tuple[int, tuple[int, int]] | None:
    for match in parse.find(_PREAMBLE):
        number = first_group(match, 1, 2, 3)
        if number is not None:
            return int(number), parse.claim(match)
    return None


def _locate(
    tables: ReferenceTables, container_id: str, path: tuple[str, ...], span: tuple[int, int]
) -> Reference:
    container = tables.containers.get(container_id)
    requested = _display_id(container_id, path)
    if container is None:
        return Reference("paragraph", requested, span, hint=f"{container_id} has no paragraphs")
    paragraph = container.get(path)
    if paragraph is None and len(path) > 1:
        # "(b)(xvii)": English texts number items in Roman numerals
        arabic = (path[0], *(roman_to_arabic(p) or p for p in path[1:]))
        paragraph = container.get(arabic)
    if paragraph is not None:
        return Reference("paragraph", paragraph.id, span, (paragraph,))
    # the deepest existing prefix tells where the path stopped matching
    depth = len(path) - 1
    while depth > 0 and container.get(path[:depth]) is None and path[:depth] != ("pre",):
        depth -= 1
    parent_path = path[:depth]
    where = _display_id(container_id, parent_path) if parent_path else container.name
    missing = path[depth]
    ends = container.span(parent_path)
    if ends is None:
        parent = container.get(parent_path)
        return Reference(
            "paragraph",
            requested,
            span,
            hint=f"{where} has no sub-paragraphs; {requested} does not exist",
            suggestions=(parent,) if parent is not None else (),
        )
    noun = "preambular paragraphs" if parent_path == ("pre",) else "paragraphs"
    first, last = _hint_label(ends[0]), _hint_label(ends[1])
    hint = f"{where} has {noun} {first}–{last}; {_display_label(missing)} does not exist"
    nearest = container.nearest(parent_path, _component_number(missing), 3)
    return Reference("paragraph", requested, span, hint=hint, suggestions=tuple(nearest))


def _hint_label(paragraph: Paragraph) -> str:
    """How a hint names a paragraph's label: 24, (a), and (3) for (三)."""
    label = paragraph.label.strip()
    bare = label.strip("()")
    if bare.isdigit() or (bare.isascii() and bare.isalpha()):
        return label
    return f"({paragraph.number})"


def _component_number(component: str) -> int:
    if component.isdigit():
        return int(component)
    if len(component) == 1 and component.isalpha():
        return ord(component) - ord("a") + 1
    return 0


def _display_label(component: str) -> str:
    return f"paragraph {component}" if component.isdigit() else f"({component})"


def _display_id(container_id: str, path: Iterable[str]) -> str:
    parts = list(path)
    if container_id == "report":
        return f"P{'.'.join(parts)}"
    if container_id == "annex2":
        return f"AX2.{'.'.join(parts)}"
    if container_id == "summary":
        return f"SUM{'.'.join(parts)}"
    return ".".join([container_id, *parts])


def _uncontained(
    tables: ReferenceTables, path: tuple[str, ...], span: tuple[int, int]
) -> Reference:
    """ "第24段", "paragraph 91": a number without saying of what."""
    found = (c.get(path) for c in tables.containers.values())
    hits = [p for p in found if p is not None]
    label = f"preambular paragraph {path[1]}" if path[0] == "pre" else f"paragraph {path[0]}"
    if len(hits) == 1:
        return Reference("paragraph", hits[0].id, span, (hits[0],), guessed=True)
    if hits:
        return Reference("paragraph", label, span, tuple(hits), exact=False)
    ranges = []
    nearest: list[Paragraph] = []
    wanted = _component_number(path[-1])
    for container in tables.containers.values():
        ends = container.span(path[:-1])
        if ends is not None and ends[0].label.strip("()").isdigit():
            ranges.append(f"{container.name} {ends[0].label}–{ends[1].label}")
            nearest.extend(container.nearest(path[:-1], wanted, 3))
    nearest.sort(key=lambda p: (abs(p.number - wanted), p.id))
    where = f" ({'; '.join(ranges)})" if ranges else ""
    return Reference(
        "paragraph",
        label,
        span,
        hint=f"no {label} anywhere{where}",
        suggestions=tuple(nearest[:3]),
    )
