"""Renders the report's blocks (report_blocks, as report_doc writes them)
as one self-contained HTML page: styles inline, figures inlined as base64
PNGs, nothing fetched."""

import base64
import html
import struct

import report_blocks

_CSS = """body{font-family:sans-serif;max-width:1100px;margin:auto;padding:1em}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;
padding:2px 6px;font-size:13px;vertical-align:top;text-align:left}
th{background:#eee}.holds{color:#070}.fails,.bad{color:#b00}.not{color:#888}
.total td{font-weight:bold;background:#f6f6f6}
.summary td+td+td{text-align:right}
.summary td:last-child{text-align:left}
.regression{color:#b00;font-weight:bold}.improvement{color:#070}
.note{color:#888;font-style:italic}img{max-width:100%;height:auto}
.claims td:nth-child(2){min-width:14em}.claims td:nth-child(4){min-width:12em}
details{margin:1em 0}
summary{font-size:1.3em;font-weight:bold;cursor:pointer}"""

_e = html.escape


def _cell(value):
    if isinstance(value, list):
        return "<br>".join(_e(str(v)) for v in value)
    return _e(report_blocks.cell(value))


def _table(t):
    head = "".join(f"<th>{_e(c)}</th>" for c in t.header)
    body = []
    for row, cls in zip(t.rows, t.classes):
        attr = f' class="{_e(cls)}"' if cls else ""
        body.append(f"<tr{attr}>" + "".join(f"<td>{_cell(c)}</td>"
                                            for c in row) + "</tr>")
    attr = f' class="{_e(t.cls)}"' if t.cls else ""
    return f"<table{attr}><tr>{head}</tr>{''.join(body)}</table>"


def _png_size(data):
    """A PNG's width and height, from its IHDR chunk."""
    return struct.unpack(">II", data[16:24])


def _image(b):
    with open(b.png, "rb") as f:
        data = f.read()
    width, height = _png_size(data)
    src = base64.b64encode(data).decode()
    return (f"<p>{_e(b.caption)}</p><img alt=\"{_e(b.title)}\" "
            f"width={width} height={height} "
            f"src=\"data:image/png;base64,{src}\">")


def _block(b):
    if isinstance(b, report_blocks.Heading):
        return f"<h{b.level}>{_e(b.text)}</h{b.level}>"
    if isinstance(b, report_blocks.Para):
        return f"<p class={b.cls}>{_e(b.text)}</p>" if b.cls else \
            f"<p>{_e(b.text)}</p>"
    if isinstance(b, report_blocks.Table):
        return _table(b)
    if isinstance(b, report_blocks.Image):
        return _image(b)
    if isinstance(b, report_blocks.Details):
        inner = "\n".join(_block(x) for x in b.blocks)
        return f"<details><summary>{_e(b.summary)}</summary>\n{inner}" \
            "\n</details>"
    raise TypeError(f"no HTML for {type(b).__name__}")


def write(path, title, blocks):
    parts = [f"<!doctype html><meta charset=utf-8><title>{_e(title)}</title>"
             f"<style>{_CSS}</style>"] + [_block(b) for b in blocks]
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(parts) + "\n")
