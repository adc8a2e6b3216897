"""Admin of « Prévenir »: the survey questionnaires (sections and questions) only.

Answers, codes and campaigns are not registered: nobody browses anonymous answers one by one."""

from django.contrib import admin

from directory.admin import AuditedAdminMixin
from prevention.models import Question, Questionnaire, Section


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0
    fields = ["title", "order"]


@admin.register(Questionnaire)
class QuestionnaireAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["title", "district", "audience", "is_active"]
    list_filter = ["district", "is_active"]
    inlines = [SectionInline]


@admin.register(Question)
class QuestionAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["text", "section", "kind", "index_role", "order"]
    list_filter = ["kind", "index_role", "section__questionnaire"]
