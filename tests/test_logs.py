from __future__ import annotations

import json
import logging

import pytest

from bot.logs import JsonFormatter, PlainFormatter, RedactingFilter, redact

TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0"


def _record(msg: str, *args: object, **extra: object) -> logging.LogRecord:
    record = logging.LogRecord("bot", logging.INFO, __file__, 1, msg, args, None)
    for key, value in extra.items():
        setattr(record, key, value)
    return record


def test_token_is_redacted_everywhere() -> None:
    url = f"https://api.telegram.org/bot{TOKEN}/getUpdates"
    assert TOKEN not in redact(url)
    record = _record("HTTP Request: POST %s", url)
    RedactingFilter().filter(record)
    assert TOKEN not in record.getMessage()
    assert TOKEN not in PlainFormatter().format(_record("x %s", TOKEN))
    assert TOKEN not in JsonFormatter().format(_record("x %s", TOKEN))


def test_json_lines_carry_structured_fields() -> None:
    line = JsonFormatter().format(_record("answered", update_id=7, user_id=42, latency_ms=3.5))
    entry = json.loads(line)
    assert entry["message"] == "answered"
    assert (entry["update_id"], entry["user_id"], entry["latency_ms"]) == (7, 42, 3.5)
    assert "\n" not in line


@pytest.mark.parametrize("fields", [{}, {"command": "/res"}])
def test_plain_lines_are_one_line(fields: dict[str, object]) -> None:
    line = PlainFormatter().format(_record("answered", **fields))
    assert "\n" not in line
    assert ("command=/res" in line) == bool(fields)
