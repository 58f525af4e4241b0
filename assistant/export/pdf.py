"""PDF rendering of any ``Document`` with reportlab.

* User text is printed literally: before it goes into a ``Paragraph`` (titles, headings, notes) it is
  escaped with ``xml.sax.saxutils.escape``; table cells (almost all user text) are plain strings,
  wrapped here with ``simpleSplit`` and drawn without any markup parsing. So "<b>" in a log entry
  shows as "<b>" and never breaks the layout. Plain-string cells are also 4-5x faster to lay out.
* The standard Helvetica fonts cover Dutch (and all of Windows-1252: ö, ë, é, –, €, ’). Only when
  a document holds characters outside that set (e.g. Turkish ı, ş in names) a TrueType font with
  wider coverage is embedded if the system has one (DejaVu, Liberation, Arial); otherwise such
  characters are transliterated (ş → s) rather than printed as black boxes.
* Every page has a running header, the confidentiality footer, the generation time and
  "Pagina x van y". Output is reproducible: the same data and ``now`` give the same bytes.
"""

from __future__ import annotations

import io
import os
import unicodedata
from collections.abc import Iterable
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
)
from reportlab.platypus import (
    Table as RLTable,
)
from reportlab.platypus import (
    TableStyle as RLTableStyle,
)

from assistant.export import document as d
from assistant.i18n import t

INK = colors.HexColor("#1b1f24")
MUTED = colors.HexColor("#6a737d")
RULE = colors.HexColor("#c8ccd0")
HEAD_BG = colors.HexColor("#e8edf2")
CARD_BG = colors.HexColor("#f3f5f7")
ALERT_BG = colors.HexColor("#fde2e1")
ALERT_INK = colors.HexColor("#a4161a")
OK_INK = colors.HexColor("#1e6b34")
ACCENT = colors.HexColor("#12416b")

_TTF_CANDIDATES = (
    (
        "DejaVuSans",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    ),
    (
        "LiberationSans",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
    ),
    ("DejaVuSans", "/Library/Fonts/DejaVuSans.ttf", "/Library/Fonts/DejaVuSans-Bold.ttf"),
    ("Arial", "C:\\Windows\\Fonts\\arial.ttf", "C:\\Windows\\Fonts\\arialbd.ttf"),
)


def _fits_standard(text: str) -> bool:
    try:
        text.encode("cp1252")
        return True
    except UnicodeEncodeError:
        return False


def _transliterate(text: str) -> str:
    out = []
    for ch in text:
        if _fits_standard(ch):
            out.append(ch)
            continue
        special = {"ı": "i", "İ": "I", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ħ": "h"}.get(ch)
        if special:
            out.append(special)
            continue
        base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
        out.append(base if base and _fits_standard(base) else "?")
    return "".join(out)


def _hard_break(word: str, font: str, size: float, width: float) -> list[str]:
    """Break a word longer than the column (a URL, a hash) by characters."""
    lines, current = [], ""
    for ch in word:
        if current and pdfmetrics.stringWidth(current + ch, font, size) > width:
            lines.append(current)
            current = ch
        else:
            current += ch
    return lines + [current]


class _Table(RLTable):
    """A reportlab Table that draws a multi-line text cell with one text object instead of one per line
    (the full log has thousands of cells; this is a large part of its drawing time)."""

    def _drawCell(self, cellval, cellstyle, pos, size):  # noqa: N802 (reportlab API)
        if (
            not isinstance(cellval, str)
            or "\n" not in cellval
            or cellstyle.alignment != "LEFT"
            or cellstyle.valign != "TOP"
            or cellstyle.href
            or cellstyle.destination
            or cellstyle.direction
            or cellstyle.shaping
        ):
            return super()._drawCell(cellval, cellstyle, pos, size)
        canv = self.canv
        current = getattr(self, "_curcellstyle", None)  # reportlab's cache of the last cell style
        if current is not cellstyle:
            cur = current
            if cur is None or cellstyle.color != cur.color:
                canv.setFillColor(cellstyle.color)
            if (
                cur is None
                or cellstyle.leading != cur.leading
                or cellstyle.fontname != cur.fontname
                or cellstyle.fontsize != cur.fontsize
            ):
                canv.setFont(cellstyle.fontname, cellstyle.fontsize, cellstyle.leading)
            self._curcellstyle = cellstyle
        colpos, rowpos = pos
        rowheight = size[1]
        text = canv.beginText(
            colpos + cellstyle.leftPadding, rowpos + rowheight - cellstyle.topPadding - cellstyle.fontsize
        )
        text.setFont(cellstyle.fontname, cellstyle.fontsize, cellstyle.leading)
        text.textLines(cellval, trim=0)
        canv.drawText(text)
        return None


class _Fonts:
    def __init__(self, regular: str, bold: str, clean) -> None:
        self.regular = regular
        self.bold = bold
        self.clean = clean


def choose_fonts(texts: Iterable[str]) -> _Fonts:
    """Helvetica when every character fits it; else an embedded TTF; else transliteration."""
    if all(_fits_standard(t) for t in texts):
        return _Fonts("Helvetica", "Helvetica-Bold", lambda s: s)
    for name, regular, bold in _TTF_CANDIDATES:
        if os.path.exists(regular) and os.path.exists(bold):
            if name not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(TTFont(name, regular))
                pdfmetrics.registerFont(TTFont(name + "-Bold", bold))
            return _Fonts(name, name + "-Bold", lambda s: s)
    return _Fonts("Helvetica", "Helvetica-Bold", _transliterate)


class _Styles:
    def __init__(self, fonts: _Fonts, compact: bool = False) -> None:
        self.pad = 1.5 if compact else 2.5
        base = ParagraphStyle(
            "base", fontName=fonts.regular, fontSize=9, leading=11.5, textColor=INK, alignment=TA_LEFT
        )
        self.body = base
        self.muted = ParagraphStyle("muted", parent=base, textColor=MUTED)
        self.alert = ParagraphStyle("alert", parent=base, textColor=ALERT_INK, fontName=fonts.bold)
        self.ok = ParagraphStyle("ok", parent=base, textColor=OK_INK, fontName=fonts.bold)
        bold = {"parent": base, "fontName": fonts.bold}  # titles and headings share these
        size, leading = (16, 19) if compact else (19, 23)
        self.title = ParagraphStyle("title", **bold, fontSize=size, leading=leading, textColor=ACCENT, spaceAfter=2)
        self.subtitle = ParagraphStyle(
            "subtitle", parent=base, fontSize=11, leading=14, textColor=MUTED, spaceAfter=8
        )
        size, leading, before, after = (11, 13, 6, 2) if compact else (12.5, 15, 9, 3)
        self.h1 = ParagraphStyle(
            "h1", **bold, fontSize=size, leading=leading, textColor=ACCENT, spaceBefore=before, spaceAfter=after,
            keepWithNext=1,
        )  # fmt: skip
        self.h2 = ParagraphStyle(
            "h2",
            parent=base,
            fontName=fonts.bold,
            fontSize=10,
            leading=12.5,
            spaceBefore=5,
            spaceAfter=2,
            keepWithNext=1,
        )
        self.cell = ParagraphStyle(
            "cell", parent=base, fontSize=7.5 if compact else 8, leading=9 if compact else 10
        )


class _Renderer:
    def __init__(self, doc: d.Document) -> None:
        self.doc = doc
        self.fonts = choose_fonts(doc.user_texts())
        self.s = _Styles(self.fonts, doc.compact)
        self.pagesize = landscape(A4) if doc.landscape else A4
        self.margin = 16 * mm
        self.width = self.pagesize[0] - 2 * self.margin - 12  # the frame pads 6 pt on each side

    def p(self, text: str, style: ParagraphStyle) -> Paragraph:
        """A paragraph of user text: cleaned for the font, escaped, newlines kept."""
        safe = escape(self.fonts.clean(text or "")).replace("\n", "<br/>")
        return Paragraph(safe, style)

    # --- blocks --------------------------------------------------------------------------------

    def story(self) -> list:
        doc, s = self.doc, self.s
        if doc.compact:  # one line: "Overdracht · Brand in gebouw B"
            out: list = [self.p(f"{doc.title} · {doc.subtitle}", s.title), Spacer(1, 4)]
        else:
            out = [self.p(doc.title, s.title), self.p(doc.subtitle, s.subtitle)]
        for alert in doc.alerts:
            out.append(self._box(alert, s.alert, ALERT_BG))
            out.append(Spacer(1, 4))
        if doc.cover:
            out.append(self._fields(doc.cover, key_width=0.22, columns=doc.cover_columns))
            out.append(Spacer(1, 6))
        for block in doc.blocks:
            out.extend(self._block(block))
        return out

    def _box(self, text: str, style: ParagraphStyle, bg) -> RLTable:
        table = RLTable([[self.p(text, style)]], colWidths=[self.width])
        table.setStyle(
            RLTableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, -1), bg),
                    ("BOX", (0, 0), (-1, -1), 0.8, ALERT_INK),
                    ("LEFTPADDING", (0, 0), (-1, -1), 6),
                    ("TOPPADDING", (0, 0), (-1, -1), 5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
                ]
            )
        )
        return table

    def _block(self, block: d.Block) -> list:
        s = self.s
        if isinstance(block, d.Heading):
            return [self.p(block.text, s.h1 if block.level == 1 else s.h2)]
        if isinstance(block, d.Text):
            style = {"muted": s.muted, "alert": s.alert, "ok": s.ok}.get(block.style, s.body)
            return [self.p(block.text, style)]
        if isinstance(block, d.Fields):
            return [self._fields(block.pairs, columns=block.columns)]
        if isinstance(block, d.Table):
            return [self._table(block), Spacer(1, 3)]
        if isinstance(block, d.EntryCard):
            return [self._card(block)]
        if isinstance(block, d.PageBreak):
            return [PageBreak()]
        raise TypeError(f"unknown block {block!r}")

    # Tables hold plain strings, wrapped here with simpleSplit: a Table draws strings literally (no
    # markup at all, so nothing to escape) and this is several times faster than a Paragraph per cell.

    def wrap(self, text: str, font: str, size: float, width: float) -> str:
        lines: list[str] = []
        for para in self.fonts.clean(text or "").replace("\r\n", "\n").split("\n"):
            for line in simpleSplit(para, font, size, width) or [""]:
                if " " in line.strip() or pdfmetrics.stringWidth(line, font, size) <= width:
                    lines.append(line)
                else:
                    lines.extend(_hard_break(line, font, size, width))
        return "\n".join(lines)

    def _text_style(
        self, commands: list, font: str, size: float, leading: float, area=((0, 0), (-1, -1))
    ) -> None:
        commands += [("FONTNAME", *area, font), ("FONTSIZE", *area, size), ("LEADING", *area, leading)]

    def _fields(self, pairs: list[tuple[str, str]], key_width: float = 0.2, columns: int = 1) -> RLTable:
        regular, bold, size, leading = self.fonts.regular, self.fonts.bold, 9, 11.5
        if columns == 2:
            longest = max(
                (pdfmetrics.stringWidth(self.fonts.clean(k), bold, size) for k, _ in pairs), default=0.0
            )
            key = min(max(longest + 8, 86.0), self.width / 4)
            widths = [key, self.width / 2 - key] * 2
        else:
            widths = [self.width * key_width, self.width * (1 - key_width)]
        cells = [
            [self.wrap(k, bold, size, widths[0] - 6), self.wrap(v, regular, size, widths[1] - 6)]
            for k, v in pairs
        ]
        if columns == 2:
            half = (len(cells) + 1) // 2
            left, right = cells[:half], cells[half:] + [["", ""]] * (2 * half - len(cells))
            rows = [a + b for a, b in zip(left, right, strict=True)]
        else:
            rows = cells
        commands: list = [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ]
        self._text_style(commands, regular, size, leading)
        for col in range(0, len(widths), 2):
            commands.append(("FONTNAME", (col, 0), (col, -1), bold))
        table = RLTable(rows, colWidths=widths)
        table.setStyle(RLTableStyle(commands))
        return table

    def _table(self, block: d.Table, width: float | None = None) -> RLTable | Paragraph:
        s = self.s
        if not block.rows:
            return self.p(block.empty or "–", s.muted)
        width = width or self.width
        total = sum(c.weight for c in block.columns)
        widths = [width * c.weight / total for c in block.columns]
        regular, bold = self.fonts.regular, self.fonts.bold
        size, leading = s.cell.fontSize, s.cell.leading
        data = [[self.wrap(c.title, bold, size, w - 6) for c, w in zip(block.columns, widths, strict=True)]]
        for row in block.rows:
            data.append([self.wrap(cell, regular, size, w - 6) for cell, w in zip(row, widths, strict=True)])
        table = _Table(data, colWidths=widths, repeatRows=1)
        commands: list = [
            ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
            ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("TOPPADDING", (0, 0), (-1, -1), s.pad),
            ("BOTTOMPADDING", (0, 0), (-1, -1), s.pad + 1),
            ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ]
        self._text_style(commands, regular, size, leading)
        commands.append(("FONTNAME", (0, 0), (-1, 0), bold))
        for i in block.muted:
            commands.append(("TEXTCOLOR", (0, i + 1), (-1, i + 1), MUTED))
        for i in block.flagged:
            commands += [
                ("BACKGROUND", (0, i + 1), (-1, i + 1), ALERT_BG),
                ("TEXTCOLOR", (0, i + 1), (-1, i + 1), ALERT_INK),
            ]
        table.setStyle(RLTableStyle(commands))
        return table

    def _card(self, card: d.EntryCard) -> KeepTogether:
        """One table per entry: title and badge, status fields, then one row per version (no header row:
        the log section starts with a legend)."""
        regular, bold = self.fonts.regular, self.fonts.bold
        columns = card.versions.columns
        total = sum(c.weight for c in columns)
        widths = [self.width * c.weight / total for c in columns]
        half = len(columns) // 2
        left, right = sum(widths[:half]), sum(widths[half:])
        size, leading = self.s.cell.fontSize, self.s.cell.leading
        rows: list[list[str]] = [
            [self.wrap(card.title, bold, 10, left - 6)]
            + [""] * (half - 1)
            + [self.wrap(card.badge, regular, 8, right - 6)]
            + [""] * (len(columns) - half - 1)
        ]
        commands: list = [
            ("SPAN", (0, 0), (half - 1, 0)),
            ("SPAN", (half, 0), (-1, 0)),
            ("BACKGROUND", (0, 0), (-1, 0), CARD_BG),
            ("LINEABOVE", (0, 0), (-1, 0), 0.8, ACCENT),
            ("ALIGN", (half, 0), (-1, 0), "RIGHT"),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("TOPPADDING", (0, 0), (-1, -1), 2.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ]
        self._text_style(commands, regular, size, leading)
        commands += [
            ("FONTNAME", (0, 0), (half - 1, 0), bold),
            ("FONTSIZE", (0, 0), (half - 1, 0), 10),
            ("LEADING", (0, 0), (half - 1, 0), 12.5),
            ("TEXTCOLOR", (half, 0), (-1, 0), MUTED),
            ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
        ]
        for key, value in card.fields:
            r = len(rows)
            rows.append(
                [self.wrap(f"{key}: {value}", regular, size, self.width - 6)] + [""] * (len(columns) - 1)
            )
            commands.append(("SPAN", (0, r), (-1, r)))
        first_version = len(rows)
        for row in card.versions.rows:
            rows.append([self.wrap(cell, regular, size, w - 6) for cell, w in zip(row, widths, strict=True)])
        commands += [
            ("LINEABOVE", (0, first_version), (-1, -1), 0.25, RULE),
            ("FONTNAME", (0, first_version), (0, -1), bold),
        ]
        table = _Table(rows, colWidths=widths)
        table.setStyle(RLTableStyle(commands))
        return KeepTogether([table, Spacer(1, 7)])

    # --- page furniture ------------------------------------------------------------------------

    def canvas_class(self):
        renderer = self

        class NumberedCanvas(rl_canvas.Canvas):
            """Draws header and footer after layout, when the page count is known."""

            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self._pages: list[dict] = []

            def showPage(self):  # noqa: N802 (reportlab API)
                self._pages.append(dict(self.__dict__))
                self._startPage()

            def save(self):
                total = len(self._pages)
                for number, state in enumerate(self._pages, start=1):
                    self.__dict__.update(state)
                    renderer.furniture(self, number, total)
                    super().showPage()
                super().save()

        return NumberedCanvas

    def furniture(self, c: rl_canvas.Canvas, number: int, total: int) -> None:
        doc = self.doc
        width, height = self.pagesize
        left, right = self.margin, width - self.margin
        clean = self.fonts.clean
        c.saveState()
        c.setFont(self.fonts.regular, 7.5)
        c.setFillColor(MUTED)
        c.drawString(left, height - 10 * mm, clean(doc.header)[:110])
        c.drawRightString(right, height - 10 * mm, clean(f"{doc.title} · {doc.subtitle}")[:90])
        c.setStrokeColor(RULE)
        c.setLineWidth(0.4)
        c.line(left, height - 11.5 * mm, right, height - 11.5 * mm)
        c.line(left, 13 * mm, right, 13 * mm)
        c.setFont(self.fonts.regular, 8)
        c.drawRightString(right, 9 * mm, d.L("page", doc.lang, p=number, n=total))
        c.setFont(self.fonts.regular, 7)
        c.drawString(left, 5.5 * mm, clean(doc.generated))
        if doc.footer:
            c.setFont(self.fonts.bold, 8.5)
            c.setFillColor(ALERT_INK)
            c.drawString(left, 9 * mm, clean(doc.footer)[:100])
        c.restoreState()

    def render(self) -> bytes:
        buffer = io.BytesIO()
        doc = self.doc
        template = SimpleDocTemplate(
            buffer,
            pagesize=self.pagesize,
            leftMargin=self.margin,
            rightMargin=self.margin,
            topMargin=16 * mm,
            bottomMargin=17 * mm,
            title=self.fonts.clean(f"{doc.title} – {doc.subtitle}"),
            author=self.fonts.clean(doc.header),
            subject=self.fonts.clean(doc.title),
            creator="CMT-assistent",
            producer="CMT-assistent (reportlab)",
            invariant=1,
            lang=t("document.lang_tag", doc.lang),
        )
        template.build(self.story(), canvasmaker=self.canvas_class())
        return buffer.getvalue()


def render_pdf(doc: d.Document) -> bytes:
    return _Renderer(doc).render()
