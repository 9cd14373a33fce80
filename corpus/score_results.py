"""What one hunt of one corpus program showed, read from its races.json, and
the summary and table over all hunts. Pure functions: score_test.py feeds
them hand-written races.json documents."""

# Finding kinds that count as each way a bug shows. Kinds are matched by
# substring, lower case, so both today's hunt (an abort is "crash (SIGABRT)",
# a hang ended at the limit is "hang", TSan's "lock-order inversion") and the
# hunt that reports every failure ("assertion", "deadlock", "exit status")
# are understood.
MATCH = {
    "assertion": ("assert", "sigabrt"),
    "deadlock": ("deadlock", "hang", "lock-order"),
    "hang": ("hang", "deadlock"),
    "exit status": ("exit status",),
    "crash": ("crash", "signal"),
}
FIRST_RUNS = 20  # "found within the first 20 runs": the target


def run_kinds(run, kind_of):
    """The finding kinds one run recorded: runs[].kinds or runs[].observations
    when the hunt writes them, else its signatures looked up in findings[]."""
    if isinstance(run.get("kinds"), list):
        return [str(k) for k in run["kinds"]]
    if isinstance(run.get("observations"), list):
        return [str(o.get("kind", "")) for o in run["observations"]]
    return [kind_of.get(sig, "?") for sig in run.get("findings", [])]


def shows(entry, run, kinds):
    """Whether a run showed the bug corpus.json expects of `entry`."""
    wanted = MATCH[entry["shows"]]
    if any(w in k.lower() for k in kinds for w in wanted):
        return True
    # Today's hunt records a program's own non-zero exit but no finding.
    return (entry["shows"] == "exit status" and run.get("outcome") == "exited"
            and run.get("exit_code") == entry.get("exit_status"))


def clean(run, kinds):
    return not kinds and run.get("outcome") == "exited" and run.get("exit_code") == 0


def score_hunt(doc, entry, role):
    """One hunt's figures. role: 'buggy', 'twin' or 'correct'."""
    target = doc["targets"][0]
    kind_of = {f["signature"]: f["kind"] for f in target.get("findings", [])}
    runs = [r for r in target.get("runs", []) if r.get("outcome") != "not started"]
    found, other, dirty, other_kinds = [], 0, 0, set()
    for r in runs:
        kinds = run_kinds(r, kind_of)
        if role == "buggy" and shows(entry, r, kinds):
            found.append(r["run"])
        elif not clean(r, kinds):
            dirty += 1
            other_kinds.update(kinds or [describe_outcome(r)])
    out = {"runs": len(runs), "wall_seconds": doc.get("wall_seconds")}
    if role == "buggy":
        out.update(found=len(found), first_run=min(found) if found else None,
                   found_within_first=sum(1 for i in found if i <= FIRST_RUNS),
                   other_runs=dirty)
    else:
        out["false_positive_runs"] = dirty
    out["other_kinds"] = sorted(other_kinds)
    return out


def describe_outcome(run):
    if run.get("outcome") == "exited":
        return f"exit {run.get('exit_code')}"
    if run.get("outcome") == "signalled":
        return f"signal {run.get('signal')}"
    return str(run.get("outcome"))


def summarise(programs, strategies):
    """Per strategy: bugs found, false positives, wall time."""
    summary = {}
    for s in strategies:
        scored = [(p, p["strategies"][s]) for p in programs
                  if s in p["strategies"] and "error" not in p["strategies"][s]]
        buggy = [h for p, h in scored if p["role"] == "buggy"]
        summary[s] = {
            "buggy_programs": len(buggy),
            "found_programs": sum(1 for h in buggy if h["found"] > 0),
            "found_within_first_runs": sum(
                1 for h in buggy if h["first_run"] and h["first_run"] <= FIRST_RUNS),
            "unexpected_finding_runs": sum(h["other_runs"] for h in buggy),
            "wall_seconds": sum(h["wall_seconds"] or 0 for _, h in scored),
            "errors": sum(1 for p in programs if "error" in p["strategies"].get(s, {})),
        }
        for role in ("twin", "correct"):
            hunts = [h for p, h in scored if p["role"] == role]
            summary[s][role] = {
                "programs": len(hunts),
                "runs": sum(h["runs"] for h in hunts),
                "false_positive_runs": sum(h["false_positive_runs"] for h in hunts),
                "false_positive_programs": sum(
                    1 for h in hunts if h["false_positive_runs"]),
            }
    return summary


def cell(hunt, role):
    if hunt is None:
        return "-"
    if "error" in hunt:
        return "error"
    if role == "buggy":
        text = f"{hunt['found']}/{hunt['runs']}"
        if hunt["first_run"]:
            text += f" #{hunt['first_run']}"
        if hunt["other_runs"]:
            text += f" +{hunt['other_runs']}?"
        return text
    fp = hunt["false_positive_runs"]
    return "clean" if fp == 0 else f"FP {fp}/{hunt['runs']}"


def table(programs, strategies, summary):
    """The console report: one row per program, then the summary."""
    width = 18
    lines = [f"{'program':30} {'kind':18} {'shows':12}"
             + "".join(f"{s:>{width}}" for s in strategies)]
    for p in programs:
        kind = p.get("kind", "") if p["role"] == "buggy" else p["role"]
        lines.append(f"{p['name']:30} {kind:18} {p.get('shows', ''):12}" + "".join(
            f"{cell(p['strategies'].get(s), p['role']):>{width}}" for s in strategies))
    lines.append("")
    rows = [
        ("bugs found at least once", lambda m: f"{m['found_programs']}/{m['buggy_programs']}"),
        (f"bugs found in the first {FIRST_RUNS} runs",
         lambda m: f"{m['found_within_first_runs']}/{m['buggy_programs']}"),
        ("false positives: twins (runs)",
         lambda m: f"{m['twin']['false_positive_runs']}/{m['twin']['runs']}"),
        ("false positives: correct (runs)",
         lambda m: f"{m['correct']['false_positive_runs']}/{m['correct']['runs']}"),
        ("hunt wall time (s)", lambda m: f"{m['wall_seconds']:.0f}"),
    ]
    for label, value in rows:
        lines.append(f"{label:62}" + "".join(
            f"{value(summary[s]):>{width}}" for s in strategies))
    lines.append(f"\ncells: found/runs #first run showing it; +k? runs with "
                 "other findings; FP: runs of a correct program with a finding")
    return "\n".join(lines)
