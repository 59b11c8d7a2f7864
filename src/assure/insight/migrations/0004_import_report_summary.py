
from django.db import migrations, models

SHOWN = 1000


def count_and_cap(apps, schema_editor):
    """Snapshots imported before contract 1.1 kept every problem in the row: count them,
    keep the first 1,000 (their summary is empty; a new import gives one)."""
    Snapshot = apps.get_model("insight", "AnnexASnapshot")
    for snapshot in Snapshot.objects.only("pk", "problems").iterator():
        problems = snapshot.problems or []
        Snapshot.objects.filter(pk=snapshot.pk).update(
            problems_total=len(problems), problems=problems[:SHOWN]
        )


class Migration(migrations.Migration):

    dependencies = [
        ('insight', '0003_stamps_follow_the_clock'),
    ]

    operations = [
        migrations.AddField(
            model_name='annexasnapshot',
            name='problem_summary',
            field=models.JSONField(default=list),
        ),
        migrations.AddField(
            model_name='annexasnapshot',
            name='problems_total',
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.RunPython(count_and_cap, migrations.RunPython.noop),
    ]
