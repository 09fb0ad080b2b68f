"""One id scheme for SQL and the graph: entities get the graph's ids.

Before this revision the store named an entity ``<kind>:<normalized name>``
(``model:gpt4omini``) from the gazetteer alone, while the graph used ``<kind>/<slug>`` ids
from ``extractor.resolve`` (``model/gpt-4o-mini``), which also knows the curated aliases
(``mistral-large-2407`` is Mistral Large 2). Every entity is resolved again here with the
resolver the store now uses; entities that become one are merged, every column that names
an entity follows, and the series are rebuilt from the facts. The curated price list is
emptied: the next run loads it with the new ids.

This data migration runs the resolver of the version that ships it (``extractor.resolve``),
as the store does when it writes.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

#: Columns that hold an entity id.
REFERENCES = (
    ("facts", "model_id"), ("facts", "org_id"), ("facts", "benchmark_id"),
    ("facts", "channel_id"), ("facts", "predecessor_id"), ("facts", "competitor_id"),
    ("entities", "developer_id"),
)


def _series_id_sql(dialect: str) -> str:
    """The series key of a fact, as ``extractor.store.rows.series_key`` computes it."""
    c = ' COLLATE "C"' if dialect == "postgresql" else ""
    return f"""
    CASE type
      WHEN 'price' THEN 'price|' || model_id || '|' || COALESCE(direction, '') || '|'
                        || COALESCE(currency, '')
                        || CASE WHEN COALESCE(price_kind, 'list') <> 'list' OR price_tier IS NOT NULL
                                THEN '|' || COALESCE(price_kind, 'list') || '|' || COALESCE(price_tier, '')
                                ELSE '' END
      WHEN 'benchmark' THEN 'benchmark|' || model_id || '|' || COALESCE(benchmark_id, '')
      WHEN 'parameters' THEN 'parameters|' || model_id || '|' || COALESCE(CAST(count AS TEXT), '')
      WHEN 'availability' THEN 'availability|' || model_id || '|' || COALESCE(channel_id, '')
      WHEN 'successor' THEN 'successor|' || model_id || '|' || COALESCE(predecessor_id, '')
      WHEN 'competitor' THEN CASE
        WHEN competitor_id IS NULL OR model_id < competitor_id{c}
        THEN 'competitor|' || model_id || '|' || COALESCE(competitor_id, '')
        ELSE 'competitor|' || competitor_id || '|' || model_id END
      ELSE type || '|' || model_id
    END"""


def _series_rows_sql(dialect: str) -> str:
    c = ' COLLATE "C"' if dialect == "postgresql" else ""
    return f"""
    INSERT INTO series (id, type, model_id, other_id, direction, currency, reports, articles)
    SELECT DISTINCT series_id, type,
      CASE WHEN type = 'competitor' AND competitor_id < model_id{c}
           THEN competitor_id ELSE model_id END,
      CASE type
        WHEN 'benchmark' THEN benchmark_id
        WHEN 'availability' THEN channel_id
        WHEN 'successor' THEN predecessor_id
        WHEN 'competitor' THEN CASE WHEN competitor_id < model_id{c}
                                    THEN model_id ELSE competitor_id END
        ELSE NULL END,
      CASE WHEN type = 'price' THEN direction END,
      CASE WHEN type = 'price' THEN currency END,
      0, 0
    FROM facts"""


def _new_ids(conn: sa.Connection) -> dict[str, tuple[str, dict]]:
    """old id -> (new id, the new entity row's fields)."""
    from extractor.store.rows import resolve

    out: dict[str, tuple[str, dict]] = {}
    rows = conn.execute(sa.text("SELECT id, kind, name, developer, developer_id, family, "
                                "first_seen FROM entities")).all()
    developers = {r.id: r.developer for r in rows}
    for r in rows:
        # a generic channel ("API") was stored as is; the graph names it after the developer
        # of a model offered on it, which the facts say: keep the name, as the store writes it
        hit = resolve(r.kind, r.name) if r.kind in ("model", "org", "benchmark", "channel") else None
        if hit is None:
            continue
        out[r.id] = (hit.id, {"kind": r.kind, "name": hit.name,
                              "developer": developers.get(r.id) or hit.developer,
                              "developer_id": r.developer_id,
                              "family": r.family or hit.family, "first_seen": r.first_seen})
    return out


def upgrade() -> None:
    conn = op.get_bind()
    dialect = conn.dialect.name
    mapping = _new_ids(conn)
    changed = {old: new for old, (new, _) in mapping.items() if old != new}
    if changed:
        op.create_table("entity_id_map", sa.Column("old", sa.Text, primary_key=True),
                        sa.Column("new", sa.Text, nullable=False))
        conn.execute(sa.text("INSERT INTO entity_id_map (old, new) VALUES (:old, :new)"),
                     [{"old": o, "new": n} for o, n in sorted(changed.items())])
        existing = {i for (i,) in conn.execute(sa.text("SELECT id FROM entities"))}
        firsts: dict[str, dict] = {}
        for old, (new, fields) in sorted(mapping.items()):
            if new in existing or old == new:
                continue
            keep = firsts.setdefault(new, dict(fields))
            keep["first_seen"] = min(keep["first_seen"], fields["first_seen"])
        # the new entities first, so that every reference stays valid at each step (their
        # developer_id is an old id until the UPDATE below maps it with the others)
        if firsts:
            conn.execute(sa.text(
                "INSERT INTO entities (id, kind, name, developer, developer_id, family, first_seen) "
                "VALUES (:id, :kind, :name, :developer, :developer_id, :family, :first_seen)"),
                [{"id": new, **f} for new, f in sorted(firsts.items())])
        for table, column in REFERENCES:
            conn.execute(sa.text(
                f"UPDATE {table} SET {column} = (SELECT m.new FROM entity_id_map m "
                f"WHERE m.old = {table}.{column}) "
                f"WHERE {column} IN (SELECT old FROM entity_id_map)"))
        # spellings follow their entity (one row per entity and spelling)
        conn.execute(sa.text(
            "INSERT INTO aliases (entity_id, alias_key, alias) "
            "SELECT m.new, a.alias_key, MIN(a.alias) FROM aliases a "
            "JOIN entity_id_map m ON m.old = a.entity_id "
            "WHERE NOT EXISTS (SELECT 1 FROM aliases b WHERE b.entity_id = m.new "
            "AND b.alias_key = a.alias_key) GROUP BY m.new, a.alias_key"))
        op.execute("DELETE FROM series")
        conn.execute(sa.text("DELETE FROM aliases WHERE entity_id IN (SELECT old FROM entity_id_map)"))
        conn.execute(sa.text("DELETE FROM entities WHERE id IN (SELECT old FROM entity_id_map)"))
        op.drop_table("entity_id_map")
    else:
        op.execute("DELETE FROM series")
    # the series, from the facts and their new ids
    op.execute(f"UPDATE facts SET series_id = {_series_id_sql(dialect)}")
    op.execute(_series_rows_sql(dialect))
    from extractor.store.history import refresh_series

    refresh_series(conn)
    op.execute("DELETE FROM curated_prices")  # the next run loads it with the new ids


def downgrade() -> None:
    # the old ids cannot be told back from the new ones (merged entities stay merged); the
    # schema is the same, so going back is a no-op
    pass
