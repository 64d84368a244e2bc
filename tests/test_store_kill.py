"""A process killed in the middle of a large write (an import, a whole-store replace) leaves the store
as it was, on both engines (conftest.engine_url), and the next writer is not held up by the dead one.

The writer is a child process: it pauses inside the write's transaction, right after its statements
are inserted and before anything is committed, and says so; the test kills it there (SIGKILL: no
clean-up runs), so the kill always lands in the middle of the write, never before or after it."""

from __future__ import annotations

import signal
import subprocess
import sys

import pandas as pd
import pytest
import sqlalchemy as sa
from test_store import new_statement

from stance.store import Store

from conftest import ROOT, SAMPLE_CSV

STATEMENTS = 50_000  # what the killed writer adds: a large import

WRITER = """
import sys
from stance import store as st
from stance.load import statements_frame
from stance.model import Dataset
from stance.synth import synthetic_statements

url, operation, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
insert_rows = st._insert_rows


def insert_then_wait(connection, table, frame):
    insert_rows(connection, table, frame)
    print(f"{table.name}: {len(frame)} rows inserted, not committed", flush=True)
    sys.stdin.readline()  # never answered: the test kills this process here, inside the transaction


st._insert_rows = insert_then_wait
rows = synthetic_statements(count, seed=1)
new = statements_frame(rows.assign(id="big-" + rows["id"], actor="Imported " + rows["actor"]))
store = st.Store.open(url, seed=None)
if operation == "import":
    store.import_statements(new, who="Killed", note="big.csv")
else:
    store.replace(Dataset(new, name="big"), who="Killed")
print("committed", flush=True)
"""


def with_lock_timeout(address: str) -> str:
    """PostgreSQL gives up on a lock after 10 s (as SQLite's busy timeout does) instead of waiting for
    ever: a lock still held by the killed writer's server process fails the test rather than hangs it."""
    parsed = sa.make_url(address)
    if parsed.get_backend_name() != "postgresql":
        return address
    return parsed.update_query_dict({"options": "-c lock_timeout=10s"}).render_as_string(hide_password=False)


@pytest.mark.parametrize("operation", ["import", "replace"])
def test_a_process_killed_during_a_large_write_leaves_the_store_as_it_was(engine_url, operation):
    store = Store.open(engine_url, seed=SAMPLE_CSV)
    store.add_statement(new_statement(id="before-kill"), who="Ana")
    before_revision, before_history = store.revision(), store.history()
    before = store.dataset()
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, engine_url, operation, str(STATEMENTS)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        said = writer.stdout.readline() if writer.stdout else ""
        assert said.strip() == f"statements: {STATEMENTS} rows inserted, not committed"
        writer.send_signal(signal.SIGKILL)
    finally:
        writer.kill()
        writer.wait(30)
    assert writer.returncode == -signal.SIGKILL

    again = Store.open(with_lock_timeout(engine_url), seed=SAMPLE_CSV)
    after = again.dataset()
    assert after.revision == before_revision
    pd.testing.assert_frame_equal(after.statements, before.statements)
    pd.testing.assert_frame_equal(after.events, before.events)
    assert (after.proposals, after.actor_notes, after.label) == (before.proposals, before.actor_notes, before.label)
    assert again.history() == before_history
    # The next writer is not held up by the dead one's lock (SQLite's file lock, the PostgreSQL server's
    # process of the killed client): the write goes through, and is the next change.
    change = again.add_statement(new_statement(id="after-kill", date="2025-03-01"), who="Ana")
    assert change.change == before_history[0].change + 1
    assert "after-kill" in set(again.dataset().statements["id"])
