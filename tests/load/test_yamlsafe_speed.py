"""The faster YAML loader resolves every scalar exactly as PyYAML's safe loader does."""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from policytl.load.yamlsafe import _Loader

TRICKY = [
    "",
    "~",
    "null",
    "Null",
    "NULL",
    "yes",
    "Yes",
    "YES",
    "no",
    "No",
    "y",
    "n",
    "on",
    "Off",
    "true",
    "True",
    "TRUE",
    "false",
    "0",
    "-0",
    "+1",
    "1_000",
    "0x1F",
    "0o17",
    "0b101",
    "017",
    "12:30:00",
    "1e3",
    "1.5e-3",
    ".5",
    "-.5",
    ".inf",
    "-.Inf",
    ".nan",
    "2016",
    "2016-02",
    "2016-02-03",
    "2016-02-03 10:00:00",
    "2016-02-03T10:00:00Z",
    "=",
    "<<",
    "tag",
    "title",
    "id",
    "中文",
    "2016年",
    "t",
    "o",
    "f",
    "x",
    "-",
    "+",
    ".",
    "o1",
]


def shape(node: yaml.Node) -> object:
    """A node tree as nested tuples of (tag, value)."""
    if isinstance(node, yaml.ScalarNode):
        return (node.tag, node.value)
    if isinstance(node, yaml.SequenceNode):
        return (node.tag, tuple(shape(n) for n in node.value))
    return (node.tag, tuple((shape(k), shape(v)) for k, v in node.value))


def tags(text: str, loader: type) -> list[str]:
    root = yaml.compose(text, Loader=loader)
    return [n.tag for n in root.value] if root is not None else []


def test_tricky_scalars_resolve_as_with_the_safe_loader() -> None:
    text = "".join(f"- {s}\n" if s else "- \n" for s in TRICKY)
    text += "".join(f"- '{s}'\n- \"{s}\"\n" for s in TRICKY)
    assert tags(text, _Loader) == tags(text, yaml.SafeLoader)
    assert tags(text, _Loader) == tags(text, yaml.CSafeLoader)
    mapping = "".join(f"k{i}: {{a: {s}, {s or 'e'}: [x, {s}]}}\n" for i, s in enumerate(TRICKY))
    ours = yaml.compose(mapping, Loader=_Loader)
    theirs = yaml.compose(mapping, Loader=yaml.CSafeLoader)
    assert shape(ours) == shape(theirs)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="0123456789-+.:_eExXoObByYnNtTfF~=< a中", max_size=10)))
def test_random_plain_scalars_resolve_as_with_the_safe_loader(values: list[str]) -> None:
    text = "".join(f"- {v}\n" for v in values)
    try:
        expected = tags(text, yaml.CSafeLoader)
    except yaml.YAMLError:
        return
    assert tags(text, _Loader) == expected
