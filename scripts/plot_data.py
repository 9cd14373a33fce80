"""What the report's plots read from a run: its per-repetition entries
grouped by benchmark, a figure (GB value or user counter) of each repetition,
and the numeric axis a scenario sweeps."""

import re

import numpy as np

import runjson


class Absent(Exception):
    """Nothing to draw: the scenario (or this shape of it) is not in the
    run."""


def entries(run, pattern):
    """run.json's per-repetition entries whose run name matches `pattern`,
    grouped: {name: [entry, ...]}; errored entries are left out."""
    out = {}
    rx = re.compile(pattern)
    for e in run.doc.get("benchmarks", []):
        name = e.get("run_name") or e.get("name", "")
        if e.get("run_type", "iteration") == "iteration" and \
                not e.get("error_occurred") and rx.search(name):
            out.setdefault(name, []).append(e)
    return out


def figure(field, group):
    """Every repetition's value of `field` (a GB figure or user counter);
    a missing, null or NaN value is left out."""
    vals = [e.get(field) for e in group]
    return np.array([v for v in vals if isinstance(v, (int, float))
                     and v == v], dtype=float)


_TO_US = {"ns": 1e-3, "us": 1.0, "ms": 1e3, "s": 1e6}


def time_us(group):
    """Every repetition's wall time per iteration in microseconds."""
    return np.array([e["real_time"] * _TO_US.get(e.get("time_unit", "ns"),
                                                 1e-3)
                     for e in group if isinstance(e.get("real_time"),
                                                  (int, float))])


def num(axes, key):
    return runjson.axis_number(axes.get(key))


def numeric_axis(names, candidates):
    """The axis among `candidates` (exact key first, then any key containing
    it) that the most names carry with a numeric value; None if none does.
    Names without it (a scenario's reference rows) are left to the caller."""
    parsed = [runjson.parse_name(n)[3] for n in names]
    keys = sorted({k for a in parsed for k in a})
    best, count = None, 0
    for want in candidates:
        for k in [want] + [k for k in keys if want in k and k != want]:
            n = sum(runjson.axis_number(a.get(k)) is not None for a in parsed)
            if n > count:
                best, count = k, n
        if best is not None:
            return best
    return None


def label(shape, variant, shapes):
    """A series' legend label: the variant alone when every series shares
    one shape."""
    return variant if len(shapes) == 1 and variant else \
        "/".join(p for p in (shape, variant) if p)
