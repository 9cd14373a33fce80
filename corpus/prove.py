#!/usr/bin/python3
"""Shows that each corpus bug is real without a controlled scheduler: builds
every buggy program and its twin with -DCORPUS_WIDEN_US=N (the first thread to
reach each CORPUS_WINDOW() sleeps there, so the other threads run inside the
bug's window), runs each a few times and checks that the bug fires the way
corpus.json says while the twin, widened the same way, stays clean.

A tool, not a test: a sleep makes the interleaving likely, not certain."""
import argparse
import concurrent.futures
import os
import re
import signal
import subprocess
import sys
import tempfile

import manifest

REPO = os.path.dirname(manifest.HERE)
CXXFLAGS = ["-std=c++20", "-O2", "-g", "-fsanitize=thread",
            "-fno-omit-frame-pointer", "-pthread", "-I" + REPO]


def build(cxx, source, out, widen_us, fixed):
    cmd = [cxx, *CXXFLAGS, f"-DCORPUS_WIDEN_US={widen_us}",
           *(["-DCORPUS_FIXED"] if fixed else []),
           os.path.join(manifest.HERE, source), "-o", out]
    r = subprocess.run(cmd, capture_output=True, text=True)
    return "" if r.returncode == 0 else f"{' '.join(cmd)}\n{r.stderr}"


def run_once(path, timeout):
    """(outcome, first line of evidence): assertion, exit N, hang, ok,
    tsan (a ThreadSanitizer report), or signal N."""
    p = subprocess.Popen([path], stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, text=True,
                         start_new_session=True)
    try:
        out, _ = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        p.communicate()
        return "hang", f"no exit within {timeout} s"
    if "ThreadSanitizer" in out:
        return "tsan", next(l for l in out.splitlines() if "ThreadSanitizer" in l)
    assertion = re.search(r"^.*Assertion `.*' failed\.$", out, re.M)
    if p.returncode == -signal.SIGABRT and assertion:
        return "assertion", assertion.group(0).split(": ", 3)[-1]
    if p.returncode < 0:
        return f"signal {-p.returncode}", out.strip()[-200:]
    if p.returncode > 0:
        return f"exit {p.returncode}", out.strip()[-200:]
    return "ok", ""


def expected_outcome(entry):
    shows = entry["shows"]
    if shows in ("deadlock", "hang"):
        return "hang"  # without a scheduler both are a run that never ends
    if shows == "exit status":
        return f"exit {entry['exit_status']}"
    return shows


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5,
                        help="runs of each widened program (default 5)")
    parser.add_argument("--widen-us", type=int, default=20000,
                        help="microseconds the first thread sleeps in each "
                        "window (default 20000)")
    parser.add_argument("--timeout", type=float, default=3,
                        help="seconds before a run counts as hung (default 3)")
    parser.add_argument("--programs", default="", metavar="REGEX",
                        help="only buggy programs whose name matches")
    parser.add_argument("--cxx", default="clang++",
                        help="a compiler with -fsanitize=thread (clang++)")
    parser.add_argument("--jobs", type=int, default=2,
                        help="parallel builds (default 2)")
    args = parser.parse_args()
    if args.runs < 1 or args.widen_us < 1 or args.timeout <= 0 or args.jobs < 1:
        parser.error("--runs, --widen-us, --timeout and --jobs must be positive")
    try:
        pattern = re.compile(args.programs)
    except re.error as e:
        parser.error(f"--programs: not a regular expression ({e})")
    entries = [e for e in manifest.load()["buggy"] if pattern.search(e["name"])]
    if not entries:
        parser.error("--programs matches no buggy program in corpus.json")

    bad = 0
    with tempfile.TemporaryDirectory(prefix="corpus-prove-") as tmp:
        jobs = {}
        with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
            for e in entries:
                for fixed in (False, True):
                    out = os.path.join(tmp, e["name"] + ("_fixed" if fixed else ""))
                    jobs[out] = pool.submit(build, args.cxx, e["source"], out,
                                            args.widen_us, fixed)
        for out, job in jobs.items():
            if job.result():
                print(f"build failed: {job.result()}", file=sys.stderr)
                return 1
        print(f"widened windows: {args.widen_us} us; {args.runs} run(s) each\n")
        print(f"{'program':28} {'expected':12} {'buggy':8} {'twin':8} evidence")
        for e in entries:
            want = expected_outcome(e)
            buggy = [run_once(os.path.join(tmp, e["name"]), args.timeout)
                     for _ in range(args.runs)]
            twin = [run_once(os.path.join(tmp, e["name"] + "_fixed"), args.timeout)
                    for _ in range(args.runs)]
            fired = [b for b in buggy if b[0] == want]
            clean = [t for t in twin if t[0] == "ok"]
            evidence = fired[0][1] if fired else "; ".join(
                sorted({f"{o}: {w}" for o, w in buggy}))
            if not clean:
                evidence += " | twin: " + "; ".join(sorted({o for o, _ in twin}))
            if not fired or len(clean) < len(twin):
                bad += 1
            print(f"{e['name']:28} {want:12} {len(fired):>2}/{args.runs:<5} "
                  f"{len(clean):>2}/{args.runs:<5} {evidence[:110]}")
    print(f"\n{len(entries) - bad} of {len(entries)} bugs fired at least once "
          "with their twin clean every run")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
