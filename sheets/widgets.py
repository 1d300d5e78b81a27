"""django-import-export widgets that read what Chinese office staff type and answer in Chinese.

Every widget knows the column it serves, so an error names the column and the offending value.
"""

from django.db import models
from import_export import widgets

EMPTY = (None, "")


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


class ChoiceLabelWidget(widgets.Widget):
    """A choice given by its Chinese label (国家级) or its stored value (national)."""

    def __init__(self, choices: type[models.TextChoices], column: str, required: bool = True, default: str = ""):
        super().__init__()
        self.choices = choices
        self.column = column
        self.required = required
        self.default = default
        self.by_text = {label: value for value, label in choices.choices} | {value: value for value in choices.values}

    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        if not text:
            if self.required and not self.default:
                raise ValueError(f"“{self.column}”不能为空。")
            return self.default
        if text not in self.by_text:
            labels = "、".join(self.choices.labels)
            raise ValueError(f"“{self.column}”的值“{text}”无法识别，应为：{labels}。")
        return self.by_text[text]

    def render(self, value, obj=None, **kwargs):
        return self.choices(value).label if value in self.choices.values else (value or "")


class YesNoWidget(widgets.Widget):
    YES = {"是", "y", "yes", "true", "1", "√", "✓"}
    NO = {"否", "n", "no", "false", "0", ""}

    def __init__(self, column: str):
        super().__init__()
        self.column = column

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        text = _text(value).lower()
        if text in self.YES:
            return True
        if text in self.NO:
            return False
        raise ValueError(f"“{self.column}”的值“{text}”应为“是”或“否”。")

    def render(self, value, obj=None, **kwargs):
        return "是" if value else "否"


class CountWidget(widgets.Widget):
    """A whole number of at least zero; empty means zero."""

    def __init__(self, column: str):
        super().__init__()
        self.column = column

    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        if not text:
            return 0
        try:
            number = int(text)
        except ValueError:
            raise ValueError(f"“{self.column}”的值“{text}”应为不小于 0 的整数。") from None
        if number < 0:
            raise ValueError(f"“{self.column}”的值“{text}”应为不小于 0 的整数。")
        return number

    def render(self, value, obj=None, **kwargs):
        return value


class TextWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return _text(value)

    def render(self, value, obj=None, **kwargs):
        return value or ""


class NameForeignKeyWidget(widgets.ForeignKeyWidget):
    """A foreign key given by name. The names are read once per import, not once per row."""

    def __init__(self, model: type[models.Model], column: str, required: bool = True, field: str = "name"):
        super().__init__(model, field=field)
        self.column = column
        self.required = required
        self._by_name: dict[str, models.Model] | None = None

    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        if not text:
            if self.required:
                raise ValueError(f"“{self.column}”不能为空。")
            return None
        if self._by_name is None:
            self._by_name = {getattr(obj, self.field): obj for obj in self.model.objects.all()}
        try:
            return self._by_name[text]
        except KeyError:
            raise ValueError(f"“{self.column}”中的“{text}”在系统中不存在，请先添加或检查名称。") from None

    def remember(self, obj: models.Model) -> None:
        """A row created earlier in the same file may be named by a later row."""
        if self._by_name is not None:
            self._by_name[getattr(obj, self.field)] = obj

    def render(self, value, obj=None, **kwargs):
        return getattr(value, self.field, "") if value is not None else ""
