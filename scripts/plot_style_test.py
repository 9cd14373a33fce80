"""Tests of the one style map: each variant keeps one style in every figure,
the lines of a figure differ in colour, reference lines keep grey."""

import unittest

import plot_style


class VariantStylesTest(unittest.TestCase):

    def test_a_label_keeps_its_style_across_figures(self):
        styles = plot_style.VariantStyles()
        styles.claim(["mutex", "atomic", "thread"])
        first = styles["thread"]
        styles.claim(["thread", "process", "async"])
        self.assertEqual(styles["thread"], first)

    def test_labels_of_one_figure_differ_in_colour(self):
        styles = plot_style.VariantStyles()
        # Nine labels take every colour once; "thread" then comes back in a
        # later figure beside new labels, which must avoid its colour.
        styles.claim([f"v{i}" for i in range(8)] + ["thread"])
        styles.claim(["thread", "process", "async"])
        colours = [styles[x].color for x in ("thread", "process", "async")]
        self.assertEqual(len(set(colours)), 3, colours)

    def test_styles_stay_unique_beyond_the_palette(self):
        styles = plot_style.VariantStyles()
        labels = [f"v{i:02}" for i in range(40)]
        styles.claim(labels)
        pairs = {(styles[x].color, styles[x].marker) for x in labels}
        self.assertEqual(len(pairs), len(labels))

    def test_grey_is_left_to_reference_lines(self):
        self.assertNotIn(plot_style.REFERENCE["color"], plot_style.PALETTE)


if __name__ == "__main__":
    unittest.main()
