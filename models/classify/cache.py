"""The disk cache of fitted models: fit once, load in a fraction of a second in later processes.

Each command-line call and each dashboard start is a new process; refitting the shipped model
there would cost seconds every time. :func:`cached_model` keeps the pickled model under a key
that changes whenever the fitted model could (the caller hashes its inputs, see
:func:`source_digest`). A missing, stale or unreadable file is simply refitted; a cache
directory that cannot be written is skipped.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

import numpy as np
import pandas as pd

T = TypeVar("T")


def cache_dir() -> Path:
    """Where fitted models are kept between runs: ``CHURN_CACHE_DIR``, else
    ``$XDG_CACHE_HOME/churn-analytics`` (``~/.cache/churn-analytics``)."""
    explicit = os.environ.get("CHURN_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "churn-analytics"


def source_digest(files: Iterable[Path]) -> str:
    """A short key that changes with the bytes of ``files`` (data and code, in the given order)
    and with the versions of the libraries whose objects a pickled model holds."""
    import sklearn

    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    digest.update(f"{sklearn.__version__}|{np.__version__}|{pd.__version__}|{sys.version_info[:2]}".encode())
    return digest.hexdigest()[:20]


def cached_model(name: str, key: str, fit: Callable[[], T], kind: type) -> T:
    """The object ``fit()`` returns, kept on disk as ``<cache_dir>/<name>-<key>.pkl``.

    A file that loads as an instance of ``kind`` is returned as is; otherwise ``fit()`` is called
    and its result written atomically (a concurrent reader sees the old file or the whole new
    one), and older files of the same ``name`` are removed.
    """
    path = cache_dir() / f"{name}-{key}.pkl"
    try:
        with path.open("rb") as fh:
            model = pickle.load(fh)  # our own file, written below by this same code
        if isinstance(model, kind):
            return model
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError):
        pass
    model = fit()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as fh:
            pickle.dump(model, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        for old in path.parent.glob(f"{name}-*.pkl"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass
    return model
