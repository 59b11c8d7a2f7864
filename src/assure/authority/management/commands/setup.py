from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from assure.authority.services import AlreadySetUp, authority_setup, sign_in_url
from assure.core.errors import InvalidInput


class Command(BaseCommand):
    help = (
        "Set up Assure for an authority: its name, its DfE local authority code and the first "
        "administrator. Interactive when flags are missing; refuses a second run unless --again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--authority", help="The authority's name, e.g. 'Kent County Council'")
        parser.add_argument("--la-code", help="The DfE local authority code, three digits")
        parser.add_argument("--admin", help="The first administrator's username")
        parser.add_argument("--email", help="The first administrator's work email")
        parser.add_argument(
            "--password-stdin",
            action="store_true",
            help="Read the administrator's password from standard input "
            "(otherwise a one-time link to set it is printed)",
        )
        parser.add_argument(
            "--again", action="store_true", help="Run although Assure is already set up"
        )
        parser.add_argument(
            "--approver",
            nargs=3,
            metavar=("USERNAME", "EMAIL", "ROLE"),
            help="The first person who may approve access to children's records "
            "(ROLE: director, qa_manager or principal_social_worker); nobody else could",
        )

    def _ask(self, options: dict[str, Any], key: str, question: str) -> str:
        value = options.get(key)
        if value:
            return str(value).strip()
        if not sys.stdin.isatty():
            raise CommandError(f"--{key.replace('_', '-')} is required when not interactive.")
        return input(f"{question}: ").strip()

    def handle(self, *args: Any, **options: Any) -> None:
        name = self._ask(options, "authority", "The authority's name")
        la_code = self._ask(options, "la_code", "Its DfE local authority code (three digits)")
        admin = self._ask(options, "admin", "The first administrator's username")
        email = self._ask(options, "email", "Their work email")
        password = sys.stdin.readline().rstrip("\n") if options["password_stdin"] else None
        try:
            result = authority_setup(
                name=name,
                la_code=la_code,
                admin_username=admin,
                email=email,
                password=password,
                again=options["again"],
                approver=tuple(options["approver"]) if options["approver"] else None,
            )
        except AlreadySetUp as error:
            raise CommandError(str(error)) from error
        except InvalidInput as error:
            raise CommandError(
                "Nothing was saved:\n" + "\n".join(f"  {k}: {v}" for k, v in error.errors.items())
            ) from error
        self.stdout.write(f"Assure is set up for {result.authority.name}.")
        self.stdout.write(f"First administrator: {result.admin.username} <{result.admin.email}>")
        if result.invitation_link:
            self.stdout.write(
                "Set their password with this one-time link (it works once, for 7 days):\n"
                f"  {result.invitation_link}"
            )
        if result.approver is not None:
            self.stdout.write(
                f"First approver: {result.approver.username}; their one-time link:\n"
                f"  {result.approver_link}"
            )
        self.stdout.write(f"Then sign in at {sign_in_url()}")
