"""Text normalisation shared by training and prediction: one text, one key.

"MALA ATENCIÓN", "mala atencion" and "mala  atención" must be one text to the model, to the
duplicate cache and to the review list, so every path through the classifier starts here.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
import pandas as pd

from analytics.taxonomy import strip_accents


def normalize_text(text: object) -> str:
    """Lower-case, strip accents, read underscores as spaces and collapse whitespace; missing
    values become ``""``.

    ``"  Me COLGÓ\\n el agente"`` → ``"me colgo el agente"``; ``"PRICE_TOO_HIGH"`` → ``"price too high"``
    (exported codes join words with underscores). Letters without a decomposition
    (ß, ø, emoji) are kept; only combining marks are removed
    (:func:`analytics.taxonomy.strip_accents`).
    """
    if text is None:
        return ""
    if not isinstance(text, str):
        if isinstance(text, float) and math.isnan(text):
            return ""
        if text is pd.NA or text is pd.NaT:
            return ""
        text = str(text)
    return " ".join(strip_accents(text.lower()).replace("_", " ").split())


def normalize_texts(texts: Iterable[object]) -> list[str]:
    """:func:`normalize_text` over a sequence (the Pipeline's first step)."""
    return [normalize_text(t) for t in texts]


def as_list(texts: Iterable[object] | str, what: str = "texts") -> list[object]:
    """``texts`` as a list, refusing the two common mistakes (one string, a whole DataFrame)."""
    if isinstance(texts, str):
        raise TypeError(
            f"{what} must be a sequence of strings, got a single string. Wrap it in a list: [{texts[:30]!r}]."
        )
    if isinstance(texts, pd.DataFrame):
        raise TypeError(f"{what} must be one column of text, got a DataFrame. Pass df['notes'] instead.")
    if isinstance(texts, pd.Series | np.ndarray):
        return list(texts.tolist())
    return list(texts)
