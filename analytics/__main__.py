"""Command line: ``python -m analytics <command> …``.

Commands
--------
ingest     read customer and interaction CSV files into the store
demo       write a demo dataset with planted truth (customers.csv, interactions.csv, truth.json)
classify   label stored interactions, or classify free texts (--texts FILE, '-' for stdin)
attribute  survival models and attributable shares of churn by failure family
contract   print the data contract (the README's column tables)
"""

from __future__ import annotations

import argparse
import json
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
    from analytics.store import Store, StoreBusy, set_meta

    if not args.customers and not args.interactions:
        print("error: give --customers FILE and/or --interactions FILE", file=sys.stderr)
        return 2
    store = Store(args.db)
    results = {}
    for table, path in (("customers", args.customers), ("interactions", args.interactions)):
        if not path:
            continue
        if not Path(path).is_file():
            print(f"error: {table} file not found: {path}", file=sys.stderr)
            return 2
        try:
            results[table] = ingest_file(store, table, path, mapping=_mapping(args.map),
                                         date_order=args.date_order)
        except csvio.FileRefused as exc:
            print(f"error: {table} file {path} was not read: {exc}", file=sys.stderr)
            return 1
        except StoreBusy as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
    if args.as_of:
        from analytics.store import bump_data_version

        with store.write() as conn:
            set_meta(conn, "as_of", args.as_of.isoformat())
            bump_data_version(conn)
    if args.json:
        print(json.dumps({t: s.as_json() for t, s in results.items()}))
        return 0
    for table, s in results.items():
        line = (f"{table}: {s.rows:,} rows — {s.accepted:,} accepted, {s.rejected:,} rejected, "
                f"{s.duplicates:,} already stored")
        if table == "customers":
            line += f", {s.updated:,} updated"
        print(line)
        for note in s.notes:
            print(f"  note: {note}")
        if s.unmapped_columns:
            print(f"  columns not used (map them with --map HEADER=COLUMN): {s.unmapped_columns}")
        if s.rejected:
            print(f"  rejected rows: python -m analytics rejects {s.upload_id}"
                  + (f" --db {args.db}" if args.db else "")
                  + f"  (table rejected_rows, upload_id = {s.upload_id})")
    return 0


def cmd_rejects(args: argparse.Namespace) -> int:
    from analytics.ingest import rejected_frame, safe_for_spreadsheet
    from analytics.store import Store

    frame = safe_for_spreadsheet(rejected_frame(Store(args.db), args.upload_id))
    frame.to_csv(sys.stdout, index=False)
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from analytics.demo import write_demo

    truth = write_demo(Path(args.out), args.customers, args.seed, coded=not args.notes_only, style=args.style)
    counts = truth.get("counts", {})
    print(f"wrote {args.out}/customers.csv, interactions.csv, truth.json "
          f"({counts.get('customers', args.customers):,} customers, "
          f"{counts.get('interactions', 0):,} interactions, {counts.get('churned', 0):,} churned)")
    return 0


def cmd_contract(args: argparse.Namespace) -> int:
    from analytics.contract import CONTRACTS, markdown_table

    for contract in CONTRACTS.values():
        print(markdown_table(contract))
        print()
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m analytics", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)

    ing = sub.add_parser("ingest", help="read CSV files into the store")
    ing.add_argument("--customers", metavar="FILE")
    ing.add_argument("--interactions", metavar="FILE")
    ing.add_argument("--db", metavar="URL", help="database URL (default: DATABASE_URL or data/churn.duckdb)")
    ing.add_argument("--as-of", type=_date, metavar="DATE", help="end of the observation window (YYYY-MM-DD)")
    ing.add_argument("--map", action="append", metavar="HEADER=COLUMN", help="map a file header to a column")
    ing.add_argument("--date-order", choices=["dmy", "mdy", "ymd"], help="override the inferred date order")
    ing.add_argument("--json", action="store_true", help="print one JSON object with the counts")
    ing.set_defaults(func=cmd_ingest)

    rej = sub.add_parser("rejects", help="print an upload's rejected rows as CSV")
    rej.add_argument("upload_id", type=int)
    rej.add_argument("--db", metavar="URL")
    rej.set_defaults(func=cmd_rejects)

    demo = sub.add_parser("demo", help="write a demo dataset with planted truth")
    demo.add_argument("--customers", type=int, default=5000, metavar="N")
    demo.add_argument("--seed", type=int, default=1)
    demo.add_argument("--out", required=True, metavar="DIR")
    demo.add_argument("--notes-only", action="store_true",
                      help="leave failure_type empty: failures must be found from notes and signals")
    demo.add_argument("--style", choices=["en", "es"], default="en",
                      help="en: UTF-8, comma, ISO dates; es: Spanish headers, ';', dd/mm/yyyy, cp1252")
    demo.set_defaults(func=cmd_demo)

    con = sub.add_parser("contract", help="print the data contract as Markdown tables")
    con.set_defaults(func=cmd_contract)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
