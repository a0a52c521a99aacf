"""Median and range of repeated measurements, and how tables print them."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Spread:
    """Median of several rounds with the lowest and highest round."""

    median: float
    low: float
    high: float

    @classmethod
    def of(cls, values: Sequence[float]) -> Spread:
        if not values:
            raise ValueError("no measurements")
        return cls(statistics.median(values), min(values), max(values))

    def fmt(self, digits: int = 2, unit: str = "") -> str:
        return f"{self.median:.{digits}f}{unit} ({self.low:.{digits}f}..{self.high:.{digits}f})"


def ratios(values: Sequence[float], baseline: Sequence[float]) -> list[float]:
    """Round-by-round ratios, so drift between rounds does not leak into the comparison."""
    return [v / b for v, b in zip(values, baseline, strict=True)]
