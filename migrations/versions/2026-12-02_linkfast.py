"""drop indexes that a composite or unique index already covers, or that no query uses (every insert paid for them)

Revision ID: 7a2b9c4d1e58
Revises: 5c8d1e2f3a47
Create Date: 2026-12-02 04:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "7a2b9c4d1e58"
down_revision: str | None = "5c8d1e2f3a47"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (index, table, column): the first three are the leading column of ix_conflictevent_*_date or of
# the unique (article_id, event_id) constraint, which answer the same lookups; no query picks
# outbox rows by entity alone (two or three values in 100,000 rows).
_COVERED = (
    ("ix_conflictevent_place_code", "conflictevent", "place_code"),
    ("ix_conflictevent_region_code", "conflictevent", "region_code"),
    ("ix_articleeventlink_article_id", "articleeventlink", "article_id"),
    ("ix_searchoutbox_entity", "searchoutbox", "entity"),
)


def upgrade() -> None:
    for name, table, _ in _COVERED:
        op.drop_index(name, table_name=table)


def downgrade() -> None:
    for name, table, column in _COVERED:
        op.create_index(name, table, [column], unique=False)
