"""The importer and its fixture agree with the ODS spec (tests/fixtures/ods/openapi.yaml, the
VNG's ODS Open Raadsinformatie 2.0.0-beta.4, vendored unchanged): the fixture validates against
the spec's schemas, and every value and field the importer reads is one the spec defines."""

from pathlib import Path

import jsonschema
import pytest
import yaml

from motions.ods import fields
from tests.motions.test_ods_import import export

SPEC = Path(__file__).resolve().parents[1] / "fixtures" / "ods" / "openapi.yaml"


@pytest.fixture(scope="module")
def spec():
    return yaml.safe_load(SPEC.read_text(encoding="utf-8"))


def validator(spec, name):
    schema = {"components": spec["components"], "$ref": f"#/components/schemas/{name}"}
    return jsonschema.Draft7Validator(schema)


@pytest.mark.parametrize(
    ("key", "schema"),
    [
        ("vergaderingen", "Vergadering"),
        ("agendapunten", "Agendapunt"),
        ("informatieobjecten", "InformatieObject"),
    ],
)
def test_the_fixture_validates_against_the_spec(spec, key, schema):
    check = validator(spec, schema)
    for resource in export()[key]:
        errors = [f"{list(e.path)}: {e.message}" for e in check.iter_errors(resource)]
        assert not errors, (resource["id"], errors)


def test_a_broken_copy_fails_the_spec_check(spec):
    """The check above can fail: a meeting without its required type does."""
    meeting = export()["vergaderingen"][0]
    del meeting["vergaderingstype"]
    assert not validator(spec, "Vergadering").is_valid(meeting)


def enum(spec, name):
    return spec["components"]["schemas"][name]["enum"]


def test_the_enumerations_we_read_are_the_specs(spec):
    assert list(fields.MEETING_STATUS) == enum(spec, "VergaderingStatus")
    assert list(fields.MEETING_TYPE_BODY) == enum(spec, "VergaderingsType")
    assert set(fields.MOTION_KINDS) <= set(enum(spec, "Informatieobjecttype"))


@pytest.mark.parametrize(
    ("table", "schema"),
    [
        (fields.MEETING_FIELDS, "Vergadering"),
        (fields.ITEM_FIELDS, "Agendapunt"),
        (fields.MOTION_FIELDS, "InformatieObject"),
    ],
)
def test_the_fields_we_name_in_messages_exist_in_the_spec(spec, table, schema):
    properties = spec["components"]["schemas"][schema]["properties"]
    assert set(table.values()) <= set(properties)
