"""Plotly's trace types, built without Plotly checking each property as it is set (as is the
figure, in :func:`stance.figures.frame.assemble`).

Those checks cost a fifth of a figure's build, on every filter change. The figures' property
names and values are checked once, by tests that put every chart kind's figure back through
Plotly's validation (``tests/test_figures.py``).
"""

from __future__ import annotations

from functools import partial

import plotly.graph_objects as go

Scatter = partial(go.Scatter, _validate=False)
Bar = partial(go.Bar, _validate=False)
Heatmap = partial(go.Heatmap, _validate=False)
