"""Where each code-list batch's items come from, and whether a new batch reuses a source.

Every batch of ``tests/data/eval_real_lists*.csv`` is meant to come from repositories and pages no
earlier batch used, so that it tests wording the model has not met. The collectors checked that by
hand, against the ``source`` columns; twice that missed a repository named only in an earlier
batch's provenance list or prose (tests/data/README.md, the twenty-eighth batch's correction).
This module makes the check mechanical.

An *origin* is a GitHub repository (``owner/name``, lower case) or a web page (its address without
scheme, ``www.`` or trailing slash, lower case). A batch's origins are read from its ``source``
column (``"owner/name, path"`` or an address) and from the ``**Provenance**`` bullets of its
section in tests/data/README.md (the first seven batches have neither: their sources are keys,
and their repositories are not recorded).

Collectors run ``python -m tests.provenance NEW_BATCH.csv``: it lists every source of the file
whose repository or page appears anywhere in tests/data/README.md or an earlier batch file (and,
separately, the sites used before under another page, which is allowed but worth saying).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pandas as pd

DATA = Path(__file__).parent / "data"
README = DATA / "README.md"

_URL = re.compile(r"https?://[^\s)`\"'<>,;]+")
# "owner/name," or "owner/name`" as the batches write a repository before its path
_REPO = re.compile(r"(?<![\w/.:-])([A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9][A-Za-z0-9_.-]*)(?=,|\s*$)")
_SECTION = re.compile(r"^## `(eval_real_lists[a-z_]*\.csv)`", re.MULTILINE)


def page_key(url: str) -> str:
    """A web address as an origin: no scheme, no ``www.``, no trailing slash or dot, lower case."""
    key = re.sub(r"^https?://", "", url.strip().lower()).rstrip("/.")
    key = key.removeprefix("www.")
    if key.startswith("github.com/"):
        return "/".join(key.split("/")[1:3])  # a repository's page is the repository
    return key


def site_key(origin: str) -> str | None:
    """The host of a page origin; None for a repository."""
    head = origin.split("/", 1)[0]
    return head if "." in head else None


def origins_of(text: str) -> set[str]:
    """The repositories and pages named in one ``source`` value or provenance line."""
    found = {page_key(u) for u in _URL.findall(text)}
    without_urls = _URL.sub(" ", text)
    found |= {m.lower() for m in _REPO.findall(without_urls)}
    return found


def readme_sections(readme: Path = README) -> dict[str, str]:
    """The text of each batch's section of tests/data/README.md, by file name."""
    text = readme.read_text(encoding="utf-8")
    marks = list(_SECTION.finditer(text))
    out = {}
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        out[m.group(1)] = text[m.start() : end]
    return out


def batch_origins(path: Path, section: str = "") -> set[str]:
    """The origins of a batch: its ``source`` column and its section's provenance bullets."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    found: set[str] = set()
    for value in df["source"].unique():
        found |= origins_of(value)
    for line in section.splitlines():
        if line.startswith("* `") and "`:" in line:  # "* `key`: owner/name, `path`" or "* `key`: https://…"
            found |= origins_of(line.split("`:", 1)[1].replace("`", ""))
    return found


def reused(new: Path, earlier: list[Path], readme: Path = README) -> tuple[dict[str, str], dict[str, str]]:
    """Sources of ``new`` used before: (repositories and pages named anywhere in the README or in
    an earlier batch file, each with the source value that names it), (origins near one used
    before — another page of a site, a repository of the same name under another owner — each
    with what was found)."""
    prior_text = readme.read_text(encoding="utf-8").lower()
    prior: set[str] = set()
    for path in earlier:
        prior |= batch_origins(path)
        prior_text += "\n" + path.read_text(encoding="utf-8").lower()
    named = prior | origins_of(prior_text)
    prior_sites = {s for o in named if (s := site_key(o))}
    # a fork or copy keeps the repository's name under another owner
    prior_names = {o.split("/")[1] for o in named if site_key(o) is None and "/" in o}
    df = pd.read_csv(new, dtype=str, keep_default_na=False, encoding="utf-8")
    same, near = {}, {}
    for value in df["source"].unique():
        for origin in origins_of(value):
            if origin in prior or origin in prior_text:
                same[origin] = value
            elif (s := site_key(origin)) and s in prior_sites:
                near[origin] = "site used before, another page"
            elif site_key(origin) is None and origin.split("/")[-1] in prior_names:
                near[origin] = "a repository of that name used before (a fork or copy?)"
    return same, near


def batch_files() -> list[Path]:
    """The batch files in the order they were collected ("" before "b", "z" before "aa")."""

    def letter(path: Path) -> str:
        return path.stem.removeprefix("eval_real_lists").lstrip("_")

    return sorted(DATA.glob("eval_real_lists*.csv"), key=lambda p: (len(letter(p)), letter(p)))


def from_earlier_sources(path: Path) -> list[bool]:
    """For each item of the batch ``path``, whether its source was used by an earlier batch: named
    in an earlier batch's ``source`` column or in an earlier batch's section of the README."""
    files = batch_files()
    earlier = files[: [f.name for f in files].index(path.name)]
    sections = readme_sections()
    prior: set[str] = set()
    prior_text = ""
    for f in earlier:
        prior |= batch_origins(f, sections.get(f.name, ""))
        prior_text += "\n" + sections.get(f.name, "").lower() + "\n" + f.read_text(encoding="utf-8").lower()
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    used = {v for v in df["source"].unique() if any(o in prior or o in prior_text for o in origins_of(v))}
    return [v in used for v in df["source"]]


def main(argv: list[str]) -> int:
    if not argv:
        print("usage: python -m tests.provenance NEW_BATCH.csv [...]", file=sys.stderr)
        return 2
    earlier = sorted(
        p for p in DATA.glob("eval_real_lists*.csv") if p.resolve() not in {Path(a).resolve() for a in argv}
    )
    status = 0
    for arg in argv:
        same, near = reused(Path(arg), earlier)
        for origin, value in sorted(same.items()):
            print(f"{arg}: USED BEFORE  {origin}   (source: {value})")
            status = 1
        for origin, what in sorted(near.items()):
            print(f"{arg}: {what}  {origin}")
        if not same:
            print(f"{arg}: no repository or page used before")
    return status


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
