"""One way to write a recorded figure, for the notebooks, the course report, the seed table and the site."""

from __future__ import annotations

import math


def format_figure(value: float) -> str:
    """A figure as the course writes it: whole counts in full (``1,018,881``), anything else to 4 significant digits.

    >>> format_figure(1018881), format_figure(0.88281), format_figure(3.1e-08), format_figure(42.0)
    ('1,018,881', '0.8828', '3.1e-08', '42')
    """
    value = float(value)
    if not math.isfinite(value):
        return str(value)
    if value.is_integer() and abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.4g}"


def format_band(band: tuple[float, float]) -> str:
    """A band as ``[low, high]``, both ends written like figures."""
    low, high = band
    return f"[{format_figure(low)}, {format_figure(high)}]"
