"""schema.org node of the open data page: a DataCatalog of one Dataset per
public entity, each with its downloads."""

from collections.abc import Callable

from core.structured_data import node

from .dumps import DESCRIPTION, FORMATS, TITLE, licence
from .resources import RESOURCES


def catalogue(page_url: str, path_for: Callable[[str, str], str]) -> dict:
    licence_url = licence()["path"]
    return node(
        "DataCatalog",
        name=TITLE,
        description=DESCRIPTION,
        url=page_url,
        license=licence_url,
        dataset=[
            node(
                "Dataset",
                name=resource.title,
                description=resource.description,
                license=licence_url,
                distribution=[
                    node(
                        "DataDownload",
                        contentUrl=path_for(resource.name, fmt),
                        encodingFormat=media_type.split(";")[0],
                    )
                    for fmt, media_type in FORMATS.items()
                ],
            )
            for resource in RESOURCES.values()
        ],
    )
