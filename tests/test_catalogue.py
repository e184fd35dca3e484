"""The catalogue files: loaded and checked once, with errors that name the file, line and key."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest

from bot import cli, i18n
from bot.app import build_application
from bot.catalogue import (
    LANGUAGES,
    CatalogueError,
    catalogue,
    html_problem,
    load_catalogue,
    plural_category,
    traditional,
)
from bot.config import Settings
from tests.support.fake_bot_api import parse_html

BUNDLED = Path(str(resources.files("locales")))


@pytest.fixture
def locales(tmp_path: Path) -> Path:
    """A copy of the bundled catalogue files to break."""
    for name in ("zh-Hans.toml", "en.toml", "zh-Hant.toml"):
        shutil.copy(BUNDLED / name, tmp_path / name)
    return tmp_path


def edit(path: Path, old: str, new: str) -> int:
    """Replace ``old`` (which must occur once) with ``new``; the line number it was on."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def problems(folder: Path) -> tuple[str, ...]:
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(folder)
    assert str(caught.value).startswith("the message catalogue is broken:")
    return caught.value.problems


def test_the_bundled_catalogue_is_consistent() -> None:
    loaded = load_catalogue(BUNDLED)
    assert len(loaded.message_keys()) > 500
    assert loaded.message_keys() == catalogue().message_keys() == i18n.catalogue_keys()
    english = (BUNDLED / "en.toml").read_text(encoding="utf-8")
    simplified = (BUNDLED / "zh-Hans.toml").read_text(encoding="utf-8")
    for key in loaded.message_keys():
        assert f'"{key}"' in english and f'"{key}"' in simplified, key


def test_the_catalogue_is_loaded_once_per_process(monkeypatch: pytest.MonkeyPatch) -> None:
    i18n.check_catalogue()
    loaded = catalogue()

    def read_again(folder: object = None) -> None:
        raise AssertionError("the catalogue files were read a second time")

    monkeypatch.setattr("bot.catalogue.load_catalogue", read_again)
    i18n.check_catalogue()
    assert catalogue() is loaded
    assert i18n.t("en", "res.title") == "<b>Resolutions and decisions</b>"
    assert i18n.plain("zh-Hant", "cmd.start") == "開始"


@pytest.fixture
def broken_catalogue(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The bundled catalogue as if a translator had broken it (reloaded afterwards)."""
    problem = "locales/en.toml, line 3, key 'start.try': <i> is never closed"

    def broken(folder: object = None) -> None:
        raise CatalogueError([problem])

    monkeypatch.setattr("bot.catalogue.load_catalogue", broken)
    catalogue.cache_clear()
    yield problem
    monkeypatch.undo()
    catalogue.cache_clear()


def test_a_broken_catalogue_stops_the_start(broken_catalogue: str, tmp_path: Path) -> None:
    with pytest.raises(CatalogueError, match=r"key 'start\.try'"):
        build_application(Settings(db_path=tmp_path / "bot.sqlite3"))


def test_a_broken_catalogue_stops_the_command_line_with_the_problem(
    broken_catalogue: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("DELEGATE_BOT_DB", str(tmp_path / "bot.sqlite3"))
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert cli.main(["console", "--log", str(tmp_path / "log.txt")]) == 2
    assert capsys.readouterr().err == (
        f"delegate-bot: the message catalogue is broken:\n{broken_catalogue}\n"
    )


def test_the_files_are_installed_with_the_package() -> None:
    pyproject = (BUNDLED.parent / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'^locales = \["\*\.toml"\]$', pyproject, re.MULTILINE)
    assert '"locales*"' in pyproject
    assert "COPY locales ./locales" in (BUNDLED.parent / "Dockerfile").read_text()


def test_a_key_missing_in_english_is_named_with_its_line(locales: Path) -> None:
    line = edit(locales / "en.toml", '"cmd.bureau" = "The officers (bureau)"\n', "")
    zh_line = next(
        n
        for n, text in enumerate((locales / "zh-Hans.toml").read_text().splitlines(), start=1)
        if text.startswith('"cmd.bureau"')
    )
    assert line > 1
    assert problems(locales) == (
        f"{locales / 'zh-Hans.toml'}, line {zh_line}, key 'cmd.bureau': missing from"
        f" {locales / 'en.toml'}",
    )


def test_a_key_only_in_english_is_refused(locales: Path) -> None:
    line = edit(locales / "en.toml", '"cmd.start" = "Start"', '"cmd.stat" = "Start"')
    found = problems(locales)
    assert f"{locales / 'en.toml'}, line {line}, key 'cmd.stat': no such key in" in found[0]
    assert "key 'cmd.start': missing from" in found[1]


def test_placeholders_must_agree_across_languages(locales: Path) -> None:
    line = edit(
        locales / "en.toml",
        '"meetings.no_meeting" = "There is no meeting {number}."',
        '"meetings.no_meeting" = "There is no meeting {numbr}."',
    )
    (problem,) = problems(locales)
    assert problem.startswith(
        f"{locales / 'en.toml'}, line {line}, key 'meetings.no_meeting': placeholders {{numbr}}"
        " differ from {number} in "
    )


@pytest.mark.parametrize(
    ("old", "new", "reason"),
    [
        ('"help.title" = "<b>Commands</b>"', '"help.title" = "<b>C"', "<b> is never closed"),
        ('"help.title" = "<b>Commands</b>"', '"help.title" = "<div>C</div>"', "no tag <div>"),
        ('"help.title" = "<b>Commands</b>"', '"help.title" = "<b>Q&A</b>"', "a bare &"),
        ('"help.title" = "<b>Commands</b>"', '"help.title" = "<b>1 < 2</b>"', "a bare <"),
        ('"help.title" = "<b>Commands</b>"', '"help.title" = "<b><i>C</b></i>"', "</b> comes"),
        ('"page.prev" = "◀"', '"page.prev" = "{"', "Single '{'"),
        ('"page.prev" = "◀"', '"page.prev" = "{0}"', "{0} is not a plain {name} field"),
        (
            '"meeting.label" = "Meeting {number}"',
            '"meeting.label" = "Meeting {number.__class__}"',
            "is not a plain {name} field",
        ),
        (
            '"meeting.label" = "Meeting {number}"',
            '"meeting.label" = "Meeting {number!r}"',
            "may not carry a conversion or format spec",
        ),
    ],
)
def test_a_broken_template_is_named_with_file_line_and_key(
    locales: Path, old: str, new: str, reason: str
) -> None:
    line = edit(locales / "en.toml", old, new)
    key = old.split('"')[1]
    found = problems(locales)
    assert found[0].startswith(f"{locales / 'en.toml'}, line {line}, key '{key}': "), found
    assert reason in found[0]


def test_broken_toml_names_the_file_and_the_line(locales: Path) -> None:
    line = edit(locales / "zh-Hans.toml", '"cmd.start" = "开始"', '"cmd.start" = "开始')
    (problem,) = problems(locales)
    assert problem.startswith(f"{locales / 'zh-Hans.toml'}: not valid TOML: ")
    assert f"line {line}" in problem


def test_every_problem_is_reported_at_once(locales: Path) -> None:
    edit(locales / "en.toml", '"help.title" = "<b>Commands</b>"', '"help.title" = "<b>"')
    edit(locales / "zh-Hans.toml", '"page.prev" = "◀"', '"page.prev" = "◀ {x}"')
    found = problems(locales)
    assert any("key 'help.title'" in p and "never closed" in p for p in found)
    assert any("key 'page.prev'" in p and "placeholders" in p for p in found)


def test_plural_forms_are_checked(locales: Path) -> None:
    line = edit(locales / "en.toml", '"cmd.start" = "Start"', '"cmd.start".few = "Start"')
    assert "plural forms in en are one, other" in problems(locales)[0]
    assert f"line {line}, key 'cmd.start'" in problems(locales)[0]

    edit(locales / "en.toml", '"cmd.start".few = "Start"', '"cmd.start".one = "Start"')
    assert "(with 'other' always)" in problems(locales)[0]

    edit(locales / "en.toml", '"cmd.start".one = "Start"', '"cmd.start" = "Start"')
    edit(locales / "zh-Hans.toml", '"cmd.start" = "开始"', '"cmd.start" = { one = "开始" }')
    assert "plural forms in zh-Hans are other" in problems(locales)[0]


def test_plural_forms_of_one_message_take_the_same_placeholders(locales: Path) -> None:
    edit(
        locales / "en.toml",
        '"cmd.start" = "Start"',
        '"cmd.start".one = "Start {x}"\n"cmd.start".other = "Start"',
    )
    assert "its plural forms use different {placeholders}" in problems(locales)[0]


def test_a_bare_dotted_key_is_refused_with_advice(locales: Path) -> None:
    edit(locales / "en.toml", '"cmd.start" = "Start"', 'cmd.start = "Start"')
    found = problems(locales)
    assert any("key 'cmd'" in p and "quote a key with dots in it" in p for p in found)


def test_a_missing_file_is_named(locales: Path) -> None:
    (locales / "en.toml").unlink()
    assert problems(locales)[0].startswith(f"{locales / 'en.toml'}: cannot be read")


def test_the_traditional_overrides_file_is_optional(locales: Path) -> None:
    (locales / "zh-Hant.toml").unlink()
    assert load_catalogue(locales).overrides() == {}


# == zh-Hant: generated, with per-key overrides ===============================================


def test_traditional_is_generated_from_simplified_where_not_overridden() -> None:
    loaded = catalogue()
    for key in loaded.message_keys():
        if key not in loaded.overrides():
            expected = {c: traditional(text) for c, text in loaded.forms("zh-Hans", key).items()}
            assert loaded.forms("zh-Hant", key) == expected, key


def test_an_override_wins_over_the_generated_text(locales: Path) -> None:
    with (locales / "zh-Hant.toml").open("a", encoding="utf-8") as file:
        file.write('"cmd.help" = "全部指令和範例"\n')
    loaded = load_catalogue(locales)
    assert loaded.template("zh-Hant", "cmd.help") == "全部指令和範例"
    assert catalogue().template("zh-Hant", "cmd.help") == "全部命令和示例"
    assert loaded.template("zh-Hans", "cmd.help") == "全部命令和示例"
    assert loaded.template("zh-Hant", "cmd.start") == "開始"


def test_every_bundled_override_is_a_simplified_key_with_its_placeholders() -> None:
    loaded = catalogue()
    for key, forms in loaded.overrides().items():
        assert key in loaded.message_keys(), key
        assert loaded.forms("zh-Hant", key) == forms
        (ours,) = forms.values()
        (theirs,) = loaded.forms("zh-Hans", key).values()
        assert i18n.placeholders(key)[0] == set(re.findall(r"\{(\w+)\}", ours)), key
        assert set(re.findall(r"\{(\w+)\}", theirs)) == set(re.findall(r"\{(\w+)\}", ours))


@pytest.mark.parametrize(
    ("key", "params", "right"),
    [
        ("insights.privacy", {"days": 30}, "30 天後刪除"),  # not 天后, the goddess
        ("notice.need_time", {}, "請回覆這條預覽"),  # to reply, not 回復 (to restore)
        ("notice.problem.no_time", {"notice": 3}, "請回覆預覽"),
    ],
)
def test_the_traditional_wording_the_conversion_gets_wrong_is_corrected(
    key: str, params: dict[str, object], right: str
) -> None:
    assert right in i18n.plain("zh-Hant", key, **params)
    assert key in catalogue().overrides()
    every = "".join(i18n._template("zh-Hant", k) for k in i18n.catalogue_keys())
    assert "天后" not in every and "回復" not in every


def test_an_override_of_an_unknown_key_is_refused(locales: Path) -> None:
    with (locales / "zh-Hant.toml").open("a", encoding="utf-8") as file:
        file.write('\n"cmd.helps" = "全部指令"\n')
    (problem,) = problems(locales)
    assert problem.startswith(f"{locales / 'zh-Hant.toml'}, line ")
    assert f"key 'cmd.helps': no such key in {locales / 'zh-Hans.toml'}" in problem


def test_an_override_must_keep_the_placeholders(locales: Path) -> None:
    with (locales / "zh-Hant.toml").open("a", encoding="utf-8") as file:
        file.write('\n"meeting.label" = "第 {n} 次會議"\n')
    (problem,) = problems(locales)
    assert "key 'meeting.label': placeholders {n} differ from {number}" in problem


# == the HTML check agrees with the Telegram parser of the tests ================================


@pytest.mark.parametrize(
    "text",
    ["<b>x</b>", 'a <a href="https://x.org">b</a>', "&lt;b&gt; &amp; &#9731;", "<b><i>x</i></b>"],
)
def test_valid_html_passes(text: str) -> None:
    assert html_problem(text) is None
    parse_html(text)


@pytest.mark.parametrize("text", ["<b>x", "x</b>", "<p>x</p>", "a & b", "1 < 2", "2 > 1"])
def test_invalid_html_is_named(text: str) -> None:
    assert html_problem(text) is not None


def test_every_language_has_a_plural_rule() -> None:
    assert [plural_category(lang, 1) for lang in LANGUAGES] == ["other", "other", "one"]
    assert [plural_category("en", n) for n in (0, 2, 11, 21, "1", None)] == ["other"] * 6


def test_the_checker_runs_from_the_command_line(locales: Path) -> None:
    ok = subprocess.run(
        [sys.executable, "-m", "bot.catalogue", str(locales)], capture_output=True, text=True
    )
    assert ok.returncode == 0 and "keys in 3 languages" in ok.stdout
    edit(locales / "en.toml", '"help.title" = "<b>Commands</b>"', '"help.title" = "<b>"')
    broken = subprocess.run(
        [sys.executable, "-m", "bot.catalogue", str(locales)], capture_output=True, text=True
    )
    assert broken.returncode == 1 and "key 'help.title': <b> is never closed" in broken.stderr
