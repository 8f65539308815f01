"""articles: (status, published, title) index, so lists never read past long bodies

Revision ID: 5c8d1e2f3a47
Revises: 9f4e2a7c1d35
Create Date: 2026-12-02 01:45:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "5c8d1e2f3a47"
down_revision: str | None = "9f4e2a7c1d35"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_article_status_published", "article", ["status", "published", "title"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_article_status_published", table_name="article")
