"""The message catalogue: the translators' TOML files, read and checked once per process.

The files live in the top-level ``locales`` folder (installed as package data), one per
language a translator writes: ``zh-Hans.toml`` and ``en.toml`` hold every key;
``zh-Hant.toml`` holds only the keys whose generated Traditional text needs a correction.
Traditional Chinese is otherwise the Simplified text through :func:`traditional`.

A message is a string, or for words that change with a number a table of plural forms
chosen by the ``count`` parameter (``"key".one = …`` and ``"key".other = …``; Chinese has
only ``other``). At load every file is checked: the same keys in zh-Hans and en, the same
``{placeholders}`` in every language and form, only plain ``{name}`` fields, and Telegram HTML
that parses. :class:`CatalogueError` lists every problem with its file, line and key.
"""

from __future__ import annotations

import re
import string
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Final, Literal, get_args

from knowledge.normalize import to_traditional

Language = Literal["zh-Hans", "zh-Hant", "en"]
LANGUAGES: Final[tuple[Language, ...]] = get_args(Language)
DEFAULT_LANGUAGE: Final[Language] = "zh-Hans"

# CLDR plural categories each language distinguishes; ``other`` is always there.
PLURAL_CATEGORIES: Final[Mapping[Language, tuple[str, ...]]] = {
    "zh-Hans": ("other",),
    "zh-Hant": ("other",),
    "en": ("one", "other"),
}
_ALL_CATEGORIES: Final = frozenset({"zero", "one", "two", "few", "many", "other"})

Forms = Mapping[str, str]
"""A message: plural category → template (a plain string is ``{"other": text}``)."""

_KEY = re.compile(r"[a-z0-9][a-z0-9_.\-]*")
# where a key starts: ``"a.b" =``, ``"a.b".one =`` or a bare ``a =`` (line numbers for errors)
_KEY_LINE = re.compile(
    r"""^\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)')\s*(?:\.\s*[a-z]+\s*)?="""
    r"""|^\s*([A-Za-z0-9_\-]+)[A-Za-z0-9_.\-]*\s*="""
)

# Telegram's HTML: these tags, and &lt; &gt; &amp; &quot; or numeric references for the rest.
_TAGS: Final = frozenset(
    {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "code", "pre", "a", "span"}
    | {"tg-spoiler", "tg-emoji", "blockquote"}
)
_OPEN_TAG = re.compile(r"<([a-z][a-z0-9-]*)(?:\s+[a-z][a-z0-9-]*=\"[^\"<>]*\")*\s*>")
_CLOSE_TAG = re.compile(r"</([a-z][a-z0-9-]*)\s*>")
_REFERENCE = re.compile(r"&(?:lt|gt|amp|quot|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});")


class CatalogueError(Exception):
    """The catalogue files cannot be used; ``problems`` says where and why, one per line."""

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("the message catalogue is broken:\n" + "\n".join(self.problems))


def traditional(text: str) -> str:
    """Simplified → Taiwan-standard Traditional characters, keeping the report's own words.

    OpenCC's Taiwan phrase conversion (``s2twp``) also swaps vocabulary, and in a UN report it
    picks the wrong sense: 程序 (a procedure) becomes 程式 (a program), 文件 (a document) 檔案
    (a file), 项目 (an agenda item) 專案 (a project). The Hong Kong conversion mixes in its own
    variants (訂閲, 羣組, 峯). ``to_traditional``'s display form does neither.
    """
    return to_traditional(text)


def plural_category(lang: Language, count: object) -> str:
    """The CLDR category of ``count`` in ``lang``: English "one" for exactly 1, else "other"."""
    if lang == "en" and isinstance(count, int) and count == 1:
        return "one"
    return "other"


class Catalogue:
    """Every message in every language. zh-Hant is derived from zh-Hans on first use."""

    __slots__ = ("_derived", "_english", "_overrides", "_simplified")

    def __init__(
        self,
        simplified: Mapping[str, Forms],
        english: Mapping[str, Forms],
        overrides: Mapping[str, Forms],
    ) -> None:
        self._simplified = dict(simplified)
        self._english = dict(english)
        self._overrides = dict(overrides)
        self._derived: dict[str, Forms] = {}

    def message_keys(self) -> tuple[str, ...]:
        return tuple(self._simplified)

    def __contains__(self, key: object) -> bool:
        return key in self._simplified

    def overrides(self) -> Mapping[str, Forms]:
        """zh-Hant.toml: the keys whose Traditional text is written rather than generated."""
        return self._overrides

    def forms(self, lang: Language, key: str) -> Forms:
        """Every plural form of ``key`` in ``lang`` (KeyError for an unknown key)."""
        if lang == "en":
            return self._english[key]
        if lang == "zh-Hans":
            return self._simplified[key]
        derived = self._derived.get(key)
        if derived is None:
            derived = self._overrides.get(key) or {
                category: traditional(text) for category, text in self._simplified[key].items()
            }
            self._derived[key] = derived
        return derived

    def template(self, lang: Language, key: str, count: object = None) -> str:
        """The template of ``key`` in ``lang``, in the plural form ``count`` asks for."""
        forms = self.forms(lang, key)
        return forms.get(plural_category(lang, count)) or forms["other"]


# ---------------------------------------------------------------------------------------------
# Loading and checking


@dataclass(frozen=True, slots=True)
class _File:
    path: str
    messages: dict[str, Forms]
    lines: dict[str, int]
    parsed: bool = True

    def where(self, key: str) -> str:
        line = self.lines.get(key)
        return f"{self.path}, line {line}, key {key!r}" if line else f"{self.path}, key {key!r}"


def placeholders(template: str) -> frozenset[str]:
    """The ``{name}`` fields of a template (ValueError when its braces do not parse)."""
    return frozenset(name for _, name, _, _ in string.Formatter().parse(template) if name)


def template_problem(template: str) -> str | None:
    """Why a template cannot be used: a field that is not a plain ``{name}``, or HTML that
    Telegram would refuse once the fields are filled in; None when it is fine."""
    try:
        fields = list(string.Formatter().parse(template))
    except ValueError as exc:
        return f"{exc} (write {{{{ and }}}} for a literal brace)"
    for _, name, spec, conversion in fields:
        if name is None:
            continue
        if not name.isidentifier():
            return f"{{{name}}} is not a plain {{name}} field"
        if spec or conversion:
            return f"{{{name}}} may not carry a conversion or format spec"
    return html_problem(template.format_map(_Filler()))


def html_problem(text: str) -> str | None:
    """Why Telegram would refuse ``text`` as HTML, or None."""
    stack: list[str] = []
    pos = 0
    while (found := _next_special(text, pos)) is not None:
        char = text[found]
        near = repr(text[max(0, found - 10) : found + 10])
        if char == ">":
            return f"a bare > (write &gt;) near {near}"
        if char == "&":
            ref = _REFERENCE.match(text, found)
            if ref is None:
                return f"a bare & (write &amp;) near {near}"
            pos = ref.end()
            continue
        closing = _CLOSE_TAG.match(text, found)
        if closing is not None:
            name = closing.group(1)
            if not stack:
                return f"</{name}> closes a tag that is not open"
            if stack[-1] != name:
                return f"</{name}> comes before </{stack[-1]}>"
            stack.pop()
            pos = closing.end()
            continue
        opening = _OPEN_TAG.match(text, found)
        if opening is None:
            return f"a bare < (write &lt;) near {near}"
        if opening.group(1) not in _TAGS:
            return f"Telegram has no tag <{opening.group(1)}>"
        stack.append(opening.group(1))
        pos = opening.end()
    return f"<{stack[-1]}> is never closed" if stack else None


def _next_special(text: str, pos: int) -> int | None:
    found = [i for i in (text.find(c, pos) for c in "<>&") if i != -1]
    return min(found) if found else None


class _Filler(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "x"


def _read(path: Traversable, lang: Language, problems: list[str]) -> _File:
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        problems.append(f"{name}: cannot be read ({exc.strerror or exc})")
        return _File(name, {}, {}, parsed=False)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        problems.append(f"{name}: not valid TOML: {exc}")
        return _File(name, {}, {}, parsed=False)
    lines: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        match = _KEY_LINE.match(line)
        if match is not None:
            lines.setdefault(next(g for g in match.groups() if g is not None), number)
    file = _File(name, {}, lines)
    allowed = PLURAL_CATEGORIES[lang]
    for key, value in data.items():
        where = file.where(key)
        if not _KEY.fullmatch(key):
            problems.append(f"{where}: a key is lowercase letters, digits and . _ -")
            continue
        if isinstance(value, str):
            forms: Forms = {"other": value}
        elif isinstance(value, dict) and all(isinstance(v, str) for v in value.values()):
            unknown = sorted(set(value) - set(allowed))
            if unknown or "other" not in value:
                problems.append(
                    f"{where}: plural forms in {lang} are {', '.join(allowed)}"
                    f" (with 'other' always), not {', '.join(sorted(value))}"
                    if set(value) <= _ALL_CATEGORIES
                    else f"{where}: a message is a string or a table of plural forms"
                    f" ({', '.join(allowed)}); quote a key with dots in it"
                )
                continue
            forms = value
        else:
            problems.append(f"{where}: a message is a string or a table of plural forms")
            continue
        shapes = set()
        for category, template in forms.items():
            problem = template_problem(template)
            if problem is not None:
                label = where if len(forms) == 1 else f"{where} ({category})"
                problems.append(f"{label}: {problem}")
                break
            shapes.add(placeholders(template))
        else:
            if len(shapes) > 1:
                problems.append(f"{where}: its plural forms use different {{placeholders}}")
                continue
            file.messages[key] = forms
    return file


def _names(forms: Forms) -> frozenset[str]:
    """The parameters a message takes; ``{x_en}`` is the English form of the value ``{x}``."""
    return frozenset(
        name.removesuffix("_en") for template in forms.values() for name in placeholders(template)
    )


def _compare(source: _File, other: _File, problems: list[str], *, partial: bool) -> None:
    if not (source.parsed and other.parsed):
        return  # already reported; comparing with nothing would only repeat it per key
    for key, forms in other.messages.items():
        if key not in source.messages:
            if key in source.lines:
                continue  # already reported as broken in the source file
            problems.append(f"{other.where(key)}: no such key in {source.path}")
        elif _names(forms) != _names(source.messages[key]):
            theirs = ", ".join(sorted(_names(forms))) or "none"
            ours = ", ".join(sorted(_names(source.messages[key]))) or "none"
            problems.append(
                f"{other.where(key)}: placeholders {{{theirs}}} differ from {{{ours}}} in"
                f" {source.where(key)}"
            )
    if partial:
        return
    for key in source.messages:
        if key not in other.messages and key not in other.lines:
            problems.append(f"{source.where(key)}: missing from {other.path}")


def load_catalogue(folder: Traversable | None = None) -> Catalogue:
    """Read and check the catalogue files in ``folder`` (the bundled ``locales`` by default)."""
    root = folder if folder is not None else resources.files("locales")
    problems: list[str] = []
    simplified = _read(root / "zh-Hans.toml", "zh-Hans", problems)
    english = _read(root / "en.toml", "en", problems)
    overrides_path = root / "zh-Hant.toml"
    overrides = (
        _read(overrides_path, "zh-Hant", problems)
        if overrides_path.is_file()
        else _File(str(overrides_path), {}, {})
    )
    _compare(simplified, english, problems, partial=False)
    _compare(simplified, overrides, problems, partial=True)
    if problems:
        raise CatalogueError(problems)
    return Catalogue(simplified.messages, english.messages, overrides.messages)


@cache
def catalogue() -> Catalogue:
    """The bundled catalogue, loaded and checked on first use and then kept for the process."""
    return load_catalogue()


if __name__ == "__main__":  # ``python -m bot.catalogue [FOLDER]``: check a translator's files
    import sys
    from pathlib import Path

    try:
        checked = load_catalogue(Path(sys.argv[1]) if len(sys.argv) > 1 else None)
    except CatalogueError as error:
        sys.exit(str(error))
    print(f"{len(checked.message_keys())} keys in {len(LANGUAGES)} languages, all consistent")
