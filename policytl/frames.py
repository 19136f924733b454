"""``Timeline.to_dataframes()``: the tables of ``policytl.export.tables`` as pandas
DataFrames.

pandas is an optional extra (``pip install 'policytl[pandas]'``): it is imported
here, when ``to_dataframes()`` is called, never by the rest of policytl.

Each DataFrame has its table's columns in their order (the key columns are
ordinary columns; ``df.attrs["primary_key"]`` names them, and
``df.attrs["foreign_keys"]`` lists ``(columns, table, its columns)``): a date is
``datetime64`` (``*_earliest``, ``*_latest``), a position a nullable ``Int64``,
every other value a string (missing values are ``None``/``NaN``, as pandas has
them). Texts are exactly the data's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from policytl.export.tables import Table, Type, tables

if TYPE_CHECKING:
    from policytl.model.records import Timeline

__all__ = ["INSTALL", "dataframes"]

#: what to install when pandas is missing
INSTALL = "pip install 'policytl[pandas]'"


def _pandas() -> Any:
    try:
        import pandas
    except ImportError as exc:
        raise ImportError(f"to_dataframes() needs pandas: {INSTALL}", name="pandas") from exc
    return pandas


def _frame(pd: Any, made: Table) -> Any:
    import numpy

    data: dict[str, Any] = {}
    for i, column in enumerate(made.columns):
        values = [row[i] for row in made.rows]
        if column.type is Type.DATE:
            data[column.name] = pd.Series(numpy.array(values, dtype="datetime64[D]"))
        elif column.type is Type.INTEGER:
            data[column.name] = pd.Series(values, dtype="Int64")
        elif column.type is Type.BOOLEAN:
            data[column.name] = pd.Series(values, dtype="boolean")
        else:
            data[column.name] = pd.Series(values, dtype=object)
    frame = pd.DataFrame(data, columns=made.names)
    frame.attrs["primary_key"] = list(made.key)
    frame.attrs["foreign_keys"] = [
        (list(f.columns), f.table, list(f.to)) for f in made.foreign_keys
    ]
    return frame


def dataframes(timeline: Timeline) -> dict[str, Any]:
    """The tables of ``timeline`` as pandas DataFrames, by table name."""
    pd = _pandas()
    return {t.name: _frame(pd, t) for t in tables(timeline)}
