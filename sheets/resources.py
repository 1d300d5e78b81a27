"""The base of every import: all rows or none, and errors that name row, column and value in Chinese."""

from django.core.exceptions import NON_FIELD_ERRORS
from import_export import resources
from import_export.results import Result


class AllOrNothingResource(resources.ModelResource):
    def import_data(self, dataset, dry_run=False, raise_errors=False, use_transactions=None,
                    collect_failed_rows=False, rollback_on_validation_errors=False, **kwargs):
        # A bad row alone must not leave the good ones saved (the library keeps them by default).
        result = super().import_data(
            dataset,
            dry_run=dry_run,
            raise_errors=raise_errors,
            use_transactions=True,
            collect_failed_rows=collect_failed_rows,
            rollback_on_validation_errors=True,
            **kwargs,
        )
        # The admin's import page shows these (templates/admin/sheets/import.html).
        result.chinese_errors = describe_errors(self, result, dataset)
        return result

    def before_import(self, dataset, **kwargs):
        expected = [field.column_name for field in self.get_import_fields()]
        headers = [str(header or "").strip() for header in dataset.headers or []]
        missing = [name for name in expected if name not in headers]
        if missing:
            raise ValueError(
                f"表头缺少：{'、'.join(missing)}。第一行应为：{' | '.join(expected)}。"
            )
        dataset.headers = headers
        super().before_import(dataset, **kwargs)

    def get_instance(self, instance_loader, row):
        """An id column that cannot be read (an unknown unit) cannot match an existing row: the row is
        taken as new, so that import_instance reports that column with all of the row's other errors
        at once (the library stopped at the first)."""
        try:
            return super().get_instance(instance_loader, row)
        except ValueError:
            return None

    def column_of(self, attribute: str) -> str:
        for field in self.fields.values():
            if field.attribute == attribute or field.column_name == attribute:
                return field.column_name
        return ""


def describe_errors(resource: AllOrNothingResource, result: Result, dataset=None) -> list[str]:
    """Every problem of an import as a sentence: the sheet's row number, the column, the message
    and, where the message does not already quote it, the offending value."""
    headers = list(dataset.headers) if dataset is not None and dataset.headers else []
    messages = [f"文件有误：{_message(error.error)}" for error in result.base_errors]
    for number, errors in result.row_errors():
        for error in errors:
            messages.append(f"第 {number + 1} 行：{_message(error.error)}")
    for invalid in result.invalid_rows:
        row_label = f"第 {invalid.number + 1} 行"
        for attribute, field_messages in invalid.error_dict.items():
            column = "" if attribute == NON_FIELD_ERRORS else resource.column_of(attribute)
            where = f"{row_label}“{column}”列" if column else row_label
            value = ""
            if column in headers and headers.index(column) < len(invalid.values):
                value = str(invalid.values[headers.index(column)] or "").strip()
            for message in field_messages:
                quoted = f"（值：“{value}”）" if value and value not in message else ""
                messages.append(f"{where}：{message}{quoted}")
    return messages


def _message(error: BaseException) -> str:
    if hasattr(error, "messages"):
        return "；".join(error.messages)
    if isinstance(error, KeyError) and error.args:
        return str(error.args[0])
    return str(error)
