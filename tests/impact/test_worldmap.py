import json

from impact.charts import flow_map
from impact.management.commands.build_world_map import build
from impact.worldmap import DATA, HEIGHT, STATIC, WIDTH, countries, robinson

SEED = ("KR", "CL", "MX", "CO", "NG", "ID", "IN", "BR", "CN", "ZA")


def test_robinson_puts_the_equator_and_meridian_in_the_middle():
    x, y = robinson(0, 0)
    assert (round(x), round(y)) == (WIDTH // 2, round(HEIGHT - 0.7986 * 1.3523 * 150))
    west, _ = robinson(-180, 0)
    east, _ = robinson(180, 0)
    assert round(west) == 0
    assert round(east) == WIDTH


def test_the_kept_map_has_every_seed_country_inside_the_frame():
    shapes = countries()
    for code in SEED:
        x, y = shapes[code]["c"]
        assert 0 <= x <= WIDTH
        assert 0 <= y <= HEIGHT
        assert shapes[code]["d"].startswith("M")
    meta = json.loads(DATA.read_text())
    assert "Natural Earth" in meta["source"]
    assert "public domain" in meta["source"]
    assert STATIC.stat().st_size < 40 * 1024


def test_build_turns_topojson_into_paths_and_centroids():
    topology = {
        "transform": {"scale": [1, 1], "translate": [0, 0]},
        "arcs": [[[0, 0], [10, 0], [0, 10], [-10, 0], [0, -10]]],
        "objects": {
            "countries": {
                "geometries": [
                    {"type": "Polygon", "arcs": [[0]], "id": "566", "properties": {}}
                ]
            }
        },
    }

    shapes = build(topology)

    assert list(shapes) == ["NG"]
    x, y = shapes["NG"]["c"]
    assert (x, y) == tuple(round(v) for v in robinson(5, 5))


def test_flow_map_draws_an_arc_per_flow_between_two_countries():
    data = {
        "flows": [
            {"from": "KR", "to": "MX", "exchanges": 1, "adoptions": 2, "count": 3},
            {"from": "KR", "to": "KR", "exchanges": 1, "adoptions": 0, "count": 1},
        ],
        "countries": {
            "KR": {"shared": 4, "received": 1},
            "MX": {"shared": 0, "received": 3},
        },
    }

    drawn = flow_map(data)

    assert [(arc["from"], arc["to"]) for arc in drawn["arcs"]] == [("KR", "MX")]
    assert {country["code"] for country in drawn["countries"]} == {"KR", "MX"}
