#!/usr/bin/env python3
"""CPython twin of the gil scenario's I/O latency program: --cpu-threads
threads count forever while the main thread sleeps --io-wait-us over and
over (time.sleep releases the GIL); each sample is how much longer than the
sleep it took to run again. Prints one JSON line with the samples."""
import argparse
import json
import sys
import threading
import time

stop = False


def spin():
    n = 0
    while not stop:
        n += 1


def main():
    global stop
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cpu-threads", type=int, required=True)
    parser.add_argument("--ms", type=int, required=True, help="run time")
    parser.add_argument("--switch-interval-us", type=int, default=5000)
    parser.add_argument("--io-wait-us", type=int, default=1000)
    args = parser.parse_args()
    if args.cpu_threads < 0 or args.ms < 1 or args.switch_interval_us < 1:
        parser.error("need --cpu-threads >= 0, --ms >= 1, "
                     "--switch-interval-us >= 1")
    sys.setswitchinterval(args.switch_interval_us / 1e6)
    wait = args.io_wait_us / 1e6
    spinners = [threading.Thread(target=spin) for _ in range(args.cpu_threads)]
    for t in spinners:
        t.start()
    samples = []
    end = time.perf_counter() + args.ms / 1000
    while True:
        asked = time.perf_counter()
        time.sleep(wait)
        now = time.perf_counter()
        samples.append((now - asked - wait) * 1e6)
        if now >= end:
            break
    stop = True
    for t in spinners:
        t.join()
    print(json.dumps({"samples_us": samples,
                      "switch_interval_us": sys.getswitchinterval() * 1e6,
                      "hexversion": sys.hexversion}))


if __name__ == "__main__":
    main()
