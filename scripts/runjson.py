"""Reads results/<run>/run.json (Google Benchmark's JSON plus the mtbench
block, results/README.md) into per-benchmark samples: one figure per
repetition, the unit, and the axes parsed from the benchmark's name."""

import datetime
import hashlib
import json
import os
import re
import statistics

# Name segments Google Benchmark appends to options set per benchmark; they
# describe how it was run, not what was measured, so they are not axes.
_GB_SUFFIXES = re.compile(
    r"^(real_time|manual_time|process_time|iterations:\d+|repeats:\d+|"
    r"min_time:[0-9.e+-]+s?|min_warmup_time:[0-9.e+-]+s?|threads:\d+)$")


class RunError(Exception):
    """A run folder or run.json that cannot be read, said clearly."""


def parse_name(name):
    """Splits `<scenario>/<shape>/<variant>/<axis>:<v>/.../threads:<n>`.

    Returns (scenario, shape, variant, axes) where axes maps each `key:value`
    segment to its value (threads included, other GB suffixes dropped).
    Parts without a colon after the scenario are shape, then variant; any
    further plain part is joined onto the variant so nothing is lost."""
    parts = name.split("/")
    scenario, plain, axes = parts[0], [], {}
    for part in parts[1:]:
        if part.startswith("threads:"):
            axes["threads"] = part.split(":", 1)[1]
        elif _GB_SUFFIXES.match(part):
            continue
        elif ":" in part:
            key, value = part.split(":", 1)
            axes[key] = value
        else:
            plain.append(part)
    shape = plain[0] if plain else ""
    variant = "/".join(plain[1:])
    return scenario, shape, variant, axes


def axis_number(text):
    """An axis value as a number when it is one ("64" -> 64.0), else None."""
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


class Sample:
    """Every repetition of one benchmark in one run, in its primary figure:
    items_per_second when the benchmark counts items (higher is better),
    else its wall time per iteration (lower is better)."""

    def __init__(self, name, metric, unit, higher_is_better, values,
                 cpu_values=()):
        self.name = name
        self.metric = metric
        self.unit = unit
        self.higher_is_better = higher_is_better
        self.values = list(values)
        # CPU time per iteration of each repetition (same unit as the wall
        # time): steadier than the wall clock on a shared machine.
        self.cpu_values = list(cpu_values)
        self.scenario, self.shape, self.variant, self.axes = parse_name(name)

    @property
    def threads(self):
        n = axis_number(self.axes.get("threads"))
        return int(n) if n is not None else 1

    @property
    def median(self):
        return statistics.median(self.values)

    @property
    def cv(self):
        """Coefficient of variation of the repetitions (0 with one)."""
        if len(self.values) < 2:
            return 0.0
        mean = statistics.fmean(self.values)
        return statistics.stdev(self.values) / mean if mean else float("inf")


def _primary(entry):
    if isinstance(entry.get("items_per_second"), (int, float)):
        return "items_per_second", "items/s", True
    return "real_time", entry.get("time_unit", "ns"), False


def samples_from_benchmarks(entries):
    """Groups Google Benchmark's per-repetition entries by run_name, in
    repetition order; aggregates (mean, median, ...) and errored entries are
    skipped. Returns {name: Sample} in first-seen order."""
    grouped = {}
    for e in entries:
        if e.get("run_type", "iteration") != "iteration":
            continue
        if e.get("error_occurred"):
            continue
        name = e.get("run_name") or e.get("name")
        metric, unit, higher = _primary(e)
        value, cpu = e.get(metric), e.get("cpu_time")
        if not isinstance(value, (int, float)) or value != value:
            continue
        if not isinstance(cpu, (int, float)) or cpu != cpu:
            cpu = None
        grouped.setdefault(name, []).append(
            (e.get("repetition_index", 0), metric, unit, higher, float(value),
             cpu))
    out = {}
    for name, rows in grouped.items():
        rows.sort(key=lambda r: r[0])
        _, metric, unit, higher, _, _ = rows[0]
        rows = [r for r in rows if r[1] == metric]
        cpu = [r[5] for r in rows]
        out[name] = Sample(name, metric, unit, higher, [r[4] for r in rows],
                           cpu if None not in cpu else [])
    return out


def _utc_iso(text):
    """mtbench's "2026-11-24T04:36:16+0000" as UTC ISO 8601 (sortable)."""
    for fmt in ("%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S"):
        try:
            t = datetime.datetime.strptime(text, fmt)
        except (TypeError, ValueError):
            continue
        if t.tzinfo is None:
            t = t.replace(tzinfo=datetime.timezone.utc)
        return t.astimezone(datetime.timezone.utc).strftime(
            "%Y-%m-%dT%H:%M:%SZ")
    return text or ""


class Run:
    """One run: its identity and configuration, and its samples."""

    def __init__(self, key, doc, path=None):
        self.key = key
        self.path = path  # the run folder, None when loaded from history
        self.doc = doc
        context = doc.get("context", {})
        block = context.get("mtbench", {})
        self.block = block
        self.commit = block.get("git_commit", "unknown")
        self.dirty = bool(block.get("git_dirty", False))
        self.started = _utc_iso(block.get("started") or context.get("date"))
        self.host = context.get("host_name", "unknown")
        self.topology = block.get("topology", {}).get("summary", "unknown")
        self.preset = block.get("preset", "unknown")
        self.compiler = block.get("compiler", "unknown")
        self.quick = bool(block.get("quick", False))
        self.repetitions = int(block.get("repetitions", 1))
        self.calibration = block.get("calibration", {})
        self.samples = samples_from_benchmarks(doc.get("benchmarks", []))
        self.machine_class = None

    @property
    def config(self):
        """What must match for two runs' figures to be comparable: the
        machine (its class when a fleet names one, else the host), build,
        topology and mode. Runs of another class never match."""
        machine = f"class={self.machine_class}" if self.machine_class \
            else self.host
        return "|".join([machine, self.preset, self.compiler, self.topology,
                         "quick" if self.quick else "full"])

    @property
    def scenarios(self):
        return self.block.get("scenarios", [])

    def digest(self):
        """A fingerprint of what was measured, to tell a changed re-import."""
        rows = sorted((s.name, s.metric, tuple(s.values))
                      for s in self.samples.values())
        return hashlib.sha256(repr(rows).encode()).hexdigest()[:16]


def load_run(path):
    """Loads a run folder (or a run.json path); raises RunError."""
    real = os.path.realpath(path)
    file = os.path.join(real, "run.json") if os.path.isdir(real) else real
    if not os.path.isfile(file):
        raise RunError(f"'{path}' is not a run folder: no run.json in it")
    try:
        with open(file, encoding="utf-8") as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        raise RunError(f"cannot read {file}: {e}") from e
    if not isinstance(doc, dict) or "benchmarks" not in doc:
        raise RunError(f"{file} is not a run.json (no 'benchmarks' list)")
    folder = os.path.dirname(file)
    run = Run(os.path.basename(folder), doc, folder)
    # CI runners (containers, cloud VMs) get a new host name every run;
    # MTBENCH_HOST names the machine class so their history still matches.
    run.host = os.environ.get("MTBENCH_HOST") or run.host
    # A fleet of runners sharing one history (MTBENCH_DB=postgresql://...)
    # names its kind of machine: runs of every host of one class are
    # compared together, and never with those of another class.
    run.machine_class = os.environ.get("MTBENCH_MACHINE_CLASS") or None
    return run
