"""What `mtbench compare` prints: the significant changes, the benchmarks
too noisy to judge, the ones too few repetitions cannot test (with both
medians and their ratio, as Google Benchmark's compare.py shows them), the
history's change points, and the count of every verdict."""

import sys


def fmt(value):
    """A figure with an SI suffix: 183.4M, 5.21, 12.0k."""
    for scale, suffix in ((1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= scale:
            return f"{value / scale:.4g}{suffix}"
    return f"{value:.4g}"


def not_testable(v):
    """"not testable (1 repetition)", or "(3 and 3 repetitions)"."""
    if v.n_new == v.n_base == 1:
        return "not testable (1 repetition)"
    return f"not testable ({v.n_new} and {v.n_base} repetitions)"


def _significant(verdicts, params, out):
    rows = [v for v in verdicts if v.kind in ("regression", "improvement")]
    rows.sort(key=lambda v: (v.kind != "regression", v.p_value))
    print(f"\nSignificant changes (Mann-Whitney U, p < {params.alpha:g}, "
          f"|change| >= threshold):", file=out)
    if not rows:
        print("  none", file=out)
        return
    print(f"  {'verdict':<12}{'change':>8}{'p-value':>10}{'thresh':>8}"
          f"{'new':>10}{'base':>10}  {'unit':<10}benchmark", file=out)
    for v in rows:
        print(f"  {v.kind.upper() if v.kind == 'regression' else v.kind:<12}"
              f"{100 * v.change:>+7.1f}%{v.p_value:>10.1e}"
              f"{100 * v.threshold:>7.1f}%{fmt(v.new_median):>10}"
              f"{fmt(v.base_median):>10}  {v.unit:<10}{v.name}", file=out)


def _untested(verdicts, params, out):
    """Medians and their ratio, unjudged: what one repetition can say."""
    rows = [v for v in verdicts if v.kind == "untested"]
    if not rows:
        return
    print(f"\nNot testable: too few repetitions for the U test to reach "
          f"p < {params.alpha:g}\n(run with --repetitions 9 or more); "
          f"medians and their ratio only, not a verdict:", file=out)
    width = max(len(not_testable(v)) for v in rows) + 2
    print(f"  {'base':>10}{'new':>10}{'new/base':>10}  {'unit':<10}"
          f"{'':<{width}}benchmark", file=out)
    for v in rows:
        ratio = f"{v.new_median / v.base_median:.3f}" if v.base_median \
            else "-"
        print(f"  {fmt(v.base_median):>10}{fmt(v.new_median):>10}"
              f"{ratio:>10}  {v.unit:<10}{not_testable(v):<{width}}{v.name}",
              file=out)


def _differs(verdicts, params, out):
    """Two runs' significant differences, not called regressions."""
    rows = [v for v in verdicts if v.kind == "differs"]
    if not rows:
        return
    rows.sort(key=lambda v: v.p_value)
    print(f"\nDiffer (p < {params.alpha:g}, |change| >= threshold), but two "
          f"runs cannot tell a change\nfrom the drift between them: judge "
          f"with history (mtbench compare --history) or\nrun both builds in "
          f"the same minutes (mtbench ab BASE_BINARY NEW_BINARY):", file=out)
    print(f"  {'':<8}{'change':>8}{'p-value':>10}{'new':>10}{'base':>10}  "
          f"{'unit':<10}benchmark", file=out)
    for v in rows:
        print(f"  {v.note.split(':')[0]:<8}{100 * v.change:>+7.1f}%"
              f"{v.p_value:>10.1e}{fmt(v.new_median):>10}"
              f"{fmt(v.base_median):>10}  {v.unit:<10}{v.name}", file=out)


def print_table(verdicts, missing, changes, params, out=None):
    """Prints the comparison (to stdout unless `out`); returns {verdict
    kind: count}."""
    out = out or sys.stdout  # looked up now, so redirect_stdout holds
    _significant(verdicts, params, out)
    noisy = [v for v in verdicts if v.kind == "noisy"]
    if noisy:
        print(f"\nToo noisy to judge (coefficient of variation > "
              f"{100 * params.max_cv:.0f}%): not compared", file=out)
        for v in noisy:
            print(f"  {v.name}  ({v.note})", file=out)
    on_cpu = [v for v in verdicts if v.figure == "cpu"]
    if on_cpu:
        print(f"\nJudged on CPU time, the wall clock being too noisy: "
              f"{len(on_cpu)} benchmark(s)", file=out)
    _untested(verdicts, params, out)
    _differs(verdicts, params, out)
    if changes:
        print("\nChange points in the history (run medians):", file=out)
        for c in changes:
            print(f"  {c['kind']:<12}{100 * c['change']:>+7.1f}% "
                  f"p={c['p_value']:.1e} from run {c['at_run']}  "
                  f"{c['benchmark']}", file=out)
    count = {k: sum(v.kind == k for v in verdicts)
             for k in ("regression", "improvement", "differs", "unchanged",
                       "noisy", "untested", "new")}
    print(f"\n{count['regression']} regression(s), {count['improvement']} "
          f"improvement(s), "
          + (f"{count['differs']} differ (drift or change), "
             if count["differs"] else "")
          + f"{count['unchanged']} unchanged, {count['noisy']} "
          f"too noisy, {count['untested']} not testable, {count['new']} "
          f"without a baseline, {len(missing)} missing from the new run",
          file=out)
    return count
