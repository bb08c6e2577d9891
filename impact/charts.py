"""The geometry of the impact pages' SVG charts and map, worked out here so the
templates only write it down. Every chart is also a table on the page."""

import math

from .worldmap import HEIGHT, WIDTH, countries

BAR_HEIGHT = 18
BAR_GAP = 6
LABEL_WIDTH = 170
CHART_WIDTH = 480
COLUMN_WIDTH = 300
COLUMN_HEIGHT = 110
SHADES = 5


def bars(rows: list[tuple[str, int]]) -> dict:
    """Horizontal bars, one per ``(label, value)``."""
    largest = max((value for _label, value in rows), default=0) or 1
    room = CHART_WIDTH - LABEL_WIDTH - 40
    return {
        "width": CHART_WIDTH,
        "height": len(rows) * (BAR_HEIGHT + BAR_GAP) + BAR_GAP,
        "label_x": LABEL_WIDTH - 6,
        "bar_x": LABEL_WIDTH,
        "bars": [
            {
                "label": label,
                "value": value,
                "y": BAR_GAP + index * (BAR_HEIGHT + BAR_GAP),
                "text_y": BAR_GAP + index * (BAR_HEIGHT + BAR_GAP) + BAR_HEIGHT - 5,
                "width": round(room * value / largest, 1),
                "value_x": LABEL_WIDTH + round(room * value / largest, 1) + 4,
            }
            for index, (label, value) in enumerate(rows)
        ],
        "bar_height": BAR_HEIGHT,
    }


def columns(years: list[int], counts: dict[int, int]) -> dict:
    """One column per year, for a series counted per year."""
    values = [counts.get(year, 0) for year in years]
    largest = max(values, default=0) or 1
    slot = COLUMN_WIDTH / max(len(years), 1)
    base = COLUMN_HEIGHT - 16
    return {
        "width": COLUMN_WIDTH,
        "height": COLUMN_HEIGHT,
        "base": base,
        "columns": [
            {
                "year": year,
                "value": value,
                "x": round(index * slot + slot * 0.15, 1),
                "width": round(slot * 0.7, 1),
                "y": round(base - (base - 14) * value / largest, 1),
                "height": round((base - 14) * value / largest, 1),
                "mid": round(index * slot + slot / 2, 1),
            }
            for index, (year, value) in enumerate(zip(years, values, strict=True))
        ],
    }


def flow_map(flows: dict, *, limit: int = 40) -> dict:
    """Countries shaded by what they shared and received, and an arc from each
    provider's country to the recipient's, as wide as the count."""
    shapes = countries()
    active = flows["countries"]
    most = max((c["shared"] + c["received"] for c in active.values()), default=0) or 1
    shaded = [
        {
            "code": code,
            "d": shapes[code]["d"],
            "shade": 1
            + min(SHADES - 1, int((SHADES - 1) * (c["shared"] + c["received"]) / most)),
        }
        for code, c in sorted(active.items())
        if code in shapes
    ]
    drawn = [
        row
        for row in flows["flows"]
        if row["from"] != row["to"] and row["from"] in shapes and row["to"] in shapes
    ][:limit]
    widest = max((row["count"] for row in drawn), default=0) or 1
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "countries": shaded,
        "arcs": [
            {
                **row,
                "d": _arc(shapes[row["from"]]["c"], shapes[row["to"]]["c"]),
                "width": round(1 + 5 * row["count"] / widest, 1),
            }
            for row in drawn
        ],
    }


def _arc(start: list[int], end: list[int]) -> str:
    """A quadratic curve bowing to the left of its direction."""
    (x1, y1), (x2, y2) = start, end
    length = math.hypot(x2 - x1, y2 - y1) or 1
    bow = length * 0.2
    cx = (x1 + x2) / 2 + bow * (y2 - y1) / length
    cy = (y1 + y2) / 2 - bow * (x2 - x1) / length
    return f"M{x1} {y1}Q{cx:.0f} {cy:.0f} {x2} {y2}"
