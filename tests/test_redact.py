"""Contact details masked in quoted notes (analytics/redact.py): what is hidden, and what a
reader of the note still needs (dates, amounts, short numbers) is not."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analytics.redact import redact_contact_details, redact_notes

pytestmark = pytest.mark.quick


@pytest.mark.parametrize(
    "text, expected",
    [
        # hidden: the shape stays, the last two digits or the domain tell a reader what it was
        ("Cliente ana.perez@mail.com llama", "Cliente a•••@mail.com llama"),
        ("+34 612 345 678 no contesta", "+•• ••• ••• •78 no contesta"),
        ("llamar al (55) 1234-5678", "llamar al (••) ••••-••78"),
        ("cel 3001234567", "cel ••••••••67"),
        ("id C004416 reclama", "id C••••16 reclama"),
        ("cuenta 0049-1234-56-7890123456", "cuenta ••••-••••-••-••••••••56"),
        ("Nº póliza 88234511", "Nº póliza ••••••11"),
        # kept: dates, amounts, short numbers
        ("el 15/03/2025 se cobró", "el 15/03/2025 se cobró"),
        ("visita del 2025-03-14", "visita del 2025-03-14"),
        ("me cobraron 1.250.000 de más", "me cobraron 1.250.000 de más"),
        ("charged 1,250,000.50 twice", "charged 1,250,000.50 twice"),
        ("recargo de $ 1 245 990", "recargo de $ 1 245 990"),
        ("1 250 000 pesos de más", "1 250 000 pesos de más"),
        ("ticket #4521, 3 días sin señal", "ticket #4521, 3 días sin señal"),
        ("", ""),
    ],
)
def test_redact_contact_details(text: str, expected: str) -> None:
    assert redact_contact_details(text) == expected


def test_missing_notes_stay_missing() -> None:
    out = redact_notes(pd.Series(["mail a@b.co", None, float("nan")], dtype=object))
    assert out[0] == "mail a•••@b.co" and out[1] is None and math.isnan(out[2])
