from __future__ import annotations

import glob
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import sqlalchemy as sa

from stance.cache import CACHE_ENV
from stance.formats import table_to_csv
from stance.load import load_dataset, statements_frame
from stance.model import Dataset
from stance.validate import Problem, RawTable

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"  # frozen, hand-made: see fixtures/README.md
SAMPLE_CSV = FIXTURES / "statements.csv"
TWO_PROPOSALS_JSON = FIXTURES / "two-proposals.json"


@pytest.fixture(scope="session", autouse=True)
def cache_folder(tmp_path_factory) -> Iterator[Path]:
    """The dataset cache of this test run (also for the apps and commands the tests start): never the user's own."""
    folder = tmp_path_factory.mktemp("stance-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(CACHE_ENV, str(folder))
        yield folder


@pytest.fixture(autouse=True)
def main_module() -> Iterator[None]:
    """AppTest installs the script it runs as ``__main__``; a process spawned later (the benchmark's
    fresh processes) would run that script instead of its own work. Put the real one back."""
    main = sys.modules["__main__"]
    yield
    sys.modules["__main__"] = main


@pytest.fixture(scope="session", autouse=True)
def default_store(tmp_path_factory) -> Iterator[Path]:
    """Where the default store of this test run goes ($XDG_DATA_HOME): never the user's own, and
    no $STANCE_DB or $STANCE_DATA from the shell (tests that want one set it)."""
    folder = tmp_path_factory.mktemp("stance-data")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_DATA_HOME", str(folder))
        patch.delenv("STANCE_DB", raising=False)
        patch.delenv("STANCE_DATA", raising=False)
        yield folder


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A throwaway PostgreSQL server for this test run (`make test` installs Debian's postgresql):
    data and unix socket in a temporary folder, no TCP; the URL of its ``postgres`` database.
    initdb refuses to run as root, so as root the server runs as the ``postgres`` system user."""
    binaries = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(Path(p).parts[-3]))
    if not binaries:
        pytest.fail("PostgreSQL is not installed: `make test` installs it (Debian's postgresql)", pytrace=False)
    bin_folder = Path(binaries[-1]).parent
    folder = Path(tempfile.mkdtemp(prefix="stance-postgres-"))
    as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if as_user:
        shutil.chown(folder, "postgres", "postgres")
    data, log = folder / "data", folder / "server.log"

    def run(*command: str | Path) -> None:
        done = subprocess.run([*as_user, *map(str, command)], capture_output=True, text=True, timeout=60)
        if done.returncode:
            shown = (done.stderr or done.stdout).strip() + (f"\n{log.read_text()}" if log.exists() else "")
            pytest.fail(f"cannot start the throwaway PostgreSQL server ({command[0]}):\n{shown}", pytrace=False)

    try:
        # Trust on the socket: the folder is the postgres user's alone. No fsync: the data is thrown away.
        run(bin_folder / "initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync")
        settings = f"-k {folder} -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        run(bin_folder / "pg_ctl", "-D", data, "-l", log, "-o", settings, "-w", "-t", "30", "start")
        pid = int((data / "postmaster.pid").read_text().split()[0])
        try:
            yield f"postgresql+psycopg://postgres@/postgres?host={folder}"
        finally:
            stop = [*as_user, str(bin_folder / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "-t", "20", "stop"]
            # immediate: nothing to save, the data is thrown away
            if subprocess.run(stop, capture_output=True, timeout=60).returncode:
                try:
                    os.kill(pid, signal.SIGKILL)  # pg_ctl could not stop it
                except ProcessLookupError:
                    pass
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def bundled() -> Dataset:
    """The dataset in seeds/: only for tests about the bundled data (tests/test_seeds.py)."""
    return load_dataset()


@pytest.fixture(scope="session")
def sample() -> Dataset:
    """The frozen fixture dataset: 21 statements, 9 actors, 6 countries, one proposal."""
    return load_dataset(SAMPLE_CSV)


@pytest.fixture(scope="session")
def two_proposals() -> Dataset:
    """The frozen fixture with two proposals and their titles: 6 statements, 2 actors."""
    return load_dataset(TWO_PROPOSALS_JSON)


def statement(**values) -> dict[str, str]:
    """One valid interchange row; tests override what they are about."""
    row = {
        "id": "t1",
        "date": "2025-02-17",
        "date_precision": "day",
        "actor": "Donald Tusk",
        "role": "Prime Minister of Poland",
        "actor_type": "head",
        "country": "PL",
        "proposal": "p",
        "position": "denied",
        "attribution": "on-record",
        "quote": "We are not planning such actions",
        "source": "Outlet",
        "url": "https://example.org/a",
        "notes": "",
        "date_note": "",
        "capacity": "",
        "left_office": "",
    }
    row.update(values)
    return row


def strings(value) -> list[str]:
    """Every string anywhere in a figure's JSON-like dict."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in strings(v)]
    return []


def csv_bytes(*rows: dict[str, str]) -> bytes:
    """Rows (e.g. :func:`statement`) as the bytes of a CSV file, written as Stance writes one."""
    return table_to_csv(pd.DataFrame(list(rows))).encode("utf-8")


def make_dataset(*rows: dict[str, str], proposals: dict[str, str] | None = None) -> Dataset:
    return Dataset(statements_frame(pd.DataFrame(list(rows))), proposals or {"p": "Proposal P"}, "test", "rev")


def table(rows: list[dict[str, str]], columns=None, numbers=None, path="t.csv", cell_order=None) -> RawTable:
    """A table as a reader hands it to the validator: string cells, spreadsheet row numbers from 2."""
    columns = list(columns or rows[0])
    cells = pd.DataFrame({c: pd.Series([r.get(c, "") for r in rows], dtype="str") for c in columns})
    row_numbers = np.array(numbers if numbers is not None else range(2, 2 + len(rows)))
    return RawTable(path, tuple(columns), cells, row_numbers, cell_order)


def lines(problems: list[Problem]) -> list[str]:
    """Problems as the command line prints them."""
    return [str(p) for p in problems]


def escape_cell(value: str) -> str:
    """The formula escape, one cell at a time, as the README words it: the reference that
    ``table_to_csv``'s column-at-a-time escaping is checked against."""
    escaped = value.startswith("'") and value[1:2] in ("=", "+", "-", "@", "\t", "\r", "'")
    return "'" + value if value.startswith(("=", "+", "-", "@", "\t", "\r")) or escaped else value


@pytest.fixture(params=["sqlite", "postgresql"])
def engine_url(request, tmp_path) -> str:
    """A new, empty store of each engine: a SQLite file in a temporary folder, and a fresh database
    on the run's throwaway PostgreSQL server (postgres_url)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'stance.sqlite'}"
    server = sa.make_url(request.getfixturevalue("postgres_url"))
    name = f"store_{uuid.uuid4().hex[:12]}"
    engine = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.exec_driver_sql(f"CREATE DATABASE {name}")
    engine.dispose()
    return server.set(database=name).render_as_string(hide_password=False)
