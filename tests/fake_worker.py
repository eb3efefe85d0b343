"""A stand-in for ``python -m analytics refresh`` in tests: a real process that takes the database's
worker lock and reports progress like the real one, slowly, without computing anything.

The job (``--job`` JSON) says how: ``sleep`` seconds per step (else ``FAKE_WORKER_SLEEP``), ``fail``
an error to end with (else ``FAKE_WORKER_FAIL``).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analytics import jobs

STEPS = ((0.1, "labelling interactions"), (0.5, "attribution with 200 bootstrap replicates"))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db")
    ap.add_argument("--version", type=int)
    ap.add_argument("--job")
    args = ap.parse_args()
    job = json.loads(args.job)

    def body(reporter: jobs.Reporter) -> None:
        for frac, message in STEPS:
            reporter(frac, message)
            time.sleep(float(job.get("sleep", os.environ.get("FAKE_WORKER_SLEEP", 0.2))))
        reporter.stored("labels")
        fail = job.get("fail") or os.environ.get("FAKE_WORKER_FAIL")
        if fail:
            raise ValueError(fail)

    try:
        return jobs.run_worker(args.db, args.version, job, body)
    except ValueError:
        return 1


if __name__ == "__main__":
    sys.exit(main())
