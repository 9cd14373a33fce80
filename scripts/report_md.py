"""Renders the report's blocks (report_blocks, as report_doc writes them)
as Markdown, figures linked as files beside it (report/<name>.png)."""

import report_blocks


def _escape(text):
    return str(text).replace("|", "\\|").replace("\n", " ")


def _cell(value):
    if isinstance(value, list):
        return "<br>".join(_escape(v) for v in value)
    return _escape(report_blocks.cell(value))


def _table(t):
    out = ["| " + " | ".join(_escape(c) for c in t.header) + " |",
           "|" + "---|" * len(t.header)]
    for row, cls in zip(t.rows, t.classes):
        cells = [_cell(c) for c in row]
        for i, c in enumerate(cells):
            if c and (cls == "total" or i == t.strong):
                cells[i] = f"**{c}**"
        out.append("| " + " | ".join(cells) + " |")
    return out


def _block(b, rel):
    if isinstance(b, report_blocks.Heading):
        return ["#" * b.level + " " + b.text]
    if isinstance(b, report_blocks.Para):
        return [f"*{b.text}*" if b.cls == "note" else b.text]
    if isinstance(b, report_blocks.Table):
        return _table(b)
    if isinstance(b, report_blocks.Image):
        return [b.caption, "", f"![{b.title}]({rel(b.png)})"]
    if isinstance(b, report_blocks.Details):
        # GitHub and most viewers fold <details>; the blank lines let the
        # Markdown inside it render.
        out = ["<details>", f"<summary>{b.summary}</summary>", ""]
        for x in b.blocks:
            out += _block(x, rel) + [""]
        return out + ["</details>"]
    raise TypeError(f"no Markdown for {type(b).__name__}")


def write(path, blocks, rel):
    """rel: maps a figure's path to the link written in the Markdown."""
    out = []
    for b in blocks:
        out += _block(b, rel) + [""]
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out))
