"""ODS Open Raadsinformatie in: a council information system's export read into our records.

``manage.py import_ods FILE_OR_URL --raad SLUG`` and the admin upload read a
JSON export of ``vergaderingen``, ``agendapunten`` and (optionally)
``moties`` or ``informatieobjecten`` of type motie, each a list of resources
shaped as the spec's GET answers (VNG ODS Open Raadsinformatie, OpenAPI
2.0.0-beta.4), and create or update meetings, agenda items and motions:

- ``reading``: the bytes (a file, a URL, an upload) and their limits, JSON, the shape;
- ``fields``: each resource's fields checked and turned into our values;
- ``importing``: all of it written in one transaction, or nothing, with a Dutch report;
- ``jobs``: the admin upload as a background task with a progress page.

Lives in ``motions``, the lowest layer that holds all three kinds of record.
"""
