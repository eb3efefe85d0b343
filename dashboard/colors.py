"""One colour per failure family on every chart, from the Okabe–Ito palette (distinguishable with
the common colour-vision deficiencies). The service families (attitude, process) are warm, the
commercial ones (price, quality) cool; what is not a failure is grey.

Charts that compare something other than families (two series, or segments) take
:data:`SERIES`, which avoids the family colours so a reader never mistakes a segment for a family.
"""

from __future__ import annotations

OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}

GREY = "#999999"
LIGHT_GREY = "#C8C8C8"

FAMILY_COLORS: dict[str, str] = {
    "attitude": OKABE_ITO["vermillion"],
    "process": OKABE_ITO["orange"],
    "price": OKABE_ITO["blue"],
    "quality": OKABE_ITO["bluish_green"],
    "unclassified": OKABE_ITO["reddish_purple"],
    "none": GREY,
    "unrelated": GREY,
    "not_stated": LIGHT_GREY,
    # joint groups take the colour of their first family
    "attitude_and_process": OKABE_ITO["vermillion"],
    "price_and_quality": OKABE_ITO["blue"],
    "all_failures": OKABE_ITO["black"],
}

SERIES: tuple[str, ...] = ("#3B3B3B", OKABE_ITO["sky_blue"], "#8C6BB1", "#7F7F7F", "#B8860B", "#4D9DE0")
"""Colours for series that are not families (segments, plans, a baseline against a scenario):
a dark grey, sky blue, a muted violet, a mid grey, dark goldenrod, a lighter blue."""


def family_color(family: str) -> str:
    """The family's colour (grey for anything that is not a failure family)."""
    return FAMILY_COLORS.get(family, GREY)


def series_color(i: int) -> str:
    return SERIES[i % len(SERIES)]


def translucent(hex_colour: str, alpha: float) -> str:
    """``hex_colour`` (``#RRGGBB``) as an ``rgba(...)`` colour of opacity ``alpha`` (a band behind
    its line)."""
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha})"
