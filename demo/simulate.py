"""The simulator: an internet and phone provider, its customers, their contacts and their churn.

The world is written down once, in :class:`~demo.world.PlantedWorld` (every parameter with its
unit), and simulated in continuous time (days since the window start):

* customers join uniformly over the window; static covariates segment, plan, region, revenue;
* each customer's contacts are a Poisson process over the WHOLE window from the join date,
  whether or not the customer leaves; each contact is independently a failure (family, subtype
  from :mod:`analytics.taxonomy`), and a failure is independently recovered;
* the churn hazard is piecewise constant: a baseline by tenure, static hazard ratios, and for 90
  days from a day after each failure its family's hazard ratio and its subtype's factor (a family
  counts once, each exposing subtype's factor multiplies), and the recovery's while a recovered
  failure exposes;
* churn times come from inverting the cumulative hazard (:mod:`demo.hazard`) against one Exp(1)
  draw per customer.

The future (:mod:`demo.future`): twelve months past the window for the customers still there,
with their own random stream, as things are and under a few scenarios with the same numbers.

The truth (:mod:`demo.truth`) is computed with the SAME hazard function on counterfactual
histories (the failures of a set of families turned into ordinary contacts at the same times,
same Exp(1) draws). The data only holds contacts up to each churn moment; the simulation keeps
the whole history. Notes, churn reasons and failure codes come from their own random streams
(:mod:`demo.notes`), so changing the vocabulary changes the text, never the world.

:func:`generate` returns everything in memory (:class:`DemoData`); :func:`demo.export.write_demo`
writes it as files.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analytics.contract import CUSTOMERS
from analytics.taxonomy import FAMILIES, FAMILY_LABELS, SUBTYPES, SUBTYPES_BY_KEY
from demo.future import FUTURE_SCENARIOS, FutureScenario, simulate_future
from demo.hazard import Counterfactual, HazardPaths
from demo.notes import PHONE, STORE, WRITTEN, churn_reason_texts, interaction_notes
from demo.truth import build_truth, counterfactual_events, subset_label, subtype_owen
from demo.world import (
    CHANNELS,
    DAYS_PER_MONTH,
    DRIVERS,
    STATED_FAMILIES,
    TEAMS,
    TOPICS,
    Pairs,
    PlantedWorld,
)


@dataclass
class DemoData:
    """A generated demo: the two uploadable tables, the truth, and the full simulation.

    ``customers`` and ``interactions`` use the contract's column names with parsed types (dates as
    ``datetime64``, booleans as ``bool``, empty text as ``""``). ``history`` holds EVERY simulated
    contact, including those after a customer's churn (``observed`` is False for them), with its
    true ``failure``/``family``/``subtype``/``recovered`` and ``pair`` (the planted repeat-contact
    pairs share it). ``customer_truth`` holds per customer the join and churn times (days since the
    window start), the Exp(1) draw, the contact rate, the true driver of each churn and the family
    of the reason the churner stated.
    """

    customers: pd.DataFrame
    interactions: pd.DataFrame
    truth: dict
    history: pd.DataFrame
    customer_truth: pd.DataFrame
    world: PlantedWorld
    cumhaz_end: dict[str, np.ndarray]
    """Cumulative hazard to the window's end per customer, by removed set (``subset_label``)."""
    paths: HazardPaths = field(repr=False)

    def counterfactual(self, removed: Iterable[str] = ()) -> Counterfactual:
        """Churn outcome per customer (customers' row order) when ``removed`` families never fail."""
        removed = tuple(removed)
        unknown = [f for f in removed if f not in FAMILIES]
        if unknown:
            raise ValueError(f"Unknown families {unknown}. Use some of {list(FAMILIES)}.")
        exp_draw = self.customer_truth["exp_draw"].to_numpy()
        return self.paths.run(exp_draw, removed)[0]


def _draw(rng: np.random.Generator, pairs: Pairs, size: int) -> np.ndarray:
    """Indices into ``pairs`` drawn with its probabilities."""
    p = np.array([w for _, w in pairs], dtype=float)
    return np.searchsorted(np.cumsum(p) / p.sum(), rng.random(size), side="right").clip(0, len(pairs) - 1)


def _draw_rows(rng: np.random.Generator, probs: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """One category per element, drawn from ``probs[rows[k]]`` (a table of probability rows)."""
    cdf = np.cumsum(probs, axis=1)
    cdf /= cdf[:, -1:]
    u = rng.random(rows.size)
    return (u[:, None] >= cdf[rows]).sum(axis=1).clip(0, probs.shape[1] - 1)


def _mix_table(
    default: Pairs, overrides: tuple[tuple[str, Pairs], ...], keys: list[str], categories: tuple[str, ...]
) -> np.ndarray:
    """Rows: ``keys``; columns: ``categories``; each row the override mix for its key or ``default``."""
    over = dict(overrides)
    table = np.zeros((len(keys), len(categories)))
    for r, key in enumerate(keys):
        for name, p in over.get(key, default):
            table[r, categories.index(name)] = p
    return table


_SUB_KEYS = [s.key for s in SUBTYPES]
_HOURS = np.arange(8, 21)
_HOUR_WEIGHTS = np.array([4, 8, 10, 10, 8, 6, 7, 8, 9, 9, 7, 5, 3], dtype=float)


def _time_of_day(rng: np.random.Generator, store: np.ndarray) -> np.ndarray:
    """Seconds after midnight in working hours: 08:00–20:59, stores 10:00–20:59."""
    w = _HOUR_WEIGHTS / _HOUR_WEIGHTS.sum()
    w_store = np.where(_HOURS >= 10, _HOUR_WEIGHTS, 0.0)
    w_store /= w_store.sum()
    hour = np.where(
        store,
        _HOURS[_draw(rng, tuple(zip(_HOURS.astype(str), w_store)), store.size)],
        _HOURS[_draw(rng, tuple(zip(_HOURS.astype(str), w)), store.size)],
    )
    return hour * 3600 + rng.integers(0, 3600, size=store.size)


def _assign_topics(
    rng: np.random.Generator,
    world: PlantedWorld,
    cust: np.ndarray,
    day: np.ndarray,
    group: np.ndarray,
    group_kind: np.ndarray,
) -> np.ndarray:
    """Topic per group (a planted repeat pair is one group) such that no two contacts of a customer
    in different groups share a topic within ``repeat_window_days`` calendar days.

    ``cust``/``day``/``group`` are per contact, sorted by customer and time; ``group_kind`` is the
    subtype index (−1 ordinary) per group. Conflicts re-draw the later contact's group topic:
    from its own mix for a few rounds, then uniformly.
    """
    table = _mix_table(world.topic_mix, world.topic_mix_by_subtype, ["ordinary", *_SUB_KEYS], TOPICS)
    uniform = np.ones((1, len(TOPICS)))
    topic = _draw_rows(rng, table, group_kind + 1)
    # every pair of a customer's contacts within the window, in different groups (fixed from here on)
    window = world.repeat_window_days
    n = cust.size
    first, second = [], []
    for lag in range(1, n):
        a = np.arange(n - lag)
        b = a + lag
        close = (cust[a] == cust[b]) & (day[b] - day[a] <= window)
        if not close.any():
            break
        close &= group[a] != group[b]
        first.append(group[a[close]])
        second.append(group[b[close]])
    ga = np.concatenate(first) if first else np.empty(0, dtype=np.int64)
    gb = np.concatenate(second) if second else np.empty(0, dtype=np.int64)
    for rnd in range(200):
        todo = np.unique(gb[topic[ga] == topic[gb]])
        if todo.size == 0:
            return topic
        if rnd < 5:
            topic[todo] = _draw_rows(rng, table, group_kind[todo] + 1)
        else:
            topic[todo] = _draw_rows(rng, uniform, np.zeros(todo.size, dtype=np.int64))
    raise RuntimeError("could not assign topics without accidental repeat contacts; lower the contact rate")


def _ids(prefix: str, count: int, width: int) -> np.ndarray:
    """``prefix`` + zero-padded 1 … count, as an object array."""
    return np.char.add(prefix, np.char.zfill(np.arange(1, count + 1).astype(str), width)).astype(object)


def _dates(world: PlantedWorld, days: np.ndarray) -> np.ndarray:
    """Day indices (−1 = none) to datetime64[ns] (NaT for none)."""
    base = np.datetime64(world.window_start, "D")
    out = (base + np.where(days >= 0, days, 0).astype("timedelta64[D]")).astype("datetime64[ns]")
    out[days < 0] = np.datetime64("NaT")
    return out


def _churn_reasons(
    rng: np.random.Generator,
    world: PlantedWorld,
    paths: HazardPaths,
    churn_idx: np.ndarray,
    churned: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per customer: the true driver of the churn, the family of the reason stated, its language
    and its text ("" for customers who stayed).

    The driver is drawn at the churn moment (``churn_idx``: the interval of ``paths`` where each
    customer churned): failure-driven with the probability of causation 1 − h_without_failures / h,
    then the family among those exposing the customer, weighted by its log HR (the family's and
    its exposing subtypes' deviations). The stated family follows
    ``world.stated_reason_mix`` given the driver.
    """
    n = churned.size
    ev = paths.evaluate()
    j = churn_idx[churned]
    excess = 1.0 - np.exp(paths.base_log[j] - ev.loghaz[j])
    fam_w = np.maximum(paths.family_log(ev.active[j]), 0.0)
    u_cause, u_fam = rng.random(j.size), rng.random(j.size)
    w_sum = fam_w.sum(axis=1)
    driven = (u_cause < excess) & (w_sum > 0)
    pick = (u_fam[:, None] * np.where(w_sum > 0, w_sum, 1.0)[:, None] >= np.cumsum(fam_w, axis=1)).sum(axis=1)
    driver = np.full(n, "", dtype=object)
    driver[churned] = np.where(driven, np.array(FAMILIES, dtype=object)[np.minimum(pick, 3)], "none")
    stated_table = _mix_table((), world.stated_reason_mix, list(DRIVERS), STATED_FAMILIES)
    stated = np.full(n, "", dtype=object)
    stated_idx = _draw_rows(
        rng, stated_table, np.array([DRIVERS.index(d) for d in driver[churned]], dtype=int)
    )
    stated[churned] = np.array(STATED_FAMILIES, dtype=object)[stated_idx]
    reason_lang = np.where(rng.random(n) < world.p_notes_spanish, "es", "en").astype(object)
    churn_reason = np.full(n, "", dtype=object)
    churn_reason[churned] = churn_reason_texts(rng, stated[churned], reason_lang[churned])
    return driver, stated, reason_lang, churn_reason


def generate(
    n_customers: int,
    seed: int,
    *,
    coded: bool = True,
    world: PlantedWorld | None = None,
    future_scenarios: tuple[FutureScenario, ...] = FUTURE_SCENARIOS,
) -> DemoData:
    """Simulate the planted world for ``n_customers`` customers; deterministic given ``seed``.

    ``coded=False`` leaves ``failure_type`` empty everywhere (the world is otherwise identical: the
    coding draws come from their own random stream). ``world`` overrides the parameters.
    ``future_scenarios``: the scenarios of the planted future (the first is the baseline).
    """
    if not isinstance(n_customers, int | np.integer) or n_customers < 1:
        raise ValueError(
            f"The 'n_customers' parameter of generate must be an int ≥ 1. Got {n_customers!r} instead."
        )
    world = world or PlantedWorld()
    world.validate()
    # Five streams: the world, the failure codes, the notes, the churn reasons, the future. Adding a
    # stream leaves the others as they were (spawned children are numbered).
    s_world, s_code, s_notes, s_reasons, s_future = np.random.SeedSequence(int(seed)).spawn(5)
    rng = np.random.default_rng(s_world)
    n = int(n_customers)
    horizon = world.horizon_days

    # --- customers ---------------------------------------------------------------------------------
    join_day = rng.integers(0, horizon, size=n)
    join = join_day.astype(float)
    business = rng.random(n) < world.share_business
    plans = tuple(k for k, _ in world.plan_mix)
    plan = _draw(rng, world.plan_mix, n)
    region = _draw(rng, world.regions, n)
    rev_mean = np.array([dict(world.revenue_by_plan)[p] for p in plans])[plan]
    revenue = rev_mean * np.where(business, world.revenue_business_factor, 1.0)
    revenue = np.round(revenue * np.maximum(0.5, 1 + world.revenue_noise_sd * rng.standard_normal(n)), 2)
    rate = (
        rng.gamma(world.contact_rate_shape, world.contact_rate_per_month / world.contact_rate_shape, size=n)
        * np.where(business, world.contact_rate_business_factor, 1.0)
        / DAYS_PER_MONTH
    )
    exp_draw = rng.exponential(1.0, size=n)
    hr_plan = {"basic": 1.0, "plus": world.hr_plan_plus, "premium": world.hr_plan_premium}
    log_static = np.log(world.hr_business) * business + np.log([hr_plan[p] for p in plans])[plan]

    # --- contacts over the whole window ----------------------------------------------------------
    n_contacts = rng.poisson(rate * (horizon - join))
    p_cust = np.repeat(np.arange(n), n_contacts)
    m = p_cust.size
    p_day = np.floor(join[p_cust] + rng.random(m) * (horizon - join[p_cust])).astype(np.int64)
    p_fail = rng.random(m) < world.p_failure
    fam_idx = np.where(p_fail, _draw(rng, world.family_mix, m), -1)
    fam_names = [k for k, _ in world.family_mix]
    p_family = np.where(p_fail, np.array([FAMILIES.index(f) for f in fam_names])[np.maximum(fam_idx, 0)], -1)
    sub_w = dict(world.subtype_mix)
    sub_table = np.array(
        [[sub_w[k] if SUBTYPES_BY_KEY[k].family == f else 0.0 for k in _SUB_KEYS] for f in FAMILIES]
    )
    p_sub = np.where(p_fail, _draw_rows(rng, sub_table, np.maximum(p_family, 0)), -1)
    p_recovered = p_fail & (rng.random(m) < world.p_recovery)
    # a repeat contact needs room for its earlier contact after the join
    rep_key = _SUB_KEYS.index("repeat_contact")
    room = p_day - join_day[p_cust]
    lo, hi = world.repeat_gap_days
    no_room = (p_sub == rep_key) & (room < lo)
    if no_room.any():
        alt = sub_table[FAMILIES.index("process")].copy()
        alt[rep_key] = 0.0
        p_sub[no_room] = _draw_rows(rng, alt[None, :], np.zeros(int(no_room.sum()), dtype=np.int64))
    rep = np.flatnonzero(p_sub == rep_key)
    max_gap = np.minimum(hi, room[rep])
    gap = lo + np.floor(rng.random(rep.size) * (max_gap - lo + 1)).astype(np.int64)

    # all contacts: primary ones, then the planted earlier contacts of repeat pairs
    cust = np.concatenate([p_cust, p_cust[rep]])
    day = np.concatenate([p_day, p_day[rep] - gap])
    sub = np.concatenate([p_sub, np.full(rep.size, -1)])
    family = np.concatenate([p_family, np.full(rep.size, -1)])
    recovered = np.concatenate([p_recovered, np.zeros(rep.size, dtype=bool)])
    precursor = np.concatenate([np.zeros(m, dtype=bool), np.ones(rep.size, dtype=bool)])
    group = np.concatenate([np.arange(m), rep])
    total = cust.size
    fail = sub >= 0

    chan_table = _mix_table(
        world.channel_mix, world.channel_mix_by_subtype, ["ordinary", *_SUB_KEYS], CHANNELS
    )
    channel = _draw_rows(rng, chan_table, sub + 1)
    store_ch = CHANNELS.index("store")
    weekday = (day + world.start.weekday()) % 7
    channel[(channel == store_ch) & (weekday == 6)] = CHANNELS.index("phone")  # stores close on Sunday
    sod = _time_of_day(rng, channel == store_ch)
    time = day + sod / 86400.0

    order = np.lexsort((time, cust))
    cust, day, sod, time, sub, family, recovered, precursor, group, channel, fail = (
        a[order] for a in (cust, day, sod, time, sub, family, recovered, precursor, group, channel, fail)
    )
    group_kind = p_sub
    topic_of_group = _assign_topics(rng, world, cust, day, group, group_kind)
    topic = topic_of_group[group]

    # team and agent
    team_table = _mix_table((), world.team_by_topic, list(TOPICS), TEAMS)
    team = _draw_rows(rng, team_table, topic)
    team[channel == store_ch] = TEAMS.index("store")
    sizes = dict(world.team_sizes)
    n_agents = sum(sizes.values())
    agent_team = rng.permutation(np.repeat([TEAMS.index(t) for t in TEAMS], [sizes[t] for t in TEAMS]))
    attitude_weight = np.exp(world.agent_attitude_sd * rng.standard_normal(n_agents))
    agent = np.zeros(total, dtype=np.int64)
    is_att = family == FAMILIES.index("attitude")
    for k in range(len(TEAMS)):
        members = np.flatnonzero(agent_team == k)
        for att in (False, True):
            idx = np.flatnonzero((team == k) & (is_att == att))
            if idx.size:
                w = attitude_weight[members] if att else np.ones(members.size)
                agent[idx] = members[
                    np.searchsorted(np.cumsum(w) / w.sum(), rng.random(idx.size), side="right").clip(
                        0, members.size - 1
                    )
                ]

    # structured signals, consistent with the subtypes
    key = {k: _SUB_KEYS.index(k) for k in ("handoff", "long_wait", "broken_promise", "escalation_blocked")}
    resolved = (
        np.where(
            fail,
            recovered | (rng.random(total) < world.p_failure_resolved_unrecovered),
            rng.random(total) < world.p_ordinary_resolved,
        )
        & ~precursor
    )
    transferred = np.where(sub == key["handoff"], 1 + np.minimum(rng.poisson(0.5, total), 3), 0)
    wait = np.minimum(rng.gamma(1.5, 80.0, total), world.ordinary_wait_max_s - 1)
    long_wait = world.long_wait_threshold_s + 60 + np.minimum(rng.gamma(2.0, 600.0, total), 5400)
    wait_seconds = np.floor(np.where(sub == key["long_wait"], long_wait, wait))
    u = rng.random(total)
    escalated = np.where(
        fail, np.where(u < 0.55, "no", np.where(u < 0.90, "", "yes")), np.where(u < 0.60, "no", "")
    ).astype(object)
    escalated[sub == key["escalation_blocked"]] = "denied"
    last_day = horizon - 1
    promised = np.full(total, -1, dtype=np.int64)
    fulfilled = np.full(total, -1, dtype=np.int64)
    kept = (rng.random(total) < world.p_promise) & (sub != key["broken_promise"])
    promised[kept] = day[kept] + rng.integers(0, 8, size=int(kept.sum()))
    fulfilled[kept] = np.maximum(day[kept], promised[kept] - rng.integers(0, 3, size=int(kept.sum())))
    fulfilled[kept & (fulfilled > last_day)] = -1  # not yet due at the as-of date
    broken = sub == key["broken_promise"]
    b_join = join_day[cust[broken]]
    promised[broken] = np.maximum(b_join, day[broken] - rng.integers(1, 15, size=int(broken.sum())))
    late = promised[broken] + rng.integers(1, 11, size=int(broken.sum()))
    never = (rng.random(int(broken.sum())) < world.p_broken_promise_never) | (late > last_day)
    fulfilled[broken] = np.where(never, -1, late)
    act = _draw(rng, world.recovery_actions, total)
    has = {
        a: np.array([a in k.split("+") for k, _ in world.recovery_actions])[act]
        for a in ("apology", "compensation", "follow_up")
    }
    unrec_fail = fail & ~recovered & ~resolved
    apology = np.where(recovered, has["apology"], unrec_fail & (rng.random(total) < 0.25))
    compensation = np.where(recovered, has["compensation"], unrec_fail & (rng.random(total) < 0.05))
    follow_up = np.where(
        recovered,
        has["follow_up"],
        np.where(fail, unrec_fail & (rng.random(total) < 0.15), rng.random(total) < 0.06),
    )
    follow_up &= ~(fail & ~recovered & resolved)
    follow_up &= recovered | (sub != _SUB_KEYS.index("no_follow_up"))  # nobody followed up, unless recovered
    csat_probs = np.array(
        [world.csat_ordinary, world.csat_unresolved, world.csat_failure, world.csat_recovered]
    )
    csat_kind = np.where(recovered, 3, np.where(fail, 2, np.where(resolved, 0, 1)))
    csat = (_draw_rows(rng, csat_probs, csat_kind) + 1).astype(float)
    csat[rng.random(total) < world.p_csat_missing] = np.nan

    # --- churn --------------------------------------------------------------------------------------
    f_rows = np.flatnonzero(fail)
    paths = HazardPaths(world, join, log_static, cust[f_rows], time[f_rows], sub[f_rows], recovered[f_rows])
    factual, churn_idx = paths.run(exp_draw)
    churned = factual.churned
    churn_time = factual.churn_time
    observed = time < churn_time[cust]

    driver, stated, reason_lang, churn_reason = _churn_reasons(
        np.random.default_rng(s_reasons), world, paths, churn_idx, churned
    )

    # --- counterfactuals -----------------------------------------------------------------------------
    cumhaz, realized, expected, by_subtype = counterfactual_events(paths, exp_draw, factual, sub[f_rows])
    owen = subtype_owen(paths, exp_draw, seed=int(seed))
    future = simulate_future(
        world,
        s_future,
        join=join,
        log_static=log_static,
        rate_per_day=rate,
        revenue=revenue,
        churned=churned,
        cumhaz_window=factual.cumhaz_end,
        exp_draw=exp_draw,
        past_cust=cust[f_rows],
        past_time=time[f_rows],
        past_subtype=sub[f_rows],
        past_recovered=recovered[f_rows],
        scenarios=future_scenarios,
    )

    # --- text and coding (own streams: the world does not depend on them) ---------------------------
    rng_n = np.random.default_rng(s_notes)
    obs = np.flatnonzero(observed)
    lang = np.where(rng_n.random(total) < world.p_notes_spanish, "es", "en").astype(object)
    chat_like = np.isin(channel, [CHANNELS.index("chat"), CHANNELS.index("email")])
    voice = rng_n.random(total) < np.where(chat_like, 0.5, 0.2)
    sub_names = np.array([*_SUB_KEYS, ""], dtype=object)[np.where(sub >= 0, sub, len(_SUB_KEYS))]
    topic_names = np.array(TOPICS, dtype=object)[topic]
    notes = np.full(total, "", dtype=object)
    notes[obs] = interaction_notes(
        rng_n,
        subtype=sub_names[obs],
        topic=topic_names[obs],
        lang=lang[obs],
        customer_voice=voice[obs],
        resolved=resolved[obs],
        apology=apology[obs],
        compensation=compensation[obs],
        follow_up=follow_up[obs],
        precursor=precursor[obs],
        channel_kind=np.array([PHONE, WRITTEN, WRITTEN, STORE])[channel[obs]],
    )
    fam_names_arr = np.array([*FAMILIES, ""], dtype=object)[np.where(family >= 0, family, len(FAMILIES))]
    failure_type = np.full(total, "", dtype=object)
    if coded:
        rng_c = np.random.default_rng(s_code)
        how = np.array([k for k, _ in world.coded_mix])[_draw(rng_c, world.coded_mix, total)]
        es_names = np.array([FAMILY_LABELS[f]["es"].lower() for f in FAMILIES] + [""], dtype=object)
        fam_pos = np.where(family >= 0, family, len(FAMILIES))
        failure_type = np.where(
            how == "family_en", fam_names_arr, np.where(how == "family_es", es_names[fam_pos], sub_names)
        ).astype(object)
        failure_type[~fail] = ""

    # --- frames ---------------------------------------------------------------------------------------
    cust_width = max(6, len(str(n)))
    customer_id = _ids("C", n, cust_width)
    stamp = (np.datetime64(world.window_start, "s") + (day * 86400 + sod).astype("timedelta64[s]")).astype(
        "datetime64[ns]"
    )
    chron = obs[np.lexsort((cust[obs], time[obs]))]
    id_width = max(7, len(str(chron.size)))
    interaction_id = np.full(total, "", dtype=object)
    interaction_id[chron] = _ids("I", chron.size, id_width)
    agent_ids = _ids("AG", n_agents, 3)
    history = pd.DataFrame(
        {
            "interaction_id": interaction_id,
            "customer_id": customer_id[cust],
            "timestamp": stamp,
            "channel": np.array(CHANNELS, dtype=object)[channel],
            "agent_id": agent_ids[agent],
            "team": np.array(TEAMS, dtype=object)[team],
            "topic": topic_names,
            "failure_type": failure_type,
            "resolved": resolved,
            "transferred": transferred.astype(np.int64),
            "escalated": escalated,
            "wait_seconds": wait_seconds,
            "promised_date": _dates(world, promised),
            "fulfilled_date": _dates(world, fulfilled),
            "apology": apology.astype(bool),
            "compensation": compensation.astype(bool),
            "follow_up": follow_up.astype(bool),
            "csat": csat,
            "notes": notes,
            # truth
            "customer": cust,
            "time_days": time,
            "observed": observed,
            "failure": fail,
            "family": np.where(fail, fam_names_arr, "none"),
            "subtype": sub_names,
            "recovered": recovered,
            "precursor": precursor,
            "pair": np.where(np.isin(group, rep), group, -1),
            "note_lang": np.where(observed, lang, ""),
        },
        copy=False,
    )
    interactions = pd.DataFrame({c: history[c].to_numpy()[chron] for c in _INTERACTION_ORDER}, copy=False)
    end_day = np.where(
        churned, np.minimum(np.floor(np.where(churned, churn_time, 0)), horizon - 1), -1
    ).astype(np.int64)
    customers = pd.DataFrame(
        {
            "customer_id": customer_id,
            "start_date": _dates(world, join_day),
            "end_date": _dates(world, end_day),
            "churn_reason": churn_reason,
            "segment": np.where(business, "business", "residential").astype(object),
            "plan": np.array(plans, dtype=object)[plan],
            "region": np.array([k for k, _ in world.regions], dtype=object)[region],
            "monthly_revenue": revenue,
        }
    )[CUSTOMERS.names]
    customer_truth = pd.DataFrame(
        {
            "customer_id": customer_id,
            "join_day": join,
            "churn_time_days": churn_time,
            "churned": churned,
            "exp_draw": exp_draw,
            "contact_rate_per_month": rate * DAYS_PER_MONTH,
            "cumhaz_end": factual.cumhaz_end,
            "true_driver": driver,
            "stated_family": stated,
            "reason_lang": np.where(churned, reason_lang, ""),
        }
    )
    truth = build_truth(
        world,
        n,
        seed,
        coded,
        history,
        customer_truth,
        realized,
        expected,
        by_subtype,
        owen,
        future,
        agent_ids,
        attitude_weight,
        agent_team,
    )
    return DemoData(
        customers=customers,
        interactions=interactions,
        truth=truth,
        history=history,
        customer_truth=customer_truth,
        world=world,
        cumhaz_end={subset_label(s): v for s, v in cumhaz.items()},
        paths=paths,
    )


_INTERACTION_ORDER = [
    "interaction_id",
    "customer_id",
    "timestamp",
    "channel",
    "agent_id",
    "team",
    "topic",
    "failure_type",
    "resolved",
    "transferred",
    "escalated",
    "wait_seconds",
    "promised_date",
    "fulfilled_date",
    "apology",
    "compensation",
    "follow_up",
    "csat",
    "notes",
]
