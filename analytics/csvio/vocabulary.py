"""Small closed vocabularies (yes/no, escalation) mapped to codes, vectorised."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc


class _Vocabulary:
    """Maps the spellings of a small closed vocabulary to codes, vectorised."""

    def __init__(self, words: dict[str, tuple[str, ...]]) -> None:
        self.labels = list(words)
        spellings: list[str] = []
        codes: list[int] = []
        for code, variants in enumerate(words.values()):
            for word in variants:
                for spelling in dict.fromkeys((word, word.upper(), word.capitalize(), word.title())):
                    if spelling not in spellings:
                        spellings.append(spelling)
                        codes.append(code)
        self._normalised = {w: code for code, variants in enumerate(words.values()) for w in variants}
        self._set = pa.array(spellings, pa.string())
        self._codes = np.array([*codes, -1], np.int64)
        self._norm_set = pa.array(list(self._normalised), pa.string())
        self._norm_codes = np.array([*self._normalised.values(), -1], np.int64)

    def codes(self, s: pa.Array, nonempty: np.ndarray) -> np.ndarray:
        """Code per value; -1 for empty or unknown."""
        idx = pc.fill_null(pc.index_in(s, value_set=self._set), -1).to_numpy(zero_copy_only=False)
        out = self._codes[idx]
        miss = np.flatnonzero(nonempty & (out < 0))
        if miss.size:  # odd case or spacing: normalise only those values
            sub = pc.utf8_lower(s.take(pa.array(miss)))
            sub = pc.replace_substring_regex(sub, r"[\s_]+", " ")
            j = pc.fill_null(pc.index_in(sub, value_set=self._norm_set), -1).to_numpy(zero_copy_only=False)
            out[miss] = self._norm_codes[j]
        return out


BOOLEAN = _Vocabulary(
    {
        "true": ("true", "t", "yes", "y", "sí", "si", "s", "verdadero", "v", "1", "x"),
        "false": ("false", "f", "no", "n", "falso", "0"),
    }
)
ESCALATION = _Vocabulary(
    {
        "yes": ("yes", "y", "sí", "si", "s", "true", "t", "1", "x", "escalado", "escalada", "escalated"),
        "no": ("no", "n", "false", "f", "0", "no escalado", "no escalada", "not escalated"),
        "denied": (
            "denied",
            "denegado",
            "denegada",
            "rechazado",
            "rechazada",
            "requested",
            "solicitado",
            "solicitada",
            "pedido",
            "pedida",
            "no concedido",
            "no concedida",
            "not granted",
            "refused",
        ),
    }
)
ESCALATION_LABELS = np.array([*ESCALATION.labels, None], dtype=object)
