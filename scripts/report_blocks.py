"""The blocks a report is made of (headings, paragraphs, tables, figures, a
folded section) and how a value reads in a table cell: what report_doc
writes and report_html and report_md render."""

import math


class Heading:
    def __init__(self, level, text):
        self.level, self.text = level, text


class Para:
    def __init__(self, text, cls=None):
        self.text, self.cls = text, cls


class Table:
    """header: column names (never empty); rows: lists of cells (str, or a
    list of str shown one per line); classes: a CSS class per row or None;
    strong: the index of a column to emphasise (a verdict), or None."""

    def __init__(self, header, rows, classes=None, cls=None, strong=None):
        self.header, self.rows, self.cls = header, rows, cls
        self.strong = strong
        self.classes = classes or [None] * len(rows)


class Image:
    def __init__(self, figure):
        self.title, self.caption, self.png = figure.title, figure.caption, \
            figure.png


class Details:
    """A section collapsed until the reader opens it."""

    def __init__(self, summary, blocks):
        self.summary, self.blocks = summary, blocks


def cell(value):
    """A table cell: a dash for what was not measured (None, NaN), four
    significant digits for a float."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)
