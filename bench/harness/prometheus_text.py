"""Reads the engine's /metrics text: counters and histograms, and quantiles of histogram deltas."""

import math


class Metrics:
    def __init__(self, text):
        self.values = {}
        self.buckets = {}
        for line in text.splitlines():
            if not line or line.startswith("#"):
                continue
            name, value = line.rsplit(" ", 1)
            if "_bucket{le=" in name:
                histogram, bound = name.split("_bucket{le=")
                bound = bound.strip('"}')
                self.buckets.setdefault(histogram, []).append(
                    (math.inf if bound == "+Inf" else float(bound), float(value))
                )
            else:
                self.values[name] = float(value)

    def value(self, name):
        return self.values.get(name, 0.0)

    def histogram(self, name):
        """[(upper bound, cumulative count)] in increasing order of bound."""
        return sorted(self.buckets.get(name, []))


def histogram_delta(before, after, name):
    """The cumulative buckets of what was observed between two scrapes."""
    earlier = dict(before.histogram(name))
    return [(bound, count - earlier.get(bound, 0.0)) for bound, count in after.histogram(name)]


def quantile(cumulative_buckets, q):
    """As Prometheus's histogram_quantile: linear inside the bucket that holds the q-th
    observation, from the bucket's lower bound (0 for the first). None when nothing was observed."""
    if not cumulative_buckets or cumulative_buckets[-1][1] == 0:
        return None
    rank = q * cumulative_buckets[-1][1]
    lower_bound, lower_count = 0.0, 0.0
    for bound, count in cumulative_buckets:
        if count >= rank:
            if math.isinf(bound):
                return lower_bound
            return lower_bound + (bound - lower_bound) * (rank - lower_count) / (count - lower_count)
        lower_bound, lower_count = bound, count
    return lower_bound


def fraction_at_most(cumulative_buckets, bound):
    """The share of observations at or below a bucket bound (exact, no interpolation)."""
    total = cumulative_buckets[-1][1]
    for upper, count in cumulative_buckets:
        if math.isclose(upper, bound):
            return count / total if total else None
    raise ValueError(f"{bound} is not a bucket bound")
