"""Alembic migrations, packaged so ``store.db.migrate`` works from an installed wheel."""
