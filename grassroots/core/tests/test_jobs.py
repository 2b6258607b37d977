import pytest
from django.urls import reverse

from grassroots.core.jobs import job_handler, job_start
from grassroots.core.models import Job, JobStatus, LogEntry

pytestmark = pytest.mark.django_db


@job_handler("test.count")
def _count(job, progress):
    progress.set_total(job.params["n"])
    for _ in range(job.params["n"]):
        progress.advance(1, "计数中")
    job.result = {"summary": "数完了"}
    progress.attach("结果.txt", "完成".encode())


@job_handler("test.fail")
def _fail(job, progress):
    raise ValueError("文件第3行有误")


def test_a_job_runs_after_commit_and_offers_its_file(world, django_capture_on_commit_callbacks):
    user = world.users["county"]
    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(actor=user, kind="test.count", title="计数", params={"n": 3})
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.progress == 3 and job.percent == 100
    assert (
        LogEntry.objects.filter(action_type="core.job.started", object_id=str(job.pk)).count() == 1
    )
    client = world.client("county")
    page = client.get(reverse("core:job_detail", args=[job.pk])).content.decode()
    assert "数完了" in page and "结果.txt" in page
    download = client.get(reverse("core:job_download", args=[job.pk]))
    assert b"".join(download.streaming_content).decode() == "完成"
    # Someone else's job is not there at all.
    assert (
        world.client("township").get(reverse("core:job_detail", args=[job.pk])).status_code == 404
    )


def test_a_failing_job_is_marked_failed_with_the_reason(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(actor=world.users["county"], kind="test.fail", title="失败", params={})
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "文件第3行有误" in job.message


def test_unknown_kind_is_refused_at_once(world):
    with pytest.raises(KeyError):
        job_start(actor=world.users["county"], kind="no.such", title="x", params={})
    assert not Job.objects.exists()
