"""Static chart files (PNG, SVG, PDF) drawn by Kaleido in one shared headless Chromium.

The app's download buttons and the command line both call :func:`chart_bytes`, so a chart
downloaded from the page and one written by ``python -m stance chart`` are the same file.

Chromium starts on the first export (about 2 s) and then serves every export of the process
(well under a second each); it is stopped at exit. We run our own Kaleido on a private event
loop rather than ``kaleido.start_sync_server``: that server waits forever when Chromium fails to
start (measured with a broken ``BROWSER_PATH``), which would freeze a Streamlit session, while
here every call has a time limit and every failure becomes an :class:`ExportError`.
"""

from __future__ import annotations

import asyncio
import atexit
import os
import re
import shutil
import threading
from collections.abc import Iterable

import kaleido
import plotly.graph_objects as go
from kaleido.errors import ChromeNotFoundError

from .chart import EXPORT_SIZES, ChartSpec
from .figures import build_figure
from .lanes import Selection
from .model import Dataset

FORMATS: tuple[str, ...] = ("png", "svg", "pdf")
START_SECONDS = 60  # a cold Chromium on a busy 2-core machine takes a few seconds
RENDER_SECONDS = 120
INSTALL_HINT = "install Debian's chromium: make system"
BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "chrome")  # what Kaleido looks for on PATH
MAX_NAMED_COUNTRIES = 4  # more than this and a file name stops being readable


class ExportError(RuntimeError):
    """A chart could not be drawn to a file (no Chromium, Chromium crashed, timed out)."""


class _KaleidoServer:
    """One Kaleido (one Chromium tab) driven from its own event-loop thread."""

    def __init__(self) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="stance-kaleido", daemon=True)
        self._thread.start()
        try:
            self._kaleido = self._run(self._open(), START_SECONDS)
        except BaseException:
            self._stop_loop()
            raise

    @staticmethod
    async def _open() -> kaleido.Kaleido:
        # Created inside the loop: Kaleido's queues and Chromium pipes belong to it.
        renderer = kaleido.Kaleido(n=1, mathjax=False)
        await renderer.open()
        return renderer

    def _run(self, coroutine, seconds: float):
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(seconds)

    def render(self, fig: go.Figure, fmt: str, width: int, height: int, scale: float) -> bytes:
        options = {"format": fmt, "width": width, "height": height, "scale": scale}
        return self._run(self._kaleido.calc_fig(fig, opts=options), RENDER_SECONDS)

    def close(self) -> None:
        try:
            self._run(self._kaleido.close(), 30)
        finally:
            self._stop_loop()

    def _stop_loop(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        if not self._thread.is_alive():
            self._loop.close()


_server: _KaleidoServer | None = None
# Streamlit runs each session in its own thread; one Chromium tab draws one chart at a time.
_server_lock = threading.Lock()


def _start_locked() -> _KaleidoServer:
    global _server
    if _server is None:
        try:
            _server = _KaleidoServer()
        except ChromeNotFoundError as error:
            raise ExportError(f"Chromium was not found, so charts cannot be exported; {INSTALL_HINT}") from error
        except Exception as error:
            raise ExportError(f"Chromium did not start ({_short(error)}); {INSTALL_HINT}") from error
    return _server


def missing_browser() -> str | None:
    """Why exports cannot work here (no Chromium found), or None; cheap, for the app to warn early."""
    if os.environ.get("BROWSER_PATH") or any(shutil.which(name) for name in BROWSER_NAMES):
        return None
    return f"Chromium was not found, so charts cannot be exported; {INSTALL_HINT}"


def start_server() -> None:
    """Start Chromium now rather than on the first export (tests, benchmarks, warm-up)."""
    with _server_lock:
        _start_locked()


def stop_server() -> None:
    global _server
    with _server_lock:
        server, _server = _server, None
        if server is not None:
            try:
                server.close()
            except Exception:  # noqa: BLE001 - shutting down: a dead Chromium is already stopped
                pass


atexit.register(stop_server)


def render(fig: go.Figure, fmt: str, scale: float = 1) -> bytes:
    """The figure as PNG, SVG or PDF bytes, at the figure's own width and height times ``scale``."""
    global _server
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if not scale or scale <= 0:
        raise ValueError(f"scale must be positive, not {scale!r}")
    width, height = fig.layout.width, fig.layout.height
    if not width or not height:
        raise ValueError("the figure has no fixed width and height; build it for an export size")
    with _server_lock:
        server = _start_locked()
        try:
            return server.render(fig, fmt, width, height, scale)
        except Exception as error:
            # Chromium may have crashed: drop it, so the next export starts a fresh one.
            _server = None
            threading.Thread(target=server.close, daemon=True).start()
            raise ExportError(f"Chromium could not draw the chart ({_short(error)})") from error


def chart_bytes(
    spec: ChartSpec,
    dataset: Dataset,
    fmt: str,
    scale: float = 1,
    app_url: str | None = None,
    selection: Selection | None = None,
) -> bytes:
    """The chart described by ``spec`` as a file's bytes: the app's downloads and the CLI use this."""
    return chart_files(spec, dataset, (fmt,), scale, app_url, selection)[fmt]


def chart_files(
    spec: ChartSpec,
    dataset: Dataset,
    formats: Iterable[str],
    scale: float = 1,
    app_url: str | None = None,
    selection: Selection | None = None,
) -> dict[str, bytes]:
    """The chart in each of ``formats``, built once and rendered once per format (a briefing's files).

    ``selection``: what :func:`stance.lanes.select` gives for ``spec``, when the caller has it."""
    if spec.size not in EXPORT_SIZES:
        raise ValueError(f"size {spec.size!r} is for the screen; export at one of {', '.join(EXPORT_SIZES)}")
    fig = build_figure(spec, dataset, app_url=app_url, selection=selection)
    return {fmt: render(fig, fmt, scale) for fmt in formats}


def chart_filename(spec: ChartSpec, fmt: str) -> str:
    """'stance-timeline-PL-slide.png': kind, countries shown and size, in safe characters only."""
    countries = list(spec.filters.countries)
    if len(countries) > MAX_NAMED_COUNTRIES:
        countries = countries[:MAX_NAMED_COUNTRIES] + [f"{len(countries) - MAX_NAMED_COUNTRIES}more"]
    parts = ["stance", spec.kind, *countries, spec.size]
    safe = [re.sub(r"[^A-Za-z0-9]+", "-", part).strip("-") for part in parts]
    return "-".join(part for part in safe if part) + "." + re.sub(r"[^a-z0-9]", "", fmt.lower())


def _short(error: BaseException) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= 300 else text[:297] + "..."
