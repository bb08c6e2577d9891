"""The dumps (CSV and JSON Lines), streamed row by row, and the descriptors that
say what they hold: a Frictionless Data Package and a DCAT catalogue in JSON-LD.

A dump never holds all its rows in memory: they are read in chunks
(``Resource.iterate``) and written one line at a time, to an HTTP response or to
a file (``export_open_data``).
"""

import csv
import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from .fields import LIST_SEPARATOR, Resource
from .resources import RESOURCES

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "jsonl": "application/jsonl; charset=utf-8",
}
TITLE = "KS Hub open data"
DESCRIPTION = (
    "Case stories, institutions, events, their sessions, speakers and documents, "
    "blog posts, knowledge requests and offers, completed exchanges and adoptions "
    "of case stories published on the KS Hub, a knowledge-sharing community of "
    "practice."
)


class CsvLine:
    """Values made into one line of CSV text."""

    def __init__(self):
        self.buffer = io.StringIO()
        self.writer = csv.writer(self.buffer, lineterminator="\n")

    def __call__(self, values) -> str:
        self.buffer.seek(0)
        self.buffer.truncate()
        self.writer.writerow(values)
        return self.buffer.getvalue()


def records(resource: Resource, absolute: Callable[[str], str]) -> Iterator[dict]:
    return resource.records(resource.iterate(), absolute)


def csv_header(resource: Resource) -> list[str]:
    return [column.name for column in resource.fields]


def csv_row(resource: Resource, record: dict) -> list:
    """A record's values as CSV cells; lists joined by LIST_SEPARATOR."""
    return [
        _csv_value(record[column.name], column.is_list) for column in resource.fields
    ]


def csv_lines(resource: Resource, absolute: Callable[[str], str]) -> Iterator[str]:
    """The header, then one line per row."""
    line = CsvLine()
    yield line(csv_header(resource))
    for record in records(resource, absolute):
        yield line(csv_row(resource, record))


def _csv_value(value, is_list: bool):
    if is_list:
        return LIST_SEPARATOR.join(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def json_line(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False) + "\n"


def jsonl_lines(resource: Resource, absolute: Callable[[str], str]) -> Iterator[str]:
    for record in records(resource, absolute):
        yield json_line(record)


WRITERS = {"csv": csv_lines, "jsonl": jsonl_lines}


def lines(name: str, fmt: str, absolute: Callable[[str], str]) -> Iterator[str]:
    return WRITERS[fmt](RESOURCES[name], absolute)


def licence() -> dict:
    return dict(settings.OPEN_DATA_LICENCE)


def data_package(path_for: Callable[[str, str], str]) -> dict:
    """The Frictionless Data Package descriptor of the CSV dumps; ``path_for(name,
    format)`` gives each file's path (a URL on the site, a file name in an
    export)."""
    return {
        "name": "ks-hub",
        "title": TITLE,
        "description": DESCRIPTION,
        "licenses": [licence()],
        "created": timezone.now().strftime("%Y-%m-%dT%H:%M:%SZ"),
        "resources": [
            {
                "name": resource.name,
                "title": resource.title,
                "description": resource.description,
                "path": path_for(resource.name, "csv"),
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {
                    "fields": [_schema_field(column) for column in resource.fields],
                    "primaryKey": [resource.primary_key],
                },
            }
            for resource in RESOURCES.values()
        ],
    }


def _schema_field(column) -> dict:
    description = column.description
    if column.is_list:
        description += f" A list, separated by “{LIST_SEPARATOR}”."
    return {"name": column.name, "type": column.type, "description": description}


def catalogue(
    *, site_url: str, page_url: str, path_for: Callable[[str, str], str]
) -> dict:
    """A DCAT catalogue in JSON-LD: one dataset per resource, one distribution per
    format."""
    return {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
        },
        "@id": page_url,
        "@type": "dcat:Catalog",
        "dct:title": TITLE,
        "dct:description": DESCRIPTION,
        "dct:license": {"@id": licence()["path"]},
        "dct:publisher": {"@type": "foaf:Organization", "foaf:name": "KS Hub"},
        "foaf:homepage": {"@id": site_url},
        "dcat:dataset": [
            {
                "@id": f"{page_url}#{resource.name}",
                "@type": "dcat:Dataset",
                "dct:identifier": resource.name,
                "dct:title": resource.title,
                "dct:description": resource.description,
                "dct:license": {"@id": licence()["path"]},
                "dcat:distribution": [
                    {
                        "@type": "dcat:Distribution",
                        "dcat:downloadURL": {"@id": path_for(resource.name, fmt)},
                        "dcat:mediaType": media_type.split(";")[0],
                        "dct:format": fmt.upper(),
                    }
                    for fmt, media_type in FORMATS.items()
                ],
            }
            for resource in RESOURCES.values()
        ],
    }


def export(directory: Path, *, absolute: Callable[[str], str]) -> list[Path]:
    """Every dump in ``directory`` with its ``datapackage.json``: what the
    ``frictionless`` command validates. Each entity's rows are read once for both
    of its files."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, resource in RESOURCES.items():
        csv_path, jsonl_path = (directory / f"{name}.{fmt}" for fmt in FORMATS)
        with (
            csv_path.open("w", encoding="utf-8", newline="") as csv_out,
            jsonl_path.open("w", encoding="utf-8", newline="") as jsonl_out,
        ):
            line = CsvLine()
            csv_out.write(line(csv_header(resource)))
            for record in records(resource, absolute):
                csv_out.write(line(csv_row(resource, record)))
                jsonl_out.write(json_line(record))
        written += [csv_path, jsonl_path]
    descriptor = directory / "datapackage.json"
    descriptor.write_text(
        json.dumps(data_package(lambda name, fmt: f"{name}.{fmt}"), indent=2),
        encoding="utf-8",
    )
    written.append(descriptor)
    return written
