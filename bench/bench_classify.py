"""Benchmark: classify 1,000,000 free-text notes, against the obvious scikit-learn baseline.

Run from the repository root::

    python bench/bench_classify.py            # 1,000,000 notes, baseline measured on 100,000
    python bench/bench_classify.py --baseline-n 1000000   # baseline on everything (≈ 2 min, ~6 GB)

Workload: notes drawn with replacement from a pool of ~3,500 varied notes (the training corpus
and the evaluation set, Spanish and English), each then varied at random — a ticket number, a
date, an amount, an agent's name, a channel prefix, case changes and a typo in about a third — so
that nearly every note is distinct and the exact-duplicate cache (``dedupe=True``) cannot help.
The script prints how many distinct notes there were. A second, smaller run shows what the
cache does on template-heavy logs (the pool without variation).

Baseline: what a user of scikit-learn would write — the fitted Pipeline (normalise →
TfidfVectorizer word 1–2 + char_wb 2–5 → family model) with ``pipeline.predict(texts)`` in one
go. It predicts the family only (no subtype, no threshold), so it does less work than the fast
path. By default it runs on the first 100,000 notes and its time is scaled linearly to the full
count (its cost is linear in the number of notes; running it on 1,000,000 needs several GB).

Also prints the time to fit the default model (with its held-out calibration) and to load it
from the disk cache, and the evaluation reports on the sets the shipped model never trains on:
``tests/data/eval_notes.csv`` (the first set), the frozen ``tests/data/eval_new_wording.csv`` and
the held-out ``tests/data/eval_seventh.csv`` (each of the last two with its figures per source,
per kind of item and a reliability table). The third to sixth sets and ``dev_new_wording.csv``
are training data since the sixth round of issue 17 (``models.classify.default.TRAINING_SETS``):
a model cannot be evaluated on what it was trained on, so they are measured only left out, by
``bench/cv_classify.py --loso``. Every run scores the frozen and held-out sets: record the runs in
bench/README.md (tuning uses ``bench/cv_classify.py``, which never reads the second or the seventh
set). ``--quality-only`` skips the speed part, ``--speed-only`` the evaluation.
"""

from __future__ import annotations

import argparse
import copy
import os
import platform
import random
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from models.classify import default_classifier, evaluate, format_report, load_corpus  # noqa: E402
from models.classify.default import _fit_default  # noqa: E402

EVAL_PATH = ROOT / "tests" / "data" / "eval_notes.csv"
NEW_WORDING_PATH = ROOT / "tests" / "data" / "eval_new_wording.csv"
SEVENTH_PATH = ROOT / "tests" / "data" / "eval_seventh.csv"
KINDS = (
    "irony without emoji",
    "names a transfer or a wait",
    "a promise kept",
    "praise",
    "an app, web or IVR malfunction",
    "chat slang",
    "a reworded placeholder code",
)
"""Kinds of item the ``style`` column names (the four kinds of error of issue 17's later rounds)."""

PREFIXES = ["", "", "", "Llamada: ", "Chat: ", "Obs: ", "Call: ", "Note: ", "Tienda: ", "Email: ", "[IVR] "]
AGENTS = [
    "Marcela",
    "Jorge",
    "Ana",
    "Luis",
    "Camila",
    "Pedro",
    "Sofía",
    "Tom",
    "Priya",
    "Kate",
    "Mohammed",
    "Lucía",
]


def cpu_model() -> str:
    """The CPU's model name as lscpu reports it."""
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, check=True).stdout
        for line in out.splitlines():
            if line.startswith("Model name"):
                return line.split(":", 1)[1].strip()
    except (OSError, subprocess.CalledProcessError):
        pass
    return platform.processor() or "unknown"


def make_notes(pool: list[str], n: int, seed: int, vary: bool = True) -> list[str]:
    """``n`` notes sampled with replacement from ``pool``; with ``vary``, each one altered at random."""
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(pool), n)
    if not vary:
        return [pool[i] for i in picks]
    prefix = rng.integers(0, len(PREFIXES), n)
    agent = rng.integers(0, len(AGENTS), n)
    ticket = rng.integers(10_000, 9_999_999, n)
    day = rng.integers(1, 29, n)
    month = rng.integers(1, 13, n)
    amount = rng.integers(5, 500, n)
    style = rng.integers(0, 6, n)
    typo_rng = random.Random(seed)
    out = []
    for i in range(n):
        text = pool[picks[i]]
        s = style[i]
        if s == 0:
            text = f"{text} (tkt {ticket[i]})"
        elif s == 1:
            text = f"{day[i]:02d}/{month[i]:02d} - {text}"
        elif s == 2:
            text = f"{text}. Agente {AGENTS[agent[i]]}, caso {ticket[i]}"
        elif s == 3:
            text = f"{text} [{amount[i]} EUR] ref {ticket[i]}"
        elif s == 4:
            text = f"{text.upper()} #{ticket[i]}"
        else:
            text = f"{text} // {AGENTS[agent[i]]} {day[i]}/{month[i]} {ticket[i]}"
        if typo_rng.random() < 0.33 and len(text) > 12:
            j = typo_rng.randrange(1, len(text) - 2)
            text = text[:j] + text[j + 1] + text[j] + text[j + 2 :]
        out.append(PREFIXES[prefix[i]] + text)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="notes to classify (default 1,000,000)")
    parser.add_argument(
        "--baseline-n", type=int, default=100_000, help="notes the baseline runs on (default 100,000)"
    )
    parser.add_argument("--seed", type=int, default=20240611)
    parser.add_argument("--quality-only", action="store_true", help="skip the speed part")
    parser.add_argument("--speed-only", action="store_true", help="skip the evaluation sets")
    args = parser.parse_args()

    print(f"machine: {cpu_model()}, {os.cpu_count()} logical CPUs, Python {platform.python_version()}")
    print(f"load average before: {os.getloadavg()[0]:.2f} (1 min)")
    t0, c0 = time.perf_counter(), time.process_time()
    fitted = _fit_default()
    print(
        f"fit the default classifier (with 5-fold held-out calibration): {time.perf_counter() - t0:.1f} s "
        f"wall, {time.process_time() - c0:.1f} s CPU ({fitted.n_training_rows_} notes; {fitted.calibration_})"
    )
    default_classifier.cache_clear()
    default_classifier()  # make sure the disk cache holds this model
    default_classifier.cache_clear()
    t0 = time.perf_counter()
    clf = default_classifier()
    print(f"load the default classifier from the disk cache: {time.perf_counter() - t0:.2f} s")

    eval_df = pd.read_csv(EVAL_PATH, dtype=str, keep_default_na=False)
    if not args.quality_only:
        speed(clf, eval_df, args)
    if not args.speed_only:
        quality(clf, eval_df)
    return 0


def speed(clf, eval_df: pd.DataFrame, args: argparse.Namespace) -> None:
    pool = [*load_corpus()["text"], *eval_df["text"]]
    t0 = time.perf_counter()
    notes = make_notes(pool, args.n, args.seed)
    distinct = len(set(notes))
    mean_len = sum(map(len, notes)) / len(notes)
    print(
        f"workload: {args.n:,} notes from a pool of {len(pool):,}, {distinct:,} distinct "
        f"({distinct / args.n:.1%}), mean {mean_len:.0f} characters (generated in {time.perf_counter() - t0:.1f} s)"
    )

    # --- the fast path: everything predict() returns (family with threshold, subtype, probability)
    t0, c0 = time.perf_counter(), time.process_time()
    result = clf.predict(notes)
    fast_s = time.perf_counter() - t0
    print(
        f"\nNoteClassifier.predict (numpy TF-IDF, calibrated, dedupe on): {fast_s:.1f} s wall, "
        f"{time.process_time() - c0:.1f} s CPU  ({args.n / fast_s:,.0f} notes/s)"
    )
    print("  families:", result["family"].value_counts(normalize=True).round(3).to_dict())

    # --- the baseline: the scikit-learn pipeline, predict in one go
    nb = min(args.baseline_n, args.n)
    sample = notes[:nb]
    t0 = time.perf_counter()
    base_pred = clf.pipeline_.predict(sample)
    base_s = time.perf_counter() - t0
    base_full = base_s * args.n / nb
    how = "measured" if nb == args.n else f"measured on {nb:,} ({base_s:.1f} s), scaled ×{args.n / nb:g}"
    print(f"baseline Pipeline.predict (TfidfVectorizer, one go): {base_full:.1f} s  [{how}]")
    print(f"speed-up: {base_full / fast_s:.1f}×")
    # same model, same features: the argmax families must agree
    proba = clf.predict_proba(sample)
    agree = np.mean(clf.classes_[proba.argmax(axis=1)] == base_pred)
    print(f"agreement of the fast path with the baseline's families on those {nb:,} notes: {agree:.4%}")

    # --- what the exact-duplicate cache does on template-heavy logs (no random variation)
    repeated = make_notes(pool, min(args.n, 200_000), args.seed, vary=False)
    for dedupe in (True, False):
        variant = copy.copy(clf).set_params(dedupe=dedupe)  # the cached default stays as it is
        t0 = time.perf_counter()
        variant.predict(repeated)
        print(
            f"template-heavy log, {len(repeated):,} notes ({len(set(repeated)):,} distinct), "
            f"dedupe={dedupe}: {time.perf_counter() - t0:.2f} s"
        )


def quality(clf, eval_df: pd.DataFrame) -> None:
    print("\nevaluation on tests/data/eval_notes.csv (never used for training):")
    print(format_report(evaluate(clf, eval_df)))
    frozen(clf, NEW_WORDING_PATH, "frozen; never used for training nor tuning")
    print(
        "\n(the third to sixth sets and dev_new_wording.csv are training data since the sixth round:"
        " see bench/cv_classify.py --loso for their left-out figures)"
    )
    frozen(clf, SEVENTH_PATH, "held out; never used for training nor tuning")


def frozen(clf, path: Path, status: str) -> None:
    """The report on an evaluation set in the styles of issue 17, with its accuracy by source and a
    reliability table."""
    new = pd.read_csv(path, dtype=str, keep_default_na=False)
    print(f"\nevaluation on tests/data/{path.name} ({status}):")
    report = evaluate(clf, new)
    print(format_report(report))
    print(report["confusion"].to_string())
    pred = clf.predict(new["text"].tolist())
    right = pred["family"].to_numpy() == new["family"].to_numpy()
    print("\naccuracy by source (unclassified = wrong):")
    for source, idx in new.groupby("source").groups.items():
        inside = new.index.isin(idx)
        unclassified = (pred["family"].to_numpy()[inside] == "unclassified").mean()
        print(
            f"  {source:<17} {right[inside].mean():.3f}  (n = {inside.sum()}, unclassified {unclassified:.1%})"
        )
    if "style" in new:
        print("accuracy by kind of item (the style column; unclassified = wrong):")
        for kind in KINDS:
            inside = new["style"].str.contains(kind, regex=False).to_numpy()
            if inside.any():
                print(
                    f"  {kind:<32} {right[inside].sum():>3} of {inside.sum():>3} ({right[inside].mean():.3f})"
                )
    proba = clf.predict_proba(new["text"].tolist())
    top = proba.max(axis=1)
    hit = clf.classes_[proba.argmax(axis=1)] == new["family"].to_numpy()
    print("reliability (most probable family's probability → share right):")
    for lo in np.arange(0.2, 1.0, 0.1):
        inside = (top >= lo) & (top < lo + 0.1 if lo < 0.9 else top <= 1.0)
        if inside.any():
            print(
                f"  [{lo:.1f}, {lo + 0.1:.1f}{']' if lo >= 0.9 else ')'}  n = {inside.sum():>3}  "
                f"mean probability {top[inside].mean():.3f}  right {hit[inside].mean():.3f}"
            )


if __name__ == "__main__":
    sys.exit(main())
