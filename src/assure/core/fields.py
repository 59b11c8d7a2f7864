"""Model fields shared by every app."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import models

from . import clock


class StampField(models.DateTimeField):
    """A DateTimeField whose auto_now / auto_now_add read the clock seam.

    Django's own stamp reads the machine's clock, which would put a test run on
    29 February 2028, or the demo's year of history, at today's date.
    """

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        if self.auto_now or (self.auto_now_add and add):
            value: datetime = clock.now()
            setattr(model_instance, self.attname, value)
            return value
        return super().pre_save(model_instance, add)
