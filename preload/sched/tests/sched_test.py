#!/usr/bin/python3
"""Checks libmtsched by running the test programs of this folder with it
preloaded. One case per invocation; `--list` prints the cases (CMake adds one
ctest each). Exit status 0 when the case holds, 1 with a message when not.

usage: sched_test.py --lib LIB --bin DIR --tsan 0|1 --out DIR CASE
"""
import argparse
import json
import os
import pathlib
import shutil
import subprocess
import sys
import time

HERE = pathlib.Path(__file__).resolve().parent
DEADLOCK, HANG = 86, 87
# Seeds found once by search (README.md, "Tests"); fixed since.
SEEDS = range(1, 11)


class Failure(Exception):
    pass


class Runner:
    def __init__(self, args):
        self.lib, self.bin, self.tsan = args.lib, pathlib.Path(args.bin), args.tsan
        self.out = pathlib.Path(args.out)
        self.count = 0

    def run(self, program, strategy="pct", seed=1, extra_env=None, argv=(),
            timeout=120):
        """Runs a test program preloaded; returns (rc, stdout, stderr,
        summary or None, schedule lines, seconds)."""
        self.count += 1
        name = pathlib.Path(program).name
        out = self.out / f"{name}-{strategy}-{seed}-{self.count}"
        shutil.rmtree(out, ignore_errors=True)
        env = dict(os.environ)
        env.pop("MT_SCHED_OWNER", None)
        env.update({"LD_PRELOAD": self.lib, "MT_SCHED_STRATEGY": strategy,
                    "MT_SCHED_SEED": str(seed), "MT_SCHED_OUT": str(out),
                    "TSAN_OPTIONS": "halt_on_error=1:detect_deadlocks=0"})
        env.update(extra_env or {})
        start = time.monotonic()
        path = program if isinstance(program, pathlib.Path) else self.bin / program
        proc = subprocess.run([*argv, str(path)], env=env,
                              capture_output=True, text=True, timeout=timeout)
        seconds = time.monotonic() - start
        summary_file, schedule_file = out / "summary.json", out / "schedule.txt"
        summary = (json.loads(summary_file.read_text())
                   if summary_file.exists() else None)
        schedule = []
        if schedule_file.exists():
            lines = schedule_file.read_text().splitlines()[1:]
            rows = [l.rstrip().split(" ", 4) for l in lines if l.strip()]
            # thread, op and call site: object addresses move with ASLR.
            schedule = [(r[1], r[2], r[4])
                        for r in sorted(rows, key=lambda r: int(r[0]))]
        return proc.returncode, proc.stdout, proc.stderr, summary, schedule, seconds


def expect(cond, why, stderr=""):
    if not cond:
        raise Failure(why + (f"\n--- stderr ---\n{stderr[-3000:]}" if stderr else ""))


def same_schedules(runs, what):
    """All runs printed the same and wrote the same schedule."""
    for rc, out, err, summary, schedule, _ in runs:
        expect(rc == 0 and summary is not None, f"{what}: rc {rc}", err)
    expect(len({x[1] for x in runs}) == 1, f"{what}: outputs differ: {[x[1] for x in runs]}")
    if len({tuple(x[4]) for x in runs}) != 1:
        first = [i for i, rows in enumerate(zip(*(x[4] for x in runs)))
                 if len(set(rows)) > 1][:1]
        detail = [(x[3]["steps"], x[3]["slices"], x[3]["switches"],
                   x[4][first[0] - 1: first[0] + 2] if first else None) for x in runs]
        raise Failure(f"{what}: schedules differ (steps, slices, switches, rows): {detail}")
    expect(runs[0][3]["steps"] == len(runs[0][4]),
           f"{what}: steps {runs[0][3]['steps']} vs {len(runs[0][4])} schedule lines")


def case_determinism(r):
    """The same seed gives the same interleaving and schedule; different seeds
    give different ones. Also through condition variables, futexes (atomic
    wait, semaphores), barriers and rwlocks."""
    for strategy in ("pct", "random"):
        outputs = set()
        for seed in SEEDS:
            runs = [r.run("interleave", strategy, seed) for _ in range(3)]
            same_schedules(runs, f"interleave {strategy} seed {seed}")
            outputs.add(runs[0][1])
        expect(len(outputs) >= 2, f"{strategy}: every seed printed {outputs}")
        print(f"{strategy}: {len(outputs)} distinct interleavings over {len(SEEDS)} seeds")
        for program in ("ok_atomics", "ok_semaphore", "ok_barrier_rwlock", "ok_thread_pool"):
            for seed in range(1, 4):
                runs = [r.run(program, strategy, seed) for _ in range(2)]
                same_schedules(runs, f"{program} {strategy} seed {seed}")


def case_atomicity(r):
    """A fixed seed exposes the lost update between two locked sections."""
    for strategy, seed in (("pct", 4), ("random", 2)):
        rc, out, err, summary, _, _ = r.run("lost_update", strategy, seed,
                                             {"MT_SCHED_STEPS": "20"})
        expect(rc == 1 and "balance 10" in out,
               f"{strategy} seed {seed}: rc {rc}, printed {out!r}", err)
        expect("ThreadSanitizer" not in err, "TSan reported (no data race here)", err)


def check_report(summary, err, kind, blocked):
    expect(summary is not None and summary["outcome"] == kind, f"no {kind} summary", err)
    report = summary["report"]
    expect(report["kind"] == kind, f"report kind {report['kind']}", err)
    ops = sorted((t["op"], t["wait"]) for t in report["threads"] if t["state"] == "blocked")
    expect(ops == sorted(blocked), f"blocked threads {ops}, expected {blocked}", err)
    for t in report["threads"]:
        expect(t["tid"] > 0 and t["stack"], f"thread {t['thread']} has no stack", err)
    # Reported at the very step it formed: no waiting for a time-out.
    expect(report["step"] == summary["steps"], "report after more steps", err)


def case_deadlock(r):
    """AB/BA: "no enabled thread", both blocking locks, exit status 86."""
    rc, out, err, summary, _, seconds = r.run("abba", "random", 4)
    expect(rc == DEADLOCK, f"rc {rc}, expected {DEADLOCK}", err)
    expect("deadlock: no enabled thread" in err, "no deadlock message", err)
    check_report(summary, err, "deadlock",
                 [("join", "join"), ("lock", "mutex"), ("lock", "mutex")])
    sites = [t["call_site"] for t in summary["report"]["threads"]]
    expect(all("/abba+0x" in s for s in sites), f"call sites {sites}", err)
    print(f"deadlock reported, run took {seconds:.2f} s (symbolising included)")


def case_lost_wakeup(r):
    """A signal sent before the wait: the waiter never wakes (deadlock)."""
    rc, out, err, summary, _, _ = r.run("lost_wakeup", "pct", 2)
    expect(rc == DEADLOCK, f"rc {rc}", err)
    check_report(summary, err, "deadlock", [("cond_wait", "cond"), ("join", "join")])


def case_correct(r, program):
    """A correct program finishes under both strategies, every seed, with no
    TSan report and no deadlock."""
    for strategy in ("pct", "random"):
        for seed in SEEDS:
            rc, out, err, summary, _, _ = r.run(program, strategy, seed)
            expect(rc == 0, f"{strategy} seed {seed}: rc {rc}, printed {out!r}", err)
            expect("ThreadSanitizer" not in err, f"{strategy} seed {seed}: TSan report", err)
            expect(summary and summary["outcome"] == "exit", f"{strategy} {seed}: summary", err)


def case_spin_slice(r):
    """A thread spinning without a pthread call loses the turn after a slice."""
    slices = 0
    for seed in SEEDS:
        rc, out, err, summary, _, _ = r.run("spin_flag", "pct", seed)
        expect(rc == 0 and summary is not None, f"seed {seed}: rc {rc}", err)
        slices += summary["slices"]
    expect(slices > 0, "no seed ran the spinner first")


def case_preempt(r):
    """With MT_SCHED_PREEMPT_US, threads that make no call at all are
    preempted in their own code and interleaved; the run still ends."""
    preemptions, interleaved = 0, 0
    for seed in range(1, 4):
        rc, out, err, summary, schedule, _ = r.run(
            "preempt_spin", "random", seed, {"MT_SCHED_PREEMPT_US": "200"})
        expect(rc == 0 and summary is not None, f"seed {seed}: rc {rc}", err)
        preemptions += summary["preemptions"]
        # Without preemption each thread runs start to end: no changes seen.
        interleaved += out.strip() != "changes seen: 0 0"
    expect(preemptions > 0 and interleaved > 0,
           f"{preemptions} preemptions, {interleaved} interleaved runs")


def case_hang(r):
    """A thread blocked outside control in a private futex wait nobody
    ends, main joining it: a hang, status 87."""
    rc, out, err, summary, _, seconds = r.run("hang", "pct", 1)
    expect(rc == HANG, f"rc {rc}", err)
    check_report(summary, err, "hang", [("join", "join")])
    outside = [t for t in summary["report"]["threads"] if t["state"] == "outside"]
    expect(len(outside) == 1 and outside[0]["kernel"].startswith("202 "),
           f"waiter not reported in futex(): {outside}", err)
    print(f"hang reported after {seconds:.2f} s")


def case_crash(r):
    """A run killed by a signal (abort on the 7th lock taken) keeps its
    schedule: every decision up to the crash, the last a lock (a lock that
    found the mutex taken is scheduled again when it is released)."""
    rc, out, err, summary, schedule, _ = r.run("crash", "random", 1)
    expect(rc != 0 and summary is None, f"rc {rc}, summary {summary}", err)
    locks = [row for row in schedule if row[1] == "lock"]
    expect(len(locks) >= 7 and schedule[-1][1] == "lock",
           f"schedule ends {schedule[-3:]}, {len(locks)} locks", err)


def case_cond_reached(r):
    """TSan reaches the condition variable wrappers (dlvsym at GLIBC_2.3.2),
    pthread_cond_clockwait included (std::condition_variable::wait_for)."""
    _, _, err, summary, _, _ = r.run("ok_prodcons", "random", 1)
    for op in ("cond_wait", "cond_timedwait", "cond_signal", "cond_broadcast",
               "cond_init", "cond_destroy"):
        expect(summary["ops"].get(op, 0) > 0, f"{op} never reached: {summary['ops']}", err)
    _, _, err, summary, _, _ = r.run("ok_cv_wait_for", "random", 1)
    expect(summary["ops"].get("cond_timedwait", 0) > 0, "clockwait not reached", err)
    if r.tsan:
        expect(summary["tsan"] and summary["tsan_thread_start"] == "symtab",
               f"TSan thread start not found: {summary}", err)


def case_wrapper_process(r):
    """Behind `timeout` (which inherits the preload too), the program is the
    one controlled and recorded."""
    rc, out, err, summary, schedule, _ = r.run("interleave", "pct", 1,
                                               argv=["/usr/bin/timeout", "60"])
    expect(rc == 0 and summary and summary["threads"] == 4, f"summary {summary}", err)


def case_stripped(r):
    """A stripped executable: the same decisions and call sites as the
    original (TSan's thread start found from the call, its runtime's range
    from the exported symbols)."""
    copy = r.out / "stripped" / "interleave"
    copy.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(r.bin / "interleave", copy)
    subprocess.run(["strip", str(copy)], check=True)
    runs = [r.run(program, "random", 5) for program in ("interleave", copy)]
    for rc, out, err, summary, _, _ in runs:
        expect(rc == 0 and summary is not None, f"rc {rc}", err)
    expect(runs[0][1] == runs[1][1], f"outputs {runs[0][1]!r} {runs[1][1]!r}")
    offsets = [[(t, op, site.rsplit("+", 1)[-1]) for t, op, site in run[4]]
               for run in runs]
    expect(offsets[0] == offsets[1], "schedules or call sites differ")
    if r.tsan:
        expect(runs[1][3]["tsan_thread_start"] == "caller",
               f"thread start: {runs[1][3]['tsan_thread_start']}")


def case_inert(r):
    """Strategy none: nothing controlled, nothing written."""
    rc, out, err, summary, schedule, _ = r.run("interleave", "none")
    expect(rc == 0 and summary is None and not schedule, "none wrote files", err)


def case_bad_setting(r):
    rc, out, err, *_ = r.run("interleave", "fifo")
    expect(rc == 2 and "accepted: pct, random or none" in err, f"rc {rc}", err)
    rc, out, err, *_ = r.run("interleave", "pct", 1, {"MT_SCHED_DEPTH": "4"})
    expect(rc == 2 and "MT_SCHED_DEPTH=4: accepted: 1, 2 or 3" in err, f"rc {rc}", err)


# What the library may take from others: libc, the loader, and (in a report
# or at start-up, in a thread's own context) these few. No allocation, no
# stdio, no libstdc++, no memcpy (TSan's interceptor).
ALLOWED_IMPORTS = {
    "__cxa_atexit", "__cxa_finalize", "__errno_location", "__libc_stack_end",
    "__libc_current_sigrtmin", "__libc_current_sigrtmax", "__register_atfork",
    "backtrace", "dlsym", "dlvsym", "getenv", "setenv", "pthread_self",
    "sigemptyset", "sigfillset", "_ITM_deregisterTMCloneTable",
    "_ITM_registerTMCloneTable", "__gmon_start__"}


def case_exports(r):
    """The library exports only wrappers (the condition variable ones at
    GLIBC_2.3.2), imports only what ALLOWED_IMPORTS lists, and needs no
    libstdc++."""
    def nm(*flags):
        out = subprocess.run(["nm", "-D", *flags, r.lib], capture_output=True,
                             text=True, check=True).stdout
        return [line.split()[-1] for line in out.splitlines() if line.strip()]
    imports = {n.split("@")[0] for n in nm("--undefined-only")
               if not n.startswith("_ZTH")}  # weak TLS init hooks
    expect(imports <= ALLOWED_IMPORTS, f"imports {sorted(imports - ALLOWED_IMPORTS)}")
    exports = set(nm("--defined-only"))
    for name in exports:
        base = name.split("@")[0]
        expect(base.startswith(("pthread_", "sem_")) or base in {
            "sched_yield", "nanosleep", "usleep", "sleep", "clock_nanosleep",
            "syscall", "GLIBC_2.3.2"}, f"exports {name}")
    for op in ("init", "destroy", "wait", "timedwait", "signal", "broadcast"):
        expect(f"pthread_cond_{op}@@GLIBC_2.3.2" in exports, f"pthread_cond_{op} version")
    needed = subprocess.run(["readelf", "-d", r.lib], capture_output=True,
                            text=True, check=True).stdout
    expect("libstdc++" not in needed, "needs libstdc++")


def cases():
    names = [n[len("case_"):] for n in globals() if n.startswith("case_")]
    names.remove("correct")
    names += [f"correct:{p.stem}" for p in sorted(HERE.glob("ok_*.cc"))]
    return names


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--lib")
    parser.add_argument("--bin")
    parser.add_argument("--tsan", type=int, default=0)
    parser.add_argument("--out", default="/tmp/mtsched-test")
    parser.add_argument("--list", action="store_true")
    parser.add_argument("case", nargs="?")
    args = parser.parse_args()
    if args.list:
        print(";".join(cases()))
        return 0
    if args.case not in cases():
        print(f"unknown case {args.case!r}; accepted: {', '.join(cases())}")
        return 2
    runner = Runner(args)
    name, _, program = args.case.partition(":")
    try:
        if program:
            globals()["case_" + name](runner, program)
        else:
            globals()["case_" + name](runner)
    except Failure as f:
        print(f"FAIL {args.case}: {f}")
        return 1
    print(f"ok {args.case} ({runner.count} runs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
