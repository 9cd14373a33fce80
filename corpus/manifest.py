"""corpus.json: the one list of corpus programs, read and validated here for
the build's test (check_manifest.py), the scorer and the proof script."""
import json
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
MANIFEST = os.path.join(HERE, "corpus.json")

# How a bug shows: the finding kinds a hunt reports for it (see score.py).
SHOWS = ("assertion", "deadlock", "hang", "exit status", "crash")
NAME = re.compile(r"^[a-z][a-z0-9_]*$")
BUGGY_FIELDS = {"name": str, "source": str, "kind": str, "shows": str,
                "threads": int, "needs_preemption": bool, "description": str}
CORRECT_FIELDS = {"name": str, "source": str, "threads": int,
                  "description": str}


def load(path=MANIFEST):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def _check_entry(entry, fields, where):
    errors = []
    for field, kind in fields.items():
        if not isinstance(entry.get(field), kind):
            errors.append(f"{where}: '{field}' missing or not a {kind.__name__}")
    extra = set(entry) - set(fields) - {"exit_status"}
    if extra:
        errors.append(f"{where}: unknown field(s) {sorted(extra)}")
    return errors


def validate(doc):
    """Errors in the manifest's own shape (not yet compared with the folder)."""
    if doc.get("format") != "mtbench-corpus/1":
        return ["format is not mtbench-corpus/1"]
    errors = []
    names = []
    for group, fields in (("buggy", BUGGY_FIELDS), ("correct", CORRECT_FIELDS)):
        entries = doc.get(group)
        if not isinstance(entries, list) or not entries:
            errors.append(f"'{group}' missing or empty")
            continue
        for i, e in enumerate(entries):
            where = f"{group}[{i}] ({e.get('name', '?')})"
            errors += _check_entry(e, fields, where)
            name = e.get("name", "")
            names += [name] + ([name + "_fixed"] if group == "buggy" else [])
            if not NAME.match(str(name)):
                errors.append(f"{where}: name must match {NAME.pattern}")
            if e.get("source") != f"{group}/{name}.cc":
                errors.append(f"{where}: source must be {group}/{name}.cc")
            threads = e.get("threads")
            if isinstance(threads, int) and not 2 <= threads <= 16:
                errors.append(f"{where}: threads must be 2..16")
            if group == "buggy":
                shows = e.get("shows")
                if shows not in SHOWS:
                    errors.append(f"{where}: shows must be one of {SHOWS}")
                has_status = isinstance(e.get("exit_status"), int)
                if (shows == "exit status") != has_status:
                    errors.append(f"{where}: exit_status (1..255) goes with, "
                                  "and only with, shows 'exit status'")
                elif has_status and not 1 <= e["exit_status"] <= 255:
                    errors.append(f"{where}: exit_status must be 1..255")
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        errors.append(f"names used twice (a twin is <name>_fixed): {duplicates}")
    return errors


def programs(doc):
    """(name, source, entry, role) for every binary the corpus builds; role
    is 'buggy', 'twin' or 'correct'."""
    out = []
    for e in doc["buggy"]:
        out.append((e["name"], e["source"], e, "buggy"))
        out.append((e["name"] + "_fixed", e["source"], e, "twin"))
    for e in doc["correct"]:
        out.append((e["name"], e["source"], e, "correct"))
    return out
