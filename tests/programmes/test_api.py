"""The contract's programme API: each endpoint, its errors by field, and partner scoping."""

from __future__ import annotations

from typing import Any

from assure.core.models import AuditEvent
from assure.programmes.models import Programme
from tests.conftest import World

from .conftest import api_client, post

BASE = "/api/v1/programmes"


def test_create_then_list_and_read(world: World) -> None:
    qa = api_client(world, "qa_pdm")
    made = post(
        qa,
        BASE,
        {
            "kind": "thematic",
            "title": "Neglect",
            "starts_on": "2026-10-01",
            "ends_on": "2026-12-31",
            "lead": "principal_social_worker",
        },
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["kind"] == "thematic" and body["district"] is None
    assert body["lead"] == "principal_social_worker"
    assert body["findings"] == [] and body["actions"] == []
    listed = qa.get(BASE, {"kind": "thematic", "status": "planned"}).json()
    assert [p["id"] for p in listed] == [body["id"]]
    assert listed[0]["findings"] == 0 and listed[0]["actions"] == 0
    assert qa.get(BASE, {"kind": "coa"}).json() == []
    assert qa.get(f"{BASE}/{body['id']}").json()["title"] == "Neglect"


def test_bad_input_names_the_field(world: World) -> None:
    qa = api_client(world, "qa_pdm")
    good = {"kind": "coa", "title": "X", "starts_on": "2026-10-01", "ends_on": "2026-10-05"}
    for change, field in [
        ({"kind": "picnic"}, "kind"),
        ({"title": " "}, "title"),
        ({"ends_on": "2026-09-01"}, "ends_on"),
        ({"district": "Atlantis"}, "district"),
        ({"lead": "ghost"}, "lead"),
    ]:
        answer = post(qa, BASE, {**good, **change})
        assert answer.status_code == 400, change
        assert field in answer.json()["detail"], (change, answer.json())
    assert qa.get(BASE, {"kind": "picnic"}).status_code == 400
    assert Programme.objects.count() == 0


def test_only_the_qa_unit_and_senior_leaders_create(world: World) -> None:
    body = {"kind": "coa", "title": "X", "starts_on": "2026-10-01", "ends_on": "2026-10-05"}
    assert post(api_client(world, "practitioner"), BASE, body).status_code == 403
    assert post(api_client(world, "partner"), BASE, body).status_code == 403
    assert post(api_client(world, "director"), BASE, body).status_code == 201


def test_members_lines_findings_and_actions(world: World, coa: Programme) -> None:
    qa = api_client(world, "qa_pdm")
    url = f"{BASE}/{coa.pk}"
    assert post(qa, f"{url}/members", {"username": "partner", "role": "partner"}).status_code == 201
    bad = post(qa, f"{url}/members", {"username": "partner", "role": "boss"})
    assert bad.status_code == 400 and "role" in bad.json()["detail"]
    line = post(
        qa,
        f"{url}/lines",
        {
            "text": "Is the child's voice heard?",
            "evidence": [{"type": "note", "ref": "x", "text": "y"}],
        },
    )
    assert line.status_code == 201
    assert line.json()["evidence"] == [{"type": "note", "ref": "x", "text": "y"}]
    bad = post(qa, f"{url}/lines", {"text": "Z", "evidence": [{"type": "note"}]})
    assert bad.status_code == 400 and "evidence.0" in bad.json()["detail"]
    finding = post(
        qa, f"{url}/findings", {"text": "Good plans", "theme": "planning", "kind": "strength"}
    )
    assert finding.status_code == 201
    bad = post(qa, f"{url}/findings", {"text": "T", "theme": "planning", "kind": "meh"})
    assert bad.status_code == 400 and "kind" in bad.json()["detail"]
    action = post(
        qa,
        f"{url}/actions",
        {"description": "Share the learning", "owner": "team_manager", "due_date": "2099-01-01"},
    )
    assert action.status_code == 201, action.content
    bad = post(
        qa, f"{url}/actions", {"description": "X", "owner": "ghost", "due_date": "2099-01-01"}
    )
    assert bad.status_code == 400 and "owner" in bad.json()["detail"]
    got = qa.get(url).json()
    assert got["members"] == [{"username": "partner", "role": "partner"}]
    assert got["lines_of_enquiry"][0]["text"] == "Is the child's voice heard?"
    assert got["findings"] == [
        {"id": finding.json()["id"], "text": "Good plans", "theme": "planning", "kind": "strength"}
    ]
    assert got["actions"] == [action.json()["id"]]
    listed = qa.get(BASE).json()
    assert listed[0]["findings"] == 1 and listed[0]["actions"] == 1


def test_sample_draws_open_cases_of_the_district_seeded(world: World, coa: Programme) -> None:
    qa = api_client(world, "qa_pdm")
    drawn = post(qa, f"{BASE}/{coa.pk}/sample", {"size": 10, "seed": 7})
    assert drawn.status_code == 201, drawn.content
    # District A: team A's two cases and the early help case; never district B's.
    assert sorted(drawn.json()["cases"]) == ["REF-EARLY_HELP", "REF-OWN", "REF-TEAM"]
    assert "seed 7" in next(iter(drawn.json()["reasons"].values()))
    again = post(qa, f"{BASE}/{coa.pk}/sample", {"size": 1})
    assert again.status_code == 400 and "size" in again.json()["detail"]  # none left
    assert sorted(qa.get(f"{BASE}/{coa.pk}").json()["cases"]) == sorted(drawn.json()["cases"])
    bad = post(qa, f"{BASE}/{coa.pk}/sample", {"size": 1, "age_band": "ancient"})
    assert bad.status_code == 400 and "age_band" in bad.json()["detail"]
    bad = post(qa, f"{BASE}/{coa.pk}/sample", {"size": 0})
    assert bad.status_code == 400 and "size" in bad.json()["detail"]


def test_same_seed_same_sample(world: World, coa: Programme) -> None:
    from assure.programmes import services

    other = services.programme_create(
        actor=world.user("qa_pdm"),
        kind="coa",
        title="Again",
        starts_on="2026-10-05",
        ends_on="2026-10-09",
        district=world.district_a.name,
    )
    qa = api_client(world, "qa_pdm")
    one = post(qa, f"{BASE}/{coa.pk}/sample", {"size": 1, "seed": 3, "team": "A Family Support"})
    two = post(qa, f"{BASE}/{other.pk}/sample", {"size": 1, "seed": 3, "team": "A Family Support"})
    assert one.json()["cases"] == two.json()["cases"]


def test_partner_sees_only_their_programme_and_its_cases(world: World, coa: Programme) -> None:
    qa = api_client(world, "qa_pdm")
    post(qa, f"{BASE}/{coa.pk}/sample", {"size": 1, "seed": 1, "team": "A Family Support"})
    hidden = post(
        qa,
        BASE,
        {"kind": "thematic", "title": "Hidden", "starts_on": "2026-10-01", "ends_on": "2026-10-02"},
    ).json()
    partner = api_client(world, "partner")
    assert partner.get(BASE).json() == []
    assert partner.get(f"{BASE}/{coa.pk}").status_code == 404
    post(qa, f"{BASE}/{coa.pk}/members", {"username": "partner", "role": "partner"})
    told = partner.get("/api/v1/notifications").json()
    assert told and told[0]["link"] == f"/programmes/{coa.pk}/"
    assert [p["id"] for p in partner.get(BASE).json()] == [coa.pk]
    seen = partner.get(f"{BASE}/{coa.pk}")
    assert seen.status_code == 200 and len(seen.json()["cases"]) == 1
    assert partner.get(f"{BASE}/{hidden['id']}").status_code == 404
    # Nothing else: no audit, no case, no meeting.
    assert partner.get("/api/v1/audits").json() == []
    assert partner.get("/api/v1/audits/1").status_code == 404
    assert partner.get("/api/v1/meetings").json() == []
    # A partner reads; running the programme is for its team.
    refused = post(
        partner, f"{BASE}/{coa.pk}/findings", {"text": "T", "theme": "t", "kind": "strength"}
    )
    assert refused.status_code == 403
    shown = AuditEvent.objects.filter(
        actor=world.user("partner"), action=AuditEvent.Action.VIEW, object_id=str(coa.pk)
    )
    assert shown.exists(), "a partner's view of the sample must be in the trail"


def test_others_get_404_for_a_programme_they_are_not_in(world: World, coa: Programme) -> None:
    for role in ("practitioner", "team_manager", "elected_member", "nobody"):
        client = api_client(world, role)
        assert client.get(f"{BASE}/{coa.pk}").status_code == 404, role
        assert post(client, f"{BASE}/{coa.pk}/lines", {"text": "x"}).status_code == 404, role
        assert client.get(BASE).json() == [], role


def test_suggestions_from_grade_and_alert_clusters(world: World, monkeypatch: Any) -> None:
    from assure.programmes import suggestions as module

    monkeypatch.setattr(module, "_red_indicators", lambda: [])
    qa = api_client(world, "qa_pdm")
    assert qa.get(f"{BASE}/suggestions").json() == []
    assert qa.get(f"{BASE}/suggestions", {"district": "Atlantis"}).status_code == 400
    assert api_client(world, "practitioner").get(f"{BASE}/suggestions").status_code == 403
    monkeypatch.setattr(
        module,
        "_alert_clusters",
        lambda district, since: [
            {
                "text": "Alerts in A",
                "evidence": [{"type": "practice_alerts", "ref": "A", "text": "3"}],
            }
        ],
    )
    got = qa.get(f"{BASE}/suggestions", {"district": "District A"}).json()
    assert got[0]["text"] == "Alerts in A" and got[0]["evidence"][0]["type"] == "practice_alerts"


def test_a_partner_reads_the_cases_of_their_sample_and_no_other(
    world: World, coa: Programme
) -> None:
    qa = api_client(world, "qa_pdm")
    post(qa, f"{BASE}/{coa.pk}/sample", {"size": 1, "seed": 1, "team": "A Family Support"})
    sampled = coa.sampled.get().case.child.reference
    other = next(r for r in ("REF-OWN", "REF-TEAM") if r != sampled)
    partner = api_client(world, "partner")
    assert partner.get(f"/api/v1/cases/{sampled}").status_code == 404
    post(qa, f"{BASE}/{coa.pk}/members", {"username": "partner", "role": "partner"})
    seen = partner.get(f"/api/v1/cases/{sampled}")
    assert seen.status_code == 200
    assert seen.json()["programmes"] == [{"id": coa.pk, "kind": "coa", "title": coa.title}]
    for ref in (other, "REF-OTHER_AREA", "NO-SUCH"):
        assert partner.get(f"/api/v1/cases/{ref}").status_code == 404, ref
    # Staff read by their scope: the practitioner their own case, not another area's.
    practitioner = api_client(world, "practitioner")
    assert practitioner.get("/api/v1/cases/REF-OWN").json()["programmes"] == []
    assert practitioner.get("/api/v1/cases/REF-OTHER_AREA").status_code == 404
    assert AuditEvent.objects.filter(
        actor=world.user("partner"), child_ref=sampled, action=AuditEvent.Action.VIEW
    ).exists()


def test_a_senior_leader_who_starts_one_for_another_lead_still_runs_it(world: World) -> None:
    director = api_client(world, "director")
    made = post(
        director,
        BASE,
        {
            "kind": "learning_event",
            "title": "North event",
            "starts_on": "2026-11-02",
            "ends_on": "2026-11-02",
            "district": "District A",
            "lead": "assistant_director",
        },
    ).json()
    assert made["district"] == "District A" and made["lead"] == "assistant_director"
    added = post(
        director, f"{BASE}/{made['id']}/members", {"username": "team_manager", "role": "member"}
    )
    assert added.status_code == 201
    lead = api_client(world, "assistant_director")
    assert post(lead, f"{BASE}/{made['id']}/lines", {"text": "What works?"}).status_code == 201
