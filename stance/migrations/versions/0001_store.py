"""The store's first schema: statements, actors, proposals, events, the change log, settings.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# Written out, not imported from stance.model: a migration keeps the schema of its time.
STATEMENT_FIELDS = (
    "date",
    "date_precision",
    "actor",
    "role",
    "actor_type",
    "country",
    "proposal",
    "position",
    "attribution",
    "quote",
    "source",
    "url",
    "notes",
    "date_note",
    "capacity",
    "left_office",
)


def _text(name: str) -> sa.Column:
    return sa.Column(name, sa.Text, nullable=False, server_default="")


def upgrade() -> None:
    op.create_table(
        "statements",
        sa.Column("id", sa.String(200), primary_key=True),
        *(_text(name) for name in STATEMENT_FIELDS),
        sa.Column("retired", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("version", sa.Integer, nullable=False, server_default="1"),
    )
    op.create_index("statements_actor", "statements", ["actor"])
    op.create_table(
        "actors",
        sa.Column("actor", sa.String(300), primary_key=True),
        *(_text(name) for name in ("country", "role", "actor_type", "left_office", "note")),
    )
    op.create_table(
        "proposals",
        sa.Column("proposal", sa.String(200), primary_key=True),
        _text("title"),
    )
    op.create_table(
        "events",
        sa.Column("event", sa.Integer, primary_key=True, autoincrement=True),
        *(_text(name) for name in ("date", "label", "url", "note")),
        sa.Column("retired", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("version", sa.Integer, nullable=False, server_default="1"),
    )
    op.create_table(
        "changes",
        sa.Column("change", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("who", sa.Text, nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("key", sa.Text, nullable=False),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("before", sa.Text, nullable=False),
        sa.Column("after", sa.Text, nullable=False),
        sa.Column("undoes", sa.Integer, nullable=True),
        _text("note"),
    )
    op.create_index("changes_at", "changes", ["at"])
    op.create_table(
        "settings",
        sa.Column("name", sa.String(40), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )


def downgrade() -> None:
    for table in ("settings", "changes", "events", "proposals", "actors", "statements"):
        op.drop_table(table)
