"""Every quote of the shipped data set, verified by ``policytl verify`` against the article.

The test gives a copy of data/timeline.yaml an archived copy of the article (the seed in
../shared/seeds, copied beside it), written with ``policytl set`` as a curator would; the
installed tool never reads ../shared.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEED, invoke

SOURCE = "panews-2020-07-01"


@pytest.mark.skipif(not SEED.exists(), reason="shared/seeds not beside the checkout")
def test_every_quote_of_the_data_set_is_in_the_archived_article(tmp_path: Path) -> None:
    timeline = tmp_path / "timeline.yaml"
    shutil.copyfile(ROOT / "data" / "timeline.yaml", timeline)
    (tmp_path / "archive").mkdir()
    shutil.copyfile(SEED, tmp_path / "archive" / "panews.txt")
    digest = hashlib.sha256(SEED.read_bytes()).hexdigest()
    for field, value in (
        ("archive.path", "archive/panews.txt"),
        ("archive.sha256", digest),
        ("archive.retrieved", "2026-12-07"),
    ):
        assert invoke(["set", "-d", str(timeline), SOURCE, field, value]).exit_code == 0
    r = invoke(["verify", str(timeline), "--require-archive"])
    assert (r.exit_code, r.stdout) == (
        0,
        "30 of 30 quotes verified (0 after normalisation); 0 not found, 0 unverifiable\n",
    )
    # one character changed in the copy: the quote that holds it is found no more
    article = SEED.read_text(encoding="utf-8").replace("绩效任务", "绩效仼务")
    (tmp_path / "archive" / "panews.txt").write_text(article, encoding="utf-8")
    r = invoke(["verify", str(timeline)])
    assert r.exit_code == 1
    lines = r.stdout.replace(str(timeline), "T").splitlines()
    assert lines[0].startswith("T:") and "archive.sha256: the archived copy" in lines[0]
    assert any("[-任-]{+仼+}" in line for line in lines[1:-1]), lines


def test_the_data_set_source_says_how_to_find_the_article() -> None:
    from policytl import load_timeline

    source = load_timeline().sources[SOURCE]
    assert source.title.zh == "解读领跑全国的区块链发展“北京方案”:设专项基金,构建开源生态"
    assert (source.publisher, source.author, source.published, source.kind) == (
        "PANews",
        "小湃",
        source.published,
        "news",
    )
    assert source.published is not None and source.published.text == "2020-07-01"
