"""The 2-character search reads its first page in index order (target P2); the roster loses three unused indexes.

``MemberNameGram`` gains ``rk``, ``name_pinyin`` and ``unit`` (filled here from the members) and one unique index
(gram, rk, name_pinyin, member, unit) in place of (gram, member). ``Member.name_pinyin``, ``name_initials`` and
``phone_rev`` keep one index each instead of a plain b-tree plus a ``varchar_pattern_ops`` twin; those and the
4-character ID-tail index also carry what a ranked page needs (pinyin, id, union), so that a search reads its first page
from indexes alone (``selectors.RankTiers``).
"""

import django.db.models.deletion
from django.db import migrations, models

BACKFILL_POSTGRES = """
UPDATE members_membernamegram AS g
   SET rk = CASE WHEN m.name = g.gram THEN 0 WHEN substr(m.name, 1, length(g.gram)) = g.gram THEN 1 ELSE 2 END,
       name_pinyin = m.name_pinyin,
       unit_id = m.unit_id
  FROM members_member AS m
 WHERE m.id = g.member_id
"""
BACKFILL_OTHER = """
UPDATE members_membernamegram
   SET rk = (SELECT CASE WHEN m.name = members_membernamegram.gram THEN 0
                         WHEN substr(m.name, 1, length(members_membernamegram.gram)) = members_membernamegram.gram
                         THEN 1 ELSE 2 END
               FROM members_member AS m WHERE m.id = members_membernamegram.member_id),
       name_pinyin = (SELECT m.name_pinyin FROM members_member AS m WHERE m.id = members_membernamegram.member_id),
       unit_id = (SELECT m.unit_id FROM members_member AS m WHERE m.id = members_membernamegram.member_id)
"""


def backfill(apps, schema_editor):
    sql = BACKFILL_POSTGRES if schema_editor.connection.vendor == "postgresql" else BACKFILL_OTHER
    schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0007_member_stats_parts"),
        ("orgs", "0002_path_prefix_index"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="membernamegram",
            name="members_gram_member_uniq",
        ),
        migrations.AddField(
            model_name="membernamegram",
            name="rk",
            field=models.PositiveSmallIntegerField(default=2),
        ),
        migrations.AddField(
            model_name="membernamegram",
            name="name_pinyin",
            field=models.CharField(default="", max_length=128),
        ),
        migrations.AddField(
            model_name="membernamegram",
            name="unit",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="orgs.orgunit",
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="membernamegram",
            name="unit",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="orgs.orgunit",
            ),
        ),
        migrations.AddConstraint(
            model_name="membernamegram",
            constraint=models.UniqueConstraint(
                fields=("gram", "rk", "name_pinyin", "member", "unit"), name="members_gram_rank_uniq"
            ),
        ),
        migrations.AlterField(
            model_name="member",
            name="name_initials",
            field=models.CharField(max_length=32),
        ),
        migrations.AlterField(
            model_name="member",
            name="name_pinyin",
            field=models.CharField(max_length=128),
        ),
        migrations.AlterField(
            model_name="member",
            name="phone_rev",
            field=models.CharField(blank=True, max_length=11),
        ),
        migrations.AddIndex(
            model_name="member",
            index=models.Index(
                fields=["name_pinyin", "id", "unit", "name_initials"],
                name="members_pinyin_search_idx",
                opclasses=["varchar_pattern_ops", "int8_ops", "int8_ops", "text_ops"],
            ),
        ),
        migrations.AddIndex(
            model_name="member",
            index=models.Index(
                fields=["name_initials", "name_pinyin", "id", "unit"],
                name="members_initials_search_idx",
                opclasses=["varchar_pattern_ops", "text_ops", "int8_ops", "int8_ops"],
            ),
        ),
        migrations.AddIndex(
            model_name="member",
            index=models.Index(
                fields=["phone_rev", "name_pinyin", "id", "unit"],
                name="members_phone_search_idx",
                opclasses=["varchar_pattern_ops", "text_ops", "int8_ops", "int8_ops"],
            ),
        ),
        migrations.RemoveIndex(model_name="member", name="members_id_tail4_idx"),
        migrations.AddIndex(
            model_name="member",
            index=models.Index(fields=["id_tail4", "name_pinyin", "id", "unit"], name="members_tail4_search_idx"),
        ),
    ]
