"""ODS Open Raadsinformatie out: our public meetings, agenda items, letters and motions in the
shape of the VNG standard (OpenAPI 2.0.0-beta.4, ``tests/fixtures/ods/openapi.yaml``).

- ``mapping``: our fields as ODS fields, the one place that decides them (docs/open-data.md);
- ``records``: what may be shown (public only) and what is prefetched to show it;
- ``views``, ``urls``: the read-only endpoints at ``/api/ods/v2/``;
- ``export``: one council's meetings, agenda items and motions as one ODS JSON document
  (``manage.py export_ods --raad SLUG``), which ``import_ods`` reads back.
"""
