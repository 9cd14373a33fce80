#!/usr/bin/env python3
"""The scenario contract (docs/ARCHITECTURE.md): every scenario file opens with
Question / Model / Expect, and the scenarios the files register are exactly
the ones `mtbench list` shows (one list, checked, so the two cannot drift).

Usage: scenario_contract_test.py MTBENCH SCENARIOS_DIR
"""
import glob
import os
import re
import subprocess
import sys
import unittest

MTBENCH, SCENARIOS = sys.argv[1], sys.argv[2]


def scenario_files():
    out = {}
    for path in sorted(glob.glob(os.path.join(SCENARIOS, "*.cc"))):
        with open(path) as f:
            text = f.read()
        names = re.findall(r'MT_SCENARIO\(\w+\)[^{]*\{\s*return\s*\{\s*\.name\s*=\s*"([^"]+)"',
                           text)
        if names:
            out[path] = (names, text)
    return out


class ContractTest(unittest.TestCase):
    def test_files_open_with_question_model_expect(self):
        for path, (_, text) in scenario_files().items():
            head = [l for l in text.splitlines()[:12] if l.startswith("// ")]
            starts = [l.split(":")[0] for l in head if re.match(r"// (Question|Model|Expect):", l)]
            self.assertEqual(starts, ["// Question", "// Model", "// Expect"], path)

    def test_registered_scenarios_match_mtbench_list(self):
        in_files = sorted(n for names, _ in scenario_files().values() for n in names)
        listed = sorted(subprocess.run([MTBENCH, "list", "--names"], capture_output=True,
                                       text=True, check=True).stdout.split())
        self.assertEqual(in_files, listed)

    def test_one_scenario_per_file_named_after_it(self):
        for path, (names, _) in scenario_files().items():
            self.assertEqual(names, [os.path.basename(path)[:-3]], path)


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0]])
