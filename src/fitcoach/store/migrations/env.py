"""Alembic environment: runs migrations online against the URL ``store.db.alembic_config`` set."""

from __future__ import annotations

from alembic import context
from sqlalchemy import text

from fitcoach.store.db import make_engine
from fitcoach.store.models import Base

config = context.config
MIGRATION_LOCK_KEY = 0x46495443  # "FITC": any constant shared by every FitCoach process


def run_migrations() -> None:
    engine = make_engine(config.get_main_option("sqlalchemy.url") or "")
    try:
        with engine.connect() as connection:
            context.configure(
                connection=connection,
                target_metadata=Base.metadata,
                # SQLite cannot ALTER most things; batch mode copies the table instead.
                render_as_batch=connection.dialect.name == "sqlite",
                compare_type=True,
            )
            with context.begin_transaction():
                if connection.dialect.name == "postgresql":
                    # Workers starting together migrate one at a time; the others then find the schema current.
                    connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
                context.run_migrations()
    finally:
        engine.dispose()


run_migrations()
