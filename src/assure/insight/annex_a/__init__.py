"""Ofsted Annex A: read a workbook or CSV folder, clean it, and store it as Parquet."""

from .importer import ImportOutcome, Progress, import_annex_a, read_manifest
from .problems import AnnexARejected, Problem
from .schema import LISTS, LISTS_BY_NUMBER, Column, ListSpec, header_key, list_number

__all__ = [
    "LISTS",
    "LISTS_BY_NUMBER",
    "AnnexARejected",
    "Column",
    "ImportOutcome",
    "ListSpec",
    "Problem",
    "Progress",
    "header_key",
    "import_annex_a",
    "list_number",
    "read_manifest",
]
