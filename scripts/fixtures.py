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
    go to items_per_second (and real_time follows), times to real_time."""
    out = []
    for name, (values, higher) in samples.items():
        threads = int(runjson.parse_name(name)[3].get("threads", 1))
        rows = []
        for i, v in enumerate(values):
            extra = dict((counters or {}).get(name, {}))
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
    """A run holding counter, spawn, pool and gil as their scenarios name
    their benchmarks, with claims and analysis blocks."""
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
    for method, slope in (("fork", 80.0), ("posix_spawn", 0.0),
                          ("thread", 0.0)):
        for mib in (0, 64, 256):
            name = f"spawn/create/{method}/parent_mib:{mib}/real_time"
            samples[name] = (noisy(rng, 1e3 * (50 + slope * mib / 64)), False)
    analysis_pool = {}
    for task, sigma, kappa in (("compute", 0.05, 0.02), ("io", 0.0, 0.0)):
        for kind in ("thread", "process"):
            for size in (1, 2, 4, 8):
                name = f"pool/{task}/{kind}/size:{size}/real_time"
                samples[name] = (noisy(rng, _usl(size, 1e4, sigma, kappa)),
                                 True)
            analysis_pool[f"{task}_{kind}"] = {
                "lambda": 1e4, "sigma": sigma, "kappa": kappa,
                "peak_n": ((1 - sigma) / kappa) ** 0.5 if kappa else 1e9,
                "goetz_n": 2.0 if task == "compute" else 16.0,
                "best_size": 2.0}
    for policy, speed in (("tick", 1.0), ("interval", 1.0), ("none", 1.9),
                          ("per_process", 1.9), ("cpython", 1.0)):
        for t in (1, 2):
            name = f"gil/cpu/{policy}/real_time/threads:{t}"
            samples[name] = (noisy(rng, 1e6 * (speed if t == 2 else 1)), True)
        for cpu in (1, 2):
            name = f"gil/io/{policy}/cpu_threads:{cpu}/real_time"
            samples[name] = (noisy(rng, 5e6), False)
            counters[name] = {"p50_us": 100.0 * cpu, "p99_us": 5000.0 * cpu}
    claims = [{"sentence": "With a lock, no update is lost.",
               "check": "lost == 0", "verdict": "holds", "numbers": "0"},
              {"sentence": "A lock serialises.", "check": "speedup < 1.2",
               "verdict": "not measurable here", "numbers": "speedup 1.1"},
              {"sentence": "fork grows with memory.", "check": "slope",
               "verdict": "fails", "numbers": "ratio 0.9"}]
    scenarios = [{"name": n, "status": "ok", "reason": "", "wall_seconds": 2.0,
                  "benchmarks": 10, "claims": claims if n == "counter" else [],
                  "analysis": analysis_pool if n == "pool" else {},
                  "placements": [], "errors": []}
                 for n in ("counter", "spawn", "pool", "gil")]
    return write_run(root, key, started, samples, counters, scenarios)
