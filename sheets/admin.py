"""The admin's import and export pages, speaking like the placement import: Chinese errors naming
the sheet row, the column and the value; files read and written by sheets.formats."""

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from import_export.admin import ImportExportModelAdmin

from .reading import SheetError


class SheetAdmin(ImportExportModelAdmin):
    import_template_name = "admin/sheets/import.html"

    def add_data_read_fail_error_to_form(self, form, error):
        if isinstance(error, SheetError):
            form.add_error("import_file", str(error))
        else:
            form.add_error("import_file", "无法读取这个文件。请确认选择了正确的格式（.xlsx 或 .csv），"
                                          "或用 Excel/WPS 打开后另存为 .xlsx 再试。")

    def get_export_data(self, file_format, request, queryset, **kwargs):
        # Numbers and dates stay numbers and dates in a workbook (the library decides by exact type).
        if not self.has_export_permission(request):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        data = self.get_data_for_export(request, queryset, force_native_type=file_format.get_extension() == "xlsx",
                                        **kwargs)
        data.title = str(self.model._meta.verbose_name_plural)
        return file_format.export_data(data)

    def get_export_filename(self, request, queryset, file_format):
        return f"{self.model._meta.verbose_name_plural}-{timezone.localdate():%Y%m%d}.{file_format.get_extension()}"

    def _do_file_export(self, file_format, request, queryset, export_form=None):
        response = HttpResponse(self.get_export_data(file_format, request, queryset, export_form=export_form),
                                content_type=file_format.get_content_type())
        # Chinese file names need filename*= (RFC 6266); a hand-built header breaks in browsers.
        response["Content-Disposition"] = content_disposition_header(
            True, self.get_export_filename(request, queryset, file_format))
        return response
