"""The statistics behind `mtbench compare` and `make nightly`: a Mann-Whitney
U test on repetitions with a minimum effect size, a noise gate on the
coefficient of variation, and permutation-tested change-point detection over a
benchmark's history of run medians."""

import dataclasses
import math

import numpy as np
from scipy import stats as sps


@dataclasses.dataclass
class Params:
    # Per-benchmark two-sided significance level. Small because a nightly
    # judges ~100 benchmarks and a false alarm costs a person's morning; 9
    # against 9 repetitions still reach p ~ 4e-5 when fully separated.
    alpha: float = 0.001
    # Smallest relative change of the median worth reporting: below it, a
    # significant difference is real but not material on a shared machine.
    min_effect: float = 0.03
    # Repetitions whose coefficient of variation exceeds this cannot show a
    # few-percent change with ~9 samples; such a benchmark is named as too
    # noisy instead of being compared.
    max_cv: float = 0.10
    # A change must also leave the prediction interval of the run medians in
    # the baseline window (run-to-run drift that the repetitions of a single
    # run cannot show), at this confidence, once the window has this many
    # runs. Student's t makes it wide when the runs are few: three runs say
    # little about how far a fourth may stray.
    band_confidence: float = 0.99
    band_min_runs: int = 3
    # A standardized minimum effect: the medians must also differ by this
    # many coefficients of variation of the repetitions. On a shared machine
    # the load that spreads repetitions also shifts whole runs, so a change
    # smaller than the spread is not evidence, however small p is.
    cv_sigmas: float = 2.0
    # Change points: significance, shortest segment, permutations.
    cp_alpha: float = 0.001
    cp_min_segment: int = 3
    cp_permutations: int = 1999


@dataclasses.dataclass
class Verdict:
    name: str
    # regression, improvement, unchanged, noisy, untested, new; differs: a
    # significant difference two runs alone cannot attribute (compare.py)
    kind: str
    change: float = 0.0  # new median / base median - 1, in the metric itself
    p_value: float = 1.0
    threshold: float = 0.0  # the effect size this benchmark had to exceed
    new_median: float = 0.0
    base_median: float = 0.0
    new_cv: float = 0.0
    base_cv: float = 0.0
    n_new: int = 0
    n_base: int = 0
    base_runs: int = 0
    unit: str = ""
    higher_is_better: bool = True
    figure: str = "wall"  # wall: the rate or wall time; cpu: CPU time
    note: str = ""


def cv(values):
    """Sample standard deviation over mean; 0 for fewer than two values."""
    v = np.asarray(values, dtype=float)
    if v.size < 2:
        return 0.0
    mean = v.mean()
    return float(v.std(ddof=1) / mean) if mean else math.inf


def judge(name, new, base_runs, higher_is_better, unit="", params=Params(),
          new_cpu=(), base_cpu_runs=()):
    """Judges one benchmark's repetitions `new` against `base_runs` (a list
    of earlier runs' repetitions, oldest first, already windowed).

    When the wall-clock figure is too noisy, the history has 3+ runs and
    CPU time per iteration was recorded on both sides (`new_cpu`,
    `base_cpu_runs`, same runs), CPU time is judged instead: on a shared
    machine other processes steal wall time but not CPU time, so a change in
    the code still shows there. The note says so; the figure is "cpu"."""
    v = _judge_figure(name, new, base_runs, higher_is_better, unit, params)
    # CPU time is trusted only against 3+ earlier runs, whose run-to-run
    # spread sets its threshold: a benchmark that blocks (a queue, a pool
    # waiting on I/O) burns more or less CPU per iteration with the load.
    if v.kind != "noisy" or len(base_runs) < params.band_min_runs or \
            len(new_cpu) != len(new) or \
            len(base_cpu_runs) != len(base_runs) or \
            any(len(c) != len(r) for c, r in zip(base_cpu_runs, base_runs)):
        return v
    c = _judge_figure(name, new_cpu, base_cpu_runs, False, "cpu time", params)
    if c.kind == "noisy":
        v.note += "; CPU time too"
        return v
    c.figure = "cpu"
    c.note = f"wall clock too noisy ({v.note}); judged on CPU time" + \
        (f"; {c.note}" if c.note else "")
    return c


def _judge_figure(name, new, base_runs, higher_is_better, unit, params):
    v = Verdict(name, "unchanged", unit=unit, higher_is_better=higher_is_better,
                n_new=len(new), base_runs=len(base_runs))
    base_runs = [r for r in base_runs if len(r) > 0]
    if not base_runs or len(new) == 0:
        v.kind, v.note = "new", "no earlier run of this benchmark"
        return v
    pooled = np.concatenate([np.asarray(r, float) for r in base_runs])
    v.n_base = int(pooled.size)
    v.new_median = float(np.median(new))
    v.base_median = float(np.median(pooled))
    v.new_cv = cv(new)
    v.base_cv = float(np.median([cv(r) for r in base_runs]))
    if v.base_median > 0 and v.new_median > 0:
        v.change = v.new_median / v.base_median - 1
    if max(v.new_cv, v.base_cv) > params.max_cv:
        v.kind = "noisy"
        v.note = (f"cv {100 * v.new_cv:.1f}% new, {100 * v.base_cv:.1f}% "
                  f"base > {100 * params.max_cv:.0f}%")
        return v
    # The smallest two-sided p-value U can give is when the two samples do
    # not overlap: 2 / C(n1 + n2, n1). Fewer repetitions cannot be judged.
    if 2 / math.comb(len(new) + pooled.size, len(new)) >= params.alpha:
        v.kind = "untested"
        v.note = (f"{len(new)} and {pooled.size} repetitions cannot reach "
                  f"p < {params.alpha:g}")
        return v
    v.p_value = float(sps.mannwhitneyu(new, pooled,
                                       alternative="two-sided").pvalue)
    v.threshold = max(params.min_effect,
                      params.cv_sigmas * max(v.new_cv, v.base_cv))
    medians = np.log([np.median(r) for r in base_runs])
    n = len(base_runs)
    if n >= params.band_min_runs:
        t = sps.t.ppf(0.5 + params.band_confidence / 2, n - 1)
        spread = float(np.std(medians, ddof=1)) * math.sqrt(1 + 1 / n)
        v.threshold = max(v.threshold, math.expm1(t * spread))
    effect = abs(math.log1p(v.change)) if v.change > -1 else math.inf
    if v.p_value < params.alpha and effect >= math.log1p(v.threshold):
        worse = (v.change < 0) == higher_is_better
        v.kind = "regression" if worse else "improvement"
    return v


# ---------------------------------------------------------------- change points

def _split_statistics(x, m):
    """The two-sample t statistic of every split k in [m, n-m] of each row
    of `x` (shape (rows, n)), with the variance pooled within the two sides;
    returns shape (rows, n-2m+1)."""
    n = x.shape[1]
    k = np.arange(m, n - m + 1)
    c1 = np.cumsum(x, axis=1)
    c2 = np.cumsum(x * x, axis=1)
    s1, s2 = c1[:, -1:], c2[:, -1:]
    left1, left2 = c1[:, k - 1], c2[:, k - 1]
    mean_l, mean_r = left1 / k, (s1 - left1) / (n - k)
    within = (left2 - k * mean_l**2) + ((s2 - left2) - (n - k) * mean_r**2)
    sd = np.sqrt(np.maximum(within, 1e-300) / (n - 2))
    return np.abs(mean_l - mean_r) / sd * np.sqrt(k * (n - k) / n)


def _robust(series):
    """Log values, outliers pulled in to 5 MADs: a single wild night then
    cannot hide a step or make one."""
    x = np.log(np.asarray(series, dtype=float))
    med = np.median(x)
    mad = 1.4826 * np.median(np.abs(x - med))
    if mad > 0:
        x = np.clip(x, med - 5 * mad, med + 5 * mad)
    return x


@dataclasses.dataclass
class ChangePoint:
    index: int  # first point of the new segment
    before: float  # median of the segment before
    after: float  # median of the segment after
    p_value: float

    @property
    def change(self):
        return self.after / self.before - 1 if self.before else math.inf


def change_points(series, params=Params()):
    """Change points of `series` (run medians, oldest first) by binary
    segmentation: the split with the largest two-sample t statistic (on
    log values, outliers clipped), kept when its
    permutation p-value is below cp_alpha and the medians either side differ
    by at least min_effect; then each side is searched the same way."""
    raw = np.asarray(series, dtype=float)
    if raw.size == 0 or np.any(raw <= 0):
        return []
    x = _robust(raw)
    m = params.cp_min_segment
    rng = np.random.default_rng(20240611)  # fixed: verdicts reproducible
    found = []

    def search(lo, hi):
        n = hi - lo
        if n < 2 * m:
            return
        seg = x[lo:hi]
        if np.ptp(seg) == 0:
            return
        t = _split_statistics(seg[None, :], m)[0]
        best = int(np.argmax(t))
        k = lo + m + best
        before = float(np.median(raw[lo:k]))
        after = float(np.median(raw[k:hi]))
        big = before > 0 and abs(math.log(after / before)) >= math.log1p(
            params.min_effect)
        if not big:  # too small to report: spare the permutation test
            return
        # Permutation test: the largest t over all splits of shuffled data.
        shuffled = rng.permuted(np.tile(seg, (params.cp_permutations, 1)),
                                axis=1)
        null = _split_statistics(shuffled, m).max(axis=1)
        p = (1 + np.count_nonzero(null >= t[best] - 1e-9)) / (1 + null.size)
        if p < params.cp_alpha:
            found.append(ChangePoint(k, before, after, float(p)))
            search(lo, k)
            search(k, hi)

    search(0, len(x))
    return sorted(found, key=lambda c: c.index)


def baseline_window(run_medians, params=Params()):
    """Index of the first history run after the last change point: earlier
    runs measured a different program (or machine) and are left out."""
    cps = change_points(run_medians, params)
    return cps[-1].index if cps else 0
