"""The shared list of themes the QA unit starts from (it edits them later)."""

from typing import Any

from django.db import migrations

THEMES = [
    ("Being listened to", "listen,listened,heard,ignored,voice"),
    ("Communication", "communication,call back,phone,email,told,letter,kept informed"),
    ("Consistency of worker", "new worker,changed worker,different worker,keep changing"),
    ("Timeliness", "late,delay,waited,waiting,slow,on time,quickly"),
    ("Meetings and conferences", "meeting,conference,review,chair"),
    ("Plans", "plan,planning,goals"),
    ("Support received", "support,helped,help,supportive"),
    ("Respect and kindness", "kind,respect,rude,caring,polite"),
    ("Participation", "involved,participate,my views,chair my,have a say"),
    ("Training and development", "training,course,learning,supervision"),
    ("Workload", "workload,caseload,busy,pressure"),
    ("Partnership working", "school,police,health,partner,agency"),
    ("Contact and family time", "contact,family time,see my"),
    ("Placements and moving", "placement,foster,moved,home"),
]


def add_themes(apps: Any, schema_editor: Any) -> None:
    Theme = apps.get_model("feedback", "Theme")
    for name, keywords in THEMES:
        Theme.objects.get_or_create(name=name, defaults={"keywords": keywords})


class Migration(migrations.Migration):
    dependencies = [("feedback", "0001_initial")]

    operations = [migrations.RunPython(add_themes, migrations.RunPython.noop)]
