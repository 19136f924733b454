"""SQLite export: the tables of ``policytl.export.tables`` in one database file.

Each table has its columns (``TEXT``, ``INTEGER``; a date is its ISO text), ``NOT
NULL`` where a value is required, its primary key and its foreign keys (declared:
``PRAGMA foreign_keys = ON`` checks them in a client that asks). Every foreign
key and every ``*_earliest`` date has an index. Titles and quotes have a
full-text index (FTS5, external content, the ``trigram`` tokenizer, so that
Chinese, which has no spaces between words, is found by any three characters or
more: ``区块链``): ``events_fts``, ``sources_fts``, ``documents_fts``,
``citations_fts`` and ``relation_citations_fts``, each over its table's ``title_*``
or ``quote`` columns, found by Datasette as its table's search. Text is the
data's, bidi controls shown as visible escapes (``\\u202e``) as in every format.

The database is made in memory with the standard library's ``sqlite3`` and
returned as the bytes of its file; the CLI writes them atomically.
"""

from __future__ import annotations

import sqlite3

from policytl.export import ExportOptions
from policytl.export.tables import Table, Type, Value, tables
from policytl.model.records import Timeline
from policytl.model.textsafe import BIDI, no_bidi

__all__ = ["FILE", "database", "render_files", "schema"]

#: the name of the one file (the CLI writes it at -o)
FILE = "timeline.db"
#: the columns the full-text indexes hold: ``title_<lang>`` and ``quote``
SEARCHED = ("title_", "quote")

_SQL_TYPES = {
    Type.STRING: "TEXT",
    Type.DATE: "TEXT",
    Type.INTEGER: "INTEGER",
    Type.BOOLEAN: "INTEGER",
}


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _names(names: tuple[str, ...] | list[str]) -> str:
    return ", ".join(map(_q, names))


def _searched(made: Table) -> list[str]:
    return [n for n in made.names if n.startswith(SEARCHED[0]) or n == SEARCHED[1]]


def schema(made: Table) -> list[str]:
    """The statements that make one table, its indexes and its full-text index."""
    lines = [
        f"{_q(c.name)} {_SQL_TYPES[c.type]}{' NOT NULL' if c.required else ''}"
        for c in made.columns
    ]
    lines.append(f"PRIMARY KEY ({_names(made.key)})")
    for fk in made.foreign_keys:
        lines.append(
            f"FOREIGN KEY ({_names(fk.columns)}) REFERENCES {_q(fk.table)} ({_names(fk.to)})"
        )
    body = ",\n  ".join(lines)
    out = [f"CREATE TABLE {_q(made.name)} (\n  {body}\n)"]
    indexed = [fk.columns for fk in made.foreign_keys if made.key[: len(fk.columns)] != fk.columns]
    indexed += [(c.name,) for c in made.columns if c.name.endswith("_earliest")]
    for columns in dict.fromkeys(indexed):
        index = _q(f"{made.name}_by_{'_'.join(columns)}")
        out.append(f"CREATE INDEX {index} ON {_q(made.name)} ({_names(columns)})")
    searched = _searched(made)
    if searched:
        fts = _q(f"{made.name}_fts")
        out.append(
            f"CREATE VIRTUAL TABLE {fts} USING fts5({_names(searched)}, "
            f"content={_q(made.name)}, tokenize='trigram')"
        )
        out.append(
            f"INSERT INTO {fts} (rowid, {_names(searched)}) "
            f"SELECT rowid, {_names(searched)} FROM {_q(made.name)}"
        )
    return out


def _rows(made: Table) -> list[tuple[Value, ...]]:
    """The rows of a table, bidi controls shown as visible escapes (``no_bidi``). They are
    rare: one search over all of a table's text finds whether any row needs it."""
    texts = [v for row in made.rows for v in row if type(v) is str]
    if BIDI.search("".join(texts)) is None:
        return made.rows
    return [tuple(no_bidi(v) if type(v) is str else v for v in row) for row in made.rows]


def database(made: list[Table]) -> bytes:
    """The bytes of a database file holding the tables ``made``."""
    con = sqlite3.connect(":memory:")
    try:
        for t in made:
            statements = schema(t)
            con.execute(statements[0])
            marks = ", ".join("?" * len(t.columns))
            con.executemany(f"INSERT INTO {_q(t.name)} VALUES ({marks})", _rows(t))
            for statement in statements[1:]:
                con.execute(statement)
        con.commit()
        return con.serialize()
    finally:
        con.close()


def render_files(timeline: Timeline, options: ExportOptions) -> dict[str, bytes]:
    return {FILE: database(tables(timeline))}
