"""The world map of the impact pages: Natural Earth 1:110m countries in the
Robinson projection (see the ``build_world_map`` command), with the flows of
knowledge drawn over it as arcs, all in SVG made here."""

import json
import math
from functools import cache
from pathlib import Path

HERE = Path(__file__).parent
DATA = HERE / "data" / "world-110m.json"
STATIC = HERE / "static" / "impact" / "world.svg"
WIDTH = 800
SCALE = WIDTH / (2 * 0.8487 * math.pi)
TOP = 1.3523 * SCALE  # y of the north pole
HEIGHT = round(TOP + 1.3523 * 0.7986 * SCALE)  # down to 60° south
# Robinson's table, every 5° of latitude: length of the parallel, distance from
# the equator.
ROBINSON = (
    (1.0000, 0.0000), (0.9986, 0.0620), (0.9954, 0.1240), (0.9900, 0.1860),
    (0.9822, 0.2480), (0.9730, 0.3100), (0.9600, 0.3720), (0.9427, 0.4340),
    (0.9216, 0.4958), (0.8962, 0.5571), (0.8679, 0.6176), (0.8350, 0.6769),
    (0.7986, 0.7346), (0.7597, 0.7903), (0.7186, 0.8435), (0.6732, 0.8936),
    (0.6213, 0.9394), (0.5722, 0.9761), (0.5322, 1.0000),
)  # fmt: skip


def robinson(longitude: float, latitude: float) -> tuple[float, float]:
    """Pixels on the map, x to the east and y down from the north pole."""
    step = min(abs(latitude), 90) / 5
    low = min(int(step), 17)
    share = step - low
    (xa, ya), (xb, yb) = ROBINSON[low], ROBINSON[low + 1]
    length, height = xa + (xb - xa) * share, ya + (yb - ya) * share
    x = WIDTH / 2 + 0.8487 * SCALE * length * math.radians(longitude)
    y = TOP - math.copysign(1.3523 * SCALE * height, latitude)
    return x, y


@cache
def countries() -> dict:
    """``{code: {"d": path data, "c": [x, y]}}``."""
    return json.loads(DATA.read_text(encoding="utf-8"))["countries"]
