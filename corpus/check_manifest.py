#!/usr/bin/python3
"""Fails when corpus.json and the corpus folder disagree: a source not listed,
a listed source missing, a header that does not say bug / shows / fix, a buggy
program without its CORPUS_FIXED twin, or (with --binaries) a program or twin
that was not built."""
import argparse
import glob
import os
import re
import sys

import manifest

HEADER_LINES = (2, 4)


def header(path):
    """The comment lines a source opens with."""
    lines = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.startswith("//"):
                break
            lines.append(line[2:].strip())
    return lines


def check_source(root, entry, group):
    path = os.path.join(root, entry["source"])
    where = entry["source"]
    lines = header(path)
    errors = []
    if not HEADER_LINES[0] <= len(lines) <= HEADER_LINES[1]:
        errors.append(f"{where}: opens with {len(lines)} comment line(s), "
                      f"wants {HEADER_LINES[0]}-{HEADER_LINES[1]}")
    text = " ".join(lines)
    with open(path, encoding="utf-8") as f:
        has_twin = re.search(r"#\s*if(n?def)?\b.*CORPUS_FIXED", f.read())
    if group == "buggy":
        for label in ("Bug:", "Shows:", "Fix:"):
            if label not in text:
                errors.append(f"{where}: header lacks '{label}'")
        shows = text.partition("Shows:")[2].strip()
        if shows and not shows.startswith(entry["shows"]):
            errors.append(f"{where}: header says 'Shows: {shows[:20]}...', "
                          f"corpus.json says '{entry['shows']}'")
        if not has_twin:
            errors.append(f"{where}: no #ifdef CORPUS_FIXED: its twin would "
                          "be the same program")
    elif has_twin:
        errors.append(f"{where}: a correct program has no twin, yet it "
                      "tests CORPUS_FIXED")
    return errors


def check(root, doc, binaries=None):
    errors = manifest.validate(doc)
    if errors:
        return errors
    listed = {e["source"]: (e, group) for group in ("buggy", "correct")
              for e in doc[group]}
    found = {os.path.relpath(p, root)
             for p in glob.glob(os.path.join(root, "**", "*.cc"),
                                recursive=True)}
    for source in sorted(found - set(listed)):
        errors.append(f"{source}: in the folder but not in corpus.json")
    for source in sorted(set(listed) - found):
        errors.append(f"{source}: in corpus.json but not in the folder")
    for source in sorted(set(listed) & found):
        errors += check_source(root, *listed[source])
    if binaries is not None:
        for name, _, _, _ in manifest.programs(doc):
            path = os.path.join(binaries, name)
            if not os.access(path, os.X_OK):
                errors.append(f"{path}: not built")
    return errors


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--binaries", metavar="DIR",
                        help="the build's corpus folder: every program and "
                        "twin must be there")
    parser.add_argument("--manifest", default=manifest.MANIFEST,
                        help="corpus.json (default: beside this script)")
    args = parser.parse_args()
    root = os.path.dirname(os.path.abspath(args.manifest))
    doc = manifest.load(args.manifest)
    errors = check(root, doc, args.binaries)
    for e in errors:
        print(e, file=sys.stderr)
    if errors:
        return 1
    print(f"corpus.json: {len(doc['buggy'])} buggy programs with twins, "
          f"{len(doc['correct'])} correct programs; the folder agrees")
    return 0


if __name__ == "__main__":
    sys.exit(main())
