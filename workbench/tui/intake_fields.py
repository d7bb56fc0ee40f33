"""The intake form's parts: its sections and fields (declared once, in screen order), a
labelled row for each field, and a select that passes typing on."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from rich.cells import cell_len
from textual import events
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Label, Select

from workbench.i18n import N_, NP_, pgettext
from workbench.services.intake import IntakeForm


@dataclass(frozen=True)
class Field:
    name: str  # the IntakeForm attribute and the widget id
    label: str  # NP_("label", …): always shown beside the field, so a filled field keeps its name
    placeholder: str = ""  # NP_("label", …) too
    kind: str = "input"  # input | select | categories | text


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    fields: tuple[Field, ...]


SECTIONS: tuple[Section, ...] = (
    Section("complainant", N_("投诉人"), (
        Field("name", NP_("label", "姓名 *")),
        Field("kind", NP_("label", "类型"), kind="select"),
        Field("phone", NP_("label", "手机号")),
        Field("id_number", NP_("label", "身份证号")),
        Field("bank_card", NP_("label", "银行卡号")),
        Field("address", NP_("label", "地址")),
        Field("merchant_name", NP_("label", "商户名称"), NP_("label", "商户投诉必填")),
        Field("merchant_no", NP_("label", "商户编号")),
    )),
    Section("provider", N_("被投诉方"), (
        Field("provider", NP_("label", "服务商 *"),
              NP_("label", "名称或简称；↓↑ 选相近的，Enter 采用")),
        Field("provider_superior", NP_("label", "上级机构"), NP_("label", "新服务商时填写")),
        Field("provider_uscc", NP_("label", "信用代码"), NP_("label", "统一社会信用代码")),
        Field("terminal_sn", NP_("label", "终端序列号"), NP_("label", "机身或小票上的 SN")),
    )),
    Section("facts", N_("事实"), (
        Field("title", NP_("label", "案件标题 *")),
        Field("categories", NP_("label", "投诉类别 *"),
              NP_("label", "space 勾选，第一个为主要类别"), kind="categories"),
        Field("scope", NP_("label", "争议性质 *"), kind="select"),
        Field("scope_reason", NP_("label", "认定理由"), NP_("label", "经营活动必填")),
        Field("harm_known_on", NP_("label", "知道受损日"),
              NP_("label", "知道权益受损的日期，如 2026-10-01")),
        Field("priority", NP_("label", "优先级"), kind="select"),
        Field("narrative", NP_("label", "事实与理由"), kind="text"),
    )),
    Section("demands", N_("诉求"), (
        Field("demands", NP_("label", "投诉请求"),
              NP_("label", "每行一项，金额用 | 分隔（如：退还押金 | 299）"), kind="text"),
    )),
)

TEXT_FIELDS: tuple[str, ...] = tuple(
    f.name for s in SECTIONS for f in s.fields
    if f.kind == "input" and f.name != "scope_reason")
"""The one-line text fields that are IntakeForm strings as typed (scope_reason is read
with the scope)."""

KIND_CHOICES = [(N_("消费者"), "consumer"), (N_("商户"), "merchant")]


def has_typed_text(form: IntakeForm, default_reason: str) -> bool:
    """Whether closing the form would lose something the caseworker typed."""
    reason = form.scope_reason.strip()
    return (any(getattr(form, name).strip() for name in TEXT_FIELDS)
            or bool(form.narrative.strip() or form.categories
                    or any(t.strip() or a.strip() for t, a in form.demands))
            or bool(reason and reason != default_reason))


LABEL_WIDTH = 12  # `#intake .field-row .field-label` in app.tcss: the Chinese labels fit


def label_width() -> int:
    """The label column's width in the current language: wide enough for its longest
    label (English "Dispute scope *"), so no label is cut."""
    longest = max(cell_len(pgettext("label", f.label)) for s in SECTIONS for f in s.fields)
    return max(LABEL_WIDTH, longest + 1)


def row(field: Field, widget: Widget, *, tall: bool = False) -> Iterator[Widget]:
    """A field's row (its label left of it) and its error line (hidden until needed)."""
    with Horizontal(classes="field-row -tall" if tall else "field-row"):
        label = Label(pgettext("label", field.label), id=f"label-{field.name}",
                      classes="field-label")
        if (width := label_width()) > LABEL_WIDTH:
            label.styles.width = width
        yield label
        yield widget
    yield Label("", id=f"err-{field.name}", classes="dialog-error field-error")


class FormSelect(Select[str]):
    """A select among text fields. Typing while it is closed is not lost: the key moves
    on to the next field and is typed there (space and Enter still open the list)."""

    def _passes_on(self, character: str | None) -> bool:
        return (not self.expanded and character is not None and character.isprintable()
                and character != " ")

    def check_consume_key(self, key: str, character: str | None) -> bool:
        return self._passes_on(character) or super().check_consume_key(key, character)

    async def on_key(self, event: events.Key) -> None:
        if not self._passes_on(event.character):
            return
        event.stop()
        event.prevent_default()
        screen = self.screen
        if screen.focused is self:  # keys typed fast may arrive after focus moved on
            screen.focus_next()
        target = screen.focused
        if target is not None and target is not self:
            target.post_message(events.Key(event.key, event.character))
