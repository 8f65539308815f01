"""article countries: country-level articles take conflict context from their country

Revision ID: b7c1e2d3f4a5
Revises: 5c16d0cf03f2
Create Date: 2026-12-01 22:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "b7c1e2d3f4a5"
down_revision: str | None = "5c16d0cf03f2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "articlecountry",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("country_code", sa.String(length=2), nullable=False),
        sa.Column("name_as_written", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["article.id"]),
        sa.PrimaryKeyConstraint("article_id", "country_code"),
    )
    op.create_index(op.f("ix_articlecountry_country_code"), "articlecountry", ["country_code"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_articlecountry_country_code"), table_name="articlecountry")
    op.drop_table("articlecountry")
