#!/usr/bin/python3
"""check_manifest.py passes the real corpus and fails each way a manifest and
its folder can disagree (so the build's corpus/manifest test can fail)."""
import copy
import os
import stat
import tempfile
import unittest

import check_manifest
import manifest

BUGGY_SOURCE = """// Bug: a read and a write under two lockings.
// Shows: assertion, a lost update.
// Fix: one locked section.
#ifdef CORPUS_FIXED
#endif
int main() { return 0; }
"""
CORRECT_SOURCE = """// Correct: nothing shared.
// It exits 0.
int main() { return 0; }
"""
DOC = {"format": "mtbench-corpus/1", "buggy": [
    {"name": "lost", "source": "buggy/lost.cc", "kind": "atomicity",
     "shows": "assertion", "threads": 2, "needs_preemption": False,
     "description": "d"}],
    "correct": [{"name": "calm", "source": "correct/calm.cc", "threads": 2,
                 "description": "d"}]}


class CheckManifestTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.root = self.tmp.name
        self.write("buggy/lost.cc", BUGGY_SOURCE)
        self.write("correct/calm.cc", CORRECT_SOURCE)

    def tearDown(self):
        self.tmp.cleanup()

    def write(self, rel, text):
        path = os.path.join(self.root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)

    def errors(self, edit=None, binaries=None):
        doc = copy.deepcopy(DOC)
        if edit:
            edit(doc)
        return check_manifest.check(self.root, doc, binaries)

    def test_the_real_corpus_agrees_with_its_folder(self):
        self.assertEqual(check_manifest.check(manifest.HERE, manifest.load()), [])

    def test_a_consistent_folder_passes(self):
        self.assertEqual(self.errors(), [])

    def test_an_unlisted_source_fails(self):
        self.write("buggy/extra.cc", BUGGY_SOURCE)
        self.assertIn("buggy/extra.cc: in the folder but not in corpus.json",
                      self.errors())

    def test_a_listed_source_missing_fails(self):
        os.remove(os.path.join(self.root, "correct/calm.cc"))
        self.assertIn("correct/calm.cc: in corpus.json but not in the folder",
                      self.errors())

    def test_a_bad_header_fails(self):
        self.write("buggy/lost.cc", "// Bug: only one line.\n" + BUGGY_SOURCE[-40:])
        self.assertTrue(any("comment line" in e for e in self.errors()))
        self.write("buggy/lost.cc", BUGGY_SOURCE.replace("Fix:", "Cure:"))
        self.assertTrue(any("lacks 'Fix:'" in e for e in self.errors()))
        self.write("buggy/lost.cc", BUGGY_SOURCE.replace("assertion", "deadlock"))
        self.assertTrue(any("corpus.json says 'assertion'" in e for e in self.errors()))

    def test_a_twin_without_a_fix_fails(self):
        self.write("buggy/lost.cc", BUGGY_SOURCE.replace("CORPUS_FIXED", "OTHER"))
        self.assertTrue(any("no #ifdef CORPUS_FIXED" in e for e in self.errors()))

    def test_manifest_shape_is_checked(self):
        self.assertTrue(self.errors(lambda d: d["buggy"][0].update(shows="wrong")))
        self.assertTrue(self.errors(lambda d: d["buggy"][0].update(source="x.cc")))
        self.assertTrue(self.errors(lambda d: d["buggy"][0].pop("threads")))
        self.assertTrue(self.errors(lambda d: d["correct"][0].update(name="lost_fixed")))
        self.assertTrue(self.errors(lambda d: d["buggy"][0].update(shows="exit status")))

    def test_binaries_must_all_be_built(self):
        bin_dir = os.path.join(self.root, "bin")
        os.makedirs(bin_dir)
        for name in ("lost", "lost_fixed", "calm"):
            path = os.path.join(bin_dir, name)
            with open(path, "w"):
                pass
            os.chmod(path, stat.S_IRWXU)
        self.assertEqual(self.errors(binaries=bin_dir), [])
        os.remove(os.path.join(bin_dir, "lost_fixed"))
        self.assertTrue(any("lost_fixed: not built" in e
                            for e in self.errors(binaries=bin_dir)))


if __name__ == "__main__":
    unittest.main()
