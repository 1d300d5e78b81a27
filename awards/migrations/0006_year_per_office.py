"""Every office has its own appraisal years: today's years become the root office's."""

import django.db.models.deletion
from django.db import migrations, models


def years_of_the_root(apps, schema_editor):
    Office = apps.get_model("correspondents", "Office")
    AppraisalYear = apps.get_model("awards", "AppraisalYear")
    root = Office.objects.filter(head_unit__isnull=True).first()
    AppraisalYear.objects.filter(office__isnull=True).update(office=root)


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0005_rule_help"),
        ("correspondents", "0008_root_office"),
    ]

    operations = [
        migrations.AddField(
            model_name="appraisalyear", name="office",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="appraisal_years", to="correspondents.office",
                                    verbose_name="宣传工作机构"),
        ),
        migrations.RunPython(years_of_the_root, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="appraisalyear", name="office",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="appraisal_years",
                                    to="correspondents.office", verbose_name="宣传工作机构",
                                    help_text="每个机构有自己的评选年度、积分规则、奖项和结束评选。"),
        ),
        migrations.AlterField(model_name="appraisalyear", name="year",
                              field=models.PositiveSmallIntegerField(verbose_name="年度")),
        migrations.AddConstraint(
            model_name="appraisalyear",
            constraint=models.UniqueConstraint(fields=("office", "year"), name="appraisal_year_unique_per_office",
                                               violation_error_message="这个机构已经有这一年度了。"),
        ),
    ]
