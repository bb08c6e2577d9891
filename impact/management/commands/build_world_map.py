"""Build the world map the impact pages draw, from Natural Earth 1:110m countries
as TopoJSON (the npm package ``world-atlas``, ``countries-110m.json``)::

    npm install --no-save world-atlas  # in a scratch folder
    manage.py build_world_map node_modules/world-atlas/countries-110m.json

Writes ``impact/data/world-110m.json`` (each country's outline as SVG path data
and its centroid, by ISO 3166 alpha-2 code) and ``impact/static/impact/world.svg``
(every country in grey, the map's background), both in the Robinson projection,
simplified. Natural Earth is in the public domain."""

import json
from itertools import pairwise
from pathlib import Path

from django.core.management.base import BaseCommand
from django_countries import countries

from impact.worldmap import DATA, HEIGHT, STATIC, WIDTH, robinson

# Natural Earth countries world-atlas gives no ISO number.
BY_NAME = {"Kosovo": "XK", "N. Cyprus": "CY", "Somaliland": "SO"}
TOLERANCE = 0.5  # px: points closer than this to the simplified line are dropped
SMALLEST = 1.5  # px²: islands smaller than this are dropped (never a whole country)


def _decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = (
        topology["transform"]["scale"],
        topology["transform"]["translate"],
    )
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _ring(indexes: list[int], arcs) -> list[tuple[float, float]]:
    points: list = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    return [robinson(*point) for point in _on_one_side(points)]


def _on_one_side(points: list) -> list:
    """A ring across the antimeridian (Russia, Fiji) is pressed against the map's
    edge on the side where most of it lies, rather than drawn across the map."""
    longitudes = [longitude for longitude, _latitude in points]
    if max(longitudes) - min(longitudes) <= 180:
        return points
    east = sum(longitude > 0 for longitude in longitudes) * 2 >= len(points)
    edge = 180.0 if east else -180.0
    return [
        (longitude if (longitude > 0) == east else edge, latitude)
        for longitude, latitude in points
    ]


def _simplify(points: list, tolerance: float) -> list:
    """Douglas-Peucker."""
    if len(points) < 3:
        return points
    (x1, y1), (x2, y2) = points[0], points[-1]
    dx, dy = x2 - x1, y2 - y1
    length = (dx * dx + dy * dy) ** 0.5
    best, far = -1.0, 0
    for i in range(1, len(points) - 1):
        px, py = points[i]
        if length:
            distance = abs(dy * px - dx * py + x2 * y1 - y2 * x1) / length
        else:
            distance = ((px - x1) ** 2 + (py - y1) ** 2) ** 0.5
        if distance > best:
            best, far = distance, i
    if best <= tolerance:
        return [points[0], points[-1]]
    left = _simplify(points[: far + 1], tolerance)
    return left[:-1] + _simplify(points[far:], tolerance)


def _area_and_centroid(ring: list) -> tuple[float, tuple[float, float]]:
    area = cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x1 * y2 - x2 * y1
        area += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    area /= 2
    if not area:
        return 0.0, ring[0]
    return abs(area), (cx / (6 * area), cy / (6 * area))


def _path(ring: list) -> str:
    """Relative moves with whole pixels: the shortest path data that reads well."""
    points = [(round(x), round(y)) for x, y in ring]
    kept = [points[0]]
    for point in points[1:]:
        if point != kept[-1]:
            kept.append(point)
    x0, y0 = kept[0]
    steps = [f"M{x0} {y0}"]
    for (xa, ya), (xb, yb) in pairwise(kept):
        steps.append(f"{xb - xa} {yb - ya}")
    return steps[0] + "l" + " ".join(steps[1:]) + "z" if len(kept) > 2 else ""


def _polygons(geometry: dict) -> list:
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["arcs"]
    return []


def build(topology: dict) -> dict:
    arcs = _decode_arcs(topology)
    shapes = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        name = geometry.get("properties", {}).get("name", "")
        code = BY_NAME.get(name) or countries.alpha2(int(geometry.get("id", 0)))
        if not code or code == "AQ":  # Antarctica: no one shares from there
            continue
        rings, centre, biggest = [], None, 0.0
        for polygon in _polygons(geometry):
            for position, indexes in enumerate(polygon):
                ring = _simplify(_ring(indexes, arcs), TOLERANCE)
                area, centroid = _area_and_centroid(ring)
                if position == 0 and area > biggest:
                    biggest, centre = area, centroid
                if area >= SMALLEST or (position == 0 and not rings):
                    rings.append(_path(ring))
        entry = shapes.setdefault(code, {"d": "", "c": centre, "a": 0.0})
        entry["d"] += "".join(rings)
        if biggest > entry["a"]:
            entry["c"], entry["a"] = centre, biggest
    return {
        code: {"d": shape["d"], "c": [round(shape["c"][0]), round(shape["c"][1])]}
        for code, shape in sorted(shapes.items())
        if shape["d"]
    }


class Command(BaseCommand):
    requires_system_checks: list = []
    help = "Build the impact pages' world map from Natural Earth 1:110m TopoJSON."

    def add_arguments(self, parser):
        parser.add_argument("topojson", type=Path)

    def handle(self, *args, topojson: Path, **options):
        shapes = build(json.loads(topojson.read_text(encoding="utf-8")))
        DATA.write_text(
            json.dumps(
                {
                    "source": "Natural Earth 1:110m Admin 0 countries v4.1.0, "
                    "via the npm package world-atlas; public domain",
                    "projection": "Robinson",
                    "width": WIDTH,
                    "height": HEIGHT,
                    "countries": shapes,
                },
                separators=(",", ":"),
            ),
            encoding="utf-8",
        )
        paths = "".join(f'<path d="{shape["d"]}"/>' for shape in shapes.values())
        STATIC.parent.mkdir(parents=True, exist_ok=True)
        STATIC.write_text(
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}">'
            f'<g fill="#d9dde3" stroke="#fff" stroke-width=".5">{paths}</g></svg>\n',
            encoding="utf-8",
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(shapes)} countries: {DATA.stat().st_size // 1024} KB of data, "
                f"{STATIC.stat().st_size // 1024} KB of SVG."
            )
        )
