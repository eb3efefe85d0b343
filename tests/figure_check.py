"""The check that replaces plotly's validation on every draw (see dashboard/figures/common.py):
a figure built from dicts must come out of plotly's validation unchanged."""

from __future__ import annotations

import json

import plotly.graph_objects as go
import plotly.io as pio


def checked(fig: go.Figure | None) -> go.Figure | None:
    """``fig`` itself, after asserting that plotly's validation accepts every property of it and
    rewrites none (a misspelt property raises; ``"title": "x"`` for ``{"text": "x"}`` differs)."""
    if fig is None:
        return fig
    built = json.loads(pio.to_json(fig, validate=False))
    validated = json.loads(pio.to_json(go.Figure(fig.to_dict()), validate=False))
    assert built == validated, (
        f"the figure differs once plotly validates it: {_differences(built, validated)}"
    )
    return fig


def _differences(a, b, path: str = "") -> list[str]:
    """Where two JSON values differ, as paths with both values (the first few)."""
    if isinstance(a, dict) and isinstance(b, dict):
        out = []
        for key in sorted(set(a) | set(b)):
            out += _differences(a.get(key, "<missing>"), b.get(key, "<missing>"), f"{path}.{key}")
        return out[:5]
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [d for i, (x, y) in enumerate(zip(a, b)) for d in _differences(x, y, f"{path}[{i}]")][:5]
    return [] if a == b else [f"{path}: {a!r} != {b!r}"]
