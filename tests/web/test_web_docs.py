"""Docs stay honest: every setting and the serve command are documented."""

from __future__ import annotations

from pathlib import Path

from fitcoach.config import Settings

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_every_setting_is_in_docs_settings_md() -> None:
    text = (DOCS / "settings.md").read_text(encoding="utf-8")
    missing = [
        f"{name} ({field.validation_alias})"
        for name, field in Settings.model_fields.items()
        if f"`{field.validation_alias}`" not in text or f"`{name}`" not in text
    ]
    assert not missing, f"document these settings in docs/settings.md: {missing}"


def test_web_docs_cover_serve_and_api_conventions() -> None:
    text = (DOCS / "web.md").read_text(encoding="utf-8")
    for needle in (
        "fitcoach serve",
        "--workers",
        "--get",
        "/api/v1",
        "X-CSRF-Token",
        "Authorization: Bearer",
        "limit",
        "offset",
        '"error"',
    ):
        assert needle in text, needle
