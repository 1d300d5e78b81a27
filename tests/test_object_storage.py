"""Uploaded files in S3-compatible object storage (DJANGO_STORAGE=s3), against an S3 API server that
runs offline inside the test (moto's server mode): stored under generated names in a private
bucket, served only through the views that check who may see them."""

import socket
import urllib.request

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from contributions.models import Attachment, State
from tests.conftest import page_text
from tests.factories import ContributionFactory

pytestmark = pytest.mark.django_db
BUCKET = "renda-uploads"


@pytest.fixture
def s3(settings):
    from moto.server import ThreadedMotoServer

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    # moto keeps its buckets per process, not per server: start every test from an empty store.
    urllib.request.urlopen(urllib.request.Request(f"{endpoint}/moto-api/reset", method="POST"))
    keys = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing", "region_name": "us-east-1"}
    client = boto3.client("s3", endpoint_url=endpoint, **keys)
    client.create_bucket(Bucket=BUCKET)
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {"bucket_name": BUCKET, "endpoint_url": endpoint, "region_name": "us-east-1",
                    "access_key": "testing", "secret_key": "testing", "default_acl": "private",
                    "querystring_auth": True, "file_overwrite": False, "location": "uploads"},
    }}
    yield client
    server.stop()


def test_an_attachment_goes_to_the_bucket_and_comes_back_only_to_those_who_may_see_it(
    s3, correspondent, other_correspondent, editor
):
    piece = ContributionFactory(state=State.DRAFT, authors=[correspondent], credited_unit=correspondent.unit)
    owner = Client()
    owner.force_login(correspondent.user)
    owner.post(reverse("portal:contribution-edit", args=[piece.pk]), {
        "title": piece.title, "genre": "news", "body": "正文", "credited_unit": correspondent.unit_id,
        "co_authors": "", "shares": "", "attachments": [SimpleUploadedFile("调研报告.pdf", b"%PDF-1.4 in the bucket")]})
    attachment = Attachment.objects.get()
    keys = [item["Key"] for item in s3.list_objects_v2(Bucket=BUCKET)["Contents"]]
    assert keys == [f"uploads/{attachment.file.name}"] and "调研报告" not in keys[0]
    assert s3.get_object(Bucket=BUCKET, Key=keys[0])["Body"].read() == b"%PDF-1.4 in the bucket"
    response = owner.get(reverse("portal:attachment-download", args=[attachment.pk]))
    assert b"".join(response.streaming_content) == b"%PDF-1.4 in the bucket"
    stranger = Client()
    stranger.force_login(other_correspondent.user)
    assert stranger.get(reverse("portal:attachment-download", args=[attachment.pk])).status_code == 404
    desk = Client()
    desk.force_login(editor)
    assert b"".join(desk.get(reverse("desk:attachment-download", args=[attachment.pk])).streaming_content) \
        == b"%PDF-1.4 in the bucket"


def test_a_checked_import_file_waits_in_the_bucket_until_confirmed(s3, client, editor):
    import io

    import openpyxl

    from contributions.models import Placement
    from contributions.placement_sheets import HEADERS
    from tests.factories import CorrespondentFactory, OutletFactory, UnitFactory

    unit = UnitFactory(name="枝江市人大常委会")
    CorrespondentFactory(name="王丽华", unit=unit)
    OutletFactory(name="《三峡日报》")
    book = openpyxl.Workbook()
    book.active.append(HEADERS)
    book.active.append(["稿一", "王丽华", "枝江市人大常委会", "消息", "《三峡日报》", "2025-03-05", "", "", "一般", ""])
    buffer = io.BytesIO()
    book.save(buffer)
    client.force_login(editor)
    token = client.post(reverse("desk:placement-import"),
                        {"file": SimpleUploadedFile("用稿.xlsx", buffer.getvalue())}).context["token"]
    assert any(item["Key"].startswith("uploads/imports/") for item in s3.list_objects_v2(Bucket=BUCKET)["Contents"])
    page_text(client.post(reverse("desk:placement-import"), {"token": token}))
    assert Placement.objects.count() == 1
