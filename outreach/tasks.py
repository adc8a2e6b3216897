"""Background work of « Informer »: the yearly report is slow to render (charts, many pages)."""

from django.tasks import task

from outreach.services.report import report_build


@task()
def build_yearly_report(report_id: int) -> None:
    report_build(report_id)
