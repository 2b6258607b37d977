"""Seed the holiday table (core.HolidayYear / core.CalendarDay) from the chinese-calendar
package: the years it knows (2004–2026 for version 1.11). Years already in the table
(entered by an administrator) are left alone; later years are added on the holiday page."""

from django.db import migrations


def seed(apps, schema_editor):  # type: ignore[no-untyped-def]
    from grassroots.core.calendar import seed_from_package

    seed_from_package(apps.get_model("core", "HolidayYear"), apps.get_model("core", "CalendarDay"))


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("notices", "0001_initial"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
