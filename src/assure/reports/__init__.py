"""The reports toolkit: what every report, pack and document in Assure is made with.

- `charts`: Vega-Lite charts (altair), rendered to SVG and PNG (vl-convert),
  each with its data table and a sentence;
- `tables`: stand-alone tables and the one way a cell is written;
- `exports`: CSV, Excel and Parquet, formula cells neutralised;
- `documents`: the one Word (python-docx) and PDF (WeasyPrint) builder,
  every page headed with the council's name and the protective marking;
- `sections`: the registry reports are composed from (`report_section`);
- `suppression`: small numbers withheld the DfE way (`suppress_small`);
- `downloads`: safe download names and headers.

Like core, the toolkit knows no domain app: apps register their sections
into it and call it, never the other way round.
"""
