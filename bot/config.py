"""The bot's settings, read once from the environment and validated at start.

``Settings.from_env()`` returns one frozen :class:`Settings`; any wrong value raises
:class:`ConfigError` with a one-line message that names the variable and what is wrong with it,
so a misconfigured bot stops before it talks to Telegram. Secrets (the bot token and the
webhook secret) are never echoed: not in error messages, not in ``repr()`` or ``str()``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import ipaddress
import json
import logging
import math
import os
import re
import urllib.parse
import zoneinfo
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Literal, TypeVar

from bot.storage.backends import is_postgresql_url, masked_url
from knowledge.loader import MAX_BYTES
from knowledge.schema import iana_time_zone

__all__ = [
    "ApiClient",
    "ConfigError",
    "LogFormat",
    "Settings",
    "bundled_kb_path",
    "format_duration",
    "load_timezone",
    "parse_duration",
]

LogFormat = Literal["plain", "json"]

#: Telegram's decimal megabyte: getFile downloads at most 20 MB = 20,000,000 bytes.
MB = 1_000_000
MAX_UPLOAD_CEILING = 20 * MB

_TOKEN_RE = re.compile(r"\d+:[A-Za-z0-9_-]{35,}")
_WEBHOOK_SECRET_RE = re.compile(r"[A-Za-z0-9_-]{1,256}")
_DURATION_RE = re.compile(
    r"(?:(?P<d>\d+)d)?(?:(?P<h>\d+)h)?(?:(?P<m>\d+)m)?(?:(?P<s>\d+)s)?", re.IGNORECASE
)
_SIZE_RE = re.compile(r"(?P<number>\d+)\s*(?P<unit>b|kb|mb)?", re.IGNORECASE)
_HOSTNAME_RE = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?")
_API_CLIENT_NAME_RE = re.compile(r"[A-Za-z][A-Za-z0-9_.-]{0,63}")
#: Shortest API token accepted (``DELEGATE_BOT_API_TOKENS``).
MIN_API_TOKEN_CHARS = 32
#: Telegram's ceiling: paid broadcasts allow up to 1,000 messages a second.
MAX_SEND_RATE = 1000.0
#: Telegram's broadcast limit without paid broadcasts (about 30 messages a second).
FREE_SEND_RATE = 30.0
_MASK = "***"
# Stands for "health.json in the database's folder" until __post_init__ resolves it.
_NEXT_TO_DB = Path()
_SECRET_FIELDS = frozenset({"telegram_token", "webhook_secret"})

_T = TypeVar("_T")


class ConfigError(Exception):
    """A setting is missing or wrong; the message is one line naming the variable."""

    def __init__(self, variable: str, problem: str) -> None:
        super().__init__(f"{variable}: {problem}")
        self.variable = variable
        self.problem = problem


def bundled_kb_path() -> Path:
    """The knowledge base shipped with the package (``knowledge/data/cstd-23.yaml``)."""
    resource = resources.files("knowledge") / "data" / "cstd-23.yaml"
    # The package is installed as plain files (never zipped), so the resource is a real path.
    return Path(str(resource))


def parse_duration(text: str) -> dt.timedelta:
    """``"24h"``, ``"15m"``, ``"90s"``, ``"1h30m"``, ``"2d"`` → a timedelta.

    Units are d, h, m and s, largest first, each at most once. Raises ``ValueError`` with a
    message that quotes the text and shows the accepted form.
    """
    cleaned = text.strip().replace(" ", "")
    match = _DURATION_RE.fullmatch(cleaned)
    if not cleaned or match is None or not any(match.groupdict().values()):
        raise ValueError(f"{_quote(text)} is not a duration (use e.g. 24h, 15m, 90s or 1h30m)")
    parts = {unit: int(value) if value else 0 for unit, value in match.groupdict().items()}
    try:
        return dt.timedelta(
            days=parts["d"], hours=parts["h"], minutes=parts["m"], seconds=parts["s"]
        )
    except OverflowError:
        raise ValueError(f"{_quote(text)} is too long a duration") from None


def format_duration(delta: dt.timedelta) -> str:
    """A non-negative timedelta as :func:`parse_duration` reads it: 24 hours → ``24h``."""
    seconds = int(delta.total_seconds())
    if seconds == 0:
        return "0s"
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return "".join(
        f"{value}{unit}" for value, unit in ((hours, "h"), (minutes, "m"), (secs, "s")) if value
    )


def load_timezone(name: str) -> zoneinfo.ZoneInfo:
    """The IANA zone called ``name``; ``Europe/Geneva``, which IANA does not define, means
    Geneva's zone ``Europe/Zurich`` (the aliases are ``knowledge.schema.TIME_ZONE_ALIASES``).

    Raises ``ValueError`` naming the value when no such zone exists.
    """
    key = iana_time_zone(name)
    if key is None:
        raise ValueError(f"{_quote(name)} is not a known IANA timezone (e.g. Europe/Zurich)")
    return zoneinfo.ZoneInfo(key)


def _quote(value: str, limit: int = 60) -> str:
    """A value for an error message: double-quoted, escaped to one line, shortened if long."""
    shown = value if len(value) <= limit else value[: limit - 1] + "…"
    return json.dumps(shown, ensure_ascii=False)


@dataclass(frozen=True, slots=True, repr=False)
class ApiClient:
    """One system allowed to use the HTTP API: its name (the author in the audit log) and its
    bearer token. The token never appears in ``repr()``."""

    name: str
    token: str

    def __repr__(self) -> str:
        return f"ApiClient(name={self.name!r}, token={_MASK!r})"


@dataclass(frozen=True, slots=True, repr=False)
class Settings:
    """Everything the bot reads from its environment.

    Unset and empty variables take the default, except the lists (admins, secretariat,
    reminder leads), where an empty value means an empty list.

    ``TELEGRAM_BOT_TOKEN``
        The bot's token from @BotFather, ``<digits>:<35 or more of A-Za-z0-9_->``. Optional
        here because the console mode needs none; :meth:`require_token` demands it. Masked in
        ``repr()``/``str()``.
    ``TELEGRAM_API_BASE_URL``
        python-telegram-bot's ``base_url`` (default ``https://api.telegram.org/bot``); point it
        at a local Bot API server or a test double. http or https.
    ``TELEGRAM_API_FILE_URL``
        python-telegram-bot's ``base_file_url`` (default ``https://api.telegram.org/file/bot``).
    ``DELEGATE_BOT_DB``
        The SQLite file (default ``./data/delegate-bot.sqlite3``; its folder is created), or a
        ``postgresql://user[:password]@host[:port]/database`` URL (``postgres://`` too) for
        several processes on one PostgreSQL database (:attr:`db_url`). Any other URL is
        refused. The password is masked in ``repr()``/``str()``.
    ``DELEGATE_BOT_KB``
        A knowledge-base YAML file to load instead of the bundled one; must be an existing file.
        Unset: the bundled ``knowledge/data/cstd-23.yaml`` (see :func:`bundled_kb_path`).
    ``DELEGATE_BOT_ADMINS``, ``DELEGATE_BOT_SECRETARIAT``
        Comma-separated Telegram user ids (positive integers) given those roles at start.
    ``DELEGATE_BOT_TZ``
        The meeting's IANA timezone; :attr:`tz` is its ZoneInfo. Default: Geneva's time, which
        IANA names ``Europe/Zurich``; ``Europe/Geneva`` is accepted as an alias for it.
    ``DELEGATE_BOT_LOG_FORMAT``
        ``plain`` (default) or ``json`` (one object a line, for log collectors).
    ``DELEGATE_BOT_LOG_LEVEL``
        A logging level name: DEBUG, INFO (default), WARNING, ERROR, CRITICAL.
    ``DELEGATE_BOT_MAX_UPLOAD_BYTES``
        The largest knowledge-base upload accepted, in bytes or with a decimal unit (``5MB``,
        ``500kB``); default 5 MB (5,000,000 bytes), at most 20 MB (the Bot API's download limit).
    ``DELEGATE_BOT_SEND_RATE``
        Messages per second, all chats together, when delivering notices (default 25, at most
        1,000; Telegram allows about 30 unless paid broadcasts are on).
    ``DELEGATE_BOT_PAID_BROADCAST``
        ``on`` sends notices as paid broadcasts (``allow_paid_broadcast``: up to 1,000 messages
        a second, each charged in Telegram Stars to the bot's balance); ``off`` (default).
    ``DELEGATE_BOT_REMINDER_LEADS``
        How long before a meeting reminders go out, comma-separated durations (default
        ``24h,15m``); kept longest first, without repeats. Empty: no reminders.
    ``DELEGATE_BOT_NOTICE_GRACE``
        How late a notice may still be delivered after its time, e.g. after a restart
        (default ``2h``).
    ``DELEGATE_BOT_WEBHOOK_URL``
        The public https URL Telegram should post updates to. Set: the bot runs a webhook;
        unset: it polls.
    ``DELEGATE_BOT_WEBHOOK_SECRET``
        The ``X-Telegram-Bot-Api-Secret-Token`` value, 1–256 of ``A-Za-z0-9_-``; required when
        the webhook URL is set. Masked in ``repr()``/``str()``.
    ``DELEGATE_BOT_WEBHOOK_LISTEN``
        The address the webhook server binds (default ``0.0.0.0``).
    ``DELEGATE_BOT_WEBHOOK_PORT``
        Its port (default 8443), 1–65535.
    ``DELEGATE_BOT_HEALTH_FILE``
        Where the bot writes its health status (default ``health.json`` next to the database;
        ``Settings(...)`` built directly gets the same default when ``health_file`` is omitted).
    ``DELEGATE_BOT_INSIGHTS_DAYS``
        How many days free-text questions are kept for the admins' insights (default 30, at
        most 366); older ones are deleted. 0 keeps none: nothing is recorded and answers carry
        no 👍/👎 buttons.
    ``DELEGATE_BOT_HTTP_PORT``
        The port of the bot's own HTTP server (metrics, health, the notices API), 1–65535.
        Unset: no server.
    ``DELEGATE_BOT_HTTP_LISTEN``
        The address that server binds (default ``127.0.0.1``).
    ``DELEGATE_BOT_API_TOKENS``
        Who may use the notices API: ``name:token,name:token``. A name (the author in the audit
        log) is a letter, then ``A-Za-z0-9_.-``; a token has at least 32 characters, without
        spaces or commas. Empty: the API refuses every request. Tokens are masked in ``repr()``.
    """

    telegram_token: str | None = None
    api_base_url: str = "https://api.telegram.org/bot"
    api_file_url: str = "https://api.telegram.org/file/bot"
    db_path: Path = Path("data/delegate-bot.sqlite3")
    db_url: str | None = None  # a PostgreSQL URL: the database is there, not in db_path
    kb_path: Path | None = None
    admins: frozenset[int] = frozenset()
    secretariat: frozenset[int] = frozenset()
    timezone: str = "Europe/Zurich"
    log_format: LogFormat = "plain"
    log_level: str = "INFO"
    max_upload_bytes: int = MAX_BYTES  # 5,000,000: what `kb validate` accepts too
    send_rate: float = 25.0
    reminder_leads: tuple[dt.timedelta, ...] = (dt.timedelta(hours=24), dt.timedelta(minutes=15))
    notice_grace: dt.timedelta = dt.timedelta(hours=2)
    webhook_url: str | None = None
    webhook_secret: str | None = None
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = 8443
    health_file: Path = _NEXT_TO_DB
    insights_days: int = 30
    paid_broadcast: bool = False
    http_port: int | None = None
    http_listen: str = "127.0.0.1"
    api_clients: tuple[ApiClient, ...] = ()

    def __post_init__(self) -> None:
        if self.health_file == _NEXT_TO_DB:
            object.__setattr__(self, "health_file", self.db_path.parent / "health.json")

    # -- reading --------------------------------------------------------------------------

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read and validate every setting; ``environ`` defaults to ``os.environ``."""
        env = _Env(os.environ if environ is None else environ)
        defaults = cls()
        default_db: Path | str = defaults.db_path
        database = env.get("DELEGATE_BOT_DB", parse_database, default_db)
        db_path = database if isinstance(database, Path) else defaults.db_path
        db_url = database if isinstance(database, str) else None
        webhook_url = env.get("DELEGATE_BOT_WEBHOOK_URL", _https_url, None)
        webhook_secret = env.get("DELEGATE_BOT_WEBHOOK_SECRET", _webhook_secret, None)
        if webhook_url is not None and webhook_secret is None:
            raise ConfigError(
                "DELEGATE_BOT_WEBHOOK_SECRET", "is required when DELEGATE_BOT_WEBHOOK_URL is set"
            )
        return cls(
            telegram_token=env.get("TELEGRAM_BOT_TOKEN", _token, None),
            api_base_url=env.get("TELEGRAM_API_BASE_URL", _http_url, defaults.api_base_url),
            api_file_url=env.get("TELEGRAM_API_FILE_URL", _http_url, defaults.api_file_url),
            db_path=db_path,
            db_url=db_url,
            kb_path=env.get("DELEGATE_BOT_KB", _existing_file, None),
            admins=env.get_list("DELEGATE_BOT_ADMINS", _user_ids),
            secretariat=env.get_list("DELEGATE_BOT_SECRETARIAT", _user_ids),
            timezone=env.get("DELEGATE_BOT_TZ", _timezone, defaults.timezone),
            log_format=env.get("DELEGATE_BOT_LOG_FORMAT", _log_format, defaults.log_format),
            log_level=env.get("DELEGATE_BOT_LOG_LEVEL", _log_level, defaults.log_level),
            max_upload_bytes=env.get(
                "DELEGATE_BOT_MAX_UPLOAD_BYTES", _upload_size, defaults.max_upload_bytes
            ),
            send_rate=env.get("DELEGATE_BOT_SEND_RATE", _send_rate, defaults.send_rate),
            reminder_leads=env.get_list("DELEGATE_BOT_REMINDER_LEADS", _reminder_leads, "24h,15m"),
            notice_grace=env.get(
                "DELEGATE_BOT_NOTICE_GRACE", _positive_duration, defaults.notice_grace
            ),
            webhook_url=webhook_url,
            webhook_secret=webhook_secret,
            webhook_listen=env.get(
                "DELEGATE_BOT_WEBHOOK_LISTEN", _listen_address, defaults.webhook_listen
            ),
            webhook_port=env.get("DELEGATE_BOT_WEBHOOK_PORT", _port, defaults.webhook_port),
            health_file=env.get("DELEGATE_BOT_HEALTH_FILE", _path_not_dir, _NEXT_TO_DB),
            insights_days=env.get(
                "DELEGATE_BOT_INSIGHTS_DAYS", _retention_days, defaults.insights_days
            ),
            paid_broadcast=env.get("DELEGATE_BOT_PAID_BROADCAST", _on_off, False),
            http_port=env.get("DELEGATE_BOT_HTTP_PORT", _port, None),
            http_listen=env.get("DELEGATE_BOT_HTTP_LISTEN", _listen_address, "127.0.0.1"),
            api_clients=env.get_list("DELEGATE_BOT_API_TOKENS", _api_clients),
        )

    # -- use ------------------------------------------------------------------------------

    def require_token(self) -> str:
        """The bot token, or ConfigError when it is not set (running on Telegram needs it)."""
        if self.telegram_token is None:
            raise ConfigError(
                "TELEGRAM_BOT_TOKEN", "is not set (the bot needs it; the console mode does not)"
            )
        return self.telegram_token

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        """The meeting's timezone."""
        return load_timezone(self.timezone)

    @property
    def database(self) -> str | Path:
        """What ``Storage.open`` takes: the PostgreSQL URL when set, else the SQLite file."""
        return self.db_url if self.db_url is not None else self.db_path

    @property
    def uses_webhook(self) -> bool:
        """True when updates arrive by webhook rather than by polling."""
        return self.webhook_url is not None

    @property
    def knowledge_base_path(self) -> Path:
        """The configured knowledge-base file, or the bundled one."""
        return self.kb_path if self.kb_path is not None else bundled_kb_path()

    @staticmethod
    def bundled_kb_path() -> Path:
        """The knowledge base shipped with the package."""
        return bundled_kb_path()

    def __repr__(self) -> str:
        shown = []
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if f.name in _SECRET_FIELDS and value is not None:
                shown.append(f"{f.name}={_MASK!r}")
            elif f.name == "db_url" and value is not None:
                shown.append(f"{f.name}={masked_url(value)!r}")
            else:
                shown.append(f"{f.name}={value!r}")
        return f"{type(self).__name__}({', '.join(shown)})"

    __str__ = __repr__


class _Env:
    """Looks up variables, treats empty as unset, and names the variable in every error."""

    def __init__(self, environ: Mapping[str, str]) -> None:
        self._environ = environ

    def get(self, name: str, parse: Callable[[str], _T], default: _T) -> _T:
        raw = self._environ.get(name, "").strip()
        if not raw:
            return default
        return self._parse(name, parse, raw)

    def get_list(self, name: str, parse: Callable[[str], _T], default_text: str = "") -> _T:
        """A comma-separated list: unset reads ``default_text``; set but empty is empty."""
        raw = self._environ.get(name)
        return self._parse(name, parse, default_text if raw is None else raw)

    @staticmethod
    def _parse(name: str, parse: Callable[[str], _T], raw: str) -> _T:
        try:
            return parse(raw)
        except ValueError as exc:
            raise ConfigError(name, str(exc)) from None


# -- parsers: each takes the raw text and raises ValueError with a message about the value --


def _token(raw: str) -> str:
    if not _TOKEN_RE.fullmatch(raw):
        # Never echo the value: it may be a real token with a typo.
        raise ValueError(
            "does not look like a bot token (expected <digits>:<35 or more of A-Za-z0-9_->)"
        )
    return raw


def _http_url(raw: str, schemes: tuple[str, ...] = ("http", "https")) -> str:
    parts = urllib.parse.urlsplit(raw)
    if parts.scheme not in schemes or not parts.hostname or any(c.isspace() for c in raw):
        kind = " or ".join(schemes)
        raise ValueError(f"{_quote(raw)} is not an {kind} URL")
    try:
        parts.port  # noqa: B018 - raises on a malformed port
    except ValueError:
        raise ValueError(f"{_quote(raw)} has an invalid port") from None
    return raw


def _https_url(raw: str) -> str:
    return _http_url(raw, ("https",))


def _path_not_dir(raw: str) -> Path:
    path = Path(raw).expanduser()
    if path.is_dir():
        raise ValueError(f"{_quote(raw)} is a directory, not a file")
    return path


def parse_database(raw: str) -> Path | str:
    """A PostgreSQL URL, or a SQLite file path; any other URL is refused (it would otherwise
    become a folder named after its scheme)."""
    expected = "expected a SQLite file path or postgresql://user@host:5432/database"
    if is_postgresql_url(raw):
        rest = raw.partition("://")[2]
        if not rest.strip("/") or any(c.isspace() for c in raw):
            raise ValueError(f"{_quote(raw)} names no database; {expected}")
        return raw
    # "C:\\…" is a Windows drive, not a URL scheme.
    if "://" in raw or (
        re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", raw) and not re.match(r"[A-Za-z]:[\\/]", raw)
    ):
        raise ValueError(f"{_quote(raw)} is neither a file path nor a PostgreSQL URL; {expected}")
    return _path_not_dir(raw)


def _existing_file(raw: str) -> Path:
    path = Path(raw).expanduser()
    if not path.exists():
        raise ValueError(f"{_quote(raw)} does not exist")
    if not path.is_file():
        raise ValueError(f"{_quote(raw)} is not a file")
    return path


def _user_ids(raw: str) -> frozenset[int]:
    ids: set[int] = set()
    for item in raw.split(","):
        text = item.strip()
        if not text:
            continue
        if not text.isascii() or not text.isdigit() or int(text) <= 0:
            raise ValueError(f"{_quote(text)} is not a Telegram user id")
        ids.add(int(text))
    return frozenset(ids)


def _timezone(raw: str) -> str:
    return load_timezone(raw).key


def _log_format(raw: str) -> LogFormat:
    value = raw.lower()
    if value == "plain":
        return "plain"
    if value == "json":
        return "json"
    raise ValueError(f"{_quote(raw)} is not a log format (use plain or json)")


def _log_level(raw: str) -> str:
    value = raw.upper()
    if value not in logging.getLevelNamesMapping() or value == "NOTSET":
        raise ValueError(
            f"{_quote(raw)} is not a log level (use DEBUG, INFO, WARNING, ERROR or CRITICAL)"
        )
    return value


def _upload_size(raw: str) -> int:
    match = _SIZE_RE.fullmatch(raw)
    if match is None:
        raise ValueError(f"{_quote(raw)} is not a size (use bytes, or e.g. 5MB, 500kB)")
    unit = (match["unit"] or "b").lower()
    size = int(match["number"]) * {"b": 1, "kb": 1000, "mb": MB}[unit]
    if not 1 <= size <= MAX_UPLOAD_CEILING:
        raise ValueError(f"{_quote(raw)} is out of range (1 byte to 20 MB)")
    return size


def _send_rate(raw: str) -> float:
    try:
        rate = float(raw)
    except ValueError:
        raise ValueError(f"{_quote(raw)} is not a number of messages per second") from None
    if not math.isfinite(rate) or rate <= 0:
        raise ValueError(f"{_quote(raw)} must be a number of messages per second above 0")
    if rate > MAX_SEND_RATE:
        raise ValueError(f"{_quote(raw)} is above Telegram's ceiling of 1000 messages per second")
    return rate


def _on_off(raw: str) -> bool:
    value = raw.lower()
    if value in ("on", "true", "yes", "1"):
        return True
    if value in ("off", "false", "no", "0"):
        return False
    raise ValueError(f"{_quote(raw)} is not on or off")


def _api_clients(raw: str) -> tuple[ApiClient, ...]:
    """``name:token,...``; never echoes a token (a typo in one is still a secret)."""
    clients: list[ApiClient] = []
    for item in raw.split(","):
        text = item.strip()
        if not text:
            continue
        name, colon, token = text.partition(":")
        name = name.strip()
        if not colon or not _API_CLIENT_NAME_RE.fullmatch(name):
            raise ValueError(
                "each entry must be name:token, the name a letter then A-Za-z0-9_.-"
                " (tokens not shown)"
            )
        if len(token) < MIN_API_TOKEN_CHARS or any(c.isspace() for c in token):
            raise ValueError(
                f"the token of {_quote(name)} must be at least {MIN_API_TOKEN_CHARS} characters"
                " without spaces (value not shown)"
            )
        if any(c.name == name for c in clients):
            raise ValueError(f"{_quote(name)} is named twice")
        if any(c.token == token for c in clients):
            raise ValueError(f"{_quote(name)} has the same token as another client")
        clients.append(ApiClient(name, token))
    return tuple(clients)


def _positive_duration(raw: str) -> dt.timedelta:
    delta = parse_duration(raw)
    if delta <= dt.timedelta(0):
        raise ValueError(f"{_quote(raw)} must be longer than 0")
    return delta


def _reminder_leads(raw: str) -> tuple[dt.timedelta, ...]:
    leads = {_positive_duration(item) for item in raw.split(",") if item.strip()}
    return tuple(sorted(leads, reverse=True))


#: The longest time questions may be kept for insights.
MAX_INSIGHTS_DAYS = 366


def _retention_days(raw: str) -> int:
    if not raw.isascii() or not raw.isdigit() or int(raw) > MAX_INSIGHTS_DAYS:
        raise ValueError(f"{_quote(raw)} is not a number of days (0 to {MAX_INSIGHTS_DAYS})")
    return int(raw)


def _webhook_secret(raw: str) -> str:
    if not _WEBHOOK_SECRET_RE.fullmatch(raw):
        raise ValueError("must be 1 to 256 characters of A-Za-z0-9_- (value not shown)")
    return raw


def _listen_address(raw: str) -> str:
    try:
        ipaddress.ip_address(raw)
    except ValueError:
        if not _HOSTNAME_RE.fullmatch(raw):
            raise ValueError(f"{_quote(raw)} is not an IP address or host name") from None
    return raw


def _port(raw: str) -> int:
    if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= 65535:
        raise ValueError(f"{_quote(raw)} is not a port number (1 to 65535)")
    return int(raw)
