#!/usr/bin/python3
"""Scores `mtbench hunt` on the corpus: hunts every program (buggy, its fixed
twin, correct) under each strategy with a fixed seed, counts the runs that
showed the bug corpus.json expects and the first such run, counts any finding
on a twin or correct program as a false positive, and writes a table and
score.json.

Exit status: 0 scored; 1 a hunt failed to run or a correct program or twin
had a finding; 2 bad arguments."""
import argparse
import concurrent.futures
import glob
import json
import os
import re
import subprocess
import sys
import time

import manifest
import score_results

STRATEGIES = ("none", "random", "pct")
DEFAULT_SEED = 20250611  # fixed, so two scores of one build hunt the same schedules


def parse_args(argv):
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--mtbench", required=True,
                   help="the mtbench binary of a tsan build (build/tsan/mtbench)")
    p.add_argument("--runs", type=int, default=100,
                   help="runs per hunt, 1-10000 (default 100)")
    p.add_argument("--strategies", default="none,random,pct",
                   help="comma-separated, from: " + ", ".join(STRATEGIES)
                   + " (default all three)")
    p.add_argument("--programs", default="", metavar="REGEX",
                   help="hunt only programs whose name matches (a buggy "
                   "program's twin goes with it)")
    p.add_argument("--out", default=None, metavar="DIR",
                   help="hunt results and score.json (default "
                   "results/corpus-score-<time>)")
    p.add_argument("--jobs", type=int, default=1,
                   help="hunts run at once (default 1; more disturbs timing)")
    p.add_argument("--seed", type=int, default=DEFAULT_SEED,
                   help=f"the hunts' seed (default {DEFAULT_SEED})")
    p.add_argument("--timeout", type=int, default=10,
                   help="seconds a run may take before the hunt calls it a "
                   "hang (default 10)")
    p.add_argument("--corpus-bin", default=None, metavar="DIR",
                   help="where the corpus programs are (default: the corpus "
                   "folder beside --mtbench)")
    args = p.parse_args(argv)
    if not os.access(args.mtbench, os.X_OK) or os.path.isdir(args.mtbench):
        p.error(f"--mtbench {args.mtbench}: not an executable; build it with "
                "cmake --build --preset tsan --target mtbench")
    if not 1 <= args.runs <= 10000:
        p.error("--runs: accepted 1 to 10000")
    args.strategies = [s.strip() for s in args.strategies.split(",") if s.strip()]
    unknown = [s for s in args.strategies if s not in STRATEGIES]
    if unknown or not args.strategies or len(set(args.strategies)) != len(args.strategies):
        p.error(f"--strategies: {','.join(unknown) or 'empty or repeated'}; "
                f"accepted: a comma-separated list of {', '.join(STRATEGIES)}")
    try:
        args.pattern = re.compile(args.programs)
    except re.error as e:
        p.error(f"--programs: not a regular expression ({e})")
    if args.jobs < 1 or args.timeout < 1 or args.seed < 1:
        p.error("--jobs, --timeout and --seed: accepted whole numbers >= 1")
    if args.corpus_bin is None:
        args.corpus_bin = os.path.join(os.path.dirname(args.mtbench), "corpus")
    if args.out is None:
        args.out = os.path.join("results", time.strftime("corpus-score-%Y%m%d-%H%M%S"))
    return p, args


def knows_strategy(mtbench):
    """Whether this mtbench's hunt takes --strategy (today's does not)."""
    r = subprocess.run([mtbench, "hunt", "--help"], capture_output=True, text=True)
    return "--strategy" in r.stdout + r.stderr


def hunt(args, name, strategy, with_flag):
    """Runs one hunt; returns (races.json document or None, error text)."""
    root = os.path.abspath(os.path.join(args.out, "hunts", strategy, name))
    os.makedirs(root, exist_ok=True)
    cmd = [args.mtbench, "hunt", "--runs", str(args.runs), "--seed", str(args.seed),
           "--timeout", str(args.timeout), "--out", root]
    if with_flag:
        cmd += ["--strategy", strategy]
    cmd += ["--", os.path.join(os.path.abspath(args.corpus_bin), name)]
    started = time.time()
    with open(root + ".log", "w") as log:
        r = subprocess.run(cmd, stdout=log, stderr=subprocess.STDOUT)
    # The newest races.json this hunt wrote (an earlier score may share --out).
    docs = [p for p in glob.glob(os.path.join(root, "*", "races.json"))
            if os.path.getmtime(p) >= started and "latest" not in p.split(os.sep)[-2:-1]]
    if r.returncode not in (0, 1) or not docs:
        return None, f"mtbench hunt exited {r.returncode}; see {root}.log"
    path = max(docs, key=os.path.getmtime)
    with open(path) as f:
        doc = json.load(f)
    doc.setdefault("wall_seconds", time.time() - started)
    doc["path"] = path
    return doc, ""


def main(argv=None):
    parser, args = parse_args(sys.argv[1:] if argv is None else argv)
    doc = manifest.load()
    chosen = [(n, e, role) for n, _, e, role in manifest.programs(doc)
              if args.pattern.search(e["name"])]
    if not chosen:
        parser.error("--programs matches no program in corpus.json")
    missing = [n for n, _, _ in chosen
               if not os.access(os.path.join(args.corpus_bin, n), os.X_OK)]
    if missing:
        parser.error(f"not built in {args.corpus_bin}: {', '.join(missing[:5])}"
                     f"{' ...' if len(missing) > 5 else ''}; build them with "
                     "cmake --build --preset tsan --target corpus")
    with_flag = knows_strategy(args.mtbench)
    if not with_flag and args.strategies != ["none"]:
        parser.error("this mtbench's hunt has no --strategy option: only "
                     "--strategies none can be scored with it")

    programs = [{"name": n, "role": role, "strategies": {},
                 **({k: e[k] for k in ("kind", "shows", "threads", "needs_preemption")}
                    if role == "buggy" else {})} for n, e, role in chosen]
    jobs = [(p, e, s) for p, (_, e, _) in zip(programs, chosen) for s in args.strategies]
    started = time.time()
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        futures = {pool.submit(hunt, args, p["name"], s, with_flag): (p, e, s)
                   for p, e, s in jobs}
        for done, future in enumerate(concurrent.futures.as_completed(futures), 1):
            p, e, s = futures[future]
            races, error = future.result()
            if races is None:
                p["strategies"][s] = {"error": error}
            else:
                p["strategies"][s] = score_results.score_hunt(races, e, p["role"])
                p["strategies"][s]["races_json"] = races["path"]
            print(f"[{done}/{len(jobs)}] {s:6} {p['name']:32} "
                  f"{score_results.cell(p['strategies'][s], p['role'])}", flush=True)

    summary = score_results.summarise(programs, args.strategies)
    print("\n" + score_results.table(programs, args.strategies, summary))
    out = {"format": "mtbench-corpus-score/1",
           "command_line": " ".join(sys.argv), "mtbench": os.path.abspath(args.mtbench),
           "runs": args.runs, "seed": args.seed, "timeout_seconds": args.timeout,
           "strategies": args.strategies, "strategy_flag": with_flag,
           "wall_seconds": time.time() - started, "summary": summary,
           "programs": programs}
    path = os.path.join(args.out, "score.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=2)
    print(f"\nscore.json: {path}")
    failed = any(m["errors"] or m["twin"]["false_positive_runs"]
                 or m["correct"]["false_positive_runs"] for m in summary.values())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
