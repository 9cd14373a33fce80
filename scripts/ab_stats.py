"""The statistics of `mtbench ab`: per benchmark, the paired ratios NEW/BASE
of its time per iteration (one pair per round, both builds run within the
same minutes), their median, an exact confidence interval of that median,
and a verdict.

Why the median and the sign test's interval: a round in which a neighbour
woke up on one build's turn gives one wild ratio; the median does not care,
and the interval between two order statistics of the ratios covers the true
median with at least the stated probability for any continuous distribution
of the ratios, without resampling (so it needs no seed and no symmetry, which
a bootstrap of the median and a Wilcoxon interval would)."""

import dataclasses
import math

import numpy as np
from scipy import stats as sps


@dataclasses.dataclass
class Params:
    # A slowdown smaller than this fails nothing: on a shared machine a
    # real but smaller difference is not worth a person's time.
    threshold: float = 0.03
    # Of each median's interval. 0.99 rather than 0.95 because a run
    # judges every benchmark of a binary, and a false alarm fails a merge.
    confidence: float = 0.99


@dataclasses.dataclass
class AbVerdict:
    name: str
    verdict: str  # slower, faster, unchanged, too noisy, failed
    rounds: int = 0
    ratio: float = math.nan  # median of NEW/BASE
    low: float = math.nan  # the interval of that median
    high: float = math.nan
    p_value: float = math.nan  # sign test, two-sided
    figure: str = ""  # cpu_time or real_time, per iteration
    unit: str = "ns"
    base_median: float = math.nan
    new_median: float = math.nan
    ratios: list = dataclasses.field(default_factory=list)
    note: str = ""


def figure_of(name):
    """The clock a benchmark is timed by: Google Benchmark sizes and reports
    a benchmark by real time when it says UseRealTime (or UseManualTime,
    whose figure GB keeps in real_time), else by CPU time. On a shared
    machine CPU time is also what a neighbour cannot steal."""
    parts = name.split("/")
    return "real_time" if ("real_time" in parts or "manual_time" in parts) \
        else "cpu_time"


def sign_interval(log_ratios, confidence):
    """(low, high) of the median of `log_ratios`: order statistics k and
    n+1-k, with k the largest for which P(Binomial(n, 1/2) <= k-1) stays
    within (1 - confidence) / 2. (-inf, inf) when there are too few."""
    d = np.sort(np.asarray(log_ratios, dtype=float))
    n = d.size
    tail = (1 - confidence) / 2
    k = 0
    while k + 1 <= n // 2 and sps.binom.cdf(k, n, 0.5) <= tail:
        k += 1
    if k == 0:
        return -math.inf, math.inf
    return float(d[k - 1]), float(d[n - k])


def sign_test(log_ratios):
    """Two-sided p-value of the sign test that the median is 0 (ties
    dropped)."""
    d = np.asarray(log_ratios, dtype=float)
    pos, neg = int(np.sum(d > 0)), int(np.sum(d < 0))
    if pos + neg == 0:
        return 1.0
    return float(min(1.0, 2 * sps.binom.cdf(min(pos, neg), pos + neg, 0.5)))


def judge(name, base, new, params=Params(), figure="", unit="ns"):
    """Judges paired samples (base[i] and new[i] from round i; times, lower
    is better). slower / faster: the interval excludes no change and the
    median moved by the threshold or more; unchanged: the whole interval
    lies within the threshold either way; too noisy: neither can be said."""
    base = np.asarray(base, dtype=float)
    new = np.asarray(new, dtype=float)
    v = AbVerdict(name, "too noisy", rounds=int(base.size), figure=figure,
                  unit=unit)
    ok = (base > 0) & (new > 0)
    base, new = base[ok], new[ok]
    v.rounds = int(base.size)
    if base.size == 0:
        v.note = "no round measured both builds"
        return v
    d = np.log(new / base)
    v.ratios = [float(x) for x in np.exp(d)]
    v.base_median = float(np.median(base))
    v.new_median = float(np.median(new))
    med = float(np.median(d))
    lo, hi = sign_interval(d, params.confidence)
    v.ratio = math.exp(med)
    if math.isfinite(lo):  # else too few rounds: no interval at all
        v.low, v.high = math.exp(lo), math.exp(hi)
    v.p_value = sign_test(d)
    band = math.log1p(params.threshold)
    significant = lo > 0 or hi < 0
    if significant and med >= band:
        v.verdict = "slower"
    elif significant and med <= -band:
        v.verdict = "faster"
    elif -band < lo and hi < band:
        v.verdict = "unchanged"
    elif math.isinf(lo):
        v.note = (f"{v.rounds} rounds are too few for a "
                  f"{100 * params.confidence:g} % interval")
    else:
        v.note = (f"the interval reaches beyond ±{100 * params.threshold:g} %"
                  " without excluding no change" if not significant else
                  f"changed, but by less than {100 * params.threshold:g} % "
                  "at the median while the interval reaches beyond it")
    return v


def pairs(rounds):
    """{name: (figure, [base...], [new...])} in first-seen order from the
    rounds of ab_rounds.json: per round the iteration entry of each build
    (errored entries skipped), in nanoseconds per iteration."""
    scale = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}
    out = {}
    for rnd in rounds:
        got = {}
        for side in ("base", "new"):
            for e in rnd.get(side, {}).get("entries", []):
                if e.get("run_type", "iteration") != "iteration" or \
                        e.get("error_occurred"):
                    continue
                name = e.get("run_name") or e.get("name")
                figure = figure_of(name)
                value = e.get(figure)
                if isinstance(value, (int, float)):
                    got.setdefault(name, {})[side] = \
                        value * scale.get(e.get("time_unit", "ns"), 1.0)
        for name, sides in got.items():
            entry = out.setdefault(name, (figure_of(name), [], []))
            if "base" in sides and "new" in sides:
                entry[1].append(sides["base"])
                entry[2].append(sides["new"])
    return out
