"""The in-memory holder of reports that take seconds: one computation per key however many
sessions ask at once, the newest kept, a failure never kept."""

from __future__ import annotations

import threading
import time
from contextlib import nullcontext

import pytest

from dashboard.loaders import _Memo

pytestmark = pytest.mark.quick


def test_sessions_asking_at_once_share_one_computation():
    memo = _Memo(size=4)
    calls, waited = [], []
    started = threading.Event()

    def compute():
        calls.append(1)
        started.set()
        time.sleep(0.3)
        return "report"

    def waiting():
        waited.append(1)
        return nullcontext()

    out: list[str] = []
    first = threading.Thread(target=lambda: out.append(memo.get("k", compute, waiting)))
    first.start()
    started.wait(5)
    others = [threading.Thread(target=lambda: out.append(memo.get("k", compute, waiting))) for _ in range(4)]
    for th in others:
        th.start()
    for th in (first, *others):
        th.join(10)
    assert out == ["report"] * 5
    assert len(calls) == 1
    assert len(waited) == 4


def test_the_newest_are_kept_and_a_failure_is_not():
    memo = _Memo(size=2)
    for key in ("a", "b", "c"):
        memo.get(key, lambda key=key: key.upper(), nullcontext)
    assert memo._get("a") == (False, None)
    assert memo._get("c") == (True, "C")

    def boom():
        raise ValueError("no churn in the window")

    with pytest.raises(ValueError):
        memo.get("d", boom, nullcontext)
    assert memo._get("d") == (False, None)
    assert memo.get("d", lambda: "ok", nullcontext) == "ok"
