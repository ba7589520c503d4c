"""The 13 ZRM life domains and the target groups, as reference data (updated, never deleted)."""

from django.db import migrations


def load(apps, schema_editor):
    from samenkracht.socialmap.domains import LIFE_DOMAINS, TARGET_GROUPS

    LifeDomain = apps.get_model("socialmap", "LifeDomain")
    TargetGroup = apps.get_model("socialmap", "TargetGroup")
    for position, (code, name) in enumerate(LIFE_DOMAINS, start=1):
        LifeDomain.objects.update_or_create(code=code, defaults={"name": name, "position": position})
    for position, (code, name) in enumerate(TARGET_GROUPS, start=1):
        TargetGroup.objects.update_or_create(code=code, defaults={"name": name, "position": position})


class Migration(migrations.Migration):
    dependencies = [("socialmap", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
