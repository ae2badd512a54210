"""Account and security settings: safe defaults, and operators can set them by environment."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from enlace.accounts.throttling import Limits, ThrottleSettings
from enlace.config import build_config


def test_production_defaults_are_safe(tmp_path: Path) -> None:
    config = build_config(environ={"ENLACE_INSTANCE_PATH": str(tmp_path)})
    assert config["DEMO_ACCOUNTS"] is False
    assert config["SESSION_COOKIE_HTTPONLY"] is True
    assert config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert config["SESSION_IDLE_TIMEOUT"] < config["PERMANENT_SESSION_LIFETIME"]
    assert config["PASSWORD_MIN_LENGTH"] >= 12
    assert config["BEHIND_PROXY"] == 0  # forwarded headers are not trusted unless configured


def test_settings_come_from_the_environment(tmp_path: Path) -> None:
    config = build_config(
        environ={
            "ENLACE_INSTANCE_PATH": str(tmp_path),
            "ENLACE_DEMO_ACCOUNTS": "1",
            "ENLACE_SESSION_IDLE_TIMEOUT": "600",
            "ENLACE_LOGIN_MAX_ATTEMPTS": "8",
            "ENLACE_BEHIND_PROXY": "2",
            "ENLACE_FORCE_HTTPS": "yes",
        }
    )
    assert config["DEMO_ACCOUNTS"] is True
    assert config["SESSION_IDLE_TIMEOUT"] == timedelta(minutes=10)
    assert config["LOGIN_MAX_ATTEMPTS"] == 8
    assert config["BEHIND_PROXY"] == 2 and config["FORCE_HTTPS"] is True
    assert ThrottleSettings.from_config(config).account == Limits(slow_after=3, max_attempts=8)
