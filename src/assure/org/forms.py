from __future__ import annotations

from typing import Any

from django import forms

from assure.core.forms import GovukFormMixin
from assure.core.roles import ROLE_CHOICES

from .models import Area, Case, Child, District, Service, Team, User
from .person_field import PersonField
from .validators import username_problem


class AreaForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = Area
        fields = ["directorate", "name"]


class DistrictForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = District
        fields = ["area", "name"]


class ServiceForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = Service
        fields = ["directorate", "name", "kind"]


class TeamForm(GovukFormMixin, forms.ModelForm):
    manager = PersonField(
        label="Manager",
        noun="the team's manager",
        required=False,
        refusal="Choose a team manager or a service manager",
    )

    class Meta:
        model = Team
        fields = ["name", "service", "district", "manager"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Managers are chosen among those who hold a managing role.
        manager = self.fields["manager"]
        assert isinstance(manager, PersonField)
        manager.queryset = User.objects.filter(
            role_assignments__role__in=["team_manager", "service_manager"]
        ).distinct()


class PersonForm(GovukFormMixin, forms.ModelForm):
    line_manager = PersonField(
        label="Line manager",
        noun="their line manager",
        required=False,
        refusal="Choose someone who holds a managing role",
    )

    class Meta:
        model = User
        fields = [
            "username",
            "first_name",
            "last_name",
            "email",
            "job_title",
            "team",
            "line_manager",
            "is_active",
        ]

    def clean_username(self) -> str:
        username = str(self.cleaned_data.get("username", ""))
        problem = username_problem(username)
        if problem:
            raise forms.ValidationError(problem)
        return username

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        line_manager = self.fields["line_manager"]
        assert isinstance(line_manager, PersonField)
        line_manager.queryset = User.objects.filter(
            role_assignments__role__in=[
                "team_manager",
                "service_manager",
                "assistant_director",
                "director",
            ]
        ).distinct()


class RoleAssignmentForm(GovukFormMixin, forms.Form):
    role = forms.ChoiceField(choices=ROLE_CHOICES)
    team = forms.ModelChoiceField(
        Team.objects.all(),
        required=False,
        help_text="For team roles; the person's own team if left blank",
    )
    service = forms.ModelChoiceField(
        Service.objects.all(), required=False, help_text="For service managers"
    )
    district = forms.ModelChoiceField(District.objects.all(), required=False)
    area = forms.ModelChoiceField(
        Area.objects.all(), required=False, help_text="For assistant directors"
    )

    def clean(self) -> dict[str, Any]:
        from assure.core.roles import ROLES, Scope

        data = super().clean() or {}
        role = ROLES.get(data.get("role", ""))
        if role is None:
            return data
        needed = {Scope.SERVICE: "service", Scope.DISTRICT: "district", Scope.AREA: "area"}
        field = needed.get(role.scope)
        if field and not data.get(field):
            self.add_error(field, f"Choose the {field} this {role.label.lower()} covers.")
        return data


class CaseForm(GovukFormMixin, forms.ModelForm):
    reference = forms.CharField(max_length=40, help_text="The council's own child reference")
    age_band = forms.ChoiceField(choices=Child.AgeBand.choices)
    allocated_worker = PersonField(
        label="Allocated worker",
        noun="the allocated worker",
        required=False,
        refusal="Choose a practitioner",
    )

    class Meta:
        model = Case
        fields = ["case_type", "team", "allocated_worker", "opened_on", "closed_on"]
        widgets = {
            "opened_on": forms.DateInput(attrs={"type": "date"}),
            "closed_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        worker = self.fields["allocated_worker"]
        assert isinstance(worker, PersonField)
        worker.queryset = User.objects.filter(role_assignments__role="practitioner").distinct()
        if self.instance.pk:
            self.fields["reference"].initial = self.instance.child.reference
            self.fields["reference"].disabled = True
            self.fields["age_band"].initial = self.instance.child.age_band
            self.fields["age_band"].disabled = True


class ImportForm(GovukFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label="What the file holds",
        choices=[
            ("structure", "Structure: areas, districts, services and teams"),
            ("staff", "Staff and their roles"),
        ],
    )
    file = forms.FileField(label="CSV file", help_text="Comma-separated, UTF-8, header in row 1")

    def clean_file(self) -> bytes:
        """The file's bytes: the importer decodes them and names the row where that fails."""
        upload = self.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError("The file is larger than 5 MB. Split it and try again.")
        return bytes(upload.read())


class CaseSearchForm(GovukFormMixin, forms.Form):
    q = forms.CharField(label="Child reference", required=False, max_length=40)
    # Bounded: a number past the database's integer would fail in the query itself.
    team = forms.IntegerField(
        required=False,
        widget=forms.HiddenInput,
        min_value=1,
        max_value=2**63 - 1,
        error_messages={
            "invalid": "The team in the address is not a team number. Choose a team from the list.",
            "min_value": "There is no such team. Choose a team from the list.",
            "max_value": "There is no such team. Choose a team from the list.",
        },
    )
    show = forms.ChoiceField(
        label="Which cases",
        required=False,
        choices=[("open", "Open cases"), ("all", "Open and closed cases")],
        widget=forms.RadioSelect,
    )


class RoleDecisionForm(GovukFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[("approve", "Approve: give the role"), ("refuse", "Refuse")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose approve or refuse"},
    )
    note = forms.CharField(
        label="Note",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Needed when you refuse.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
