"""The OpenAPI 3.1 description of the API, made from the same definitions the
views read (``resources``, ``filters``), so the two cannot drift apart."""

from .dumps import DESCRIPTION, TITLE, licence
from .filters import FILTERS
from .resources import RESOURCES

TYPES = {
    "string": {"type": ["string", "null"]},
    "integer": {"type": ["integer", "null"]},
    "boolean": {"type": "boolean"},
    "date": {"type": ["string", "null"], "format": "date"},
    "datetime": {"type": ["string", "null"], "format": "date-time"},
}
ERROR = {"$ref": "#/components/responses/Error"}
# Resources whose rows have a page of their own, found by slug.
DETAILED = ("case-stories", "institutions", "events", "documents", "posts")
CURSOR_PATTERN = "^[0-9]{1,18}$"
PAGING = [
    {
        "name": "limit",
        "in": "query",
        "description": "How many results a page holds.",
        "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20},
    },
    {
        "name": "cursor",
        "in": "query",
        "description": "Where the page starts: the cursor of the previous page's "
        "`next` link.",
        "schema": {"type": "string", "pattern": CURSOR_PATTERN},
    },
]


def _component(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("-"))


def _record_schema(resource) -> dict:
    properties = {}
    for column in resource.fields:
        if column.is_list:
            schema = {"type": "array", "items": {"type": "string"}}
        else:
            schema = dict(TYPES[column.type])
        schema["description"] = column.description
        properties[column.name] = schema
    return {
        "type": "object",
        "properties": properties,
        "required": [column.name for column in resource.fields],
    }


def _list_operation(resource) -> dict:
    _form, _apply, filters = FILTERS.get(resource.name, (None, None, ()))
    component = _component(resource.name)
    return {
        "get": {
            "operationId": f"list{component}",
            "summary": f"List {resource.title.lower()}",
            "description": resource.description,
            "parameters": [
                {
                    "name": item.name,
                    "in": "query",
                    "description": item.description,
                    "schema": item.schema,
                }
                for item in filters
            ]
            + PAGING,
            "responses": {
                "200": {
                    "description": "A page of results.",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "results": {
                                        "type": "array",
                                        "items": {
                                            "$ref": f"#/components/schemas/{component}"
                                        },
                                    },
                                    "next": {
                                        "type": ["string", "null"],
                                        "format": "uri",
                                    },
                                },
                                "required": ["results", "next"],
                            }
                        }
                    },
                },
                "400": ERROR,
                "429": ERROR,
            },
        }
    }


def _detail_operation(resource) -> dict:
    component = _component(resource.name)
    return {
        "get": {
            "operationId": f"get{component.removesuffix('s')}",
            "summary": f"One of the {resource.title.lower()}, by its slug",
            "parameters": [
                {
                    "name": "slug",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"},
                }
            ],
            "responses": {
                "200": {
                    "description": "The record.",
                    "content": {
                        "application/json": {
                            "schema": {"$ref": f"#/components/schemas/{component}"}
                        }
                    },
                },
                "404": ERROR,
                "429": ERROR,
            },
        }
    }


def openapi_schema(*, server: str) -> dict:
    paths = {}
    for resource in RESOURCES.values():
        paths[f"/{resource.name}/"] = _list_operation(resource)
        if resource.name in DETAILED:
            paths[f"/{resource.name}/{{slug}}/"] = _detail_operation(resource)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": f"{TITLE} API",
            "version": "1",
            "description": DESCRIPTION + " Read-only; answers carry ETag and "
            "Last-Modified and accept conditional requests.",
            "license": {"name": licence()["title"], "url": licence()["path"]},
        },
        "servers": [{"url": server}],
        "paths": paths,
        "components": {
            "schemas": {
                "Error": {
                    "type": "object",
                    "properties": {
                        "error": {"type": "string"},
                        "details": {"type": "object"},
                    },
                    "required": ["error"],
                },
                **{
                    _component(resource.name): _record_schema(resource)
                    for resource in RESOURCES.values()
                },
            },
            "responses": {
                "Error": {
                    "description": "What went wrong.",
                    "content": {
                        "application/json": {
                            "schema": {"$ref": "#/components/schemas/Error"}
                        }
                    },
                }
            },
        },
    }
