"""Loading a dataset: find the data, read it in its format, validate it, build the Dataset.

The formats are in :mod:`stance.formats`, the rules and their messages in :mod:`stance.validate`.
Every problem is reported as ``PATH:ROW:COLUMN: message``; nothing here raises anything but
``DataError`` for bad input.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from . import cache
from .formats import Reading, read_dataset
from .model import ALL_COLUMNS, EVENT_COLUMNS, Dataset, empty_events
from .validate import DataError, Problem

BUNDLED_DATA = Path(__file__).resolve().parent.parent / "seeds"
BUNDLED_TITLE = "Stance dataset"
DATA_ENV = "STANCE_DATA"  # another dataset for the app and the command line


def data_location(explicit: str | os.PathLike | None = None) -> Path:
    """The dataset to open: the one asked for, else $STANCE_DATA, else the bundled seeds."""
    return Path(explicit or os.environ.get(DATA_ENV) or BUNDLED_DATA)


def load_dataset(path: str | os.PathLike | None = None) -> Dataset:
    """Load a seeds folder, an interchange CSV or JSON file, or any registered format. Raises DataError.

    Data loaded before, unchanged since, comes from its columnar copy (:mod:`stance.cache`).
    """
    path = Path(path) if path else BUNDLED_DATA
    try:
        if not path.exists():
            raise DataError([Problem(str(path), 0, "", "no such file or folder")])
        key = cache.source_key(path)
        cached = cache.fetch(path, key) if key else None
        if cached is not None:
            return cached
        reading = read_dataset(path)
        problems = reading.problems()
        if problems:
            raise DataError(problems)
        dataset = dataset_from(reading, path)
        if key and cache.source_key(path) == key:  # unchanged while it was read: the copy is of exactly these files
            cache.store(path, key, dataset)
        return dataset
    except DataError:
        raise
    except OSError as error:  # a folder or file the process may not read, a disk error
        where = str(error.filename or path)
        raise DataError([Problem(where, 0, "", f"cannot read it: {error.strerror or error}")]) from error
    except RecursionError as error:
        raise DataError([Problem(str(path), 0, "", "is nested too deeply")]) from error
    except (UnicodeError, ValueError) as error:
        raise DataError([Problem(str(path), 0, "", f"cannot be read: {error}")]) from error


def open_dataset(data: str | os.PathLike | None = None) -> Dataset:
    """The dataset to show: the file or seeds folder named (``data``, else $STANCE_DATA), read
    only; else the store ($STANCE_DB, else the default SQLite file, filled from the bundled seeds
    when new). Raises DataError for a bad file, stance.store.StoreError for a store that cannot be opened."""
    named = data or os.environ.get(DATA_ENV)
    if named:
        return load_dataset(named)
    from .store import Store  # SQLAlchemy is imported only when the store is used

    return store_dataset(Store.open())


def store_dataset(store) -> Dataset:  # noqa: ANN001 - a stance.store.Store (imported lazily)
    """What ``store`` holds, from its columnar copy when the store has not been written since."""
    url, revision = store.engine.url.render_as_string(hide_password=True), store.revision()
    key = cache.store_key(url, revision)
    cached = cache.fetch(url, key)
    if cached is not None:
        return cached
    dataset = store.dataset()
    if dataset.revision == revision:  # no write in between: the copy is of exactly this revision
        cache.store(url, key, dataset)
    return dataset


def dataset_from(reading: Reading, path: Path) -> Dataset:
    """The Dataset of a validated reading of ``path``."""
    title = BUNDLED_TITLE if path.resolve() == BUNDLED_DATA else path.name
    name = path.name if path.is_dir() else path.stem
    try:
        statements = statements_frame(reading.interchange_cells())
        events = events_frame(reading.events.cells) if reading.events is not None else empty_events()
    except UnicodeEncodeError:  # a JSON escape for half a character ("\ud800"): no text to show
        raise DataError([Problem(str(path), 0, "", "is not UTF-8 text")]) from None
    return Dataset(
        statements,
        reading.proposals,
        name,
        revision(reading.files),
        title,
        events=events,
        actor_notes=reading.actor_notes(),
    )


SORT_KEYS = ("date", "country", "actor", "id")


def statements_frame(cells: pd.DataFrame) -> pd.DataFrame:
    """Statements as the app keeps them: every column (absent ones empty), dates parsed, in date order.

    The cells must be valid (dates as YYYY-MM-DD). pyarrow parses the dates and finds the order
    (a stable sort, as pandas' own, but several times faster on a million rows).
    """
    frame = pd.DataFrame({c: cells[c] if c in cells.columns else "" for c in ALL_COLUMNS}, index=cells.index)
    frame = frame.astype("str").reset_index(drop=True)
    days = pc.strptime(pa.array(frame["date"]), format="%Y-%m-%d", unit="s")
    frame["date"] = pd.Series(days.to_numpy(zero_copy_only=False), dtype="datetime64[s]")
    keys = pa.table({"date": days, **{c: pa.array(frame[c]) for c in SORT_KEYS[1:]}})
    order = pc.sort_indices(keys, sort_keys=[(c, "ascending") for c in SORT_KEYS]).to_numpy()
    if np.array_equal(order, np.arange(len(frame))):
        return frame
    return frame.take(order).reset_index(drop=True)


def events_frame(cells: pd.DataFrame) -> pd.DataFrame:
    """Key events as a dataset keeps them: EVENT_COLUMNS (absent ones empty), dates parsed, in date order.

    The cells must be valid (dates as YYYY-MM-DD); events of one day keep their order in the file.
    """
    frame = pd.DataFrame({c: cells[c] if c in cells.columns else "" for c in EVENT_COLUMNS}, index=cells.index)
    frame = frame.astype("str").reset_index(drop=True)
    frame["date"] = pd.to_datetime(frame["date"], format="%Y-%m-%d").astype("datetime64[s]")
    return frame.sort_values("date", kind="stable").reset_index(drop=True)


def revision(paths: tuple[Path, ...]) -> str:
    """Changes whenever a file's name or content does: caches key on it."""
    digest = hashlib.sha256()
    for p in paths:
        digest.update(p.name.encode())
        with p.open("rb") as content:
            while block := content.read(1 << 20):  # a block at a time: no second copy of a big file
                digest.update(block)
    return digest.hexdigest()[:12]
