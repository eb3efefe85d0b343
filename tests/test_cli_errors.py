"""What an operator who types the wrong thing sees: one line saying what was wrong and what would
be accepted, and an exit status that says whether anything was done (issue 19 item 9, and the
command line's findings in issue 15).

Most cases call the command line's ``main`` in this process (the same code as ``python -m
analytics``) and read what it printed; the ones that need a real process — a pipe closed early,
a file the user may not write — run one.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from analytics import store as store_module
from analytics.__main__ import build_parser, main
from analytics.errors import StoreError
from analytics.ingest import ingest_file
from analytics.store import Store, resolve_url
from tests.conftest import run_cli
from tests.test_ingest import CUSTOMERS_CSV, INTERACTIONS_CSV, write

ROOT = Path(__file__).resolve().parent.parent


def _one_line_error(capsys, argv: list[str]) -> str:
    code = main(argv)
    out, err = capsys.readouterr()
    assert code == 1, (out, err)
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    assert "Traceback" not in err
    return lines[0]


@pytest.mark.quick
@pytest.mark.parametrize(
    ("db", "says"),
    [
        ("garbage", r"neither a database URL nor a path to a \.duckdb file.*postgresql://"),
        ("://", r"neither a database URL nor a path"),
        ("sqlite:", r"is not a database URL\. Give a path to a \.duckdb file"),
        ("duckdb://", r"names no database file: DuckDB would keep everything in memory"),
        ("duckdb:///:memory:", r"names no database file"),
        ("sqlite:///x.db", r"sqlite databases are not supported; .* DuckDB or PostgreSQL"),
        ("mysql://u@h/db", r"mysql databases are not supported"),
        ("x.db", r"neither a database URL nor a path to a \.duckdb file"),
        (
            "postgresql+psycopg2://u@127.0.0.1/db",
            r"needs the driver 'postgresql\+psycopg2', which is not installed.*postgresql://",
        ),
    ],
)
def test_a_database_that_is_not_one_gets_one_line(capsys, db, says):
    line = _one_line_error(capsys, ["survival", "--db", db])
    assert re.search(says, line), line


@pytest.mark.quick
def test_a_folder_or_a_file_that_is_not_a_database(capsys, tmp_path):
    assert "is a folder, not a database file" in _one_line_error(
        capsys, ["survival", "--db", f"duckdb:///{tmp_path}"]
    )
    other = tmp_path / "notes.duckdb"
    other.write_text("not a database")
    cpath = write(tmp_path, "c.csv", CUSTOMERS_CSV)
    line = _one_line_error(capsys, ["ingest", "--customers", str(cpath), "--db", str(other)])
    assert f"{other} is not a DuckDB database file" in line
    assert other.read_text() == "not a database"


@pytest.mark.quick
def test_a_missing_folder_is_named_and_not_created(capsys, tmp_path):
    missing = tmp_path / "no_such_dir"
    line = _one_line_error(capsys, ["survival", "--db", f"duckdb:///{missing}/a.duckdb"])
    assert f"The folder {missing} of the database file a.duckdb does not exist" in line
    assert not missing.exists()


@pytest.mark.quick
def test_an_unreachable_server_from_the_environment_is_one_line(capsys, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://someone:secret@127.0.0.1:1/nothing")
    line = _one_line_error(capsys, ["survival"])
    assert "Cannot connect to the database postgresql+psycopg://someone:***@127.0.0.1:1/nothing" in line
    assert "(DATABASE_URL)" in line and "Connection refused" in line
    assert "secret" not in line


@pytest.mark.quick
def test_postgres_urls_without_a_driver_use_psycopg(monkeypatch):
    assert resolve_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert resolve_url("postgres://u:pw@h:5/db") == "postgresql+psycopg://u:pw@h:5/db"
    monkeypatch.setenv("DATABASE_URL", "garbage")
    with pytest.raises(StoreError, match=r"'garbage' \(from DATABASE_URL\) is neither"):
        resolve_url()
    # An explicit database wins over a broken environment.
    assert Store("duckdb:///x.duckdb").url == "duckdb:///x.duckdb"


@pytest.mark.quick
def test_a_plain_path_to_a_duckdb_file_is_the_embedded_database(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    cpath = write(tmp_path, "c.csv", CUSTOMERS_CSV)
    assert main(["ingest", "--customers", str(cpath), "--db", "team.duckdb"]) == 0
    assert "3 accepted" in capsys.readouterr().out
    store = Store(f"duckdb:///{tmp_path / 'team.duckdb'}")
    assert store.counts()["customers"] == 3
    store.dispose()


@pytest.mark.quick
def test_only_the_default_database_gets_its_folder_created(tmp_path, monkeypatch):
    default = tmp_path / "new" / "place" / "churn.duckdb"
    monkeypatch.setattr(store_module, "DEFAULT_DB_PATH", default)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    store = Store()
    assert store.counts()["customers"] == 0 and default.exists()
    store.dispose()


@pytest.mark.quick
def test_rejects_of_an_upload_that_does_not_exist(capsys, tmp_path):
    db = f"duckdb:///{tmp_path / 'r.duckdb'}"
    store = Store(db)
    ingest_file(store, "customers", write(tmp_path, "c.csv", CUSTOMERS_CSV))
    bad = ingest_file(store, "interactions", write(tmp_path, "i.csv", INTERACTIONS_CSV))
    store.dispose()
    line = _one_line_error(capsys, ["rejects", "99", "--db", db])
    assert "there is no upload #99" in line
    assert f"#{bad.upload_id} interactions i.csv (3 rejected)" in line
    # One that exists: its rejects as CSV; one without rejects says so beside an empty table.
    assert main(["rejects", str(bad.upload_id), "--db", db]) == 0
    assert len(capsys.readouterr().out.strip().splitlines()) == 1 + 3
    assert main(["rejects", "1", "--db", db]) == 0
    out, err = capsys.readouterr()
    assert out.strip() == "line,raw,reason,code" and "has no rejected rows" in err


@pytest.mark.quick
def test_help_lists_every_command():
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices
    listed = {
        line.split()[0] for line in parser.description.split("--------")[1].splitlines() if line[:1].isalpha()
    }
    assert set(commands) <= listed, set(commands) - listed
    assert {"rejects", "merge"} <= set(commands)


@pytest.mark.quick
def test_a_header_only_export_is_an_empty_upload_not_a_failure(capsys, tmp_path):
    db = f"duckdb:///{tmp_path / 'e.duckdb'}"
    cpath = write(tmp_path, "c.csv", CUSTOMERS_CSV)
    empty = write(tmp_path, "i.csv", INTERACTIONS_CSV.splitlines()[0] + "\n")
    assert main(["ingest", "--customers", str(cpath), "--interactions", str(empty), "--db", db]) == 0
    out = capsys.readouterr().out
    assert "customers: 3 rows — 3 accepted" in out
    assert "interactions: 0 rows — nothing to add" in out and "header and no data rows" in out
    # Spanish headers, ';' and Windows-1252 are an empty export too.
    es = write(tmp_path, "es.csv", "cliente;fecha;canal;observación\r\n", encoding="cp1252")
    assert main(["ingest", "--interactions", str(es), "--db", db]) == 0
    assert "nothing to add" in capsys.readouterr().out
    store = Store(db)
    assert store.counts() == {"customers": 3, "interactions": 0, "uploads": 1}
    store.dispose()


def test_a_customers_only_upload_is_a_way_to_start(capsys, tmp_path):
    """Survival needs only customers: an upload of customers alone is enough to run it."""
    db = f"duckdb:///{tmp_path / 'c.duckdb'}"
    assert main(["ingest", "--customers", str(write(tmp_path, "c.csv", CUSTOMERS_CSV)), "--db", db]) == 0
    capsys.readouterr()
    assert main(["survival", "--db", db, "--json"]) == 0
    assert '"customers": 3' in capsys.readouterr().out


@pytest.mark.quick
def test_a_header_without_a_required_column_or_no_header_is_still_refused(capsys, tmp_path):
    db = f"duckdb:///{tmp_path / 'e.duckdb'}"
    no_customer = write(tmp_path, "a.csv", "interaction_id,timestamp,channel\n")
    line = _one_line_error(capsys, ["ingest", "--interactions", str(no_customer), "--db", db])
    assert "was not read" in line and "customer_id" in line
    nothing = write(tmp_path, "b.csv", "")
    assert "was not read" in _one_line_error(capsys, ["ingest", "--interactions", str(nothing), "--db", db])


@pytest.mark.quick
def test_a_second_file_refused_still_reports_the_first(capsys, tmp_path):
    db = f"duckdb:///{tmp_path / 'e.duckdb'}"
    cpath = write(tmp_path, "c.csv", CUSTOMERS_CSV)
    broken = write(tmp_path, "i.csv", "just one column\nand a value\n")
    assert main(["ingest", "--customers", str(cpath), "--interactions", str(broken), "--db", db]) == 1
    out, err = capsys.readouterr()
    assert "customers: 3 rows — 3 accepted" in out
    assert err.startswith("error: interactions file") and "(customers stored above)" in err


@pytest.mark.quick
def test_input_files_that_cannot_be_read(capsys, tmp_path):
    db = f"duckdb:///{tmp_path / 'e.duckdb'}"
    assert main(["ingest", "--customers", str(tmp_path), "--db", db]) == 2
    assert "is a folder, not a file; nothing was stored" in capsys.readouterr().err
    assert main(["ingest", "--customers", str(tmp_path / "nope.csv"), "--db", db]) == 2
    assert "not found" in capsys.readouterr().err


def _without_root_privileges() -> list[str] | None:
    """A prefix that runs a command without the power to ignore file permissions (root has it)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search", "--"] if setpriv else None


@pytest.mark.slow
def test_a_read_only_database_file_is_read_and_not_written(tmp_path):
    prefix = _without_root_privileges()
    if prefix is None:
        pytest.skip("running as root without setpriv: permissions cannot be enforced")
    db = tmp_path / "ro.duckdb"
    store = Store(f"duckdb:///{db}")
    ingest_file(store, "customers", write(tmp_path, "c.csv", CUSTOMERS_CSV))
    store.dispose()
    db.chmod(0o444)
    try:

        def cli(*args):
            return subprocess.run(
                [*prefix, sys.executable, "-m", "analytics", *args, "--db", str(db)],
                cwd=ROOT,
                capture_output=True,
                text=True,
            )

        reading = cli("rejects", "1")  # reports may label first, which writes; this only reads
        assert reading.returncode == 0, reading.stderr
        writing = cli("ingest", "--customers", str(tmp_path / "c.csv"))
        assert writing.returncode == 1
        assert writing.stderr.strip().splitlines() == [writing.stderr.strip()]
        assert "cannot be written" in writing.stderr and "Permission denied" in writing.stderr
    finally:
        db.chmod(0o644)


@pytest.mark.slow
def test_output_closed_early_ends_quietly(tmp_path):
    """`rejects N | head -1`: the command stops when its reader goes, with no traceback."""
    db = f"duckdb:///{tmp_path / 'p.duckdb'}"
    store = Store(db)
    ingest_file(store, "customers", write(tmp_path, "c.csv", CUSTOMERS_CSV))
    lines = ["interaction_id,customer_id,timestamp"] + [f"X{i},NOPE{i},2024-05-01" for i in range(60_000)]
    bad = ingest_file(store, "interactions", write(tmp_path, "i.csv", "\n".join(lines) + "\n"))
    store.dispose()
    proc = subprocess.Popen(
        [sys.executable, "-m", "analytics", "rejects", str(bad.upload_id), "--db", db],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout.readline().startswith(b"line,raw,reason")
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 141
    assert err == ""


@pytest.mark.slow
def test_the_command_line_prints_one_line_not_a_traceback():
    """The same through a real process, for one case of each kind."""
    for args in (["survival", "--db", "garbage"], ["merge", "--db", "duckdb://"]):
        done = run_cli(*args)
        assert done.returncode == 1
        assert done.stderr.count("\n") == 1 and done.stderr.startswith("error: "), done.stderr
