"""The authority: its structure, its people, and minimal child and case records.

Assure holds a child's reference, age band, case type and allocation, and
never a name or an address (DESIGN.md invariant 5).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import models

from assure.core.fields import StampField
from assure.core.roles import ROLE_CHOICES


class Directorate(models.Model):
    name = models.CharField(max_length=200, unique=True)
    code = models.CharField(
        max_length=10, blank=True, help_text="The authority's DfE code, e.g. 886"
    )

    def __str__(self) -> str:
        return self.name


class Service(models.Model):
    class Kind(models.TextChoices):
        CHILDRENS_SOCIAL_WORK = "childrens_social_work", "Children's social work"
        EARLY_HELP = "early_help", "Early help"
        YOUTH_JUSTICE = "youth_justice", "Youth justice"
        DISABLED_CHILDREN = "disabled_children", "Disabled children"
        FOSTERING = "fostering", "Fostering"
        ADOPTION = "adoption", "Adoption / regional adoption agency"
        CARE_LEAVERS = "care_leavers", "Care leavers"
        SEN = "sen", "Special educational needs"
        CP_CHAIRS = "cp_chairs", "Child protection chairs"
        IRO = "iro", "Independent reviewing officers"
        FRONT_DOOR = "front_door", "Front door"
        QA_UNIT = "qa_unit", "Quality assurance unit"

    directorate = models.ForeignKey(Directorate, on_delete=models.PROTECT, related_name="services")
    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=40, choices=Kind.choices)

    def __str__(self) -> str:
        return self.name


class Area(models.Model):
    directorate = models.ForeignKey(Directorate, on_delete=models.PROTECT, related_name="areas")
    name = models.CharField(max_length=200, unique=True)

    def __str__(self) -> str:
        return self.name


class District(models.Model):
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="districts")
    name = models.CharField(max_length=200, unique=True)

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    name = models.CharField(max_length=200, unique=True)
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="teams")
    # County-wide teams (the front door, chairs, the QA unit) have no district.
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="teams", null=True, blank=True
    )
    manager = models.ForeignKey(
        "User", on_delete=models.SET_NULL, null=True, blank=True, related_name="managed_teams"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person who signs in. Staff, partners and members alike."""

    job_title = models.CharField(max_length=200, blank=True)
    team = models.ForeignKey(
        Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="members"
    )
    line_manager = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="reports"
    )
    is_demo = models.BooleanField(
        default=False, help_text="Created by the demo loader; refused outside demo mode."
    )

    class Meta:
        ordering = ["last_name", "first_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class RoleAssignment(models.Model):
    """A role a person holds, anchored where its scope starts.

    The anchor that matters is the one the role's scope names: a team
    manager's team, a service manager's service, an assistant director's area.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(max_length=40, choices=ROLE_CHOICES)
    team = models.ForeignKey(Team, on_delete=models.CASCADE, null=True, blank=True)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, null=True, blank=True)
    district = models.ForeignKey(District, on_delete=models.CASCADE, null=True, blank=True)
    area = models.ForeignKey(Area, on_delete=models.CASCADE, null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "team", "service", "district", "area"],
                name="unique_role_assignment",
                nulls_distinct=False,
            )
        ]

    def __str__(self) -> str:
        anchor = self.team or self.service or self.district or self.area or "directorate"
        return f"{self.get_role_display()} ({anchor})"


class RoleRequest(models.Model):
    """A role that reads children's records, asked for by one person and decided by another.

    Access to children's records is never given by one person alone: an
    administrator asks, and a QA manager, the principal social worker or a
    director approves (the RoleAssignment is made then) or refuses.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for approval"
        APPROVED = "approved", "Approved"
        REFUSED = "refused", "Refused"

    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_requests")
    role = models.CharField(max_length=40, choices=ROLE_CHOICES)
    team = models.ForeignKey(Team, on_delete=models.CASCADE, null=True, blank=True)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, null=True, blank=True)
    district = models.ForeignKey(District, on_delete=models.CASCADE, null=True, blank=True)
    area = models.ForeignKey(Area, on_delete=models.CASCADE, null=True, blank=True)
    requested_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="role_requests_made"
    )
    requested_at = StampField(auto_now_add=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="role_requests_decided"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True)
    assignment = models.ForeignKey(
        RoleAssignment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["requested_at", "id"]
        indexes = [models.Index(fields=["status", "requested_at"])]

    def __str__(self) -> str:
        anchor = self.team or self.service or self.district or self.area or "directorate"
        return f"{self.get_role_display()} ({anchor}) for {self.person}"

    @property
    def anchors(self) -> dict[str, Any]:
        return {
            "team": self.team,
            "service": self.service,
            "district": self.district,
            "area": self.area,
        }


class Child(models.Model):
    class AgeBand(models.TextChoices):
        UNDER_1 = "under_1", "Under 1"
        AGE_1_4 = "1_4", "1 to 4"
        AGE_5_9 = "5_9", "5 to 9"
        AGE_10_15 = "10_15", "10 to 15"
        AGE_16_17 = "16_17", "16 to 17"
        AGE_18_PLUS = "18_plus", "18 and over"

    reference = models.CharField(
        max_length=40, unique=True, help_text="The authority's own child reference"
    )
    age_band = models.CharField(max_length=10, choices=AgeBand.choices)

    def __str__(self) -> str:
        return self.reference


class Case(models.Model):
    class Type(models.TextChoices):
        EARLY_HELP = "early_help", "Early help"
        CIN = "cin", "Child in need"
        CP = "cp", "Child protection"
        CIC = "cic", "Child in care"
        CARE_LEAVER = "care_leaver", "Care leaver"
        YOUTH_JUSTICE = "youth_justice", "Youth justice"
        ADOPTION = "adoption", "Adoption"
        SEN = "sen", "Special educational needs"
        DISABLED = "disabled", "Disabled children"

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="cases")
    case_type = models.CharField(max_length=20, choices=Type.choices)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="cases")
    allocated_worker = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="allocated_cases"
    )
    opened_on = models.DateField()
    closed_on = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["team", "closed_on"]),
            models.Index(fields=["allocated_worker", "closed_on"]),
        ]
        ordering = ["-opened_on", "id"]

    def __str__(self) -> str:
        return f"{self.child.reference} ({self.get_case_type_display()})"

    @property
    def is_open(self) -> bool:
        return self.closed_on is None
