"""A published version of a tool. Immutable once answered: a change is a new version."""

from __future__ import annotations

from functools import cached_property

from django.db import models

from assure.core.fields import StampField

from .definitions import ToolDefinition, parse


class Tool(models.Model):
    key = models.CharField(max_length=60)
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=40)
    definition = models.JSONField()
    published = StampField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "version"], name="unique_tool_version")
        ]
        ordering = ["key", "-version"]

    def __str__(self) -> str:
        return f"{self.title} (version {self.version})"

    @cached_property
    def parsed(self) -> ToolDefinition:
        return parse(self.definition, source=f"{self.key} v{self.version}")
