"""Checks for uploaded files: the name, the size and the content, not just the extension."""

import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, Http404

MEGABYTE = 1024 * 1024
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class FileKind:
    label: str
    magic: tuple[bytes, ...]
    zip_member: str = ""  # an OOXML file must contain this member


DOCX = FileKind("Word 文档", (b"PK\x03\x04",), zip_member="word/document.xml")
OLE2 = FileKind("Word/WPS 文档", (OLE2_MAGIC,))
WPS = FileKind("WPS 文档", (OLE2_MAGIC, b"PK\x03\x04"))
PDF = FileKind("PDF", (b"%PDF-",))
JPEG = FileKind("JPEG 图片", (b"\xff\xd8\xff",))
PNG = FileKind("PNG 图片", (b"\x89PNG\r\n\x1a\n",))

ATTACHMENT_KINDS = {
    ".docx": DOCX,
    ".doc": OLE2,
    ".wps": WPS,
    ".pdf": PDF,
    ".jpg": JPEG,
    ".jpeg": JPEG,
    ".png": PNG,
}
ATTACHMENT_MAX_BYTES = 20 * MEGABYTE
# Clippings and claim evidence are scans or screenshots.
SCAN_KINDS = {".pdf": PDF, ".jpg": JPEG, ".jpeg": JPEG, ".png": PNG}


@dataclass(frozen=True)
class UploadPolicy:
    """What one kind of uploaded file may be. The services apply it, so every door is covered."""

    name: str
    kinds: dict[str, FileKind]
    max_bytes: int

    def check(self, upload: UploadedFile) -> str:
        """Return the file's clean original name, or raise a ValidationError saying what is wrong."""
        return check_upload(upload, kinds=self.kinds, max_bytes=self.max_bytes)


ATTACHMENT = UploadPolicy("附件", ATTACHMENT_KINDS, ATTACHMENT_MAX_BYTES)
CLIPPING = UploadPolicy("剪报", SCAN_KINDS, 20 * MEGABYTE)
EVIDENCE = UploadPolicy("佐证材料", SCAN_KINDS, 20 * MEGABYTE)


def stored_file_response(stored, filename: str) -> FileResponse:
    """A stored upload as a download; a file gone from the storage is a 404, never a traceback."""
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        raise Http404("附件文件已不存在。") from None
    return FileResponse(handle, as_attachment=True, filename=filename)


def is_new_upload(value) -> bool:
    """A file just handed in (to be checked), not the name or field of one stored earlier."""
    from django.core.files.base import File
    from django.db.models.fields.files import FieldFile

    return isinstance(value, File) and not isinstance(value, FieldFile)


def check_upload(
    upload: UploadedFile,
    *,
    kinds: dict[str, FileKind] = ATTACHMENT_KINDS,
    max_bytes: int = ATTACHMENT_MAX_BYTES,
) -> str:
    """Return the file's clean original name, or raise a ValidationError saying what is wrong."""
    raw_name = upload.name or ""
    if not raw_name or "/" in raw_name or "\\" in raw_name or raw_name in {".", ".."} or "\x00" in raw_name:
        raise ValidationError(f"文件名“{raw_name}”不合规，请使用不含路径的普通文件名。")
    name = raw_name.strip()
    suffix = PurePath(name).suffix.lower()
    allowed = "、".join(sorted(kinds))
    if suffix not in kinds:
        raise ValidationError(f"文件“{name}”的类型不允许上传，只接受 {allowed} 文件。")
    if upload.size is None or upload.size == 0:
        raise ValidationError(f"文件“{name}”是空文件。")
    if upload.size > max_bytes:
        raise ValidationError(
            f"文件“{name}”大小为 {upload.size / MEGABYTE:.1f} MB，超过了 {max_bytes // MEGABYTE} MB 的上限。"
        )
    kind = kinds[suffix]
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(magic) for magic in kind.magic):
        raise ValidationError(f"文件“{name}”的内容与扩展名不符，不是有效的{kind.label}。")
    if kind.zip_member and head.startswith(b"PK"):
        try:
            with zipfile.ZipFile(upload) as archive:
                if kind.zip_member not in archive.namelist():
                    raise ValidationError(f"文件“{name}”不是有效的{kind.label}。")
        except zipfile.BadZipFile as error:
            raise ValidationError(f"文件“{name}”已损坏，无法识别为{kind.label}。") from error
        finally:
            upload.seek(0)
    return name
