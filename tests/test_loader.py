"""The loader, the validator and the JSON Schema: the bad-file corpus, round trips, safety."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import pickle
import random
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

import knowledge.loader as loader
from knowledge import models
from knowledge.codec import dump_yaml, to_data
from knowledge.errors import KnowledgeError as RootError
from knowledge.loader import (
    MAX_BYTES,
    MAX_DEPTH,
    KnowledgeError,
    KnowledgeValidationError,
    Problem,
    json_schema,
    load_knowledge_base,
    validate_knowledge_base,
)
from knowledge.models import (
    AgendaItem,
    Alias,
    BureauMember,
    Document,
    Footnote,
    GlossaryTerm,
    KnowledgeBase,
    Meeting,
    Paragraph,
    Procedure,
    Resolution,
    ResolutionSection,
    Segment,
    Session,
    SourceInfo,
    Speaker,
)
from knowledge.rules import label_ordinal
from knowledge.schema import iana_time_zone, record_fields, record_types

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(__file__).resolve().parent / "data" / "bad_kb"
MANIFEST: dict[str, dict[str, Any]] = yaml.safe_load((CORPUS / "expected.yaml").read_text())
BUNDLED = ROOT / "knowledge" / "data" / "cstd-23.yaml"
DOCS = ROOT / "docs" / "knowledge-base.md"
FORMATTED = re.compile(r"^(?P<file>[^:]+):(?P<line>[0-9]+):(?P<column>[0-9]+): (?P<path>\S+): .+$")


# --- Knowledge bases built in code ---------------------------------------------------------------


def _paragraph(pid: str, parent: str, kind: models.ParagraphKind, label: str, n: int) -> Paragraph:
    return Paragraph(pid, parent, kind, label, n, f"第{n}段的案文。")


def rich_kb() -> KnowledgeBase:
    """Every record type, and every optional field set somewhere."""
    r1 = Resolution(
        "R1",
        "resolution",
        1,
        "评估信息社会世界峰会成果落实和后续工作方面取得的进展",
        23,
        adopted_by="委员会以默许程序",
        adopted_on=dt.date(2020, 6, 9),
        intro="经济及社会理事会，",
        operative_intro="",
        sections=(ResolutionSection("互联网治理", ("R1.1", "R1.2")),),
        paragraphs=(
            _paragraph("R1.pre.1", "R1", "preamble", "", 1),
            _paragraph("R1.pre.2", "R1", "preamble", "", 2),
            _paragraph("R1.1", "R1", "operative", "1", 1),
            dataclasses.replace(
                _paragraph("R1.2", "R1", "operative", "2", 2),
                section="互联网治理",
                footnotes=(Footnote("¹", "A/73/798。"), Footnote("^a", "E/2020/31")),
            ),
            _paragraph("R1.2.a", "R1", "item", "(a)", 1),
            _paragraph("R1.2.b", "R1", "item", "(b)", 2),
        ),
        source=("P8",),
    )
    r2 = Resolution(
        "R2",
        "resolution",
        2,
        "科学、技术和创新促进发展",
        23,
        operative_intro="提出以下建议供各国政府审议：",
        paragraphs=(
            _paragraph("R2.pre.1", "R2", "preamble", "", 1),
            _paragraph("R2.a", "R2", "operative", "(a)", 1),
            _paragraph("R2.a.1", "R2", "item", "(一)", 1),
            _paragraph("R2.a.2", "R2", "item", "(二)", 2),
            _paragraph("R2.b", "R2", "operative", "(b)", 2),
            _paragraph("R2.b.1", "R2", "item", "(一)", 1),
        ),
    )
    d1 = Resolution(
        "D1",
        "decision",
        1,
        "科学和技术促进发展委员会第二十三届会议报告和第二十四届会议临时议程",
        23,
        paragraphs=(
            _paragraph("D1.a", "D1", "operative", "(a)", 1),
            _paragraph("D1.b", "D1", "operative", "(b)", 2),
        ),
    )
    return KnowledgeBase(
        schema_version=models.SCHEMA_VERSION,
        source=SourceInfo("E/2020/31", "委员会第二十三届会议报告", "zh", sha256="ab" * 32),
        sessions=(
            Session(
                "S23",
                "科学和技术促进发展委员会",
                "Commission on Science and Technology for Development",
                23,
                "held",
                start=dt.date(2020, 6, 10),
                end=dt.date(2020, 6, 12),
                timezone="Europe/Zurich",
                format="非正式虚拟会议",
                format_reason="由于冠状病毒病疫情",
                procedure=Procedure("2020/206", dt.date(2020, 5, 22), title="工作方法"),
                priority_themes=("利用科学、技术和创新缩小数字鸿沟", "人工智能"),
                meeting_count=3,
                agenda_adopted=False,
                agenda_note="议程未经正式通过。",
                source=("P16", "P18"),
            ),
            Session("S24", "科学和技术促进发展委员会", "Commission", 24, "planned"),
        ),
        agenda=(
            AgendaItem(
                "A23.3",
                23,
                "3",
                "优先主题",
                considered=True,
                meetings=("M2",),
                documents=("E/CN.16/2020/2", "E/CN.16/2020/3/Amend.1"),
                document_notes=("秘书长的报告",),
                action="委员会审议了议程项目 3。",
                source=("AX2.3",),
            ),
            AgendaItem("A23.3a", 23, "3(a)", "数字时代的技术创新", parent="A23.3"),
            AgendaItem("A24.3", 24, "3", "优先主题", provisional=True, considered=False),
        ),
        bureau=(
            BureauMember(
                "B24.chair",
                24,
                "chair",
                "elected",
                name="彼得·毛约尔",
                name_en="Peter Major",
                country="匈牙利",
                region="东欧国家",
                elected_by="默许程序",
                elected_on=dt.date(2020, 6, 12),
                note="",
                source=("P17",),
            ),
            BureauMember("B24.vc3", 24, "vice-chair", "postponed", region="亚洲-太平洋国家"),
            BureauMember("B24.rapporteur", 24, "rapporteur", "postponed"),
        ),
        meetings=(
            Meeting(
                "M2",
                23,
                2,
                dt.date(2020, 6, 11),
                format="虚拟",
                agenda_items=("A23.3", "A23.3a"),
                presided_by="副主席",
                opened_by="主席",
                start=dt.time(13, 0),
                end=dt.time(15, 30),
                link="https://example.org/m2",
                cancelled=False,
                segments=(
                    Segment(
                        "round table",
                        "数字时代的技术创新",
                        agenda_item="A23.3a",
                        presided_by="副主席",
                        source="AX2.5",
                    ),
                ),
                speakers=(
                    Speaker(
                        "某某",
                        role="代表",
                        organization="贸发会议",
                        country="比利时",
                        segment="round table",
                        source="AX2.6",
                    ),
                ),
                source=("AX2.4",),
            ),
            Meeting("M3", 23, 3, dt.date(2020, 6, 12), cancelled=True),
        ),
        resolutions=(r1, r2, d1),
        paragraphs=(
            dataclasses.replace(
                _paragraph("P1", "report", "report", "1", 1), chapter="第一章", section="A."
            ),
            _paragraph("P2", "report", "report", "2", 2),
            _paragraph("AX2.1", "annex2", "annex", "1", 1),
            _paragraph("SUM1", "summary", "summary", "", 1),
        ),
        documents=(
            Document(
                "E/CN.16/2020/2",
                23,
                "秘书长的报告",
                agenda_item="3(a)",
                note="https://unctad.org",
                symbols=("E/CN.16/2020/2",),
            ),
            Document(
                "E/CN.16/2020/3",
                23,
                "秘书长的报告",
                agenda_item="3",
                symbols=("E/CN.16/2020/3", "E/CN.16/2020/3/Amend.1"),
            ),
        ),
        aliases=(Alias("country", "匈牙利", ("Hungary",)),),
        glossary=(GlossaryTerm("信息社会世界峰会", ("World Summit on the Information Society",)),),
    )


def minimal_kb() -> KnowledgeBase:
    return KnowledgeBase(
        schema_version=models.SCHEMA_VERSION,
        source=SourceInfo("E/2020/31", "报告", "zh"),
        sessions=(Session("S23", "委员会", "Commission", 23, "held"),),
    )


# --- Round trip ----------------------------------------------------------------------------------


def test_round_trip_of_a_knowledge_base_with_every_record_type() -> None:
    kb = rich_kb()
    assert validate_knowledge_base(dump_yaml(kb)) == []
    assert load_knowledge_base(dump_yaml(kb)) == kb


def test_round_trip_of_a_minimal_knowledge_base_and_of_bytes_with_a_header() -> None:
    kb = minimal_kb()
    text = dump_yaml(kb, header="Generated.\n\nEdit with care.")
    assert text.startswith("# Generated.\n#\n")
    assert load_knowledge_base(text.encode("utf-8")) == kb


def test_nested_paragraphs_get_their_resolution_as_parent() -> None:
    text = dump_yaml(rich_kb())
    assert "parent: R1" not in text  # the codec leaves it out …
    kb = load_knowledge_base(text)
    r1 = kb.resolution("R1")
    assert r1 is not None
    assert {p.parent for p in r1.paragraphs} == {"R1"}  # … and the loader puts it back
    item = kb.get("R2.a.2")
    assert isinstance(item, Paragraph) and item.parent == "R2"


def test_a_utf8_byte_order_mark_is_accepted() -> None:
    text = dump_yaml(minimal_kb())
    assert load_knowledge_base(b"\xef\xbb\xbf" + text.encode()) == minimal_kb()
    assert load_knowledge_base("\ufeff" + text) == minimal_kb()


def test_unquoted_times_and_a_small_anchor_are_read_as_meant() -> None:
    text = (CORPUS / "base.yaml").read_text()
    text = text.replace("  start: '10:00'", "  start: 9:30").replace(
        "  end: '13:00'", "  end: 13:00"
    )
    text = text.replace("  documents: [E/CN.16/2020/2]", "  documents: &docs [E/CN.16/2020/2]")
    text = text.replace("  agenda_item: 3(a)", "  agenda_item: 3(a)\n  symbols: *docs")
    kb = load_knowledge_base(text)
    meeting = kb.get("M2")
    assert isinstance(meeting, Meeting)
    assert (meeting.start, meeting.end) == (dt.time(9, 30), dt.time(13, 0))
    assert kb.documents[0].symbols == kb.agenda[0].documents == ("E/CN.16/2020/2",)


def test_geneva_is_accepted_as_the_name_people_use_for_swiss_time() -> None:
    kb = minimal_kb()
    assert kb.sessions[0].timezone == "Europe/Geneva"  # the models' default
    assert load_knowledge_base(dump_yaml(kb)) == kb
    assert iana_time_zone("Europe/Geneva") == "Europe/Zurich"
    assert iana_time_zone("Europe/Zurich") == "Europe/Zurich"
    assert iana_time_zone("../../etc/passwd") is None


# --- The corpus of bad files ---------------------------------------------------------------------


def test_the_base_of_the_corpus_is_valid() -> None:
    kb = load_knowledge_base((CORPUS / "base.yaml").read_bytes())
    assert kb.get("R1.2.a") is not None


def test_every_corpus_file_is_in_the_manifest() -> None:
    files = {p.name for p in CORPUS.iterdir()} - {"base.yaml", "expected.yaml"}
    assert files == set(MANIFEST)
    assert len(MANIFEST) >= 40


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_corpus_file_reports_its_problem_on_its_line(name: str) -> None:
    expected = MANIFEST[name]
    data = (CORPUS / name).read_bytes()
    problems = validate_knowledge_base(data)
    assert problems, f"{name} was accepted"
    shown = "\n".join(p.format(name) for p in problems)
    assert any(
        p.line == expected["line"] and expected["message"] in p.message for p in problems
    ), f"expected line {expected['line']}: {expected['message']!r}; got\n{shown}"
    assert problems == sorted(problems, key=lambda p: (p.line, p.column, p.path, p.message))
    with pytest.raises(KnowledgeValidationError) as caught:
        load_knowledge_base(data)
    assert list(caught.value.problems) == problems


def test_the_pure_python_parser_reports_the_same_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "_Parser", yaml.SafeLoader)
    for name, expected in MANIFEST.items():
        problems = validate_knowledge_base((CORPUS / name).read_bytes())
        assert any(
            p.line == expected["line"] and expected["message"] in p.message for p in problems
        ), name


def test_a_problem_formats_as_file_line_column_path_message() -> None:
    problems = validate_knowledge_base((CORPUS / "bad-enum.yaml").read_bytes())
    line = problems[0].format("bad-enum.yaml")
    match = FORMATTED.match(line)
    assert match is not None, line
    assert match["file"] == "bad-enum.yaml"
    assert (int(match["line"]), int(match["column"])) == (12, 11)
    assert match["path"] == "sessions[0].status"
    assert line.endswith(': "hled" is not one of: held, planned (did you mean "held"?)')
    whole_file = validate_knowledge_base(b"")[0].format("empty.yaml")
    assert whole_file == "empty.yaml:1:1: -: the file is empty"


def test_all_problems_are_reported_in_line_order() -> None:
    text = (CORPUS / "base.yaml").read_text()
    text = text.replace("  status: held", "  status: hled")  # line 12
    text = text.replace("  meetings: [M2]", "  meetings: [M9]")  # line 21
    text = text.replace("  date: 2020-06-11", "  date: 2020-06-31")  # line 32
    text = text.replace("  title: 秘书长的报告", "  titel: 秘书长的报告")  # line 71
    with pytest.raises(KnowledgeValidationError) as caught:
        load_knowledge_base(text)
    error = caught.value
    assert [(p.line, p.path) for p in error.problems] == [
        (12, "sessions[0].status"),
        (21, "agenda[0].meetings[0]"),
        (32, "meetings[0].date"),
        (69, "documents[0]"),  # the document now lacks its title …
        (71, "documents[0].titel"),  # … because of the misspelt key
    ]
    assert isinstance(error, KnowledgeError) and isinstance(error, RootError)
    assert str(error).startswith('line 12, column 11: sessions[0].status: "hled"')
    assert "(and 2 more problems)" in str(error)
    formatted = error.format("kb.yaml", limit=2).splitlines()
    assert formatted[0].startswith("kb.yaml:12:11: sessions[0].status: ")
    assert formatted[-1] == "… and 3 more problems"
    assert pickle.loads(pickle.dumps(error)).problems == error.problems


# --- Generated bad input: too deep, too large, not text ------------------------------------------

DEEP = 50_000


@pytest.mark.parametrize(
    ("text", "line"),
    [
        pytest.param("[" * DEEP + "]" * DEEP, 1, id="flow-lists"),
        pytest.param("- " * DEEP + "x\n", 1, id="block-lists"),
        pytest.param("{a: " * DEEP + "1" + "}" * DEEP + "\n", 1, id="flow-mappings"),
        pytest.param("schema_version: 1\nsessions: " + "[" * DEEP + "]" * DEEP, 2, id="in-a-kb"),
        pytest.param(
            "".join(" " * i + "a:\n" for i in range(2_000)), MAX_DEPTH + 1, id="indented"
        ),
    ],
)
def test_deep_nesting_is_rejected(text: str, line: int) -> None:
    # how long it takes is measured by bench/validate.py, not here
    problems = validate_knowledge_base(text)
    assert [(p.line, p.message) for p in problems] == [
        (line, f"nested too deeply (more than {MAX_DEPTH} levels)")
    ]


def test_deep_nesting_is_rejected_by_the_pure_python_parser(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(loader, "_Parser", yaml.SafeLoader)
    for text in ("[" * DEEP + "]" * DEEP, "- " * DEEP + "x\n"):
        problems = validate_knowledge_base(text)
        assert [p.message for p in problems] == [
            f"nested too deeply (more than {MAX_DEPTH} levels)"
        ]


class _NoParsing:
    """A parser that must not be reached."""

    def __init__(self, *_: object) -> None:
        raise AssertionError("parsed a file over the size limit")


def test_a_file_over_the_size_limit_is_rejected_before_parsing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = (CORPUS / "base.yaml").read_text()
    big = text + "#" * (MAX_BYTES - len(text.encode()) + 1)
    with monkeypatch.context() as patched:
        patched.setattr(loader, "_Parser", _NoParsing)
        for data in (big, big.encode()):
            problems = validate_knowledge_base(data)
            assert [(p.line, p.column, p.path) for p in problems] == [(1, 1, "-")]
            assert problems[0].message == (
                f"the file is {MAX_BYTES + 1:,} bytes; the limit is {MAX_BYTES:,} bytes (5 MB)"
            )
    for data in (big, big.encode()):
        problems = validate_knowledge_base(data)
        assert [(p.line, p.column, p.path) for p in problems] == [(1, 1, "-")]
        assert problems[0].message == (
            f"the file is {MAX_BYTES + 1:,} bytes; the limit is {MAX_BYTES:,} bytes (5 MB)"
        )
    # The limit counts bytes, not characters: 2,000,000 CJK characters are 6,000,000 bytes.
    assert validate_knowledge_base("中" * 2_000_000)[0].message.startswith("the file is 6,000,000")
    # A caller may lower it.
    assert validate_knowledge_base(text, max_bytes=100)[0].message.startswith("the file is")
    assert validate_knowledge_base(text, max_bytes=len(text.encode())) == []


def test_a_file_of_too_many_values_is_rejected() -> None:
    problems = validate_knowledge_base("[" + "1, " * 300_000 + "1]")
    assert len(problems) == 1
    assert "more than 200,000 values" in problems[0].message


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        pytest.param("".join(f"key{i}: 1\n" for i in range(1_500)), "unknown key", id="keys"),
        pytest.param(
            "resolutions:\n- id: R1\n  kind: resolution\n  number: 1\n  title: t\n  session: 23\n"
            "  sections:\n  - title: t\n    paragraphs: ["
            + ", ".join(f"R1.{i}" for i in range(1, 3_000))
            + "]\n  paragraphs:\n"
            + "".join(
                f"  - {{id: R1.pre.{i}, kind: preamble, label: '', number: {i}, text: t}}\n"
                for i in range(1, 3_000)
            ),
            'no paragraph "R1.',
            id="references",
        ),
    ],
)
def test_a_flood_of_problems_stops_at_the_limit(extra: str, message: str) -> None:
    text = dump_yaml(minimal_kb()) + extra
    problems = validate_knowledge_base(text)  # its time: bench/validate.py
    assert len(problems) == loader.MAX_PROBLEMS + 1
    assert sum(message in p.message for p in problems) == loader.MAX_PROBLEMS
    assert sum("stopped after 1000 problems" in p.message for p in problems) == 1


def test_input_that_is_not_text_is_a_problem_not_a_crash() -> None:
    problems = validate_knowledge_base(12345)  # type: ignore[arg-type]
    assert [p.message for p in problems] == ["expected the text of a YAML file, not int"]
    assert validate_knowledge_base("a: '\ud800'")[0].message == (
        "character U+D800 is not allowed in a YAML file"
    )


def test_damaged_files_only_ever_raise_knowledge_errors() -> None:
    """Truncations and byte flips of a valid file: every outcome is a list of problems."""
    original = dump_yaml(rich_kb()).encode()
    rng = random.Random(20200610)
    variants = [original[: rng.randrange(len(original))] for _ in range(150)]
    for _ in range(150):
        damaged = bytearray(original)
        for _ in range(rng.randint(1, 4)):
            damaged[rng.randrange(len(damaged))] = rng.choice(b":-[]{}&*!|>'\"#%@`\t\n ab1\xff")
        variants.append(bytes(damaged))
    rejected = 0
    for data in variants:
        problems = validate_knowledge_base(data)
        assert all(isinstance(p, Problem) and p.line >= 1 and p.column >= 1 for p in problems)
        try:
            load_knowledge_base(data)
        except KnowledgeValidationError as exc:
            assert list(exc.problems) == problems
            rejected += 1
    assert rejected > len(variants) // 2


# --- The schema ----------------------------------------------------------------------------------


def test_labels_stand_for_their_ordinals() -> None:
    cases = {"24": 24, "(a)": 1, "(d)": 4, "(三)": 3, "（十二）": 12, "(二十八)": 28, "十": 10}
    assert {label: label_ordinal(label) for label in cases} == cases
    assert label_ordinal("(二三)") is None
    assert label_ordinal("第一") is None


def test_json_schema_is_json_and_names_every_top_level_key() -> None:
    schema = json.loads(json.dumps(json_schema()))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    top_level = [f.name for f in dataclasses.fields(KnowledgeBase) if f.init]
    assert list(schema["properties"]) == top_level
    assert schema["required"] == ["schema_version", "source", "sessions"]
    assert schema["additionalProperties"] is False
    assert schema["properties"]["sessions"]["minItems"] == 1
    model_classes = {
        obj.__name__
        for obj in vars(models).values()
        if isinstance(obj, type) and dataclasses.is_dataclass(obj) and obj is not KnowledgeBase
    }
    assert model_classes <= set(schema["$defs"])
    for ref in re.findall(r'"\$ref": "#/\$defs/(\w+)"', json.dumps(schema)):
        assert ref in schema["$defs"]
    nested = schema["$defs"]["ResolutionParagraph"]
    assert "parent" in nested["properties"] and "parent" not in nested["required"]
    assert "parent" in schema["$defs"]["Paragraph"]["required"]


def test_json_schema_follows_the_models() -> None:
    schema = json_schema()
    for record_type in record_types()[1:]:
        definition = schema["$defs"][record_type.name]
        fields = record_fields(record_type.cls, record_type.in_resolution)
        assert list(definition["properties"]) == [spec.name for spec in fields]
    paragraph_id = re.compile(schema["$defs"]["Paragraph"]["properties"]["id"]["pattern"])
    for good in (
        "R1.24",
        "R1.pre.5",
        "R1.84.a",
        "R2.a",
        "R2.a.3",
        "D1.b",
        "P12",
        "AX2.13",
        "SUM3",
    ):
        assert paragraph_id.match(good), good
    for bad in ("R1", "R1-24", "P", "AX2", "R1.pre", "r1.2", "R1.24 "):
        assert not paragraph_id.match(bad), bad


def test_json_schema_accepts_what_the_loader_accepts_and_rejects_what_it_rejects() -> None:
    schema = json_schema()
    data = _json_data(to_data(rich_kb()))
    assert _schema_errors(data, schema, schema) == []
    broken = json.loads(json.dumps(data))
    broken["sessions"][0]["status"] = "hled"
    broken["meetings"][0]["start"] = "25:00"
    broken["agenda"][0]["titel"] = broken["agenda"][0].pop("title")
    broken["resolutions"][0]["paragraphs"][0]["id"] = "R1-pre-1"
    del broken["source"]
    errors = _schema_errors(broken, schema, schema)
    assert sorted(errors) == sorted(
        [
            "$: missing source",
            "$.sessions[0].status: not in enum",
            "$.meetings[0].start: no option",
            "$.agenda[0]: unknown titel",
            "$.agenda[0]: missing title",
            "$.resolutions[0].paragraphs[0].id: pattern",
        ]
    )


def _json_data(value: Any) -> Any:
    """Plain data as an editor sees the YAML: dates are strings."""
    if isinstance(value, dict):
        return {key: _json_data(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_json_data(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _schema_errors(
    value: Any, schema: dict[str, Any], root: dict[str, Any], at: str = "$"
) -> list[str]:
    """The subset of JSON Schema the exported schema uses, enough to check it means what the
    loader means (no JSON Schema library is a dependency)."""
    if "$ref" in schema:
        return _schema_errors(value, root["$defs"][schema["$ref"].split("/")[-1]], root, at)
    if "anyOf" in schema:
        options = [_schema_errors(value, option, root, at) for option in schema["anyOf"]]
        return [] if any(not errors for errors in options) else [f"{at}: no option"]
    kinds = {"object": dict, "array": list, "string": str, "integer": int, "boolean": bool}
    kind = schema.get("type")
    if kind == "null":
        return [] if value is None else [f"{at}: not null"]
    if kind is not None and not isinstance(value, kinds[kind]):
        return [f"{at}: not {kind}"]
    if kind == "integer" and isinstance(value, bool):
        return [f"{at}: not integer"]
    errors: list[str] = []
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{at}: not in enum")
    if "pattern" in schema and not re.search(schema["pattern"], value):
        errors.append(f"{at}: pattern")
    if "minimum" in schema and value < schema["minimum"]:
        errors.append(f"{at}: minimum")
    if kind == "array":
        if len(value) < schema.get("minItems", 0):
            errors.append(f"{at}: minItems")
        for index, item in enumerate(value):
            errors += _schema_errors(item, schema["items"], root, f"{at}[{index}]")
    if kind == "object":
        properties = schema["properties"]
        errors += [f"{at}: missing {key}" for key in schema["required"] if key not in value]
        for key, item in value.items():
            if key not in properties:
                errors.append(f"{at}: unknown {key}")
            else:
                errors += _schema_errors(item, properties[key], root, f"{at}.{key}")
    return errors


def test_the_documentation_names_every_key_of_every_record() -> None:
    text = DOCS.read_text()
    for record_type in record_types():
        for spec in record_fields(record_type.cls, record_type.in_resolution):
            assert f"`{spec.name}`" in text, f"{record_type.name}.{spec.name} is not documented"


# --- The bundled knowledge base ------------------------------------------------------------------


def test_the_bundled_knowledge_base_loads_and_validates() -> None:
    data = BUNDLED.read_bytes()
    problems = validate_knowledge_base(data)
    assert problems == [], "\n".join(p.format(BUNDLED.name) for p in problems[:20])
    kb = load_knowledge_base(data)
    assert kb.current_session.id == "S23"
    assert load_knowledge_base(dump_yaml(kb)) == kb
