"""events: (region, date) and (place, date) indexes for links, claims and browsing at scale

Revision ID: 9f4e2a7c1d35
Revises: 3a7e5c2d9b41
Create Date: 2026-12-01 23:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "9f4e2a7c1d35"
down_revision: str | None = "3a7e5c2d9b41"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_conflictevent_region_date", "conflictevent", ["region_code", "date", "id"], unique=False)
    op.create_index("ix_conflictevent_place_date", "conflictevent", ["place_code", "date", "id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_conflictevent_place_date", table_name="conflictevent")
    op.drop_index("ix_conflictevent_region_date", table_name="conflictevent")
