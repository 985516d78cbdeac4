"""Read-model generations: which set of projector tables is live (rebuilds switch it).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26 10:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    generations = op.create_table(
        "read_model_generations",
        sa.Column("generation", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("live_since", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("generation", name=op.f("pk_read_model_generations")),
    )
    # Generation 0 is the tables the migrations create: live until a rebuild replaces it.
    op.execute(generations.insert().values(generation=0, status="live", created_at=sa.func.now()))


def downgrade() -> None:
    op.drop_table("read_model_generations")
