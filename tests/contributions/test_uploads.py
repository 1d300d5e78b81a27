import datetime
import io
import os
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.files.uploadedfile import SimpleUploadedFile

from contributions.models import Attachment, Placement, PlacementClaim
from contributions.services import attachment_add
from contributions.uploads import ATTACHMENT_MAX_BYTES, check_upload
from tests.factories import ContributionFactory, OutletFactory


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(("name", "content"), [
    ("稿件.docx", docx_bytes()),
    ("稿件.DOC", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100),
    ("稿件.wps", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100),
    ("稿件.pdf", b"%PDF-1.7\n"),
    ("照片.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 20),
    ("照片.jpeg", b"\xff\xd8\xff\xe1" + b"\x00" * 20),
    ("截图.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20),
])
def test_allowed_types_with_matching_content_pass(name, content):
    assert check_upload(SimpleUploadedFile(name, content)) == name


@pytest.mark.parametrize(("name", "content", "message"), [
    ("病毒.exe", b"MZ\x90\x00", "类型不允许"),
    ("稿件.pdf", b"MZ\x90\x00 renamed executable", "内容与扩展名不符"),
    ("稿件.docx", b"PK\x03\x04 not really a zip", "已损坏"),
    ("稿件.docx", b"", "空文件"),
])
def test_bad_uploads_are_refused_with_a_reason(name, content, message):
    with pytest.raises(ValidationError, match=message):
        check_upload(SimpleUploadedFile(name, content))


@pytest.mark.parametrize("name", ["../../etc/passwd.pdf", "C:\\Users\\稿件.pdf", "sub/稿件.pdf"])
def test_a_name_with_path_parts_is_refused(name):
    # Django's upload parser already cuts browser paths off; files from commands or imports are not cut.
    with pytest.raises(ValidationError, match="不含路径"):
        check_upload(File(io.BytesIO(b"%PDF-1.4"), name=name))


def test_a_zip_that_is_not_a_word_document_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.txt", "x")
    with pytest.raises(ValidationError, match="不是有效的"):
        check_upload(SimpleUploadedFile("稿件.docx", buffer.getvalue()))


def test_an_upload_over_twenty_megabytes_is_refused():
    upload = SimpleUploadedFile("大文件.pdf", b"%PDF-" + b"0" * 10)
    upload.size = ATTACHMENT_MAX_BYTES + 1
    with pytest.raises(ValidationError, match="超过了 20 MB"):
        check_upload(upload)


@pytest.mark.django_db
def test_an_attachment_is_stored_under_a_generated_name_keeping_the_original(editor):
    piece = ContributionFactory()
    attachment = attachment_add(contribution=piece, upload=SimpleUploadedFile("我的稿件.pdf", b"%PDF-1.4 x"), actor=editor)
    assert attachment.original_name == "我的稿件.pdf"
    assert "我的稿件" not in attachment.file.name
    assert attachment.file.name.endswith(".pdf")
    assert attachment.size == len(b"%PDF-1.4 x")


@pytest.mark.django_db
def test_a_refused_attachment_saves_nothing(editor):
    piece = ContributionFactory()
    with pytest.raises(ValidationError):
        attachment_add(contribution=piece, upload=SimpleUploadedFile("x.exe", b"MZ"), actor=editor)
    assert not Attachment.objects.exists()


# --- each upload policy is applied by its service, whichever door the file comes through -----------

HTML_PAGE = b"<html><script>alert(1)</script></html>"


@pytest.mark.django_db
def test_a_clipping_that_is_not_a_scan_is_refused_by_the_placement_service(editor):
    from contributions.services import placement_create, placement_update

    piece = ContributionFactory(state="accepted")
    with pytest.raises(ValidationError, match="类型不允许上传"):
        placement_create(contribution=piece, outlet=OutletFactory(), published_on=datetime.date(2025, 3, 5),
                         clipping=SimpleUploadedFile("版面.html", HTML_PAGE), actor=editor)
    assert not Placement.objects.exists()
    placement = placement_create(contribution=piece, outlet=OutletFactory(), published_on=datetime.date(2025, 3, 5),
                                 actor=editor)
    with pytest.raises(ValidationError, match="内容与扩展名不符"):
        placement_update(placement=placement, clipping=SimpleUploadedFile("版面.png", HTML_PAGE), actor=editor)
    assert not Placement.objects.get(pk=placement.pk).clipping


@pytest.mark.django_db
def test_claim_evidence_that_is_not_a_scan_is_refused_by_the_claim_service(correspondent):
    from contributions.services import claim_create

    piece = ContributionFactory(state="accepted", authors=[correspondent])
    with pytest.raises(ValidationError, match="类型不允许上传"):
        claim_create(contribution=piece, claimed_by=correspondent, actor=correspondent.user, outlet=OutletFactory(),
                     published_on=datetime.date(2025, 3, 5), evidence=SimpleUploadedFile("证明.html", HTML_PAGE))
    assert not PlacementClaim.objects.exists()


@pytest.mark.django_db
def test_the_admin_refuses_html_claim_evidence(admin_client_persona, correspondent):
    from django.urls import reverse

    piece = ContributionFactory(state="accepted", authors=[correspondent])
    response = admin_client_persona.post(reverse("admin:contributions_placementclaim_add"), {
        "contribution": piece.pk, "claimed_by": correspondent.pk, "outlet": OutletFactory().pk,
        "published_on": "2025-03-05", "page": "", "prominence": "regular", "url": "", "note": "",
        "evidence": SimpleUploadedFile("证明.html", HTML_PAGE)}, follow=True)
    assert "类型不允许上传" in response.content.decode()
    assert not PlacementClaim.objects.exists()


@pytest.mark.django_db
def test_the_desk_refuses_a_clipping_that_is_not_a_scan(client, editor):
    from django.urls import reverse

    piece = ContributionFactory(state="accepted")
    client.force_login(editor)
    response = client.post(f"{reverse('desk:placement-log')}?contribution={piece.pk}", {
        "contribution": piece.pk, "outlet": OutletFactory().pk, "published_on": "2025-03-05",
        "prominence": "regular", "clipping": SimpleUploadedFile("版面.html", HTML_PAGE)})
    assert response.status_code == 200 and "类型不允许上传" in response.content.decode()
    assert not Placement.objects.exists()


@pytest.mark.django_db
def test_an_attachment_added_in_the_admin_is_checked_and_a_deleted_one_leaves_the_disk(
    admin_client_persona, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    piece = ContributionFactory()
    response = admin_client_persona.post(reverse("admin:contributions_attachment_add"), {
        "contribution": piece.pk, "file": SimpleUploadedFile("稿件.pdf", HTML_PAGE)}, follow=True)
    assert "内容与扩展名不符" in response.content.decode() and not Attachment.objects.exists()
    admin_client_persona.post(reverse("admin:contributions_attachment_add"), {
        "contribution": piece.pk, "file": SimpleUploadedFile("稿件.pdf", b"%PDF-1.4 x")})
    attachment = Attachment.objects.get()
    stored = attachment.file.path
    assert attachment.original_name == "稿件.pdf" and os.path.exists(stored)
    with django_capture_on_commit_callbacks(execute=True):  # the file goes once the deletion is committed
        admin_client_persona.post(reverse("admin:contributions_attachment_delete", args=[attachment.pk]),
                                  {"post": "yes"})
    assert not Attachment.objects.exists() and not os.path.exists(stored)
