#!/usr/bin/env python3
"""CPython twin of the gil scenario's CPU-bound program: a countdown of
--total steps split over --workers threads (one GIL) or processes (a GIL
each). Prints one JSON line: wall_s and cpu_s (process and children) of the
work alone, interpreter start-up excluded."""
import argparse
import json
import multiprocessing
import platform
import resource
import sys
import threading
import time


def count(n):
    # The classic GIL demonstration loop: pure bytecode, no I/O, no C calls.
    while n > 0:
        n -= 1


def cpu_seconds():
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mode", choices=["threads", "processes"], required=True)
    parser.add_argument("--workers", type=int, required=True)
    parser.add_argument("--total", type=int, required=True)
    args = parser.parse_args()
    if args.workers < 1 or args.total < 1:
        parser.error("--workers and --total must be at least 1")
    each = args.total // args.workers
    if args.mode == "threads":
        workers = [threading.Thread(target=count, args=(each,))
                   for _ in range(args.workers)]
    else:
        # fork, as the emulator's per_process policy (and Linux's default).
        context = multiprocessing.get_context("fork")
        workers = [context.Process(target=count, args=(each,))
                   for _ in range(args.workers)]
    cpu0, wall0 = cpu_seconds(), time.perf_counter()
    for w in workers:
        w.start()
    for w in workers:
        w.join()  # processes are reaped here, so their CPU time counts
    wall, cpu = time.perf_counter() - wall0, cpu_seconds() - cpu0
    if args.mode == "processes" and any(w.exitcode != 0 for w in workers):
        sys.exit("a worker process failed")
    print(json.dumps({"wall_s": wall, "cpu_s": cpu,
                      "hexversion": sys.hexversion,
                      "implementation": platform.python_implementation(),
                      "version": platform.python_version()}))


if __name__ == "__main__":
    main()
