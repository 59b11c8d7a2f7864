from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from assure.authority.services import invitation_send
from assure.core.errors import InvalidInput
from assure.org.models import User


class Command(BaseCommand):
    help = "Email each person a one-time link to set their password (local accounts)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("usernames", nargs="+", metavar="USERNAME")

    def handle(self, *args: Any, **options: Any) -> None:
        people = {u.username: u for u in User.objects.filter(username__in=options["usernames"])}
        missing = [name for name in options["usernames"] if name not in people]
        if missing:
            raise CommandError(f"No such person: {', '.join(missing)}. Nobody was invited.")
        failed = []
        for name in options["usernames"]:
            try:
                invitation_send(actor=None, person=people[name])
            except InvalidInput as error:
                failed.append(f"{name}: {' '.join(error.errors.values())}")
            else:
                self.stdout.write(f"Invited {name} <{people[name].email}>")
        if failed:
            raise CommandError("Not invited:\n  " + "\n  ".join(failed))
