
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('insight', '0004_import_report_summary'),
    ]

    operations = [
        migrations.AddField(
            model_name='annexaimportjob',
            name='updated_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
    ]
