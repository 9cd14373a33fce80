"""Test support: synthetic run folders in the exact shape `mtbench run`
writes (Google Benchmark's per-repetition entries and aggregates, the mtbench
block), with every scenario's benchmark names as the scenarios register
them."""

import json
import os

import numpy as np

import runjson

HOST = "testhost"
TOPOLOGY = "1 package(s), 2 core(s), 2 PU(s), 1 NUMA node(s)"


def entry(name, rep, reps, real_ns, items=None, counters=None, threads=1):
    e = {"name": name, "run_name": name, "run_type": "iteration",
         "repetitions": reps, "repetition_index": rep, "threads": threads,
         "iterations": 1000, "real_time": real_ns, "cpu_time": real_ns,
         "time_unit": "ns"}
    if items is not None:
        e["items_per_second"] = items
    e.update(counters or {})
    return e


def aggregates(name, entries):
    """GB's _mean/_median/_stddev/_cv rows, which readers must skip."""
    out = []
    times = np.array([e["real_time"] for e in entries])
    for agg, value in (("mean", times.mean()), ("median", np.median(times)),
                       ("stddev", times.std()), ("cv", None)):
        out.append({"name": f"{name}_{agg}", "run_name": name,
                    "run_type": "aggregate", "aggregate_name": agg,
                    "repetitions": len(entries), "threads": 1,
                    "iterations": len(entries),
                    "real_time": value if value is not None else 0.01,
                    "cpu_time": 0.0, "time_unit": "ns",
                    "lost": None if agg == "cv" else 0.0})
    return out


def benchmarks_from(samples, counters=None):
    """GB entries for {name: (values, higher_is_better)}: throughput values
    go to items_per_second (and real_time follows), times to real_time (ns).
    counters: {name: {counter: value}} or {name: [one dict a repetition]}."""
    out = []
    for name, (values, higher) in samples.items():
        threads = int(runjson.parse_name(name)[3].get("threads", 1))
        rows = []
        for i, v in enumerate(values):
            extra = (counters or {}).get(name, {})
            extra = dict(extra[i] if isinstance(extra, list) else extra)
            if higher:
                rows.append(entry(name, i, len(values), 1e9 / v, v, extra,
                                  threads))
            else:
                rows.append(entry(name, i, len(values), v, None, extra,
                                  threads))
        out += rows + (aggregates(name, rows) if len(values) > 1 else [])
    return out


def write_run(root, key, started, samples, counters=None, scenarios=None,
              host=HOST, preset="release", quick=True, reps=9):
    """Writes root/key/run.json; returns its folder."""
    folder = os.path.join(root, key)
    os.makedirs(folder, exist_ok=True)
    names = sorted({n.split("/")[0] for n in samples})
    doc = {
        "context": {
            "date": started, "host_name": host, "num_cpus": 2,
            "mtbench": {
                "version": "0.1.0", "git_commit": "0123456789abcdef" * 2,
                "git_dirty": False, "preset": preset, "compiler": "GNU 12.2.0",
                "kernel": "Linux 6.1", "started": started,
                "command_line": "mtbench run --quick",
                "topology": {"summary": TOPOLOGY, "pus": 2},
                "pin_policies": ["compact"], "quick": quick,
                "repetitions": reps,
                "calibration": {"pus": 2, "parallel_speedup": 1.9,
                                "load_average": 0.5,
                                "delivers_parallelism": True},
                "scenarios": scenarios if scenarios is not None else [
                    {"name": n, "status": "ok", "reason": "",
                     "wall_seconds": 1.0, "benchmarks": 1, "claims": [],
                     "analysis": {}, "placements": [], "errors": []}
                    for n in names],
            }},
        "benchmarks": benchmarks_from(samples, counters)}
    with open(os.path.join(folder, "run.json"), "w", encoding="utf-8") as f:
        json.dump(doc, f)
    return folder


def noisy(rng, level, reps=9, within=0.01):
    return list(level * (1 + rng.normal(0, within, reps)))


# ------------------------------------------------ every scenario's shapes

def _usl(n, lam, sigma, kappa):
    return lam * n / (1 + sigma * (n - 1) + kappa * n * (n - 1))


def full_run(root, key="20260101-000000-testhost",
             started="2026-01-01T00:00:00+0000", scale=1.0, seed=0):
    """A run holding counter, spawn, pool and gil with the benchmark names,
    counters and analysis keys those scenarios write, plus claims."""
    rng = np.random.default_rng(seed)
    samples, counters = {}, {}
    for variant, base, scaling in (("mutex", 4e7, 0.8), ("atomic", 1.5e8, 1),
                                   ("sharded_padded", 3e8, 1.9),
                                   ("racy", 2.5e8, 1.2)):
        for t in (1, 2, 4):
            name = (f"counter/increment/{variant}/pin:compact/real_time/"
                    f"threads:{t}")
            samples[name] = (noisy(rng, scale * base * scaling ** (t > 1)),
                             True)
    for method, slope in (("fork_exit", 80.0), ("posix_spawn", 0.0),
                          ("thread", 0.0), ("pool", 0.0)):
        for mib in (0, 64, 256):
            name = f"spawn/create/{method}/parent_mib:{mib}/pin:compact/" \
                "real_time"
            us = noisy(rng, 50 + slope * mib / 64)
            samples[name] = ([u * 1e3 for u in us], False)
            counters[name] = [{"us_median": u, "parent_mib": mib} for u in us]
    analysis_pool = {}
    for task, sigma, kappa, sizes in (("compute", 0.05, 0.02, (1, 2, 4, 8)),
                                      ("io", 0.0, 0.0, (1, 2, 4, 8, 16, 32))):
        samples[f"pool/{task}/inline/real_time"] = (noisy(rng, 1e5), False)
        for kind in ("thread", "process", "async"):
            for size in sizes:
                name = f"pool/{task}/{kind}/size:{size}/real_time"
                samples[name] = (noisy(rng, _usl(size, 1e4, sigma, kappa)),
                                 True)
            block = {"best_size": float(sizes[-1]), "knee_size": 2.0,
                     "best_tasks_per_s": 3e4, "c_us": 100.0, "w_us": 0.0,
                     "runq_us": 1.0, "goetz_n": 2.0 if task == "compute"
                     else 16.0, "usl_sigma": sigma, "usl_kappa": kappa,
                     "usl_rms_err": 0.01}
            if kappa:
                block["usl_peak_n"] = ((1 - sigma) / kappa) ** 0.5
            analysis_pool[f"{task}/{kind}"] = block
    for policy, speed in (("tick", 1.0), ("interval", 1.0), ("none", 1.9),
                          ("per_process", 1.9)):
        for w in (1, 2, 4):
            name = f"gil/cpu/{policy}/workers:{w}/pin:compact/real_time"
            samples[name] = (noisy(rng, 30e6 / (speed if w > 1 else 1)),
                             False)
    for mode, speed in (("threads", 1.0), ("processes", 1.9)):
        for w in (1, 2, 4):
            name = f"gil/cpython/cpu/{mode}/workers:{w}/real_time"
            samples[name] = (noisy(rng, 80e6 / (speed if w > 1 else 1)),
                             False)
    io = [(p, n, 5000) for p in ("tick", "interval", "none")
          for n in (0, 1, 2)] + [("interval", 1, 1000), ("interval", 1, 20000)]
    for policy, n, interval in io:
        name = (f"gil/io_latency/{policy}/cpu_threads:{n}/interval_us:"
                f"{interval}/pin:compact/real_time")
        samples[name] = (noisy(rng, 250e6), False)
        counters[name] = {"io_p50_us": 100.0 + n * interval / 2,
                          "io_p99_us": 200.0 + n * interval * 1.2}
    for n in (0, 1, 2):
        name = f"gil/cpython/io_latency/cpu_threads:{n}/interval_us:5000/" \
            "real_time"
        samples[name] = (noisy(rng, 250e6), False)
        counters[name] = {"io_p50_us": 80.0 + n * 2500,
                          "io_p99_us": 150.0 + n * 6000}
    claims = [{"sentence": "With a lock, no update is lost.",
               "check": "lost == 0", "verdict": "holds", "numbers": "0"},
              {"sentence": "A lock serialises.", "check": "speedup < 1.2",
               "verdict": "not measurable here", "numbers": "speedup 1.1"},
              {"sentence": "fork grows with memory.", "check": "slope",
               "verdict": "fails", "numbers": "ratio 0.9"}]
    analyses = {"pool": analysis_pool,
                "spawn": {"slopes": {"fork_exit_us_per_gib": 320.0}},
                "gil": {"scaling": {"not_measured": "no control"}}}
    scenarios = [{"name": n, "status": "ok", "reason": "", "wall_seconds": 2.0,
                  "benchmarks": 10, "claims": claims if n == "counter" else [],
                  "analysis": analyses.get(n, {}), "placements": [],
                  "errors": []}
                 for n in ("counter", "spawn", "pool", "gil")]
    return write_run(root, key, started, samples, counters, scenarios)
