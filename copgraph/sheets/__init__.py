"""Analyst data entry through spreadsheets (issue 16): `copgraph template`, `import`, `export --format xlsx|csv`.

The API is in `workbook` (write_template, export_workbook, import_workbook); this package file stays
empty so that importing the CLI does not load rdflib or openpyxl.
"""
