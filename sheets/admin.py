"""The admin's import and export pages, speaking like the placement import: Chinese errors naming
the sheet row, the column and the value; files read and written by sheets.formats. And what every
admin page of ours shares: query strings it cannot use are refused with 400, never a traceback."""

import io

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import BadRequest, FieldDoesNotExist, ValidationError
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


class CheckedQueryAdmin(admin.ModelAdmin):
    """An add page fills its form from the query string (`?unit=3`); a value that is no id of the
    field's model (`?unit=abc`) made the autocomplete widget fail with a 500: it is dropped, and the
    field starts empty."""

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        for name, value in list(initial.items()):
            try:
                field = self.model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if field.many_to_one or field.one_to_one:
                try:
                    field.target_field.to_python(value)
                except ValidationError:
                    del initial[name]
        return initial


class SheetAdmin(CheckedQueryAdmin, ImportExportModelAdmin):
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

    def get_export_queryset(self, request):
        """The export page takes the changelist's filters from its query string; one it cannot
        apply is a bad request (400), as the changelist says so too."""
        try:
            return super().get_export_queryset(request)
        except IncorrectLookupParameters as error:
            raise BadRequest("导出的筛选条件有误，请回到列表页重新筛选后再导出。") from error

    def get_export_filename(self, request, queryset, file_format):
        return f"{self.model._meta.verbose_name_plural}-{timezone.localdate():%Y%m%d}.{file_format.get_extension()}"

    def _do_file_export(self, file_format, request, queryset, export_form=None):
        response = HttpResponse(self.get_export_data(file_format, request, queryset, export_form=export_form),
                                content_type=file_format.get_content_type())
        # Chinese file names need filename*= (RFC 6266); a hand-built header breaks in browsers.
        response["Content-Disposition"] = content_disposition_header(
            True, self.get_export_filename(request, queryset, file_format))
        return response


class RecordAdmin(admin.ModelAdmin):
    """A record the system writes and nobody edits (流转记录, 登录记录): listed and opened, never added,
    changed or deleted in the admin."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
