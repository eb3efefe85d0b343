"""The contact measures against answers worked out by hand, on both databases.

Five customers and fourteen contacts, each chosen to exercise one rule: a repeat of a contact made
before the window, a repeat through another channel, a contact too close to the as-of date to
have had its follow-up, a contact after the as-of date, a promise whose date has not passed (its
label is not known yet), a contact whose primary label is such a promise while its notes read as
rude. Every expected figure below is counted from the table in ``_load``'s docstring.
"""

from __future__ import annotations

from datetime import date, datetime

import numpy as np
import pandas as pd
import pytest
import sqlalchemy as sa

from analytics import measures
from analytics.schema import customers, interaction_labels, interactions
from analytics.scope import Scope

SCOPE = Scope(as_of=date(2024, 6, 30), start=date(2024, 1, 1))

CUSTOMERS = [
    # id, start, end, segment, plan, region
    ("C001", date(2023, 6, 1), None, "res", "basic", "north"),
    ("C002", date(2024, 1, 1), date(2024, 3, 15), "biz", "plus", "south"),
    ("C003", date(2024, 1, 1), None, "res", "plus", "south"),
    ("C004", date(2024, 2, 1), date(2024, 6, 20), "biz", "basic", "north"),
    ("C005", date(2024, 1, 1), None, "res", "basic", "north"),
]

# key, customer, timestamp, channel, team, agent, topic, resolved, apology, compensation, follow_up,
# escalated, notes
CONTACTS = [
    ("a1", "C001", datetime(2023, 12, 30, 10), "phone", "billing", "AG1", "bill", True, False, False, False, None, "old"),
    ("a2", "C001", datetime(2024, 1, 3, 9), "phone", "billing", "AG1", "bill", True, False, False, False, None, None),
    ("a3", "C001", datetime(2024, 2, 1, 10), "chat", "support", "AG2", "internet", True, True, False, False, None, "Me colgó de mala gana"),
    ("a4", "C001", datetime(2024, 3, 1, 10), "phone", "support", "AG2", "internet", False, False, False, False, None, "transferido a otra area"),
    ("a5", "C001", datetime(2024, 3, 5, 10), "phone", "billing", "AG1", "internet", True, False, False, True, "denied", "   "),
    ("b1", "C002", datetime(2024, 1, 10, 12), "phone", "billing", "AG1", "bill", True, False, False, False, "yes", "Le parece caro: 50%_off en la competencia"),
    ("b2", "C002", datetime(2024, 1, 20, 12), "store", "billing", "AG3", "bill", False, False, False, False, "denied", "no sé"),
    ("c1", "C003", datetime(2024, 6, 25, 8), "chat", "support", "AG2", "tv", True, True, False, False, None, "sin señal"),
    ("c2", "C003", datetime(2024, 4, 10, 15), "chat", "support", "AG2", None, True, False, False, False, "denied", "Eso lo maneja otra área, me dijeron"),
    ("c3", "C003", datetime(2024, 7, 2, 9), "phone", "support", "AG2", "tv", True, False, False, False, None, "no estamos autorizados"),
    ("d1", "C004", datetime(2024, 2, 10, 10), "phone", "billing", "AG3", "bill", True, True, False, False, "yes", "No estamos autorizados a cambiarlo"),
    ("d2", "C004", datetime(2024, 5, 1, 11), "store", "billing", "AG3", "bill", False, False, False, False, "no", "entrega pendiente"),
    ("d3", "C004", datetime(2024, 6, 15, 10), "phone", "billing", "AG1", "other", True, False, False, False, None, "NO ESTAMOS AUTORIZADOS, dijo de mala gana"),
    ("e1", "C005", datetime(2024, 6, 1, 10), "phone", "support", "AG2", "tv", False, False, False, False, None, "hola"),
]  # fmt: skip

LABELS = [
    # key, family, subtype, source, probability, is_primary, known_after
    ("a3", "attitude", "rude", "coded", 1.0, True, None),
    ("a4", "process", "handoff", "structured", 1.0, True, None),
    ("a5", "process", "repeat_contact", "structured", 1.0, True, None),
    ("b1", "price", "price_too_high", "text", 0.9, True, None),
    ("b2", "unclassified", None, "text", 0.4, True, None),
    ("c1", "quality", "outage", "coded", 1.0, True, None),
    ("c2", "process", "handoff", "text", 0.85, True, None),
    ("c3", "attitude", "rude", "coded", 1.0, True, None),
    ("d1", "attitude", "scripted_refusal", "coded", 1.0, True, None),
    ("d2", "process", "broken_promise", "structured", 1.0, True, date(2024, 5, 10)),
    # Stored before d3's primary label, so picking the first row would pick it.
    ("d3", "attitude", "rude", "text", 0.8, False, None),
    ("d3", "process", "broken_promise", "structured", 1.0, True, date(2024, 7, 15)),
    ("e1", "process", "broken_promise", "structured", 1.0, True, date(2024, 8, 1)),
]


def _load(store) -> None:
    """The data, and what it holds at the as-of date 2024-06-30 (window from 2024-01-01):

    ====  ====  =======  =======  ==============================  =========  =========
    key   cust  channel  team     primary label known by then      recovered  FCR (7 d)
    ====  ====  =======  =======  ==============================  =========  =========
    a1    C001  before the window (2023-12-30)                     —          —
    a2    C001  phone    billing  none                             —          repeat of a1
    a3    C001  chat     support  attitude/rude                    yes        issue, solved
    a4    C001  phone    support  process/handoff                  no         issue, repeated by a5
    a5    C001  phone    billing  process/repeat_contact           yes        repeat of a4
    b1    C002  phone    billing  price/price_too_high             no         issue, solved (b2 is 10 d later)
    b2    C002  store    billing  unclassified                     —          issue, unresolved
    c1    C003  chat     support  quality/outage                   yes        5 days before as-of: not counted
    c2    C003  chat     support  process/handoff (no topic)       no         issue, solved
    c3    C003  after the as-of date (2024-07-02)                  —          —
    d1    C004  phone    billing  attitude/scripted_refusal        yes        issue, solved
    d2    C004  store    billing  process/broken_promise           no         issue, unresolved
    d3    C004  phone    billing  attitude/rude (promise not due)  no         issue, solved
    e1    C005  phone    support  none (promise not due)           —          issue, unresolved
    ====  ====  =======  =======  ==============================  =========  =========
    """
    cust = [
        dict(customer_id=c, start_date=s, end_date=e, segment=g, plan=p, region=r)
        for c, s, e, g, p, r in CUSTOMERS
    ]
    names = [
        "interaction_key",
        "customer_id",
        "timestamp",
        "channel",
        "team",
        "agent_id",
        "topic",
        "resolved",
        "apology",
        "compensation",
        "follow_up",
        "escalated",
        "notes",
    ]
    inter = [dict(zip(names, row)) for row in CONTACTS]
    lab_names = ["interaction_key", "family", "subtype", "source", "probability", "is_primary", "known_after"]
    labels = [dict(zip(lab_names, row)) for row in LABELS]
    with store.write() as conn:
        conn.execute(sa.insert(customers), cust)
        conn.execute(sa.insert(interactions), inter)
        conn.execute(sa.insert(interaction_labels), labels)


@pytest.fixture
def loaded(store):
    _load(store)
    return store


def _row(frame: pd.DataFrame, **where) -> pd.Series:
    mask = np.ones(len(frame), dtype=bool)
    for k, v in where.items():
        mask &= (frame[k] == v).to_numpy()
    assert mask.sum() == 1, f"expected one row with {where}, found {mask.sum()}:\n{frame}"
    return frame[mask].iloc[0]


def _counts(frame: pd.DataFrame, key: str, *cols: str) -> dict:
    return {r[key]: tuple(int(r[c]) for c in cols) for _, r in frame.iterrows()}


@pytest.mark.quick
def test_wilson_interval_matches_newcombe():
    # Newcombe (1998), Stat Med 17:857, Table I, method 3 (score interval without continuity
    # correction): 81/263, 15/148, 0/20, 1/29.
    low, high = measures.wilson_interval([81, 15, 0, 1], [263, 148, 20, 29])
    assert np.round(low, 4).tolist() == [0.2553, 0.0624, 0.0, 0.0061]
    assert np.round(high, 4).tolist() == [0.3662, 0.1605, 0.1611, 0.1718]
    low, high = measures.wilson_interval(0, 0)
    assert np.isnan(low) and np.isnan(high)


def test_primary_label_is_the_most_trusted_known_at_the_as_of_date(loaded):
    def primary(scope):
        frame = loaded.read_frame(measures.primary_label_query(scope))
        return frame.set_index("interaction_key")

    now = primary(SCOPE)
    # d3's stored primary is a promise due 2024-07-15: on 2024-06-30 its notes (rude) are what is known.
    assert tuple(now.loc["d3", ["family", "subtype", "source"]]) == ("attitude", "rude", "text")
    assert tuple(now.loc["e1", ["family", "source", "probability"]]) == ("none", "none", 1.0)
    assert now.loc["d2", "subtype"] == "broken_promise"  # due 2024-05-10, known by then
    later = primary(Scope(as_of=date(2024, 8, 31), start=date(2024, 1, 1)))
    assert later.loc["d3", "subtype"] == "broken_promise" and later.loc["e1", "family"] == "process"
    stored = primary(None)  # no scope: the stored primary, whatever its date
    assert stored.loc["d3", "subtype"] == "broken_promise"
    assert len(now) == len(CONTACTS) and now.index.is_unique


@pytest.mark.quick
def test_failures_per_100_by_family(loaded):
    f = measures.failures_per_100(loaded, SCOPE)
    # 12 contacts in the window (a1 before it, c3 after it); 9 failures: attitude a3 d1 d3,
    # process a4 a5 c2 d2, price b1, quality c1. e1's promise is not due: not a failure yet.
    assert list(f["family"]) == ["attitude", "process", "price", "quality", "any"]
    assert _counts(f, "family", "contacts", "failures") == {
        "attitude": (12, 3),
        "process": (12, 4),
        "price": (12, 1),
        "quality": (12, 1),
        "any": (12, 9),
    }
    assert _row(f, family="any")["per_100"] == pytest.approx(75.0)
    low, high = measures.wilson_interval(9, 12)
    assert _row(f, family="any")[["low", "high"]].tolist() == pytest.approx([100 * low, 100 * high])
    assert f.attrs["window"] == SCOPE.window


def test_failures_per_100_breakdowns(loaded):
    sub = measures.failures_per_100(loaded, SCOPE, by="subtype")
    found = {(r.family, r.subtype): (r.contacts, r.failures) for r in sub.itertuples()}
    assert found == {
        ("attitude", "rude"): (12, 2),
        ("attitude", "scripted_refusal"): (12, 1),
        ("process", "handoff"): (12, 2),
        ("process", "repeat_contact"): (12, 1),
        ("process", "broken_promise"): (12, 1),
        ("price", "price_too_high"): (12, 1),
        ("quality", "outage"): (12, 1),
    }
    assert sub["failures"].is_monotonic_decreasing  # a Pareto's order

    chan = measures.failures_per_100(loaded, SCOPE, by="channel")
    # phone: a2 a4 a5 b1 d1 d3 e1 (failures a4 a5 b1 d1 d3); chat: a3 c1 c2; store: b2 d2 (d2).
    anyf = chan[chan["family"] == "any"]
    assert _counts(anyf, "channel", "contacts", "failures") == {
        "chat": (3, 3),
        "phone": (7, 5),
        "store": (2, 1),
    }
    assert _row(chan, channel="phone", family="attitude")["failures"] == 2

    seg = measures.failures_per_100(loaded, SCOPE, by="segment")
    assert _counts(seg[seg["family"] == "any"], "segment", "contacts", "failures") == {
        "biz": (5, 4),
        "res": (7, 5),
    }
    # A customer filter keeps the customers' contacts; the families are counted among them.
    biz = measures.failures_per_100(loaded, Scope(as_of=SCOPE.as_of, start=SCOPE.start, segment=("biz",)))
    assert _counts(biz, "family", "contacts", "failures")["attitude"] == (5, 2)
    assert _row(biz, family="any")["per_100"] == pytest.approx(80.0)
    # A contact filter keeps the contacts of the channel.
    store_only = measures.failures_per_100(
        loaded, Scope(as_of=SCOPE.as_of, start=SCOPE.start, channel=("store",))
    )
    assert _counts(store_only, "family", "contacts", "failures")["process"] == (2, 1)
    # by="family" is the plain breakdown: every row is a family.
    assert measures.failures_per_100(loaded, SCOPE, by="family").equals(
        measures.failures_per_100(loaded, SCOPE)
    )


@pytest.mark.quick
def test_monthly_failures(loaded):
    m = measures.monthly_failures(loaded, SCOPE)
    anyf = m[m["family"] == "any"]
    assert [d.month for d in anyf["month"]] == [1, 2, 3, 4, 5, 6]
    assert list(zip(anyf["contacts"], anyf["failures"])) == [(3, 1), (2, 2), (2, 2), (1, 1), (1, 1), (3, 2)]
    june = m[m["month"] == pd.Timestamp("2024-06-01")].set_index("family")["failures"].to_dict()
    assert june == {"attitude": 1, "process": 0, "price": 0, "quality": 1, "any": 2}


@pytest.mark.quick
def test_first_contact_resolution(loaded):
    fcr = measures.first_contact_resolution(loaded, SCOPE)
    # Issues: a3 a4 b1 b2 c2 d1 d2 d3 e1 (a2 and a5 are repeats; c1 is within 7 days of the
    # as-of date). Solved at first contact: a3 b1 c2 d1 d3.
    assert tuple(fcr.iloc[0][["contacts", "issues", "resolved_first"]]) == (12, 9, 5)
    assert fcr.iloc[0]["rate"] == pytest.approx(5 / 9)
    assert fcr.attrs["days"] == 7

    # 30 days: a3 is repeated by a4 (29 days), b2 repeats b1 (10 days), a4 repeats a3; issues
    # must be at least 30 days old (until 2024-06-01): a3 b1 c2 d1 d2; solved: c2 d1.
    f30 = measures.first_contact_resolution(loaded, SCOPE, days=30)
    assert tuple(f30.iloc[0][["issues", "resolved_first"]]) == (5, 2)

    by_channel = measures.first_contact_resolution(loaded, SCOPE, by="channel")
    assert _counts(by_channel, "channel", "contacts", "issues", "resolved_first") == {
        "chat": (3, 2, 2),
        "phone": (7, 5, 3),
        "store": (2, 2, 0),
    }
    # A repeat through another channel still counts: with a chat filter and 30 days, a3 (chat) is
    # repeated by a4 (phone), so only c2 is solved.
    chat = Scope(as_of=SCOPE.as_of, start=SCOPE.start, channel=("chat",))
    assert tuple(
        measures.first_contact_resolution(loaded, chat, days=30).iloc[0][["issues", "resolved_first"]]
    ) == (
        2,
        1,
    )
    by_family = measures.first_contact_resolution(loaded, SCOPE, by="family")
    assert list(by_family["family"]) == ["attitude", "process", "price", "quality", "unclassified", "none"]
    assert _counts(by_family, "family", "issues", "resolved_first")["attitude"] == (3, 3)


@pytest.mark.quick
def test_recovery_rate(loaded):
    rec = measures.recovery_rate(loaded, SCOPE)
    # Recovered (resolved and an apology, compensation or follow-up): a3 a5 c1 d1.
    assert tuple(rec.iloc[0][["failures", "recovered"]]) == (9, 4)
    low, high = measures.wilson_interval(4, 9)
    assert rec.iloc[0][["rate", "low", "high"]].tolist() == pytest.approx([4 / 9, low, high])
    fam = measures.recovery_rate(loaded, SCOPE, by="family")
    assert _counts(fam, "family", "failures", "recovered") == {
        "attitude": (3, 2),
        "process": (4, 1),
        "price": (1, 0),
        "quality": (1, 1),
    }
    team = measures.recovery_rate(loaded, SCOPE, by="team")
    assert _counts(team, "team", "failures", "recovered") == {"billing": (5, 2), "support": (4, 2)}
    month = measures.recovery_rate(loaded, SCOPE, by="month")
    assert month["month"].dt.month.tolist() == [1, 2, 3, 4, 5, 6]
    assert month["failures"].sum() == 9 and month["recovered"].sum() == 4


@pytest.mark.quick
def test_commercial_resilience(loaded):
    res = measures.commercial_resilience(loaded, SCOPE)
    # First failures: C001 a3 (Feb 1), C002 b1 (Jan 10, left Mar 15), C003 c2 (Apr 10: less than
    # 90 days before the as-of date, not counted), C004 d1 (Feb 10, left Jun 20, after 90 days).
    assert tuple(res.iloc[0][["customers", "retained"]]) == (3, 2)
    assert res.attrs["days"] == 90
    # C002 left on day 65 after its failure: retained at 64 days, lost at 65.
    at64 = measures.commercial_resilience(loaded, SCOPE, days=64)
    at65 = measures.commercial_resilience(loaded, SCOPE, days=65)
    assert tuple(at64.iloc[0][["customers", "retained"]]) == (4, 4)
    assert tuple(at65.iloc[0][["customers", "retained"]]) == (4, 3)
    fam = measures.commercial_resilience(loaded, SCOPE, by="family")
    assert _counts(fam, "family", "customers", "retained") == {
        "attitude": (2, 2),
        "process": (1, 1),
        "price": (1, 0),
    }


@pytest.mark.quick
def test_escalation_access(loaded):
    esc = measures.escalation_access(loaded, SCOPE)
    # billing: a5 denied (C001), b1 yes and b2 denied (C002), d1 yes (C004); support: c2 denied.
    assert _counts(esc, "team", "requests", "granted_requests", "customers_asked", "customers_granted") == {
        "billing": (4, 2, 3, 2),
        "support": (1, 0, 1, 0),
    }
    assert _row(esc, team="billing")["rate"] == pytest.approx(2 / 3)
    overall = measures.escalation_access(loaded, SCOPE, by=None)
    assert tuple(overall.iloc[0][["requests", "customers_asked", "customers_granted"]]) == (5, 4, 2)
    with pytest.raises(ValueError, match="'by' parameter must be None or one of"):
        measures.escalation_access(loaded, SCOPE, by="family")


@pytest.mark.quick
def test_label_sources(loaded):
    src = measures.label_sources(loaded, SCOPE)
    found = {(r.source, r.family): r.contacts for r in src.itertuples()}
    assert found == {
        ("coded", "attitude"): 2,
        ("coded", "quality"): 1,
        ("structured", "process"): 3,
        ("text", "attitude"): 1,
        ("text", "process"): 1,
        ("text", "price"): 1,
        ("text", "unclassified"): 1,
        ("none", "none"): 2,
    }
    assert src["share"].sum() == pytest.approx(1.0)
    assert list(src["source"]) == ["coded"] * 2 + ["structured"] + ["text"] * 4 + ["none"]


@pytest.mark.quick
def test_agent_volume(loaded):
    agents = measures.agent_volume(loaded, SCOPE)
    assert _counts(agents, "agent_id", "contacts", "failures", "recovered") == {
        "AG1": (4, 3, 1),
        "AG2": (5, 4, 2),
        "AG3": (3, 2, 1),
    }
    assert _row(agents, agent_id="AG2")[["failure_rate", "recovery_rate"]].tolist() == pytest.approx(
        [0.8, 0.5]
    )
    teams = measures.agent_volume(loaded, SCOPE, level="team")
    assert _counts(teams, "team", "contacts", "failures", "recovered") == {
        "billing": (7, 5, 2),
        "support": (5, 4, 2),
    }
    with pytest.raises(ValueError, match="'level' parameter must be one of"):
        measures.agent_volume(loaded, SCOPE, level="channel")


@pytest.mark.quick
def test_search_notes_ignores_case_and_accents_and_binds_the_phrase(loaded):
    hits = measures.search_notes(loaded, SCOPE, "no estamos autorizados")
    # d1 and d3 (upper case); c3 says it too, after the as-of date.
    assert list(hits["notes"]) == [
        "NO ESTAMOS AUTORIZADOS, dijo de mala gana",
        "No estamos autorizados a cambiarlo",
    ]
    assert list(hits["customer"]) == ["C**4", "C**4"]  # first and last character kept
    assert hits.attrs["matches"] == 2
    assert list(hits.columns) == [
        "customer",
        "date",
        "channel",
        "team",
        "family",
        "subtype",
        "source",
        "notes",
    ]
    assert hits["date"].tolist() == [date(2024, 6, 15), date(2024, 2, 10)]

    # Accents on either side: "área" in the notes, "ÁREA" or "area" typed.
    for phrase in ("eso lo maneja otra área", "ESO LO MANEJA OTRA AREA", "  eso  lo maneja otra area "):
        found = measures.search_notes(loaded, SCOPE, phrase)
        assert list(found["notes"]) == ["Eso lo maneja otra área, me dijeron"], phrase
    assert set(measures.search_notes(loaded, SCOPE, "otra área")["notes"]) == {
        "Eso lo maneja otra área, me dijeron",
        "transferido a otra area",
    }
    assert list(measures.search_notes(loaded, SCOPE, "sin SENAL")["notes"]) == ["sin señal"]

    # LIKE's wildcards are the characters themselves, and the phrase is data, not SQL.
    assert list(measures.search_notes(loaded, SCOPE, "50%_off")["notes"]) == [
        "Le parece caro: 50%_off en la competencia"
    ]
    assert measures.search_notes(loaded, SCOPE, "50%x").empty
    assert measures.search_notes(loaded, SCOPE, "c_ro").empty
    assert measures.search_notes(loaded, SCOPE, "%%").empty
    assert measures.search_notes(loaded, SCOPE, "'; DROP TABLE interactions; --").empty
    assert loaded.counts()["interactions"] == len(CONTACTS)

    # Filters and the limit.
    chat = Scope(as_of=SCOPE.as_of, start=SCOPE.start, channel=("chat",))
    none = measures.search_notes(loaded, chat, "no estamos autorizados")
    assert none.empty and none.attrs["matches"] == 0
    one = measures.search_notes(loaded, SCOPE, "no estamos autorizados", limit=1)
    assert len(one) == 1 and one.attrs["matches"] == 2
    with pytest.raises(ValueError, match="at least two letters"):
        measures.search_notes(loaded, SCOPE, " a ")


@pytest.mark.quick
def test_example_notes(loaded):
    rude = measures.example_notes(loaded, SCOPE, "rude")
    assert list(rude["notes"]) == ["NO ESTAMOS AUTORIZADOS, dijo de mala gana", "Me colgó de mala gana"]
    assert list(rude["source"]) == ["text", "coded"]
    handoff = measures.example_notes(loaded, SCOPE, "handoff", limit=1)
    assert list(handoff["notes"]) == ["Eso lo maneja otra área, me dijeron"]
    assert list(handoff["customer"]) == ["C**3"]
    assert measures.example_notes(loaded, SCOPE, "repeat_contact").empty  # a5's note is blank
    assert measures.example_notes(loaded, SCOPE, "rude", family="process").empty
    with pytest.raises(ValueError, match="Name a subtype"):
        measures.example_notes(loaded, SCOPE, None)


@pytest.mark.quick
def test_measures_resolve_the_scope_and_reject_bad_parameters(loaded):
    # An unresolved scope is resolved once from the data (as-of: the latest date, 2024-07-02).
    f = measures.failures_per_100(loaded, Scope(start=date(2024, 1, 1)))
    assert _row(f, family="any")["contacts"] == 13
    with pytest.raises(ValueError, match=r"'by' parameter must be None or one of .*Got 'week'"):
        measures.recovery_rate(loaded, SCOPE, by="week")
    with pytest.raises(ValueError, match=r"'days' parameter must be an int in \[1, 365\]"):
        measures.first_contact_resolution(loaded, SCOPE, days=0)
    with pytest.raises(ValueError, match=r"'limit' parameter must be an int"):
        measures.search_notes(loaded, SCOPE, "hola", limit=0)


@pytest.mark.quick
def test_masking_short_ids(store):
    # Ids of one or two characters are hidden whole (a first and last character would be all of them).
    ids = sa.values(sa.column("customer_id", sa.Text), name="ids").data(
        [("A",), ("AB",), ("ABC",), ("C004416",)]
    )
    q = sa.select(measures._masked(ids.c.customer_id).label("masked")).select_from(ids)
    assert sorted(store.read_frame(q)["masked"]) == sorted(["*", "**", "A*C", "C*****6"])


@pytest.mark.quick
def test_quoted_notes_hide_contact_details(loaded):
    """Notes are quoted on pages managers show to clients: a phone number or e-mail the customer
    dictated is masked in what example_notes and search_notes return (analytics.redact), while the
    search still finds the contact by its words."""
    said = "entrega pendiente, llamar al +34 612 345 678 o ana.perez@mail.com; cobro de $ 1 250 000"
    with loaded.write() as conn:
        conn.execute(sa.update(interactions).where(interactions.c.interaction_key == "d2").values(notes=said))
    found = measures.search_notes(loaded, SCOPE, "entrega pendiente")
    assert list(found["notes"]) == [
        "entrega pendiente, llamar al +•• ••• ••• •78 o a•••@mail.com; cobro de $ 1 250 000"
    ]
    assert (
        loaded.read_frame(sa.select(interactions.c.notes).where(interactions.c.interaction_key == "d2")).iloc[
            0, 0
        ]
        == said
    )  # the stored note is untouched
