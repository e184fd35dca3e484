from __future__ import annotations

import dataclasses
import datetime as dt
import zoneinfo
from pathlib import Path

import pytest

import knowledge
from bot.config import (
    ConfigError,
    Settings,
    bundled_kb_path,
    format_duration,
    load_timezone,
    parse_duration,
)

TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawQ"
SECRET = "s3cr3t-webhook_TOKEN"


def test_defaults_without_any_variable() -> None:
    settings = Settings.from_env({})

    assert settings.telegram_token is None
    assert settings.api_base_url == "https://api.telegram.org/bot"
    assert settings.api_file_url == "https://api.telegram.org/file/bot"
    assert settings.db_path == Path("data/delegate-bot.sqlite3")
    assert settings.kb_path is None
    assert settings.knowledge_base_path == bundled_kb_path()
    assert settings.admins == frozenset()
    assert settings.secretariat == frozenset()
    # Geneva keeps Swiss time; IANA's zone for it is Europe/Zurich (it has no Europe/Geneva).
    assert settings.timezone == "Europe/Zurich"
    assert settings.tz == zoneinfo.ZoneInfo("Europe/Zurich")
    assert settings.log_format == "plain"
    assert settings.log_level == "INFO"
    assert settings.max_upload_bytes == 5_000_000
    assert settings.send_rate == 25.0
    assert settings.reminder_leads == (dt.timedelta(hours=24), dt.timedelta(minutes=15))
    assert settings.notice_grace == dt.timedelta(hours=2)
    assert settings.webhook_url is None
    assert settings.webhook_secret is None
    assert settings.uses_webhook is False
    assert settings.webhook_listen == "0.0.0.0"
    assert settings.webhook_port == 8443
    assert settings.health_file == Path("data/health.json")
    assert settings.insights_days == 30


def test_empty_values_take_the_defaults() -> None:
    settings = Settings.from_env({"DELEGATE_BOT_TZ": "", "DELEGATE_BOT_DB": "  "})
    assert settings.timezone == "Europe/Zurich"
    assert settings.db_path == Path("data/delegate-bot.sqlite3")


def test_every_variable_read(tmp_path: Path) -> None:
    kb = tmp_path / "kb.yaml"
    kb.write_text("session: {}\n", encoding="utf-8")
    settings = Settings.from_env(
        {
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": "http://127.0.0.1:8081/bot",
            "TELEGRAM_API_FILE_URL": "http://127.0.0.1:8081/file/bot",
            "DELEGATE_BOT_DB": str(tmp_path / "state" / "bot.sqlite3"),
            "DELEGATE_BOT_KB": str(kb),
            "DELEGATE_BOT_ADMINS": " 11, 22 ,33,",
            "DELEGATE_BOT_SECRETARIAT": "44",
            "DELEGATE_BOT_TZ": "America/New_York",
            "DELEGATE_BOT_LOG_FORMAT": "JSON",
            "DELEGATE_BOT_LOG_LEVEL": "debug",
            "DELEGATE_BOT_MAX_UPLOAD_BYTES": "2MB",
            "DELEGATE_BOT_SEND_RATE": "12.5",
            "DELEGATE_BOT_REMINDER_LEADS": "15m, 1h30m, 24h, 15m",
            "DELEGATE_BOT_NOTICE_GRACE": "90s",
            "DELEGATE_BOT_WEBHOOK_URL": "https://bot.example.org:8443/hook",
            "DELEGATE_BOT_WEBHOOK_SECRET": SECRET,
            "DELEGATE_BOT_WEBHOOK_LISTEN": "127.0.0.1",
            "DELEGATE_BOT_WEBHOOK_PORT": "88",
            "DELEGATE_BOT_INSIGHTS_DAYS": "7",
        }
    )

    assert settings.require_token() == TOKEN
    assert settings.api_base_url == "http://127.0.0.1:8081/bot"
    assert settings.api_file_url == "http://127.0.0.1:8081/file/bot"
    assert settings.db_path == tmp_path / "state" / "bot.sqlite3"
    assert settings.kb_path == kb
    assert settings.knowledge_base_path == kb
    assert settings.admins == frozenset({11, 22, 33})
    assert settings.secretariat == frozenset({44})
    assert settings.tz == zoneinfo.ZoneInfo("America/New_York")
    assert settings.log_format == "json"
    assert settings.log_level == "DEBUG"
    assert settings.max_upload_bytes == 2_000_000
    assert settings.send_rate == 12.5
    # Longest first, repeats dropped.
    assert settings.reminder_leads == (
        dt.timedelta(hours=24),
        dt.timedelta(hours=1, minutes=30),
        dt.timedelta(minutes=15),
    )
    assert settings.notice_grace == dt.timedelta(seconds=90)
    assert settings.uses_webhook is True
    assert settings.webhook_url == "https://bot.example.org:8443/hook"
    assert settings.webhook_secret == SECRET
    assert settings.webhook_listen == "127.0.0.1"
    assert settings.webhook_port == 88
    assert settings.insights_days == 7
    assert Settings.from_env({"DELEGATE_BOT_INSIGHTS_DAYS": "0"}).insights_days == 0
    # The health file follows the database unless set.
    assert settings.health_file == tmp_path / "state" / "health.json"


def test_geneva_is_accepted_as_an_alias() -> None:
    settings = Settings.from_env({"DELEGATE_BOT_TZ": "Europe/Geneva"})
    assert settings.timezone == "Europe/Zurich"
    summer = dt.datetime(2020, 6, 10, 8, 0, tzinfo=dt.UTC).astimezone(settings.tz)
    assert summer.utcoffset() == dt.timedelta(hours=2)
    assert load_timezone("Europe/Geneva") == zoneinfo.ZoneInfo("Europe/Zurich")
    for wrong in ("Europe", "posixrules", "Europe/Genf"):
        with pytest.raises(ValueError, match="is not a known IANA timezone"):
            load_timezone(wrong)


def test_health_file_can_be_set(tmp_path: Path) -> None:
    settings = Settings.from_env({"DELEGATE_BOT_HEALTH_FILE": str(tmp_path / "h.json")})
    assert settings.health_file == tmp_path / "h.json"


def test_direct_construction_puts_the_health_file_next_to_the_db(tmp_path: Path) -> None:
    assert Settings(db_path=tmp_path / "x.sqlite3").health_file == tmp_path / "health.json"
    assert Settings(health_file=tmp_path / "h.json").health_file == tmp_path / "h.json"


def test_empty_lists_mean_empty() -> None:
    settings = Settings.from_env(
        {
            "DELEGATE_BOT_ADMINS": "",
            "DELEGATE_BOT_REMINDER_LEADS": "",
            "DELEGATE_BOT_SECRETARIAT": " , ",
        }
    )
    assert settings.admins == frozenset()
    assert settings.secretariat == frozenset()
    assert settings.reminder_leads == ()


def test_upload_size_units() -> None:
    def size(text: str) -> int:
        return Settings.from_env({"DELEGATE_BOT_MAX_UPLOAD_BYTES": text}).max_upload_bytes

    assert size("1") == 1
    assert size("20000000") == 20_000_000
    assert size("500kB") == 500_000
    assert size("20 MB") == 20_000_000


def test_reads_os_environ_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DELEGATE_BOT_ADMINS", "7")
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    assert Settings.from_env().admins == frozenset({7})


@pytest.mark.parametrize(
    ("variable", "value", "problem"),
    [
        ("TELEGRAM_BOT_TOKEN", "123456789", "does not look like a bot token"),
        ("TELEGRAM_BOT_TOKEN", "abc:" + "x" * 40, "does not look like a bot token"),
        ("TELEGRAM_BOT_TOKEN", "123:" + "x" * 34, "does not look like a bot token"),
        ("TELEGRAM_API_BASE_URL", "ftp://example.org/bot", "is not an http or https URL"),
        ("TELEGRAM_API_BASE_URL", "api.telegram.org/bot", "is not an http or https URL"),
        ("TELEGRAM_API_FILE_URL", "https://", "is not an http or https URL"),
        ("TELEGRAM_API_FILE_URL", "http://host:99999/file", "has an invalid port"),
        ("DELEGATE_BOT_DB", ".", "is a directory"),
        ("DELEGATE_BOT_KB", "/nonexistent/kb.yaml", "does not exist"),
        ("DELEGATE_BOT_KB", ".", "is not a file"),
        ("DELEGATE_BOT_ADMINS", "12a", '"12a" is not a Telegram user id'),
        ("DELEGATE_BOT_ADMINS", "1,-5", '"-5" is not a Telegram user id'),
        ("DELEGATE_BOT_ADMINS", "0", '"0" is not a Telegram user id'),
        ("DELEGATE_BOT_SECRETARIAT", "1;2", '"1;2" is not a Telegram user id'),
        ("DELEGATE_BOT_SECRETARIAT", "１２", '"１２" is not a Telegram user id'),
        ("DELEGATE_BOT_TZ", "Mars/Olympus_Mons", "is not a known IANA timezone"),
        ("DELEGATE_BOT_TZ", "../etc/passwd", "is not a known IANA timezone"),
        ("DELEGATE_BOT_TZ", "zone.tab", "is not a known IANA timezone"),
        ("DELEGATE_BOT_LOG_FORMAT", "xml", "is not a log format"),
        ("DELEGATE_BOT_LOG_LEVEL", "LOUD", "is not a log level"),
        ("DELEGATE_BOT_LOG_LEVEL", "notset", "is not a log level"),
        ("DELEGATE_BOT_MAX_UPLOAD_BYTES", "0", "is out of range"),
        ("DELEGATE_BOT_MAX_UPLOAD_BYTES", "21MB", "is out of range"),
        ("DELEGATE_BOT_MAX_UPLOAD_BYTES", "5 GiB", "is not a size"),
        ("DELEGATE_BOT_SEND_RATE", "0", "above 0"),
        ("DELEGATE_BOT_SEND_RATE", "-1", "above 0"),
        ("DELEGATE_BOT_SEND_RATE", "nan", "above 0"),
        ("DELEGATE_BOT_SEND_RATE", "fast", "is not a number"),
        ("DELEGATE_BOT_REMINDER_LEADS", "24h,soon", '"soon" is not a duration'),
        ("DELEGATE_BOT_REMINDER_LEADS", "0m", "must be longer than 0"),
        ("DELEGATE_BOT_NOTICE_GRACE", "2 hours", "is not a duration"),
        ("DELEGATE_BOT_NOTICE_GRACE", "0s", "must be longer than 0"),
        ("DELEGATE_BOT_WEBHOOK_URL", "http://bot.example.org/hook", "is not an https URL"),
        ("DELEGATE_BOT_WEBHOOK_SECRET", "has space", "must be 1 to 256 characters"),
        ("DELEGATE_BOT_WEBHOOK_SECRET", "x" * 257, "must be 1 to 256 characters"),
        ("DELEGATE_BOT_WEBHOOK_LISTEN", "not an address!", "is not an IP address or host name"),
        ("DELEGATE_BOT_WEBHOOK_PORT", "0", "is not a port number"),
        ("DELEGATE_BOT_WEBHOOK_PORT", "65536", "is not a port number"),
        ("DELEGATE_BOT_WEBHOOK_PORT", "https", "is not a port number"),
        ("DELEGATE_BOT_HEALTH_FILE", ".", "is a directory"),
        ("DELEGATE_BOT_INSIGHTS_DAYS", "-1", "is not a number of days (0 to 366)"),
        ("DELEGATE_BOT_INSIGHTS_DAYS", "367", "is not a number of days (0 to 366)"),
        ("DELEGATE_BOT_INSIGHTS_DAYS", "30d", "is not a number of days (0 to 366)"),
    ],
)
def test_a_wrong_value_names_its_variable(variable: str, value: str, problem: str) -> None:
    environ = {variable: value}
    if variable == "DELEGATE_BOT_WEBHOOK_SECRET":
        environ["DELEGATE_BOT_WEBHOOK_URL"] = "https://bot.example.org/hook"
    with pytest.raises(ConfigError) as caught:
        Settings.from_env(environ)
    message = str(caught.value)
    assert message.startswith(f"{variable}: ")
    assert problem in message
    assert "\n" not in message
    assert caught.value.variable == variable


def test_error_messages_stay_on_one_line() -> None:
    with pytest.raises(ConfigError) as caught:
        Settings.from_env({"DELEGATE_BOT_TZ": "Europe/\nGeneva"})
    assert "\n" not in str(caught.value)
    assert str(caught.value).startswith("DELEGATE_BOT_TZ: ")


def test_webhook_url_requires_a_secret() -> None:
    with pytest.raises(ConfigError) as caught:
        Settings.from_env({"DELEGATE_BOT_WEBHOOK_URL": "https://bot.example.org/hook"})
    assert str(caught.value).startswith("DELEGATE_BOT_WEBHOOK_SECRET: is required")


def test_require_token_when_missing() -> None:
    with pytest.raises(ConfigError) as caught:
        Settings.from_env({}).require_token()
    assert str(caught.value).startswith("TELEGRAM_BOT_TOKEN: is not set")


def test_secrets_never_shown() -> None:
    settings = Settings.from_env(
        {
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "DELEGATE_BOT_WEBHOOK_URL": "https://bot.example.org/hook",
            "DELEGATE_BOT_WEBHOOK_SECRET": SECRET,
            "DELEGATE_BOT_ADMINS": "42",
        }
    )
    for shown in (repr(settings), str(settings), f"{settings}", f"{settings!r}"):
        assert TOKEN not in shown
        assert TOKEN.split(":")[1] not in shown
        assert SECRET not in shown
        assert "telegram_token='***'" in shown
        assert "webhook_secret='***'" in shown
        assert "admins=frozenset({42})" in shown
    # Not set: shown as None, nothing to hide.
    assert "telegram_token=None" in repr(Settings.from_env({}))


def test_a_bad_token_is_not_echoed() -> None:
    almost = TOKEN + "!"  # a real token with a typo must not reach the logs either
    with pytest.raises(ConfigError) as caught:
        Settings.from_env({"TELEGRAM_BOT_TOKEN": almost})
    assert TOKEN.split(":")[1] not in str(caught.value)
    bad_secret = "secret with spaces"
    with pytest.raises(ConfigError) as caught:
        Settings.from_env(
            {
                "DELEGATE_BOT_WEBHOOK_URL": "https://bot.example.org/hook",
                "DELEGATE_BOT_WEBHOOK_SECRET": bad_secret,
            }
        )
    assert bad_secret not in str(caught.value)


def test_settings_are_frozen() -> None:
    settings = Settings.from_env({})
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.webhook_port = 1  # type: ignore[misc]


def test_bundled_kb_path_is_in_the_knowledge_package() -> None:
    expected = Path(knowledge.__file__).parent / "data" / "cstd-23.yaml"
    assert bundled_kb_path() == expected
    assert Settings.bundled_kb_path() == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("24h", dt.timedelta(hours=24)),
        ("15m", dt.timedelta(minutes=15)),
        ("90s", dt.timedelta(seconds=90)),
        ("1h30m", dt.timedelta(hours=1, minutes=30)),
        ("2d", dt.timedelta(days=2)),
        (" 1H 5S ", dt.timedelta(hours=1, seconds=5)),
        ("0m", dt.timedelta(0)),
    ],
)
def test_parse_duration(text: str, expected: dt.timedelta) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["", "h", "15", "15x", "30m1h", "1.5h", "-5m", "1h1h", "soon"])
def test_parse_duration_refuses(text: str) -> None:
    with pytest.raises(ValueError, match="is not a duration"):
        parse_duration(text)


def test_parse_duration_refuses_overflow() -> None:
    with pytest.raises(ValueError, match="too long"):
        parse_duration("999999999999d")


@pytest.mark.parametrize("text", ["24h", "15m", "1h30m", "90s", "1h0m5s"])
def test_format_duration_round_trips(text: str) -> None:
    delta = parse_duration(text)
    assert parse_duration(format_duration(delta)) == delta
    assert format_duration(dt.timedelta(minutes=90)) == "1h30m"


# -- operations: the HTTP server, the notices API, paid broadcasts ------------------------------

API_TOKEN = "k" * 31 + "Z"  # exactly the 32 characters required


def test_operations_defaults() -> None:
    settings = Settings.from_env({})
    assert settings.http_port is None  # no HTTP server unless asked for
    assert settings.http_listen == "127.0.0.1"
    assert settings.api_clients == ()
    assert settings.paid_broadcast is False


def test_operations_variables_read() -> None:
    other = "o" * 40
    settings = Settings.from_env(
        {
            "DELEGATE_BOT_HTTP_PORT": "9464",
            "DELEGATE_BOT_HTTP_LISTEN": "0.0.0.0",
            "DELEGATE_BOT_API_TOKENS": f" meetings-db:{API_TOKEN} , mailer.2:{other},",
            "DELEGATE_BOT_PAID_BROADCAST": "ON",
            "DELEGATE_BOT_SEND_RATE": "1000",
        }
    )
    assert settings.http_port == 9464
    assert settings.http_listen == "0.0.0.0"
    assert [(c.name, c.token) for c in settings.api_clients] == [
        ("meetings-db", API_TOKEN),
        ("mailer.2", other),
    ]
    assert settings.paid_broadcast is True
    assert settings.send_rate == 1000.0
    shown = repr(settings)
    assert API_TOKEN not in shown and other not in shown
    assert "meetings-db" in shown


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("meetings-db:" + "k" * 31, "at least 32 characters"),
        ("meetings-db", "name:token"),
        (":" + "k" * 40, "name:token"),
        ("9lives:" + "k" * 40, "name:token"),
        ("bad name:" + "k" * 40, "name:token"),
        (f"a:{'k' * 20} {'k' * 20}", "without spaces"),
        (f"a:{API_TOKEN},a:{'x' * 40}", "named twice"),
        (f"a:{API_TOKEN},b:{API_TOKEN}", "same token"),
    ],
)
def test_bad_api_tokens_are_refused_without_echoing_them(value: str, problem: str) -> None:
    with pytest.raises(ConfigError) as caught:
        Settings.from_env({"DELEGATE_BOT_API_TOKENS": value})
    message = str(caught.value)
    assert message.startswith("DELEGATE_BOT_API_TOKENS: ")
    assert problem in message
    assert "k" * 20 not in message and API_TOKEN not in message


@pytest.mark.parametrize(
    ("variable", "value", "problem"),
    [
        ("DELEGATE_BOT_SEND_RATE", "1000.5", "ceiling of 1000"),
        ("DELEGATE_BOT_PAID_BROADCAST", "maybe", "is not on or off"),
        ("DELEGATE_BOT_HTTP_PORT", "0", "is not a port number"),
        ("DELEGATE_BOT_HTTP_LISTEN", "not an address!", "is not an IP address or host name"),
    ],
)
def test_operations_values_are_checked(variable: str, value: str, problem: str) -> None:
    with pytest.raises(ConfigError) as caught:
        Settings.from_env({variable: value})
    assert str(caught.value).startswith(f"{variable}: ")
    assert problem in str(caught.value)


# -- the database: a SQLite file or a PostgreSQL URL --------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://bot@db.example.org:5432/delegates",
        "postgres://bot:pw@127.0.0.1/delegates",
        "postgresql:///delegates?host=/run/postgresql",
    ],
)
def test_a_postgresql_url_selects_postgresql(url: str) -> None:
    settings = Settings.from_env({"DELEGATE_BOT_DB": url})

    assert settings.db_url == url
    assert settings.database == url
    # No folder named "postgresql:" in the working directory: the file path keeps its default.
    assert settings.db_path == Path("data/delegate-bot.sqlite3")


def test_a_file_path_keeps_sqlite(tmp_path: Path) -> None:
    settings = Settings.from_env({"DELEGATE_BOT_DB": str(tmp_path / "bot.sqlite3")})

    assert settings.db_url is None
    assert settings.database == tmp_path / "bot.sqlite3"


@pytest.mark.parametrize(
    "value",
    [
        "mysql://bot@db/delegates",
        "sqlite:///data/bot.sqlite3",
        "http://db.example.org/delegates",
        "postgresql:delegates",
        "postgresql://",
    ],
)
def test_a_database_that_is_neither_file_nor_postgresql_is_refused(value: str) -> None:
    with pytest.raises(ConfigError) as caught:
        Settings.from_env({"DELEGATE_BOT_DB": value})

    message = str(caught.value)
    assert message.startswith("DELEGATE_BOT_DB")
    assert "\n" not in message
    assert "postgresql://" in message  # says what would be accepted


def test_the_database_password_is_never_shown() -> None:
    settings = Settings.from_env({"DELEGATE_BOT_DB": "postgresql://bot:Hunter2pw@db/delegates"})

    assert settings.db_url == "postgresql://bot:Hunter2pw@db/delegates"
    assert "Hunter2pw" not in repr(settings)
    assert "postgresql://bot:***@db/delegates" in repr(settings)
