"""The vendored ODS Open Raadsinformatie spec (tests/fixtures/ods/openapi.yaml) as JSON Schema.

OpenAPI 3.0 schemas are nearly JSON Schema; what differs, and is converted here:

- ``nullable: true`` allows ``null`` besides the type (and the enumeration); the spec also
  writes it as one member of an ``allOf`` (``allOf: [{description}, {nullable: true}, {$ref}]``),
  which we read as "the reference, or null";
- ``$ref: "#/components/schemas/X"`` points into the document; here into ``$defs``.

Formats are checked too (``date``, ``date-time`` with an offset, absolute ``uri``),
without the optional packages jsonschema would use for them.
"""

import datetime
import functools
import pathlib
from urllib.parse import urlsplit

import jsonschema
import yaml

SPEC = pathlib.Path(__file__).resolve().parents[1] / "fixtures" / "ods" / "openapi.yaml"
PREFIX = "#/components/schemas/"


def _nullable(schema):
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        schema["type"] = [*types, "null"]
        if "enum" in schema:
            schema["enum"] = [*schema["enum"], None]
        return schema
    return {"anyOf": [schema, {"type": "null"}]}


def convert(node):
    """One OpenAPI 3.0 schema (or part of one) as JSON Schema (draft 2020-12)."""
    if isinstance(node, list):
        return [convert(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = dict(node)
    if "$ref" in node:
        ref = node["$ref"]
        assert ref.startswith(PREFIX), f"a reference outside the document: {ref}"
        node["$ref"] = "#/$defs/" + ref.removeprefix(PREFIX)
    nullable = node.pop("nullable", False)
    node.pop("example", None)
    members = node.get("allOf")
    if members and any(member == {"nullable": True} for member in members):
        node["allOf"] = [member for member in members if member != {"nullable": True}]
        nullable = True
    node = {key: convert(value) if key != "enum" else value for key, value in node.items()}
    return _nullable(node) if nullable else node


@functools.cache
def spec():
    return yaml.safe_load(SPEC.read_text(encoding="utf-8"))


def schema(name):
    """The JSON Schema of ``components.schemas[name]``, with every schema it refers to."""
    definitions = {key: convert(value) for key, value in spec()["components"]["schemas"].items()}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$defs": definitions,
        "$ref": f"#/$defs/{name}",
    }


FORMATS = jsonschema.FormatChecker(formats=())


@FORMATS.checks("date", raises=ValueError)
def _date(value):
    return not isinstance(value, str) or bool(datetime.date.fromisoformat(value))


@FORMATS.checks("date-time", raises=ValueError)
def _date_time(value):
    if not isinstance(value, str):
        return True
    return datetime.datetime.fromisoformat(value).tzinfo is not None and "T" in value


@FORMATS.checks("uri")
def _uri(value):
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def errors(name, instance):
    """Every way ``instance`` breaks the spec's schema ``name``, as readable lines."""
    validator = jsonschema.Draft202012Validator(schema(name), format_checker=FORMATS)
    return [
        f"{'/'.join(map(str, error.absolute_path)) or '(root)'}: {error.message}"
        for error in validator.iter_errors(instance)
    ]
