"""The admin's import and export pages, speaking like the placement import: Chinese errors naming
the sheet row, the column and the value; files read and written by sheets.formats."""

import io

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from import_export.admin import ImportExportModelAdmin
from import_export.forms import SelectableFieldsExportForm

from .reading import SheetError

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ChineseExportForm(SelectableFieldsExportForm):
    """Each column by the header it gets in the file ("名称"), not "Name (名称)"."""

    def _get_field_label(self, resource, field_name: str) -> str:
        field = resource.fields.get(field_name)
        return field.column_name if field else field_name


class SheetAdmin(ImportExportModelAdmin):
    import_template_name = "admin/sheets/import.html"
    export_form_class = ChineseExportForm

    def get_urls(self):
        from django.urls import path

        info = self.opts.app_label, self.opts.model_name
        return [path("import/template.xlsx", self.admin_site.admin_view(self.import_template_file),
                     name="%s_%s_import_template" % info), *super().get_urls()]

    def import_template_file(self, request):
        """The exact headers of the import and one example row (the resource's `example`)."""
        from django.core.exceptions import PermissionDenied

        from .writing import PrintedWorkbook, measured_widths

        if not self.has_import_permission(request):
            raise PermissionDenied
        resource = self.get_import_resource_classes(request)[0]()
        headers = [field.column_name for field in resource.get_import_fields()]
        example = [getattr(resource, "example", {}).get(header, "") for header in headers]
        book = PrintedWorkbook()
        sheet = book.add_sheet(f"{self.opts.verbose_name_plural}导入模板"[:31], headers,
                               measured_widths([example], len(headers)))
        sheet.append_values(example)
        buffer = io.BytesIO()
        book.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX)
        response["Content-Disposition"] = content_disposition_header(
            True, f"{self.opts.verbose_name_plural}导入模板.xlsx")
        return response

    def get_import_context_data(self, **kwargs):
        from django.urls import reverse

        info = self.opts.app_label, self.opts.model_name
        return {**super().get_import_context_data(**kwargs),
                "template_url": reverse("admin:%s_%s_import_template" % info)}

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
