"""Migrations: up from empty, down to empty, and the models agree with the migrations on both backends."""

from __future__ import annotations

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from fitcoach.store.db import alembic_config, downgrade, make_engine, migrate
from fitcoach.store.models import Base


def table_names(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_upgrade_from_empty_creates_every_model_table(empty_db_url: str) -> None:
    migrate(empty_db_url)
    assert table_names(empty_db_url) == set(Base.metadata.tables) | {"alembic_version"}


def test_models_match_the_migrations(empty_db_url: str) -> None:
    migrate(empty_db_url)
    command.check(alembic_config(empty_db_url))  # raises when autogenerate would emit operations


def test_downgrade_to_empty_and_up_again(empty_db_url: str) -> None:
    migrate(empty_db_url)
    downgrade(empty_db_url, "base")
    assert table_names(empty_db_url) <= {"alembic_version"}
    migrate(empty_db_url)
    assert set(Base.metadata.tables) <= table_names(empty_db_url)


def test_every_revision_downgrades_one_step(empty_db_url: str) -> None:
    config = alembic_config(empty_db_url)
    revisions = list(ScriptDirectory.from_config(config).walk_revisions("base", "heads"))
    assert len(ScriptDirectory.from_config(config).get_heads()) == 1, "migrations must have a single head"
    migrate(empty_db_url)
    for _ in revisions:
        downgrade(empty_db_url, "-1")
    assert table_names(empty_db_url) <= {"alembic_version"}


def test_migrate_twice_is_a_no_op(empty_db_url: str) -> None:
    migrate(empty_db_url)
    migrate(empty_db_url)
    assert "users" in table_names(empty_db_url)
