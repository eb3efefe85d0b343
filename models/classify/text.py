"""Text normalisation shared by training and prediction: one text, one key.

"MALA ATENCIÓN", "mala atencion" and "mala  atención" must be one text to the model, to the
duplicate cache and to the review list, so every path through the classifier starts here.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

import numpy as np
import pandas as pd

from analytics.taxonomy import strip_accents

_UPPER = "A-ZÁÉÍÓÚÑÜ"
_LOWER = "a-záéíóúñü"
_CAMEL_WORD = re.compile(
    rf"(?<![@#0-9{_UPPER}{_LOWER}])(?:[{_UPPER}]|[{_LOWER}]{{2}})[{_UPPER}{_LOWER}]*"
    rf"(?:[{_LOWER}][{_UPPER}]|[{_UPPER}][{_UPPER}][{_LOWER}]{{2}})[{_UPPER}{_LOWER}]*"
)
"""A word written in CamelCase, as enum-valued exports store their codes ("SomethingElse",
"WndoComplicatedOrHardToUse", "IVRMenu", "Reason_BudgetConstraints", and in lowerCamelCase
"autoRenewDisabled"): it starts with a capital or with two small letters, and a small letter is
followed by a capital somewhere (or an acronym runs into a word); a brand starting with one small
letter ("iPhone", "eBay") is not a code. Only a
text that is one such code is split (:func:`normalize_text`): inside a sentence a CamelCase word is
a name ("WhatsApp", "GreenTel", "@RedSur") and stays whole."""
_CAMEL_BREAK = re.compile(rf"(?<=[{_LOWER}])(?=[{_UPPER}])|(?<=[{_UPPER}])(?=[{_UPPER}][{_LOWER}]{{2}})")
"""Where a CamelCase word splits: before a capital that follows a small letter, and before the last
capital of an acronym followed by a word of two small letters or more ("IVRMenu" → "IVR Menu";
a plural acronym such as "PQRs" stays whole)."""


_KEBAB_BREAK = re.compile(r"(?<=[^\W\d_])-(?=[^\W\d_])")
"""A hyphen between two letters. Only in a text that is one word: a code joined by hyphens
("post-dial-delay", "CR-MISSING_PARTS") is words, as a snake_case code is; inside a sentence a
hyphenated word ("wi-fi", "e-mail") stays whole."""


def _split_camel(match: re.Match[str]) -> str:
    return _CAMEL_BREAK.sub(" ", match.group())


def normalize_text(text: object) -> str:
    """Lower-case, strip accents, read underscores as spaces, split CamelCase and kebab-case codes
    into words and collapse whitespace; missing values become ``""``.

    ``"  Me COLGÓ\\n el agente"`` → ``"me colgo el agente"``; ``"PRICE_TOO_HIGH"`` → ``"price too high"``
    (exported codes join words with underscores); ``"BudgetConstraints"`` → ``"budget constraints"``
    (enums join them with capitals; only a one-word text is split, so "WhatsApp" in a sentence
    stays one word); ``"post-dial-delay"`` → ``"post dial delay"`` (likewise one-word texts only). Letters without a decomposition
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
    if " " not in text.strip():  # a one-word text may be an enum's code; in a sentence it is a name
        text = _KEBAB_BREAK.sub(" ", _CAMEL_WORD.sub(_split_camel, text))
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
