"""The Annex A demo's volumes and the codes its lists are drawn from, with their weights."""

from __future__ import annotations

import random
from collections.abc import Sequence

UNKNOWN_TEAM = "Out of Hours Duty Team"  # in no structure: the team mapping page lists it

# Monthly flows and standing numbers at full size.
CONTACTS = 1500
REFERRALS = 500
EARLY_HELP = 300
CIN_STOCK, CIN_DAYS = 1600, 220
CP_DAYS = 235
CLA_STOCK, CLA_DAYS, CLA_ARRIVALS = 550, 900, 21
LEAVER_STOCK, LEAVER_DAYS = 400, 1100
ADOPTION_DECISIONS = 1.7

SEASON = {1: 1.04, 4: 0.96, 8: 0.85, 9: 1.08, 10: 1.06, 12: 0.88}

GENDERS = (("a) Male", "Male"), ("b) Female", "Female"), ("c) Not stated/recorded", ""))
GENDER_WEIGHTS = (49, 50, 1)
ETHNICITIES = (
    ("a) WBRI", 76),
    ("b) WIRI", 1),
    ("c) WOTH", 4),
    ("d) WIRT", 0.4),
    ("e) WROM", 0.8),
    ("f) MWBC", 2.5),
    ("g) MWBA", 1),
    ("h) MWAS", 1.5),
    ("i) MOTH", 1.8),
    ("j) AIND", 1.4),
    ("k) APKN", 1.2),
    ("l) ABAN", 0.5),
    ("m) AOTH", 1),
    ("n) BCRB", 0.6),
    ("o) BAFR", 1.6),
    ("p) BOTH", 0.5),
    ("q) CHNE", 0.2),
    ("r) OOTH", 1.2),
    ("s) REFU", 0.8),
    ("s) NOBT", 2),
)
SOURCES = (
    ("a) 1A: Individual", 3),
    ("b) 1B: Individual - family member, relative or carer", 5),
    ("c) 1C: Individual - acquaintance", 1),
    ("d) 1D: Individual - self", 1),
    ("e) 2A: Schools", 18),
    ("f) 2B: Education services", 2),
    ("g) 3A: Health services - GP", 3),
    ("h) 3B: Health services - health visitor", 3),
    ("i) 3C: Health services - school nurse", 1),
    ("j) 3D: Health services - other primary health services", 2),
    ("k) 3E: Health services - A&E", 3),
    ("l) 3F: Health services - other", 3),
    ("m) 4: Housing", 2),
    ("n) 5A: LA services - social care", 7),
    ("o) 5B: LA services - other internal", 3),
    ("p) 5C: LA services - external", 2),
    ("q) 6: Police", 30),
    ("r) 7: Other legal agency", 2),
    ("s) 8: Other", 5),
    ("t) 9: Anonymous", 2),
    ("u) 10: Unknown", 2),
)
NEED_CODES = (
    ("N1", 58),
    ("N2", 4),
    ("N3", 12),
    ("N4", 16),
    ("N5", 1),
    ("N6", 3),
    ("N7", 1),
    ("N8", 3),
    ("N9", 1),
    ("N0", 1),
)
ABUSE = (
    ("Neglect", 49),
    ("Emotional abuse", 38),
    ("Physical abuse", 7),
    ("Sexual abuse", 4),
    ("Multiple", 2),
)
LEGAL = (
    ("C2: Full care order", 55),
    ("C1: Interim care order", 15),
    ("V2: Section 20", 18),
    ("E1: Placement order granted", 8),
    ("J2: Remanded to LA accommodation", 1),
    ("L1: Police protection", 1),
    ("V4: Agreed series of short-term breaks", 2),
)
PLACEMENTS = (
    ("U1: Foster placement with relative or friend - long term", 8),
    ("U3: Foster placement with relative or friend - not long term", 6),
    ("U4: Foster placement with other foster carer - long term", 30),
    ("U6: Foster placement with other foster carer - not long term", 22),
    ("K2: Children's homes", 12),
    ("R1: Placed with own parents", 7),
    ("H5: Semi-independent living accommodation", 7),
    ("A6: Placed for adoption", 3),
    ("P2: Independent living", 2),
    ("Z1: Other placement", 3),
)
PROVIDERS = (
    ("PR1: Own provision (by the LA)", 55),
    ("PR4: Private provision", 40),
    ("PR5: Voluntary/third sector provision", 5),
)
PERMANENCE = (
    ("Adoption", 7),
    ("Long-term fostering", 45),
    ("Return to family", 18),
    ("Special guardianship order", 10),
    ("Child arrangements order", 3),
    ("Supported living in the community", 10),
    ("Residential care", 7),
)
CEASED = (
    ("E11: Adopted", 8),
    ("E12: Special guardianship order", 16),
    ("E13: Left care to live with parents", 32),
    ("E4A: Returned home", 10),
    ("E5: Moved into independent living", 14),
    ("E7: Residential care", 6),
    ("E8: Period of care ceased for any other reason", 14),
)
ACTIVITIES = (
    ("F1: Full time in higher education", 7),
    ("F2: Full time in education other than higher education", 20),
    ("F3: Full time in training or employment", 16),
    ("P1: Part time in higher education", 1),
    ("P2: Part time in education other than higher education", 5),
    ("P3: Part time in training or employment", 7),
    ("G4: Not in education, training or employment - illness or disability", 13),
    ("G5: Not in education, training or employment - other reasons", 24),
    ("G6: Not in education, training or employment - pregnancy or parenting", 7),
)
ACCOMMODATION = (
    ("B: With parents or relatives", 20),
    ("C: Community home", 4),
    ("D: Semi-independent, transitional accommodation", 22),
    ("E: Supported lodgings", 10),
    ("G: Ordinary lodgings", 4),
    ("K: Independent living", 28),
    ("S: Staying put with former foster carers", 10),
    ("T: Emergency accommodation", 2),
)
CIN_CLOSURE = (
    ("RC1: Adopted", 1),
    ("RC4: Transferred to another LA", 5),
    ("RC7: Case closed after assessment, no further action", 15),
    ("RC8: Case closed after assessment, referred to early help", 24),
    ("RC9: Case closed: child's needs met", 55),
)
EH_ORGS = (("School", 45), ("Early help service", 35), ("Health visitor", 12), ("Other", 8))
BAND_YEARS = {
    "under_1": (0, 0),
    "1_4": (1, 4),
    "5_9": (5, 9),
    "10_15": (10, 15),
    "16_17": (16, 17),
    "18_plus": (18, 20),
}
LA_PLACEMENT = ("Wealdshire", "Wealdshire", "Wealdshire", "Neighbouring county")

# Annex A team spellings that differ from the authority's own (all still match).
SPELLINGS = {
    "Care Leavers North and East": "CARE LEAVERS NORTH AND EAST",
    "Care Leavers South and West": "care leavers south and west",
    "Brockley Vale Family Support": "Brockley Vale  Family Support",
    "Dunhollow Children in Care": "Dunhollow\xa0Children in Care",
    "Fostering": " Fostering ",
}


def pick(rng: random.Random, options: Sequence[tuple[str, float]]) -> str:
    return rng.choices([o[0] for o in options], [o[1] for o in options])[0]
