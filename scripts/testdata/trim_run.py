#!/usr/bin/python3
"""Makes the report test's fixture from a real run: every scenario's status,
claims and analyses as recorded, but only the benchmarks the report's plots
sweep (thinned) and the first few of every other scenario, so the file stays
small enough to check in (~100 KB).

usage: trim_run.py RUN_DIR OUT.json"""

import json
import re
import sys

# Benchmarks kept: (pattern, keep every n-th name), in order; other
# scenarios keep their first _OTHERS names.
_KEEP = [(r"^counter/increment/", 1), (r"^gil/(cpu|cpython/cpu)/", 1),
         (r"^gil/(io_latency|cpython/io_latency)/", 1),
         (r"^spawn/create/(fork_exit|posix_spawn|thread|pool)/", 1),
         (r"^pool/(compute|io)/[a-z]+/size:(1|2|4|8|32|128)/", 1)]
_OTHERS = 3
_PLACEMENTS = 2


def trim(doc):
    names = list(dict.fromkeys(e["run_name"] for e in doc["benchmarks"]))
    keep = set()
    for pattern, every in _KEEP:
        keep |= set([n for n in names if re.search(pattern, n)][::every])
    swept = {n.split("/")[0] for n in keep}
    seen = {}
    for n in names:
        scenario = n.split("/")[0]
        if scenario not in swept and seen.get(scenario, 0) < _OTHERS:
            keep.add(n)
            seen[scenario] = seen.get(scenario, 0) + 1
    doc["benchmarks"] = [e for e in doc["benchmarks"]
                         if e["run_name"] in keep]
    block = doc["context"]["mtbench"]
    for s in block["scenarios"]:
        s["placements"] = s.get("placements", [])[:_PLACEMENTS]
    block["command_line"] += "  (trimmed by scripts/testdata/trim_run.py)"
    return doc


def main(argv):
    with open(f"{argv[0]}/run.json", encoding="utf-8") as f:
        doc = trim(json.load(f))
    with open(argv[1], "w", encoding="utf-8") as f:
        # One benchmark a line: small, and a diff still reads.
        f.write("{\"context\": " + json.dumps(doc["context"], indent=1) +
                ",\n\"benchmarks\": [\n" +
                ",\n".join(json.dumps(e) for e in doc["benchmarks"]) + "]}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
