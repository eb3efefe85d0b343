"""The collectors' check (tests/check_batch.py) finds each kind of problem and passes a clean batch."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from tests.check_batch import HEADER, main, notes, problems
from tests.provenance import batch_files

pytestmark = pytest.mark.quick


def _write(path: Path, rows: list[dict[str, str]]) -> Path:
    pd.DataFrame(rows, columns=HEADER).to_csv(path, index=False)
    return path


def _row(
    text: str, family: str = "none", subtype: str = "", source: str = "https://example.invalid/a"
) -> dict:
    return {
        "text": text,
        "lang": "en",
        "family": family,
        "subtype": subtype,
        "source": source,
        "style": "test",
    }


def test_every_registered_batch_passes() -> None:
    # the batches were checked this way (or by hand, before the script existed) when registered
    for path in batch_files()[-3:]:
        assert problems(path, []) == [], path.name


def test_a_clean_batch_passes(tmp_path: Path) -> None:
    batch = _write(tmp_path / "new.csv", [_row("zqxj wholly made-up reason 7781"), _row("zqxj another 7782")])
    assert problems(batch, []) == []
    assert main([str(batch)]) == 0


def test_each_problem_is_found(tmp_path: Path) -> None:
    known = pd.read_csv(batch_files()[-1], dtype=str, keep_default_na=False)["text"].iloc[0]
    rows = [
        _row("zqxj one", family="quality", subtype="rude"),  # attitude's subtype under quality
        _row("zqxj two", subtype="moved"),  # none takes no subtype
        _row("zqxj three", family="anger"),
        _row(known.upper()),  # an earlier batch's item, in other case
        _row("ZQXJ one"),  # repeats line 2 after normalisation
        *[_row(f"zqxj many {i}", source="https://example.invalid/b") for i in range(6)],
        _row("zqxj reused", source=pd.read_csv(batch_files()[-1], dtype=str)["source"].iloc[0]),
    ]
    found = "\n".join(problems(_write(tmp_path / "bad.csv", rows), []))
    assert "line 2: subtype 'rude' is not a quality subtype" in found
    assert "line 3: none takes no subtype" in found
    assert "line 4: family 'anger'" in found
    assert f"line 5: already in tests/data/{batch_files()[-1].name}" in found
    assert "line 6: repeats line 2" in found
    assert "6 items from example.invalid/b" in found
    assert "source used by an earlier batch" in found


def test_other_collectors_files_are_checked(tmp_path: Path) -> None:
    mine = _write(tmp_path / "mine.csv", [_row("zqxj shared reason")])
    theirs = _write(tmp_path / "theirs.csv", [_row("Zqxj Shared Reason", source="https://example.invalid/c")])
    assert any("already in" in p for p in problems(mine, [theirs]))


def test_a_wrong_header_is_named(tmp_path: Path) -> None:
    path = tmp_path / "h.csv"
    path.write_text("text,family\nx,none\n", encoding="utf-8")
    assert problems(path, []) == ["header is text,family; it must be text,lang,family,subtype,source,style"]


def test_another_page_of_a_site_used_before_is_a_note_not_a_problem(tmp_path: Path) -> None:
    used = next(
        v
        for f in reversed(batch_files())
        for v in pd.read_csv(f, dtype=str, keep_default_na=False)["source"]
        if v.startswith("https://")
    )
    other_page = used.split("?")[0].rstrip("/") + "/zqxj-another-page"
    batch = _write(tmp_path / "near.csv", [_row("zqxj near reason", source=other_page)])
    assert problems(batch, []) == []
    assert any(n.startswith("note, site used before, another page") for n in notes(batch))
