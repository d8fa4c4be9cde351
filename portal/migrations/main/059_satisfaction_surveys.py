"""059_satisfaction_surveys: the provider's survey questions, invitations (hot and cold) and answers that
belong to nobody once their round closes."""

from contextlib import suppress

import peewee as pw
from peewee_migrate import Migrator


with suppress(ImportError):
    import playhouse.postgres_ext as pw_pext


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    @migrator.create_model
    class SurveyQuestion(pw.Model):
        id = pw.AutoField()
        kind = pw.CharField(max_length=8)
        position = pw.IntegerField()
        prompt = pw.CharField(max_length=300)
        answer_kind = pw.CharField(max_length=8)
        retired = pw.BooleanField(default=False)
        created_at = pw.DateTimeField()

        class Meta:
            table_name = "survey_question"

    @migrator.create_model
    class SurveyInvitation(pw.Model):
        id = pw.AutoField()
        account_id = pw.UUIDField(index=True)
        session = pw.ForeignKeyField(column_name='session_id', field='id', model=migrator.orm['training_session'],
                                     on_delete='CASCADE')
        kind = pw.CharField(max_length=8)
        sent_on = pw.DateField()
        closes_on = pw.DateField(index=True)
        answered = pw.BooleanField(default=False)
        reminded_on = pw.DateField(null=True)
        closed = pw.BooleanField(default=False)

        class Meta:
            table_name = "survey_invitation"
            indexes = ((("account_id", "session", "kind"), True),)

    @migrator.create_model
    class SurveyResponse(pw.Model):
        id = pw.AutoField()
        course = pw.ForeignKeyField(column_name='course_id', field='id', model=migrator.orm['course'],
                                    on_delete='CASCADE')
        session = pw.ForeignKeyField(column_name='session_id', field='id', model=migrator.orm['training_session'],
                                     null=True, on_delete='SET NULL')
        kind = pw.CharField(max_length=8)
        month = pw.CharField(max_length=7)
        invitation = pw.ForeignKeyField(column_name='invitation_id', field='id', model=SurveyInvitation, null=True,
                                        unique=True, on_delete='SET NULL')

        class Meta:
            table_name = "survey_response"

    @migrator.create_model
    class SurveyAnswer(pw.Model):
        id = pw.AutoField()
        response = pw.ForeignKeyField(column_name='response_id', field='id', model=SurveyResponse,
                                      on_delete='CASCADE')
        question = pw.ForeignKeyField(column_name='question_id', field='id', model=SurveyQuestion,
                                      on_delete='CASCADE')
        scale = pw.IntegerField(null=True)
        text = pw.TextField(default="")

        class Meta:
            table_name = "survey_answer"


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    migrator.remove_model('survey_answer')
    migrator.remove_model('survey_response')
    migrator.remove_model('survey_invitation')
    migrator.remove_model('survey_question')
