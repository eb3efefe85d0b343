"""The classifier's label space, and reading the labels people give it (English or Spanish).

Family labels may be English or Spanish ("actitud", "Proceso"), or subtype keys and names
("espera larga"), read with :func:`analytics.taxonomy.parse_failure_type`, or ``not_stated``
("no indica", "sin motivo") for a text that gives no reason at all.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from analytics.taxonomy import FAMILIES, SUBTYPES, normalize_token, parse_failure_type
from models.classify.text import as_list

NONE = "none"
NOT_STATED = "not_stated"
UNCLASSIFIED = "unclassified"
FAMILY_CLASSES: tuple[str, ...] = (*FAMILIES, NONE, NOT_STATED)
"""Labels the family head can learn, in taxonomy order; ties between equal probabilities are
broken in this order (attitude > process > price > quality > none > not_stated).

``none`` is a text that describes no failure of the company (a query, praise, "me mudé");
``not_stated`` a text that gives no reason at all ("No sé", "Otro", "Prefer not to say"), which
matters for exit reasons: a non-answer is neither a failure nor evidence against one."""

_NOT_STATED_LABELS = frozenset(
    {"not_stated", "no_indica", "sin_motivo", "no_declarado", "no_informa", "ns_nc"}
)


def _is_missing(v: object) -> bool:
    if v is None:
        return True
    if isinstance(v, str):
        return v.strip() == ""
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


_ACCEPTED = (
    "Accepted: attitude, process, price, quality, none, not_stated (or actitud, proceso, precio, "
    "calidad, ninguno, no indica), or a subtype such as 'handoff' or 'espera larga'."
)


def _parse_family(value: str) -> tuple[str, str | None] | None:
    if normalize_token(value) in _NOT_STATED_LABELS:
        return (NOT_STATED, None)
    return parse_failure_type(value)


def parse_labels(
    families: Iterable[object], subtypes: Iterable[object] | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Read family (and optional subtype) labels in English or Spanish.

    Returns ``(family, subtype)`` arrays of canonical keys (subtype ``None`` where unknown).
    A family given as a subtype ("espera larga") also sets the subtype. Every bad value is
    reported at once, with its row numbers (0-based).
    """
    fam_in = as_list(families, "families")
    sub_in = [None] * len(fam_in) if subtypes is None else as_list(subtypes, "subtypes")
    if len(sub_in) != len(fam_in):
        raise ValueError(f"subtypes has {len(sub_in)} rows but families has {len(fam_in)}; they must match.")
    fam_out: list[str] = []
    sub_out: list[str | None] = []
    bad_family: dict[str, list[int]] = {}
    missing: list[int] = []
    bad_sub: dict[str, list[int]] = {}
    for i, (f, s) in enumerate(zip(fam_in, sub_in)):
        if _is_missing(f):
            missing.append(i)
            fam_out.append(NONE)
            sub_out.append(None)
            continue
        parsed = _parse_family(str(f))
        if parsed is None:
            bad_family.setdefault(str(f), []).append(i)
            fam_out.append(NONE)
            sub_out.append(None)
            continue
        fam, sub = parsed
        if not _is_missing(s):
            ps = parse_failure_type(str(s))
            if ps is None or ps[1] is None or ps[0] != fam:
                bad_sub.setdefault(f"{s!s} (family {fam})", []).append(i)
            else:
                sub = ps[1]
        fam_out.append(fam)
        sub_out.append(sub)
    problems = []
    if missing:
        problems.append(
            f"{len(missing)} rows have no family label (rows {_rows(missing)}); label them 'none' if they "
            "are not failures, or drop them"
        )
    if bad_family:
        found = ", ".join(f"{k!r} (rows {_rows(v)})" for k, v in bad_family.items())
        problems.append(f"families holds values that are not failure labels: {found}. {_ACCEPTED}")
    if bad_sub:
        found = ", ".join(f"{k!r} (rows {_rows(v)})" for k, v in bad_sub.items())
        problems.append(
            f"subtypes holds values that are not subtypes of the row's family: {found}. "
            f"Subtypes: {', '.join(s.key for s in SUBTYPES)}"
        )
    if problems:
        raise ValueError("; ".join(problems))
    return np.array(fam_out, dtype=object), np.array(sub_out, dtype=object)


def _rows(idx: list[int], limit: int = 8) -> str:
    head = ", ".join(map(str, idx[:limit]))
    return head + (f", … {len(idx) - limit} more" if len(idx) > limit else "")
