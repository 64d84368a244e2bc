"""Results remembered per statements frame, for as long as the frame lives.

One filtered frame feeds several views at once (the map and the standing table below it, every
chart's footer and the page's counts): each pure function of the frame decorated here works
once per frame and arguments. Frames are never changed in place in Stance (``assign`` and ``loc``
make new ones), so a frame's identity stands for its content; the entry goes with the frame.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Hashable
from functools import wraps
from typing import Any, TypeVar

import pandas as pd

Result = TypeVar("Result")
_MISSING = object()


def per_frame(function: Callable[..., Result]) -> Callable[..., Result]:
    """``function(frame, ...)``, worked out once per frame and arguments (hashable ones). The
    result must not be the frame itself (it would keep the frame, and its entry, alive)."""
    results: dict[tuple, Any] = {}
    watched: set[int] = set()
    lock = threading.Lock()  # app sessions run in threads

    def forget(frame_id: int) -> None:
        with lock:
            watched.discard(frame_id)
            for key in [key for key in results if key[0] == frame_id]:
                del results[key]

    @wraps(function)
    def remembered(frame: pd.DataFrame, *args: Hashable, **kwargs: Hashable) -> Result:
        key = (id(frame), args, tuple(sorted(kwargs.items())))
        found = results.get(key, _MISSING)
        if found is not _MISSING:
            return found
        result = function(frame, *args, **kwargs)  # outside the lock: two sessions may both work it out once
        with lock:
            if id(frame) not in watched:
                weakref.finalize(frame, forget, id(frame))  # runs before the id can be reused
                watched.add(id(frame))
            results[key] = result
        return result

    return remembered
