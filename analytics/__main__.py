"""Command line: ``python -m analytics <command> …``.

Commands
--------
ingest     read customer and interaction CSV files into the store
rejects    print an upload's rejected rows as CSV (line, raw text, reason)
merge      move uploads kept as Parquet parts into the embedded database file
demo       write a demo dataset with planted truth (customers.csv, interactions.csv, truth.json)
classify   label stored interactions, or classify free texts (--texts FILE, '-' for stdin);
           --review lists unsure notes, --reasons the stated exit reasons as the reports read
           them, --corrections FILE stores your labels of either (the classifier learns them)
attribute  survival models and attributable shares of churn by failure family and subtype
scenario   what fixing failures would be worth over the next months: churn avoided, customers and
           revenue kept, bad word of mouth avoided, with intervals (levers: --reduce, --recovery,
           --preset)
survival   Kaplan–Meier curves, log-rank tests, medians and exit-reason incidence
contract   print the data contract (the README's column tables)
refresh    compute and keep every report the dashboard reads (what the dashboard's worker runs)

--db takes a .duckdb file (created if new) or a database URL (duckdb:///PATH.duckdb,
postgresql://USER@HOST:PORT/DATABASE); without it, DATABASE_URL, else data/churn.duckdb.

Exit status: 0 done; 1 not done, with one line on standard error saying why (a file refused, a
database that cannot be opened, an upload that does not exist); 2 wrong arguments; 130
interrupted; 141 output closed early (e.g. piped into head).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date
from pathlib import Path


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {text!r}") from None


def _mapping(items: list[str] | None) -> dict[str, str] | None:
    if not items:
        return None
    out = {}
    for item in items:
        header, sep, column = item.partition("=")
        if not sep:
            raise SystemExit(f"error: --map expects HEADER=COLUMN, got {item!r}")
        out[header] = column
    return out


def cmd_ingest(args: argparse.Namespace) -> int:
    from analytics import csvio
    from analytics.ingest import ingest_file
    from analytics.store import Store

    if not args.customers and not args.interactions:
        print("error: give --customers FILE and/or --interactions FILE", file=sys.stderr)
        return 2
    files = [(t, p) for t, p in (("customers", args.customers), ("interactions", args.interactions)) if p]
    for table, path in files:
        problem = _unreadable(Path(path))
        if problem:
            print(f"error: {table} file {path} {problem}; nothing was stored", file=sys.stderr)
            return 2
    store = Store(args.db)
    results = {}
    for table, path in files:
        try:
            results[table] = ingest_file(
                store, table, path, mapping=_mapping(args.map), date_order=args.date_order
            )
        except csvio.FileRefused as exc:
            # Each file is its own transaction: say what the files before this one stored.
            _print_summaries(results, args)
            stored = f" ({', '.join(results)} stored above)" if results else ""
            print(
                f"error: {table} file {path} was not read: {exc.text('en', 'cli')}{stored}", file=sys.stderr
            )
            return 1
    if args.as_of:
        from analytics.schema import set_as_of

        with store.write() as conn:
            set_as_of(conn, args.as_of.isoformat())
    _print_summaries(results, args)
    return 0


def _unreadable(path: Path) -> str | None:
    """Why an input file cannot be read, or None."""
    if path.is_dir():
        return "is a folder, not a file"
    if not path.exists():
        return "not found"
    if not os.access(path, os.R_OK):
        return "cannot be read (permission denied)"
    return None


def _print_summaries(results: dict, args: argparse.Namespace) -> None:
    from analytics.ingest import CHANGE_KINDS
    from analytics.reasons import text_of

    if args.json:
        print(json.dumps({t: s.as_json() for t, s in results.items()}))
        return
    for table, s in results.items():
        if s.upload_id is None and s.rows == 0:
            print(f"{table}: 0 rows — nothing to add")
        else:
            line = (
                f"{table}: {s.rows:,} rows — {s.accepted:,} accepted, {s.rejected:,} rejected, "
                f"{s.duplicates:,} already stored"
            )
            if table == "customers":
                line += f", {s.updated:,} updated"
                if s.changes:
                    line += f" ({', '.join(f'{n:,} {CHANGE_KINDS[k]}' for k, n in s.changes.items())})"
            print(line)
        for note in s.notes:
            print(f"  note: {text_of(note, 'en', 'cli')}")
        if s.unmapped_columns:
            print(f"  columns not used (map them with --map HEADER=COLUMN): {s.unmapped_columns}")
        if s.rejected:
            print(
                f"  rejected rows: python -m analytics rejects {s.upload_id}"
                + (f" --db {args.db}" if args.db else "")
                + f"  (table rejected_rows, upload_id = {s.upload_id})"
            )


def cmd_rejects(args: argparse.Namespace) -> int:
    from analytics.ingest import rejected_frame, safe_for_spreadsheet
    from analytics.reasons import render_stored
    from analytics.store import Store

    store = Store(args.db)
    if store.upload(args.upload_id) is None:
        latest = store.latest_uploads(5)
        listed = "; ".join(
            f"#{u['upload_id']} {u['table_name']} {u['file_name']} ({u['rejected']:,} rejected)"
            for u in latest
        )
        print(
            f"error: there is no upload #{args.upload_id} in this database. "
            + (f"Latest uploads: {listed}" if latest else "It holds no uploads yet."),
            file=sys.stderr,
        )
        return 1
    frame = rejected_frame(store, args.upload_id)
    if frame.empty:
        print(f"note: upload #{args.upload_id} has no rejected rows", file=sys.stderr)
    # The English reasons, naming this command line's options (--date-order, --map).
    frame["reason"] = [
        render_stored(p, "en", interface="cli") or r for p, r in zip(frame["params"], frame["reason"])
    ]
    frame = safe_for_spreadsheet(frame.drop(columns=["params"]))
    frame.to_csv(sys.stdout, index=False)
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    import dataclasses

    from demo import PlantedWorld, write_demo

    for option, value in (("--contact-rate", args.contact_rate), ("--contact-shape", args.contact_shape)):
        if not value > 0:
            print(f"error: {option} must be a number > 0. Got {value:g} instead.", file=sys.stderr)
            return 2
    try:
        world = dataclasses.replace(
            PlantedWorld(), contact_rate_per_month=args.contact_rate, contact_rate_shape=args.contact_shape
        )
        truth = write_demo(
            Path(args.out),
            args.customers,
            args.seed,
            coded=not args.notes_only,
            style=args.style,
            world=world,
        )
    except ValueError as exc:  # a world parameter out of range: the message names it
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except RuntimeError as exc:
        print(
            f"error: {exc} (--contact-rate), or raise --contact-shape so that fewer customers contact "
            "very often",
            file=sys.stderr,
        )
        return 2
    counts = truth.get("counts", {})
    print(
        f"wrote {args.out}/customers.csv, interactions.csv, truth.json "
        f"({counts.get('customers', args.customers):,} customers, "
        f"{counts.get('interactions', 0):,} interactions, {counts.get('churned', 0):,} churned)"
    )
    return 0


def cmd_classify(args: argparse.Namespace) -> int:
    if args.texts:
        from models.classify import classify_lines

        if args.texts == "-":
            rows = classify_lines(sys.stdin)
            for row in rows:
                print(json.dumps(row, ensure_ascii=False))
            return 0
        if not Path(args.texts).is_file():
            print(f"error: texts file not found: {args.texts}", file=sys.stderr)
            return 2
        with open(args.texts, encoding="utf-8-sig", errors="replace") as stream:
            for row in classify_lines(stream):
                print(json.dumps(row, ensure_ascii=False))
        return 0
    from dataclasses import replace

    from models.labels import add_corrections, label_interactions, review_list, set_signal_rules, signal_rules

    if args.reasons:
        store = _open_store_with("customers", args.db)
        if store is None:
            return 1
        from analytics.ingest import safe_for_spreadsheet
        from models.review import exit_reason_list

        listed = exit_reason_list(store, limit=None).rename(columns={"family": "read_as"}).assign(family="")
        safe_for_spreadsheet(listed).to_csv(sys.stdout, index=False)
        return 0
    if args.corrections and not args.review:
        # Exit-reason corrections need only customers (the reports read them at once); notes
        # corrections relabel the contacts, when there are any.
        store = _open_store_with("customers", args.db)
        if store is None:
            return 1
        try:
            texts, families, subtypes = _read_corrections(Path(args.corrections))
            stored = add_corrections(store, texts, families, subtypes)
        except (OSError, ValueError) as exc:
            print(f"error: corrections not stored: {exc}", file=sys.stderr)
            return 1
        if store.counts()["interactions"] == 0:
            if args.json:
                print(json.dumps({"stored": stored}))
            else:
                print(
                    f"stored {stored:,} corrections; the store holds no contacts to relabel, so they count "
                    "for the stated exit reasons (the reports read them at once)"
                )
            return 0
        if not args.json:
            print(f"stored {stored:,} corrections; relabelling with them")
    else:
        store = _open_store_with("interactions", args.db)
        if store is None:
            return 1
    if args.review:
        from analytics.ingest import safe_for_spreadsheet

        listed = review_list(store).assign(family="", subtype="")
        safe_for_spreadsheet(listed).to_csv(sys.stdout, index=False)
        return 0
    use_text = {"auto": None, "always": True, "never": False}[args.notes]
    stored_rules = signal_rules(store)
    given = {"repeat_days": args.repeat_days, "long_wait_seconds": args.long_wait_seconds}
    rules = replace(stored_rules, **{k: v for k, v in given.items() if v is not None})
    if rules != stored_rules:  # new thresholds are kept: the dashboard and later runs use them
        set_signal_rules(store, rules)
    counts = label_interactions(store, rules=rules, use_text=use_text)
    if args.json:
        print(json.dumps(counts))
        return 0
    from models.labels import label_counts

    found = label_counts(store).set_index(["source", "family"])
    families = ["attitude", "process", "price", "quality", "unclassified"]
    print(f"{'source':20s}" + "".join(f"{f:>14s}" for f in families))
    for source in ("coded", "structured", "text"):
        cells = [int(found["found"].get((source, f), 0)) for f in families]
        print(f"{'found by ' + source:20s}" + "".join(f"{n:>14,}" for n in cells))
    primary = [sum(counts.get(source, {}).get(f, 0) for source in counts) for f in families]
    print(f"{'primary label':20s}" + "".join(f"{n:>14,}" for n in primary))
    print(
        "found by: contacts in which the source found the family (a contact can carry several families, "
        "and several sources can find the same one).\n"
        "primary label: each contact once, under the family of its most trusted source; what breakdowns "
        "and the attribution count. unclassified: notes the classifier was unsure of (see --review)."
    )
    return 0


CORRECTION_COLUMNS = {
    "text": ("text", "texto", "notes", "nota", "observaciones"),
    "family": ("family", "familia"),
    "subtype": ("subtype", "subtipo"),
}


def _read_corrections(path: Path) -> tuple[list[str], list[str], list[str | None]]:
    """A CSV of labelled notes: a text column and a family column (English or Spanish headers,
    e.g. the review list with its ``family`` column filled in). Rows without a family are skipped:
    they were not reviewed."""
    import pandas as pd

    if not path.is_file():
        raise OSError(f"file not found: {path}")
    for encoding in ("utf-8-sig", "cp1252"):  # a spreadsheet saved in Spanish is Windows-1252
        try:
            frame = pd.read_csv(
                path, dtype=str, keep_default_na=False, sep=None, engine="python", encoding=encoding
            )
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ValueError(f"{path.name} is neither UTF-8 nor Windows-1252 text")
    lower = {c.strip().lower(): c for c in frame.columns}
    found = {}
    for key, names in CORRECTION_COLUMNS.items():
        found[key] = next((lower[n] for n in names if n in lower), None)
    for key in ("text", "family"):
        if found[key] is None:
            raise ValueError(
                f"{path.name} has no {key} column (accepted headers: {', '.join(CORRECTION_COLUMNS[key])}); "
                f"columns present: {list(frame.columns)}"
            )
    frame = frame[frame[found["family"]].str.strip() != ""]
    subtypes = frame[found["subtype"]].replace("", None).tolist() if found["subtype"] else None
    return frame[found["text"]].tolist(), frame[found["family"]].str.strip().tolist(), subtypes


def _report_command(args: argparse.Namespace, run, formatter) -> int:
    """Shared body of the report commands: check the store, run with a terminal progress bar,
    print JSON or the readable table."""
    store = _open_store_with("customers", args.db)
    if store is None:
        return 1
    progress = _terminal_progress(not args.json)
    try:
        report = run(store, progress)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if progress is not None:
        print(file=sys.stderr)
    payload = report.to_json()
    print(json.dumps(payload, ensure_ascii=False) if args.json else formatter(payload))
    return 0


def cmd_attribute(args: argparse.Namespace) -> int:
    from analytics.scope import Scope
    from models.report import attribution_report

    def run(store, progress):
        return attribution_report(
            store,
            Scope(as_of=args.as_of),
            n_bootstrap=args.bootstrap,
            seed=args.seed,
            hazard_model=args.model,
            progress=progress,
        )

    return _report_command(args, run, format_attribution)


def format_attribution(p: dict) -> str:
    """The attribution as a readable table for the terminal."""

    def pct(x):
        return "   n/a" if x is None else f"{100 * x:5.1f}%"

    lines = [
        f"Window {p['window']['start']} → {p['window']['end']}: {p['customers']:,} customers, "
        f"{p['churned']:,} churned",
        f"Hazard ratios from: {p['model']} ({p['model_reason']})",
        "",
        f"{'attributable share of churn':32s} {'estimate':>9s} {'95% interval':>18s}",
    ]
    for name, v in p["attributable_share"].items():
        lines.append(
            f"{name.replace('_', ' '):32s} {pct(v['estimate']):>9s}   {pct(v['low'])} – {pct(v['high'])}"
        )
    s = p["service_share_of_failure_churn"]
    lines += [
        "",
        f"Of the churn explained by failures, attitude + process: {pct(s['estimate'])} "
        f"({pct(s['low'])} – {pct(s['high'])}); the field's claim is 60–70 %.",
        "",
        f"{'hazard ratio':32s} {'estimate':>9s} {'95% interval':>18s}",
    ]

    def ratio(x):
        return "  n/a" if x is None else f"{x:5.2f}"

    for name, v in p["hazard_ratio"].items():
        fmt = ratio
        lines.append(f"{name:32s} {fmt(v['estimate']):>9s}   {fmt(v['low'])} – {fmt(v['high'])}")
    subtypes = p.get("attributable_share_by_subtype") or {}
    if subtypes:
        lines += [
            "",
            f"{'share by subtype (adds up to its family)':42s} {'estimate':>9s} {'95% interval':>18s}",
        ]
        family_of = {k: v["family"] for k, v in p.get("subtypes", {}).items()}
        for family in ("attitude", "process", "price", "quality"):
            rows = [(k, v) for k, v in subtypes.items() if family_of.get(k) == family]
            for name, v in sorted(rows, key=lambda kv: -(kv[1]["estimate"] or 0)):
                label = f"{family} / {name.replace('_', ' ')}"
                lines.append(f"  {label:40s} {pct(v['estimate']):>9s}   {pct(v['low'])} – {pct(v['high'])}")
    exits = p.get("exit_contacts")
    if exits and exits["customers"]:
        lines += [
            "",
            f"Failures logged on the exit date (not counted as causes): {exits['customers']:,} of the "
            f"{exits['churned']:,} customers who left.",
        ]
    if p["stated_reasons"]:
        lines += ["", "What leaving customers said (classified):"]
        lines += [f"  {k.replace('_', ' '):30s} {pct(v)}" for k, v in p["stated_reasons"].items()]
        if p.get("stated_unsure"):
            from models.exit_reasons import CHECK_BELOW

            lines.append(
                f"  {pct(p['stated_unsure']).strip()} of them gave a reason read with less than "
                f"{CHECK_BELOW:.0%} probability (or not read) that no one has checked: `classify --reasons` "
                "lists them."
            )
    return "\n".join(lines)


def _terminal_progress(enabled: bool):
    if not (enabled and sys.stderr.isatty()):
        return None

    def progress(frac: float, msg: str) -> None:
        print(f"\r[{'#' * int(frac * 20):20s}] {msg:60s}", end="", file=sys.stderr, flush=True)

    return progress


def _open_store_with(table: str, db: str | None):
    """The store, or None after printing why when it holds no rows of ``table``."""
    from analytics.store import Store

    store = Store(db)
    if store.counts()[table] == 0:
        print(
            f"error: the store holds no {table}: ingest files first (python -m analytics ingest)",
            file=sys.stderr,
        )
        return None
    return store


def _lever_pairs(items: list[str] | None, option: str, bare: str | None = None) -> dict[str, object]:
    """NAME=VALUE items of a repeated option (``bare``: the name of a VALUE given alone); values
    that read as numbers become numbers (decimal commas too), the rest stay text for the message."""
    out: dict[str, object] = {}
    for item in items or []:
        name, sep, value = item.partition("=")
        if not sep:
            if bare is None:
                raise ValueError(
                    f"{option} expects NAME=FRACTION, e.g. {option} handoff=0.5. Got {item!r}. / "
                    f"{option} espera NOMBRE=FRACCIÓN, p. ej. {option} handoff=0.5. Se recibió {item!r}."
                )
            name, value = bare, item
        value = value.strip()
        try:
            out[name.strip()] = float(value.replace(",", "."))
        except ValueError:
            out[name.strip()] = value
    return out


def cmd_scenario(args: argparse.Namespace) -> int:
    from analytics import periods
    from analytics.scope import Scope
    from analytics.store import StoreBusy
    from models.report import attribution_report
    from models.scenarios import Levers, ScenarioEngine, WordOfMouth

    try:
        levers = Levers.of(
            reduce=_lever_pairs(args.reduce, "--reduce"),
            recovery=_lever_pairs(args.recovery, "--recovery", bare="all"),
            presets=_lever_pairs(args.preset, "--preset"),
        )
        wom = WordOfMouth(
            people_told=args.people_told, share_posting=args.share_posting, post_reach=args.post_reach
        )
        if not 1 <= args.horizon <= 24:
            raise ValueError(f"--horizon must be a number of months in [1, 24]. Got {args.horizon} instead.")
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    store = _open_store_with("customers", args.db)
    if store is None:
        return 1
    progress = _terminal_progress(not args.json)
    try:
        report = attribution_report(
            store, Scope(as_of=args.as_of), n_bootstrap=args.bootstrap, seed=args.seed, progress=progress
        )
        active = periods.active_at(store, report.scope)
        engine = ScenarioEngine(horizon_months=args.horizon, seed=args.seed).fit(report.attribution, active)
        projection = engine.interval(levers, word_of_mouth=wom, value_per_month=args.value_per_month)
        table = engine.lever_values() if args.levers_table else None
    except (StoreBusy, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if progress is not None:
        print(file=sys.stderr)
    payload = projection.to_json()
    if table is not None:
        payload["lever_values"] = [
            {k: (None if isinstance(v, float) and v != v else v) for k, v in row.items()}
            for row in table.to_dict("records")
        ]
    print(
        json.dumps(payload, ensure_ascii=False) if args.json else format_scenario(payload, projection.levers)
    )
    return 0


def format_scenario(p: dict, levers) -> str:
    """The projection as a readable table for the terminal."""

    def num(x, digits=1):
        return "n/a" if x is None else f"{x:,.{digits}f}"

    def row(label: str, v: dict, digits: int = 1) -> str:
        return f"{label:44s} {num(v['estimate'], digits):>12s}   {num(v['low'], digits):>10s} – {num(v['high'], digits)}"

    h = p["horizon_months"]
    lines = [
        f"Projection from {p['as_of']} over {h} months for the {p['customers_active']:,} customers active then",
        "Levers: " + ("; ".join(levers.describe()) if not levers.is_zero else "none (the baseline)"),
        "",
        f"{'':44s} {'estimate':>12s}   {'95% interval':>23s}",
        row("customers lost, as things are", p["baseline"]["churn"]),
        row("customers lost, with the levers", p["scenario"]["churn"]),
        row("churn avoided (customers kept)", p["churn_avoided"]),
        row(f"revenue kept over the {h} months", p["revenue_kept"], 0),
        row(f"monthly revenue kept at month {h}", p["monthly_revenue_kept"], 0),
        row("people not reached by bad word of mouth", p["word_of_mouth_avoided"], 0),
        "",
        "Assumptions:",
    ]
    a = p["assumptions"]
    lines += [f"  - {text}" for text in a["statements"]]
    value = a["value_per_customer_month"]
    lines.append(
        "  - Value of a customer-month: "
        + ("each customer's monthly revenue" if value == "monthly_revenue" else f"{value:,.2f}")
        + f" ({a['customers_with_revenue']:,} customers with a revenue)."
    )
    rates = ", ".join(f"{f} {r:.0%}" for f, r in a["recovery_rate_now"].items())
    lines.append(
        f"  - Recovery rates now: {rates}; {a['failures_per_contact_now']:.0%} of contacts are failures."
    )
    if p.get("lever_values"):
        lines += [
            "",
            f"{'value of each lever: churn avoided per 10 points':52s} {'avoided':>8s} {'revenue kept':>14s}",
        ]
        for r in p["lever_values"]:
            lines.append(
                f"  {r['label_en']:50s} {num(r['churn_avoided']):>8s} {num(r['revenue_kept'], 0):>14s}"
            )
    return "\n".join(lines)


def cmd_survival(args: argparse.Namespace) -> int:
    from analytics.scope import Scope
    from models.report import survival_report

    return _report_command(
        args,
        lambda store, progress: survival_report(store, Scope(as_of=args.as_of), progress=progress),
        format_survival,
    )


def format_survival(p: dict) -> str:
    """The survival report as readable tables for the terminal."""
    horizons = [f"{int(h)}" for h in p["horizons_days"]]

    def pct(x):
        return "    n/a" if x is None else f"{100 * x:6.1f}%"

    def median(m):
        return "not reached" if m["median"] is None else f"{m['median']:.0f} days"

    def p_value(test):
        return "" if test is None else f"   log-rank p = {test['p_value']:.3g}"

    head = f"{'':28s}" + "".join(f"{'S(' + h + ' d)':>10s}" for h in horizons) + f"{'median':>16s}{'n':>9s}"
    lines = [
        f"Window {p['window']['start']} → {p['window']['end']}: {p['customers']:,} customers, "
        f"{p['churned']:,} churned",
    ]

    def block(title: str, section: dict) -> None:
        lines.extend(["", title + p_value(section["logrank"]), head])
        for group, surv in section["survival"].items():
            m = section["median_days"][group]
            row = f"  {group[:26]:26s}" + "".join(f"{pct(surv[h]):>10s}" for h in horizons)
            lines.append(row + f"{median(m):>16s}{m['n']:>9,}")

    for name, section in p["tenure"].items():
        by = "" if name == "overall" else f", by {name.replace('_', ' ')}"
        block(f"Staying{by} (days since the customer's start)", section)
    for fam, section in p["after_failure"].items():
        what = "any failure" if fam == "any" else f"{'an' if fam[0] in 'aeiou' else 'a'} {fam} failure"
        block(f"Staying after {what}, recovered vs not (days since the first one)", section)
    if p["exit_causes"]:
        ec = p["exit_causes"]
        lines += ["", f"Left within {ec['cumulative_incidence_at_days']:.0f} days, by stated reason:"]
        lines += [f"  {k.replace('_', ' '):26s}{pct(v):>10s}" for k, v in ec["cif"].items()]
    return "\n".join(lines)


def cmd_refresh(args: argparse.Namespace) -> int:
    """The dashboard's worker (started by a page, see analytics/jobs.py): every report the pages read,
    computed and kept in the database, the progress in the database's status file."""
    from analytics import jobs
    from analytics.scope import Scope
    from analytics.store import Store, resolve_url
    from models.report import refresh

    url = resolve_url(args.db)
    job = json.loads(args.job) if args.job else {}
    given = dict(job.get("scope") or {})  # Scope.key(): dates as ISO text, filters as lists
    for k in ("as_of", "start"):
        given[k] = date.fromisoformat(given[k]) if given.get(k) else None
    scope = Scope(**{k: tuple(v) if isinstance(v, list) else v for k, v in given.items()}).without_filters()
    version = args.version if args.version is not None else -1

    def body(reporter: jobs.Reporter) -> None:
        store = Store(url)
        try:
            refresh(
                store,
                scope,
                survival_filters=job.get("survival"),
                progress=reporter,
                stored=reporter.stored,
            )
        finally:
            store.dispose()

    try:
        return jobs.run_worker(url, version, job, body)
    except (ValueError, ArithmeticError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


def cmd_merge(args: argparse.Namespace) -> int:
    from analytics.store import Store

    store = Store(args.db)
    if not store.is_duckdb:
        print("nothing to merge: only the embedded database keeps uploads as Parquet parts")
        return 0
    moved = store.merge_parts()
    print(
        f"merged {moved:,} interactions into {store.path}; its parts folder is empty"
        if moved
        else "no parts to merge"
    )
    return 0


def cmd_contract(args: argparse.Namespace) -> int:
    from analytics.contract import CONTRACTS, markdown_table

    for contract in CONTRACTS.values():
        print(markdown_table(contract))
        print()
    return 0


def _db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        metavar="DB",
        help="a .duckdb file or a database URL (default: DATABASE_URL, else data/churn.duckdb)",
    )


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m analytics", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = p.add_subparsers(dest="command", required=True)

    ing = sub.add_parser("ingest", help="read CSV files into the store")
    ing.add_argument("--customers", metavar="FILE")
    ing.add_argument("--interactions", metavar="FILE")
    _db_option(ing)
    ing.add_argument("--as-of", type=_date, metavar="DATE", help="end of the observation window (YYYY-MM-DD)")
    ing.add_argument("--map", action="append", metavar="HEADER=COLUMN", help="map a file header to a column")
    ing.add_argument("--date-order", choices=["dmy", "mdy", "ymd"], help="override the inferred date order")
    ing.add_argument("--json", action="store_true", help="print one JSON object with the counts")
    ing.set_defaults(func=cmd_ingest)

    rej = sub.add_parser("rejects", help="print an upload's rejected rows as CSV")
    rej.add_argument("upload_id", type=int)
    _db_option(rej)
    rej.set_defaults(func=cmd_rejects)

    demo = sub.add_parser("demo", help="write a demo dataset with planted truth")
    demo.add_argument("--customers", type=int, default=5000, metavar="N")
    demo.add_argument("--seed", type=int, default=1)
    demo.add_argument("--out", required=True, metavar="DIR")
    demo.add_argument(
        "--notes-only",
        action="store_true",
        help="leave failure_type empty: failures must be found from notes and signals",
    )
    demo.add_argument(
        "--contact-rate",
        type=float,
        default=0.6,
        metavar="PER_MONTH",
        help="mean contacts per month of a residential customer (default 0.6)",
    )
    demo.add_argument(
        "--contact-shape",
        type=float,
        default=2.0,
        metavar="K",
        help="gamma shape of the customers' contact rates: larger is more even (default 2)",
    )
    demo.add_argument(
        "--style",
        choices=["en", "es"],
        default="en",
        help="en: UTF-8, comma, ISO dates; es: Spanish headers and values, ';', dd/mm/yyyy, cp1252",
    )
    demo.set_defaults(func=cmd_demo)

    cls = sub.add_parser("classify", help="label stored interactions, or classify texts")
    _db_option(cls)
    cls.add_argument(
        "--texts", metavar="FILE", help="one text per line ('-' = standard input); prints JSON lines"
    )
    cls.add_argument(
        "--notes",
        choices=["auto", "always", "never"],
        default="auto",
        help="read the notes: auto = in channels where no contact carries a coded failure_type",
    )
    cls.add_argument(
        "--review",
        action="store_true",
        help="print the notes the classifier was unsure of as CSV, with empty family/subtype columns to fill in",
    )
    cls.add_argument(
        "--reasons",
        action="store_true",
        help="print every stated exit reason as CSV: customers who gave it, how the reports read it "
        "(read_as, probability, source), and an empty family column to fill in where it is misread",
    )
    cls.add_argument(
        "--corrections",
        metavar="FILE",
        help="store labelled notes or exit reasons (CSV with text and family columns, e.g. a filled-in "
        "--review or --reasons list), then relabel the contacts (if the store holds any)",
    )
    cls.add_argument(
        "--repeat-days",
        type=int,
        help="repeat-contact window in days (default: the database's, 7 until changed; a new value is kept)",
    )
    cls.add_argument(
        "--long-wait-seconds",
        type=float,
        help="a wait above this is a long-wait failure (default: the database's, 900 until changed)",
    )
    cls.add_argument("--json", action="store_true")
    cls.set_defaults(func=cmd_classify)

    att = sub.add_parser("attribute", help="survival models and attributable shares of churn")
    _db_option(att)
    att.add_argument("--as-of", type=_date, metavar="DATE")
    att.add_argument(
        "--bootstrap", type=int, default=200, metavar="B", help="bootstrap replicates (default 200)"
    )
    att.add_argument("--seed", type=int, default=0)
    att.add_argument(
        "--model",
        choices=["auto", "cox", "discrete"],
        default="auto",
        help="hazard-ratio model: auto chooses by size (Cox below 20,000 customers, else the exact-episode piecewise-exponential model)",
    )
    att.add_argument("--json", action="store_true", help="print one JSON object")
    att.set_defaults(func=cmd_attribute)

    scn = sub.add_parser(
        "scenario",
        help="project churn from the as-of date under levers: churn avoided, customers and revenue kept",
        description="Project the next months for the customers active at the as-of date, as things are "
        "and with the levers, each figure with its 95 %% interval. Levers compound where they touch the "
        "same subtype. Names may be English or Spanish.",
    )
    scn.add_argument("--db", metavar="URL")
    scn.add_argument("--as-of", type=_date, metavar="DATE")
    scn.add_argument(
        "--horizon", type=int, default=12, metavar="MONTHS", help="months projected, 1–24 (default 12)"
    )
    scn.add_argument(
        "--reduce",
        action="append",
        metavar="NAME=FRACTION",
        help="avoid this fraction of a family's or subtype's failures, e.g. handoff=0.5 (repeatable)",
    )
    scn.add_argument(
        "--recovery",
        action="append",
        metavar="[FAMILY=]RATE",
        help="recover this share of failures (all, or of a family: process=0.6) (repeatable)",
    )
    scn.add_argument(
        "--preset",
        action="append",
        metavar="NAME=FRACTION",
        help="a named lever: empowerment, first_contact_resolution, keep_promises, waits (repeatable)",
    )
    scn.add_argument(
        "--people-told", type=float, default=9.0, metavar="N", help="people an unhappy leaver tells (9)"
    )
    scn.add_argument(
        "--share-posting",
        type=float,
        default=0.05,
        metavar="F",
        help="share of them posting a complaint (0.05)",
    )
    scn.add_argument(
        "--post-reach", type=float, default=1780.0, metavar="N", help="people a post reaches (1,780)"
    )
    scn.add_argument(
        "--value-per-month",
        type=float,
        metavar="V",
        help="value of a customer-month (default: each customer's monthly_revenue)",
    )
    scn.add_argument(
        "--bootstrap", type=int, default=200, metavar="B", help="bootstrap replicates of the fit (200)"
    )
    scn.add_argument("--seed", type=int, default=0)
    scn.add_argument(
        "--levers-table", action="store_true", help="also rank every lever by churn avoided per 10 points"
    )
    scn.add_argument("--json", action="store_true", help="print one JSON object")
    scn.set_defaults(func=cmd_scenario)

    sur = sub.add_parser("survival", help="survival curves, log-rank tests, medians, exit reasons")
    _db_option(sur)
    sur.add_argument("--as-of", type=_date, metavar="DATE")
    sur.add_argument("--json", action="store_true", help="print one JSON object")
    sur.set_defaults(func=cmd_survival)

    ref = sub.add_parser(
        "refresh", help="compute and keep every report the dashboard reads (the dashboard's worker)"
    )
    _db_option(ref)
    ref.add_argument("--version", type=int, default=None, help="the data version asked for (status only)")
    ref.add_argument(
        "--job", default=None, help="JSON: {scope: {as_of, start, window_days}, survival: [...]}"
    )
    ref.set_defaults(func=cmd_refresh)

    mer = sub.add_parser(
        "merge",
        help="move uploads kept as Parquet parts into the embedded database file "
        "(automatic after a few uploads; run it before copying the file alone)",
    )
    _db_option(mer)
    mer.set_defaults(func=cmd_merge)

    con = sub.add_parser("contract", help="print the data contract as Markdown tables")
    con.set_defaults(func=cmd_contract)
    return p


def main(argv: list[str] | None = None) -> int:
    from analytics.errors import StoreError

    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader went away (`rejects 1 | head`): stop quietly. Later writes to the closed pipe,
        # such as the interpreter's final flush, go nowhere instead of raising again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except KeyboardInterrupt:
        print("interrupted; what was not finished was not stored", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
