"""The deployment files parse and agree with what README tells an IT officer to do."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from bot.config import Settings

ROOT = Path(__file__).resolve().parent.parent


def _compose() -> dict[str, Any]:
    data = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_compose_services_share_volume_env_file_healthcheck_and_restart_policy() -> None:
    compose = _compose()
    services = compose["services"]
    assert set(services) == {"bot", "bot-webhook", "postgres", "bot-pg", "worker"}
    assert "bot-data" in compose["volumes"]
    for name, service in services.items():
        if name == "postgres":
            continue
        assert service["env_file"] == ".env", name
        assert "bot-data:/data" in service["volumes"], name
        assert service["restart"] == "unless-stopped", name
        assert service["healthcheck"]["test"] == ["CMD", "delegate-bot", "health"], name
        assert service["logging"]["options"]["max-size"], name
    # Exactly one mode runs at a time: polling and a webhook exclude each other at Telegram.
    assert services["bot"]["profiles"] == ["polling"]
    assert services["bot-webhook"]["profiles"] == ["webhook"]
    assert services["bot-webhook"]["command"] == ["run", "--webhook"]


def test_compose_publishes_the_http_server_on_the_hosts_loopback_only() -> None:
    services = _compose()["services"]
    published = {
        "bot": "127.0.0.1:9464:9464",
        "bot-webhook": "127.0.0.1:9464:9464",
        "bot-pg": "127.0.0.1:9464-9467:9464",  # one host port per replica
        "worker": "127.0.0.1:9468:9464",  # beside the replicas: it sends the notices
    }
    assert "ports" not in services["postgres"]  # the database is not published at all
    for name, service in services.items():
        if name == "postgres":
            continue
        http = [p for p in service["ports"] if p.endswith(":9464")]
        assert http == [published[name]], name
        assert all(port.startswith("127.0.0.1:") for port in service["ports"]), name
        environment = service["environment"]
        assert environment["DELEGATE_BOT_HTTP_PORT"] == "9464", name
        # inside the container it must listen beyond its own loopback to be published at all
        assert environment["DELEGATE_BOT_HTTP_LISTEN"] == "0.0.0.0", name
    settings = Settings.from_env(services["bot"]["environment"])
    assert settings.http_port == 9464


def test_env_example_names_only_known_variables_and_no_token() -> None:
    text = (ROOT / ".env.example").read_text(encoding="utf-8")
    assigned = dict(re.findall(r"^#?\s*([A-Z_]+)=(.*)$", text, flags=re.MULTILINE))
    assert assigned["TELEGRAM_BOT_TOKEN"] == ""
    assert assigned["COMPOSE_PROFILES"] == "polling"
    known = set(Settings.__dataclass_fields__)  # every variable maps onto a setting
    assert len(known) > 5
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in assigned:
        if name != "COMPOSE_PROFILES":
            assert f"`{name}`" in readme or name.startswith("DELEGATE_BOT_WEBHOOK"), name


def test_readme_names_the_compose_pieces() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for piece in ("docker compose up -d", ".env.example", "bot-data", "delegate-bot health"):
        assert piece in readme, piece


def test_dockerfile_runs_as_non_root_with_data_volume_and_healthcheck() -> None:
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^USER (?!root)\w+", text, flags=re.MULTILINE)
    assert 'VOLUME ["/data"]' in text
    assert "HEALTHCHECK" in text and "delegate-bot" in text
    assert "pip install ." in text  # dependencies from the project's own metadata


def test_ci_runs_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    command = (
        "python3 -m venv .venv && .venv/bin/pip install -q -e '.[dev]'"
        " && .venv/bin/pytest -q -n auto\n"
    )
    assert command in readme
    assert command in ci


def test_compose_postgres_profile_scales_webhooks_beside_one_worker() -> None:
    compose = _compose()
    services = compose["services"]
    postgres = services["postgres"]
    assert postgres["image"].startswith("postgres:")
    assert postgres["profiles"] == ["postgres"]
    assert "pg-data:/var/lib/postgresql/data" in postgres["volumes"]
    assert "pg-data" in compose["volumes"]
    assert "pg_isready" in " ".join(postgres["healthcheck"]["test"])
    assert services["bot-pg"]["command"] == ["run", "--webhook"]
    assert services["worker"]["command"] == ["worker"]
    for name in ("bot-pg", "worker"):
        service = services[name]
        assert service["profiles"] == ["postgres"], name
        assert service["environment"]["DELEGATE_BOT_DB"].startswith("postgresql://"), name
        assert service["depends_on"]["postgres"]["condition"] == "service_healthy", name
        # several replicas must not share one heartbeat file on the volume
        assert not service["environment"]["DELEGATE_BOT_HEALTH_FILE"].startswith("/data"), name
    # scaled replicas each need their own host port
    assert "-" in services["bot-pg"]["ports"][0].split(":")[1]
