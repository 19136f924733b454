"""Where a path is: positions in large containers (more than 16 children are indexed
once, issue 21's planted-bug gap) hold over nested nodes, as in small ones."""

from __future__ import annotations

from policytl.load.yamlsafe import parse_document

COUNT = 40  # well past the 16 children below which a container is walked, not indexed


def _nested_items() -> str:
    """``items`` of COUNT mappings of 4 lines each, with nested lists and mappings,
    and ``table``: a mapping of COUNT keys whose values are nested too."""
    lines = ["items:"]
    for i in range(COUNT):
        lines += [f"  - id: e{i}", f"    tags: [a{i}, b{i}]", "    more: {x: [1, [2, 3]]}"]
        lines += ["    last: end"]
    lines.append("table:")
    for i in range(COUNT):
        lines += [f"  k{i}:", f"    deep: {{list: [{i}, {{y: {i}}}]}}", "    after: z"]
    return "\n".join(lines) + "\n"


def test_positions_in_large_containers_of_nested_nodes() -> None:
    located = parse_document(_nested_items(), "big.yaml")
    table_line = 2 + 4 * COUNT
    for i in range(COUNT):
        first = 2 + 4 * i
        assert located.position(["items", i]) == (first, 5)
        assert located.position(["items", i, "id"]) == (first, 9)
        assert located.position(["items", i, "tags", 1]) == (first + 1, 15 + len(str(i)))
        assert located.position(["items", i, "more", "x", 1, 0]) == (first + 2, 20)
        assert located.position(["items", i, "last"]) == (first + 3, 11)
        row = table_line + 1 + 3 * i
        assert located.position(["table", f"k{i}"], key=True) == (row, 3)
        assert located.position(["table", f"k{i}", "deep", "list", 1, "y"]) == (
            row + 1,
            len(f"    deep: {{list: [{i}, {{y: ") + 1,
        )
        assert located.position(["table", f"k{i}", "after"]) == (row + 2, 12)
    # a missing child: the nearest ancestor that is there
    assert located.position(["items", COUNT - 1, "nope"]) == (2 + 4 * (COUNT - 1), 5)
    assert located.position(["items", COUNT]) == (2, 3)


def test_the_index_and_the_walk_agree() -> None:
    """Asked in any order, the indexed positions equal those of a fresh walk."""
    text = _nested_items()
    for i in reversed(range(COUNT)):
        fresh = parse_document(text, "big.yaml")
        once = fresh.position(["items", i, "more", "x", 1, 1])
        again = fresh.position(["items", i, "more", "x", 1, 1])
        assert once == again == (2 + 4 * i + 2, 23)
