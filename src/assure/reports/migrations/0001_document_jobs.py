
import assure.core.fields
import django.db.models.deletion
import uuid
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='DocumentJob',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('token', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('kind', models.CharField(max_length=40)),
                ('params', models.JSONField(default=dict)),
                ('title', models.CharField(max_length=200)),
                ('created_at', assure.core.fields.StampField(auto_now_add=True)),
                ('status', models.CharField(choices=[('queued', 'Waiting to start'), ('running', 'Being made'), ('done', 'Ready'), ('failed', 'Could not be made')], default='queued', max_length=10)),
                ('progress', models.PositiveSmallIntegerField(default=0, help_text='Per cent done.')),
                ('message', models.CharField(blank=True, max_length=300)),
                ('filename', models.CharField(blank=True, max_length=200)),
                ('content_type', models.CharField(blank=True, max_length=120)),
                ('storage_path', models.CharField(blank=True, max_length=200)),
                ('size', models.PositiveIntegerField(default=0)),
                ('finished_at', models.DateTimeField(blank=True, null=True)),
                ('updated_at', models.DateTimeField(blank=True, null=True)),
                ('requested_by', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='document_jobs', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-created_at', '-pk'],
                'indexes': [models.Index(fields=['requested_by', 'kind', 'status'], name='reports_doc_request_2a9a5e_idx'), models.Index(fields=['status', 'updated_at'], name='reports_doc_status_1dc1ae_idx')],
            },
        ),
    ]
