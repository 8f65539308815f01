"""places beyond Ukraine: a country on each place

Revision ID: b7e3c1a9d2f4
Revises: 3657ac48e7c1
Create Date: 2026-12-01 22:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "b7e3c1a9d2f4"
down_revision: str | None = "3657ac48e7c1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("place") as batch:
        batch.add_column(sa.Column("country", sa.String(length=2), nullable=False, server_default="UA"))
        batch.create_index("ix_place_country", ["country"])


def downgrade() -> None:
    with op.batch_alter_table("place") as batch:
        batch.drop_index("ix_place_country")
        batch.drop_column("country")
