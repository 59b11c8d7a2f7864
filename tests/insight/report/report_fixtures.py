"""A small hand-made Annex A whose report is known exactly (D = 30/09/2026).

The window W is 01/04/2026 .. 30/09/2026. Bank holidays in play: Good Friday
3 April and Easter Monday 6 April 2026.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tests.insight.annex_builders import write_csv_folder

D = date(2026, 9, 30)
CID = "Child Unique ID"
TEAM = "Allocated Team"

LISTS: dict[int, list[dict[str, object]]] = {
    1: [
        {CID: "C1", "Date of Contact": "01/04/2026", "Contact Source": "q) 6: Police"},
        {CID: "C2", "Date of Contact": "15/06/2026", "Contact Source": "6: Police"},
        {CID: "C3", "Date of Contact": "20/07/2026", "Contact Source": "g) 3A: Health services"},
        {CID: "C4", "Date of Contact": "31/03/2026", "Contact Source": "q) 6: Police"},
    ],
    3: [
        {
            CID: "C1",
            "Gender": "a) Male",
            "Ethnicity": "a) WBRI",
            "Date of Birth": "01/01/2020",
            "Date of referral": "02/04/2026",
            "Referral Source": "q) 6: Police",
            "Referral NFA?": "No",
            "Number of Referrals in Last 12 Months": "1",
            TEAM: "Team A",
        },
        {
            CID: "C2",
            "Gender": "b) Female",
            "Ethnicity": "BAFR",
            "Date of Birth": "01/03/2026",
            "Date of referral": "10/05/2026",
            "Referral Source": "g) 3A: Health services",
            "Referral NFA?": "Yes",
            "Number of Referrals in Last 12 Months": "0",
            TEAM: "Team A",
        },
        {
            CID: "C5",
            "Gender": "Female",
            "Ethnicity": "s) REFU",
            "Age of Child (Years)": "16",
            "Date of referral": "11/06/2026",
            "Referral Source": "",
            "Referral NFA?": "No",
            "Number of Referrals in Last 12 Months": "2",
            TEAM: "Team B",
        },
        {
            CID: "C6",
            "Date of referral": "31/03/2026",
            "Referral NFA?": "No",
            "Number of Referrals in Last 12 Months": "0",
            TEAM: "Team B",
        },
    ],
    4: [
        # wd(start, authorisation): 0, 8 (Easter in between), 45, 46; a blank start; one before W.
        {
            CID: "A1",
            "Continuous Assessment Start Date": "01/04/2026",
            "Continuous Assessment Date of Authorisation": "01/04/2026",
            "Child Seen During Continuous Assessment": "Yes",
            TEAM: "Team A",
        },
        {
            CID: "A2",
            "Continuous Assessment Start Date": "01/04/2026",
            "Continuous Assessment Date of Authorisation": "15/04/2026",
            "Child Seen During Continuous Assessment": "Yes",
            TEAM: "Team A",
        },
        {
            CID: "A3",
            "Continuous Assessment Start Date": "01/04/2026",
            "Continuous Assessment Date of Authorisation": "09/06/2026",
            "Child Seen During Continuous Assessment": "Yes",
            TEAM: "Team A",
        },
        {
            CID: "A4",
            "Continuous Assessment Start Date": "01/04/2026",
            "Continuous Assessment Date of Authorisation": "10/06/2026",
            "Child Seen During Continuous Assessment": "No",
            TEAM: "Team B",
        },
        {
            CID: "A5",
            "Continuous Assessment Start Date": "",
            "Continuous Assessment Date of Authorisation": "30/06/2026",
            "Child Seen During Continuous Assessment": "No",
            TEAM: "Team B",
        },
        {
            CID: "A6",
            "Continuous Assessment Start Date": "01/02/2026",
            "Continuous Assessment Date of Authorisation": "31/03/2026",
            "Child Seen During Continuous Assessment": "No",
            TEAM: "Team B",
        },
    ],
    5: [
        # wd(strategy, ICPC): 0, 15, 16; one without a conference.
        {
            CID: "S1",
            "Strategy discussion initiating Section 47 Enquiry Start Date": "01/06/2026",
            "Date of Initial Child Protection Conference": "01/06/2026",
            "Did the Initial Child Protection Conference Result in a Child Protection Plan": "Yes",
            "Number of Section 47 Enquiries in the last 12 months": "1",
        },
        {
            CID: "S2",
            "Strategy discussion initiating Section 47 Enquiry Start Date": "01/06/2026",
            "Date of Initial Child Protection Conference": "22/06/2026",
            "Did the Initial Child Protection Conference Result in a Child Protection Plan": "No",
            "Number of Section 47 Enquiries in the last 12 months": "0",
        },
        {
            CID: "S3",
            "Strategy discussion initiating Section 47 Enquiry Start Date": "01/06/2026",
            "Date of Initial Child Protection Conference": "23/06/2026",
            "Did the Initial Child Protection Conference Result in a Child Protection Plan": "Yes",
            "Number of Section 47 Enquiries in the last 12 months": "",
        },
        {
            CID: "S4",
            "Strategy discussion initiating Section 47 Enquiry Start Date": "01/06/2026",
            "Date of Initial Child Protection Conference": "",
            "Did the Initial Child Protection Conference Result in a Child Protection Plan": "",
            "Number of Section 47 Enquiries in the last 12 months": "0",
        },
    ],
    6: [
        {
            CID: "N1",
            "Gender": "Male",
            "Ethnicity": "MWBC",
            "Date of Birth": "30/09/2015",
            "CIN Start Date": "01/01/2026",
            "Date Child Was Last Seen": "20/09/2026",
            "CIN Closure Date": "",
            "Case Status": "c) Child in need plan",
        },
    ],
    7: [
        {
            CID: "P1",
            "Gender": "Female",
            "Date of Birth": "05/05/2018",
            "Child Protection Plan Start Date": "01/01/2024",
            "Date of the Last Statutory Visit": "25/09/2026",
            "Child Protection Plan End Date": "",
            "Number of Previous Child Protection Plans": "1",
        },
        {
            CID: "P2",
            "Gender": "a) Male",
            "Age of Child (Years)": "3",
            "Child Protection Plan Start Date": "01/07/2026",
            "Date of the Last Statutory Visit": "01/08/2026",
            "Child Protection Plan End Date": "",
            "Number of Previous Child Protection Plans": "0",
        },
    ],
    8: [
        {
            CID: "L1",
            "Date Started to be Looked After": "01/01/2025",
            "Date Ceased to be Looked After": "",
            "Number of Placements in the Last 12 months": "3",
            "Placement Type": "U1: Foster placement with relative or friend",
            "Is this a second or subsequent period of being a Looked After Child within "
            "the last 12 months (Y/N)": "No",
            "Date of Last Social Work Visit": "01/09/2026",
            "Date of Latest Statutory Review": "01/05/2026",
            "Date of Last Health Assessment": "01/01/2026",
        },
        {
            CID: "L2",
            "Date Started to be Looked After": "01/06/2026",
            "Date Ceased to be Looked After": "",
            "Number of Placements in the Last 12 months": "1",
            "Placement Type": "K2: Children's home",
            "Is this a second or subsequent period of being a Looked After Child within "
            "the last 12 months (Y/N)": "a) Yes",
            "Date of Last Social Work Visit": "01/08/2026",
            "Date of Latest Statutory Review": "",
            "Date of Last Health Assessment": "",
        },
        {
            CID: "L3",
            "Date Started to be Looked After": "01/01/2025",
            "Date Ceased to be Looked After": "01/03/2026",
            "Number of Placements in the Last 12 months": "1",
            "Placement Type": "K2: Children's home",
            "Date of Last Social Work Visit": "",
            "Date of Latest Statutory Review": "",
            "Date of Last Health Assessment": "",
        },
    ],
    9: [
        {
            CID: "Y1",
            "LA in Touch": "Yes",
            "Suitability of Accommodation": "a) Suitable",
            "Activity Status": "F1: Full time in higher education",
        },
        {
            CID: "Y2",
            "LA in Touch": "No",
            "Suitability of Accommodation": "Unsuitable",
            "Activity Status": "G4",
        },
        {
            CID: "Y3",
            "LA in Touch": "Y",
            "Suitability of Accommodation": "Suitable",
            "Activity Status": "P2",
        },
        {
            CID: "Y4",
            "LA in Touch": "yes",
            "Suitability of Accommodation": "",
            "Activity Status": "",
        },
    ],
    10: [
        {
            CID: "D1",
            "Date the Child Entered Care": "01/01/2025",
            "Date Placed for Adoption": "01/06/2026",
            "Date of Placement Order": "01/02/2026",
            "Date of Matching Child and Prospective Adopters": "01/05/2026",
        },
        {
            CID: "D2",
            "Date the Child Entered Care": "01/09/2025",
            "Date Placed for Adoption": "01/07/2026",
            "Date of Placement Order": "01/03/2026",
            "Date of Matching Child and Prospective Adopters": "15/06/2026",
        },
    ],
}


def write_annex(folder: Path) -> Path:
    return write_csv_folder(folder, LISTS)
