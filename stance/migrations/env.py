"""Alembic's environment for the store: run on the connection stance.store.upgrade passes in."""

from __future__ import annotations

from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection, render_as_batch=True)  # batch: SQLite alters tables by copying
with context.begin_transaction():
    context.run_migrations()
