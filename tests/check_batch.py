"""Check a new code-list batch before it is registered: its shape, its labels, and that no item
repeats one the project already holds.

Collectors run ``python -m tests.check_batch NEW.csv [--others OTHER.csv ...]``. It prints what is
wrong, one line per problem, and exits 1 if anything is; it never prints an item that is right.
The checks, in the order tests/data/README.md ("How the items are labelled") asks for them:

* the header is exactly ``text,lang,family,subtype,source,style``;
* ``lang`` is ``en`` or ``es``; ``family`` one of the classifier's families
  (:data:`models.classify.classes.FAMILY_CLASSES`); ``subtype`` a key of that family in
  :mod:`analytics.taxonomy`, and empty for ``none`` and ``not_stated``; ``source`` and ``style``
  are filled;
* at most five items come from one repository or page (:func:`tests.provenance.origins_of`), so
  that no single list decides a batch;
* no item repeats, after the classifier's own normalisation (lower case, accents stripped), an
  item of the same file, of any file under tests/data, of the training corpus
  (models/corpus/notes_train.csv, models/corpus/data/clauses.csv) or of the ``--others`` files
  (other collectors' batches in progress);
* no source was used by an earlier batch (:func:`tests.provenance.reused`); another page of a site
  used before is reported but allowed.

The normalisation is imported, not copied, so a duplicate here is a duplicate to the model.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import pandas as pd

from analytics.taxonomy import SUBTYPES_BY_KEY, subtypes_of
from models.classify.classes import FAMILY_CLASSES
from models.classify.text import normalize_texts
from tests.provenance import DATA, batch_files, origins_of, reused

ROOT = Path(__file__).resolve().parent.parent
HEADER = ["text", "lang", "family", "subtype", "source", "style"]
CORPUS = [ROOT / "models/corpus/notes_train.csv", ROOT / "models/corpus/data/clauses.csv"]
PER_SOURCE = 5


def _texts(path: Path) -> list[str]:
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    column = "text" if "text" in df.columns else df.columns[0]
    return normalize_texts(df[column])


def shape_problems(df: pd.DataFrame) -> list[str]:
    """The problems a batch has on its own: its header, each row's language, family, subtype,
    source and style, and items that repeat one another after normalisation (line numbers as in
    the file). ``tests/test_classify_real.py`` holds every registered batch to this too."""
    if list(df.columns) != HEADER:
        return [f"header is {','.join(df.columns)}; it must be {','.join(HEADER)}"]
    out: list[str] = []
    for i, row in enumerate(df.itertuples(index=False), start=2):
        if not row.text.strip():
            out.append(f"line {i}: empty text")
        if row.lang not in ("en", "es"):
            out.append(f"line {i}: lang {row.lang!r} is neither en nor es")
        if row.family not in FAMILY_CLASSES:
            out.append(f"line {i}: family {row.family!r} is not one of {', '.join(FAMILY_CLASSES)}")
        elif row.family in ("none", "not_stated"):
            if row.subtype:
                out.append(f"line {i}: {row.family} takes no subtype, found {row.subtype!r}")
        elif row.subtype not in SUBTYPES_BY_KEY or SUBTYPES_BY_KEY[row.subtype].family != row.family:
            keys = ", ".join(s.key for s in subtypes_of(row.family))
            out.append(f"line {i}: subtype {row.subtype!r} is not a {row.family} subtype ({keys})")
        if not row.source.strip() or not row.style.strip():
            out.append(f"line {i}: source and style must both be filled")
    seen: dict[str, int] = {}
    for i, t in enumerate(normalize_texts(df["text"]), start=2):
        if t in seen:
            out.append(f"line {i}: repeats line {seen[t]} of this file")
        seen.setdefault(t, i)
    return out


def check(path: Path, others: list[Path]) -> tuple[list[str], list[str]]:
    """The problems of the batch ``path`` (:func:`shape_problems`, then at most five items a
    source, items held elsewhere, sources used before), and the notes: what is allowed but worth
    saying (another page of a site an earlier batch used, a repository of a name used before)."""
    path = path.resolve()
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    out = shape_problems(df)
    if list(df.columns) != HEADER:
        return out, []

    per_origin: Counter[str] = Counter()
    for value in df["source"]:
        per_origin.update(origins_of(value) or {value})
    for origin, n in per_origin.items():
        if n > PER_SOURCE:
            out.append(f"{n} items from {origin}; at most {PER_SOURCE} from one source")

    mine = normalize_texts(df["text"])
    held = [p.resolve() for p in sorted(DATA.glob("*.csv")) + CORPUS + others]
    for other in held:
        if other == path:
            continue
        known = set(_texts(other))
        for i, t in enumerate(mine, start=2):
            if t in known:
                out.append(
                    f"line {i}: already in {other.relative_to(ROOT) if other.is_relative_to(ROOT) else other}"
                )

    same, near = reused(path, [p for p in batch_files() if p.resolve() != path])
    out += [f"source used by an earlier batch: {origin} ({value})" for origin, value in sorted(same.items())]
    return out, [f"note, {what}: {origin}" for origin, what in sorted(near.items())]


def problems(path: Path, others: list[Path]) -> list[str]:
    """Every problem of the batch ``path``, one message each (:func:`check`)."""
    return check(path, others)[0]


def notes(path: Path) -> list[str]:
    """The notes of the batch ``path`` (:func:`check`)."""
    return check(path, [])[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("batch", type=Path)
    parser.add_argument(
        "--others", type=Path, nargs="*", default=[], help="other new batches to check against"
    )
    args = parser.parse_args(argv)
    found, said = check(args.batch, args.others)
    for message in [*said, *found]:
        print(f"{args.batch.name}: {message}")
    df = pd.read_csv(args.batch, dtype=str, keep_default_na=False, encoding="utf-8")
    counts = ", ".join(f"{k} {v}" for k, v in df["family"].value_counts().items())
    print(f"{args.batch.name}: {len(df)} items ({counts}); {len(found)} problem(s)")
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
