"""Inline SVG charts drawn on the server (pages and PDF alike; no JavaScript library).

Each chart is an <svg role="img"> with a <title> and a <desc> giving the values, so that a screen
reader or a PDF text extraction reads the figures the bars show."""

from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from indicators.templatetags.indicators_format import fr_number

INK, BAR, HIGHLIGHT, GRID, TARGET = "#1d2327", "#0b6a3c", "#8a3b00", "#c9d2cc", "#a4161a"


def _value(point):
    cell = point[1]
    return None if getattr(cell, "hidden", False) else Decimal(getattr(cell, "value", cell) or 0)


def columns(points, *, title, unit, decimals=0, highlight=None, target=None, width=640):
    """Vertical bars, one per (label, value or Cell); hidden cells are drawn as an empty slot
    marked "< 11"."""
    height, top, bottom, left = 220, 28, 36, 8
    values = [_value(p) for p in points]
    scale_max = max([v for v in values if v is not None] + [Decimal(target or 0)]) or 1
    slot = (width - 2 * left) / max(len(points), 1)
    bar_width = min(slot * 0.7, 64)  # two or three years would otherwise draw slabs
    plot = height - top - bottom
    parts = []
    for index, ((label, cell), value) in enumerate(zip(points, values, strict=True)):
        x = left + index * slot
        colour = HIGHLIGHT if highlight is not None and label == highlight else BAR
        if value is None:
            text, bar_height = getattr(cell, "label", "") or "", 0
        else:
            text = fr_number(value, decimals)
            bar_height = float(max(value, Decimal(0)) / scale_max) * plot
        y = top + plot - bar_height
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
                '<text x="{}" y="{}" font-size="11" text-anchor="middle" fill="{}">{}</text>'
                '<text x="{}" y="{}" font-size="11" text-anchor="middle" fill="{}">{}</text>',
                round(x + (slot - bar_width) / 2, 1),
                round(y, 1),
                round(bar_width, 1),
                round(bar_height, 1),
                colour,
                round(x + slot / 2, 1),
                round(y - 4, 1),
                INK,
                text,
                round(x + slot / 2, 1),
                height - bottom + 16,
                INK,
                label,
            )
        )
    if target:
        y = top + plot - float(Decimal(target) / scale_max) * plot
        # The legend sits in the top margin, where no bar can cover it.
        parts.append(
            format_html(
                '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="{}" stroke-dasharray="6 4" '
                'stroke-width="2"/><line x1="{}" x2="{}" y1="10" y2="10" stroke="{}" '
                'stroke-dasharray="6 4" stroke-width="2"/><text x="{}" y="14" font-size="11" '
                'fill="{}">objectif {}</text>',
                left,
                width - left,
                round(y, 1),
                round(y, 1),
                TARGET,
                left,
                left + 24,
                TARGET,
                left + 30,
                TARGET,
                fr_number(target, decimals),
            )
        )
    return _svg(
        points, values, parts, title=title, unit=unit, decimals=decimals, size=(width, height)
    )


def bars(points, *, title, unit, decimals=0, width=640):
    """Horizontal bars for categories with long labels, wrapped on lines rather than cut."""
    label_width, line = 260, 13
    wrapped = [_wrap(str(label), 36) for label, _cell in points]
    rows = [max(26, line * len(lines) + 10) for lines in wrapped]
    height = max(sum(rows) + 10, 40)
    values = [_value(p) for p in points]
    scale_max = max([v for v in values if v is not None] + [Decimal(0)]) or 1
    room = width - label_width - 90
    parts, y = [], 5
    for (_label, cell), value, lines, row in zip(points, values, wrapped, rows, strict=True):
        length = 0 if value is None else float(max(value, Decimal(0)) / scale_max) * room
        text = (getattr(cell, "label", "") or "") if value is None else fr_number(value, decimals)
        middle = y + row / 2
        first = middle - (len(lines) - 1) * line / 2 + 4
        label_lines = format_html_join(
            "",
            '<tspan x="{}" y="{}">{}</tspan>',
            (
                (label_width - 6, round(first + i * line, 1), text_line)
                for i, text_line in enumerate(lines)
            ),
        )
        parts.append(
            format_html(
                '<text font-size="11" text-anchor="end" fill="{}">{}</text>'
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
                '<text x="{}" y="{}" font-size="11" fill="{}">{}</text>',
                INK,
                label_lines,
                label_width,
                round(middle - 9, 1),
                round(length, 1),
                18,
                BAR,
                round(label_width + length + 4, 1),
                round(middle + 4, 1),
                INK,
                text,
            )
        )
        y += row
    return _svg(
        points, values, parts, title=title, unit=unit, decimals=decimals, size=(width, height)
    )


def _wrap(label: str, size: int) -> list[str]:
    """The label on lines of at most `size` characters, cut between words (the drawing's left
    edge would cut a longer line)."""
    lines: list[str] = []
    for word in label.split():
        if lines and len(lines[-1]) + 1 + len(word) <= size:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _svg(points, values, parts, *, title, unit, decimals, size):
    width, height = size
    description = "; ".join(
        f"{label} : {fr_number(value, decimals) if value is not None else '< 11'}"
        for (label, _cell), value in zip(points, values, strict=True)
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" role="img" class="chart" '
        'font-family="DejaVu Sans, sans-serif"><title>{} ({})</title><desc>{}</desc>'
        '<line x1="0" x2="{}" y1="{}" y2="{}" stroke="{}"/>{}</svg>',
        width,
        height,
        title,
        unit,
        description,
        width,
        height - 36 if height > 60 else height,
        height - 36 if height > 60 else height,
        GRID,
        mark_safe("".join(parts)),  # noqa: S308 (each part built by format_html)
    )
