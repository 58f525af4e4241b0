"""Markdown rendering of any ``Document`` (GitHub-flavoured tables).

User text is escaped so it shows literally: HTML ("<b>") becomes entities, and characters that
Markdown would interpret (``| * _ ` [ ] #``) are backslash-escaped.
"""

from __future__ import annotations

import re

from assistant.export import document as d

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|#~])")


def md_escape(text: str) -> str:
    text = (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return text.replace("\r\n", "\n").replace("\n", "<br>")


def _table(table: d.Table) -> list[str]:
    if not table.rows:
        return [f"_{md_escape(table.empty or '–')}_", ""]
    lines = [
        "| " + " | ".join(md_escape(c.title) for c in table.columns) + " |",
        "|" + "|".join("---" for _ in table.columns) + "|",
    ]
    for i, row in enumerate(table.rows):
        cells = [md_escape(cell) for cell in row]
        if i in table.flagged:
            cells = [f"**{c}**" if c else c for c in cells]
        lines.append("| " + " | ".join(cells) + " |")
    return lines + [""]


def _fields(pairs: list[tuple[str, str]]) -> list[str]:
    return [f"- **{md_escape(k)}:** {md_escape(v)}" for k, v in pairs] + [""]


def render_markdown(doc: d.Document) -> bytes:
    lines = [f"# {md_escape(doc.title)}", "", f"_{md_escape(doc.subtitle)}_", ""]
    for alert in doc.alerts:
        lines += [f"> **{md_escape(alert)}**", ""]
    lines += _fields(doc.cover)
    for block in doc.blocks:
        if isinstance(block, d.Heading):
            lines += [("## " if block.level == 1 else "### ") + md_escape(block.text), ""]
        elif isinstance(block, d.Text):
            text = md_escape(block.text)
            lines += [f"**{text}**" if block.style in ("alert", "ok") else text, ""]
        elif isinstance(block, d.Fields):
            lines += _fields(block.pairs)
        elif isinstance(block, d.Table):
            lines += _table(block)
        elif isinstance(block, d.EntryCard):
            lines += [f"### {md_escape(block.title)}", "", f"_{md_escape(block.badge)}_", ""]
            if block.fields:
                lines += _fields(block.fields)
            lines += _table(block.versions)
        elif isinstance(block, d.PageBreak):
            lines += ["---", ""]
    footer = " · ".join(x for x in (doc.footer, doc.generated) if x)
    lines += ["---", "", f"_{md_escape(footer)}_", ""]
    return "\n".join(lines).encode("utf-8")
