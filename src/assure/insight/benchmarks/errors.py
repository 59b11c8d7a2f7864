"""Errors the benchmark engine raises; each message says what to fix."""

from __future__ import annotations


class BenchmarkError(Exception):
    """Base class: the benchmark cannot be computed as asked."""


class MissingSourceError(BenchmarkError):
    """The data folder lacks a file the indicators need."""


class SourceFormatError(BenchmarkError):
    """A source file is there but lacks a column the indicators read."""


class UnknownAuthorityError(BenchmarkError):
    """The local authority code is in none of the source files."""


class UnknownYearError(BenchmarkError):
    """The year is in none of the source files."""
