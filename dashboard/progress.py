"""A real progress bar for results that take seconds, saying which step runs, in the interface's
language.

The engine reports steps as ``progress(fraction, message)`` with English messages (the command
line prints them as they are); :func:`step_text` turns the known ones into the interface's
language, numbers formatted for it. The bar appears only when a step is reported: a result read
back from the database or the cache shows no bar at all.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import streamlit as st

from dashboard.formatting import number
from dashboard.strings import t

ProgressFn = Callable[[float, str], None]

_STEPS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), key)
    for pattern, key in (
        (r"labelling interactions", "step.labels"),
        (r"learning from (?P<n>[\d,]+) notes labelled by you", "step.learning"),
        (r"(?P<n>[\d,]+) notes read", "step.notes_read"),
        (r"building the customer-period tables", "step.tables"),
        (r"fitting the hazard model", "step.hazard_model"),
        (r"attribution with (?P<n>[\d,]+) bootstrap replicates", "step.attribution"),
        (r"classifying stated exit reasons", "step.stated_reasons"),
        (r"reading follow-up", "step.follow_up"),
        (r"survival curves", "step.curves"),
        (r"exit reasons", "step.exit_reasons"),
        (r"(?P<n>[\d,]+) rows read; storing", "step.rows_storing"),
        (r"(?P<n>[\d,]+) rows read", "step.rows_read"),
        (r"merging .* into the database", "step.merging"),
        (r"counting contacts for the filters", "step.rollup"),
        (r"done", "step.done"),
        (r"starting", "step.starting"),
    )
)


def step_text(message: str, lang: str) -> str:
    """The engine's English step ``message`` in ``lang`` (unknown messages are shown as they are)."""
    for pattern, key in _STEPS:
        m = pattern.fullmatch(message.strip())
        if m:
            values = {k: number(int(v.replace(",", "")), lang) for k, v in m.groupdict().items()}
            return t(key, lang, **values)
    return message


class StepProgress:
    """A progress callback drawing one bar. ``part(lo, hi)`` gives a callback whose fractions map
    into ``[lo, hi]`` of the bar, so two steps (labelling, then the model) share it."""

    def __init__(self, lang: str, title: str) -> None:
        self.lang = lang
        self.title = title
        self._bar = None

    def __call__(self, frac: float, message: str) -> None:
        text = f"{self.title} · {step_text(message, self.lang)}"
        value = min(max(float(frac), 0.0), 1.0)
        if self._bar is None:
            self._bar = st.progress(value, text=text)
        else:
            self._bar.progress(value, text=text)

    def part(self, lo: float, hi: float) -> ProgressFn:
        return lambda frac, message: self(lo + (hi - lo) * min(max(frac, 0.0), 1.0), message)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.empty()
            self._bar = None
