"""Every binding id, found rather than listed: `[keymap]` in config.toml may name any id
that a screen, dialog or widget of `workbench.tui` declares."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from textual.binding import Binding
from textual.dom import DOMNode

import workbench.tui as package
from workbench.i18n import N_, _


def _subclasses(cls: type[DOMNode]) -> Iterator[type[DOMNode]]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def binding_owners(skip: Iterable[str] = ("workbench.tui.app",)) -> list[type[DOMNode]]:
    """Every class of the TUI (screens, dialogs, widgets) that declares BINDINGS.

    Imports every module of the package first, so a new screen is found without being
    registered anywhere; `skip` names modules the caller has already imported itself.
    """
    skipped = set(skip)
    for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        if module.name not in skipped:
            importlib.import_module(module.name)
    owners = {cls for cls in _subclasses(DOMNode)
              if cls.__module__.startswith(package.__name__ + ".") and "BINDINGS" in vars(cls)}
    return sorted(owners, key=lambda cls: f"{cls.__module__}.{cls.__qualname__}")


def binding_ids(owners: Iterable[type[DOMNode]]) -> set[str]:
    """The ids of the bindings the `owners` declare."""
    return {b.id for owner in owners for b in owner.BINDINGS if isinstance(b, Binding) and b.id}


# What each binding means to a caseworker: the help screen's groups and words and the
# footer's short labels come from here, by binding id (the Chinese is in this one place;
# msgids, shown in the current language by KeyHelp.shown_*).
MOVE = N_("移动")
FIND = N_("查找与视图")
WORK = N_("办案")
EXPORT = N_("导出")
CONFIRM = N_("保存与返回")
OTHER = N_("其他")
GROUPS = (MOVE, FIND, WORK, EXPORT, CONFIRM, OTHER)


@dataclass(frozen=True, slots=True)
class KeyHelp:
    """A binding's group and description in the help; `short` and `rank` put it in the
    footer (lower rank first; no `short`, not in the footer)."""

    group: str
    label: str
    short: str = ""
    rank: int = 99
    number: int = 0  # fills {n} of the label (the view keys)

    # the fields are msgids (N_): these are the words shown, in the current language
    @property
    def shown_group(self) -> str:
        return _(self.group)

    @property
    def shown_label(self) -> str:
        return _(self.label).format(n=self.number) if self.number else _(self.label)

    @property
    def shown_short(self) -> str:
        return _(self.short)


def _help(group: str, label: str, short: str = "", rank: int = 99, number: int = 0) -> KeyHelp:
    return KeyHelp(group, label, short, rank, number)


KEY_HELP: dict[str, KeyHelp] = {
    # the app, on every screen
    "app.help": _help(OTHER, N_("按键帮助（当前可用的按键）"), N_("帮助"), 100),
    "app.quit": _help(OTHER, N_("退出工作台"), N_("退出"), 90),
    "app.palette": _help(OTHER, N_("命令面板：所有操作、视图和排序")),
    "app.theme": _help(OTHER, N_("选择配色主题（记入配置文件）")),
    "app.approvals": _help(WORK, N_("审批：我的申请（执行已批准的）与待审批的请求"), N_("审批"),
                           20),
    # the queue
    "queue.down": _help(MOVE, N_("下一件")),
    "queue.up": _help(MOVE, N_("上一件")),
    "queue.top": _help(MOVE, N_("第一件")),
    "queue.bottom": _help(MOVE, N_("最后一件")),
    "queue.page_down": _help(MOVE, N_("下翻半页")),
    "queue.page_up": _help(MOVE, N_("上翻半页")),
    "queue.open": _help(WORK, N_("打开案件"), N_("打开"), 1),
    "queue.filter": _help(FIND, N_("筛选（文字或条件）"), N_("筛选"), 2),
    "queue.jump": _help(FIND, N_("按编号转到案件")),
    "queue.sort": _help(FIND, N_("按下一列排序")),
    "queue.reverse": _help(FIND, N_("倒转排序")),
    "queue.prev_view": _help(FIND, N_("上一个视图")),
    "queue.next_view": _help(FIND, N_("下一个视图")),
    **{f"queue.view_{n}": _help(FIND, N_("视图 {n}"), number=n) for n in range(1, 10)},
    "queue.refresh": _help(FIND, N_("立即刷新")),
    "queue.detail": _help(FIND, N_("查看当前行的完整内容（不截断）")),
    "queue.mark": _help(WORK, N_("标记 / 取消标记并下移"), N_("标记"), 3),
    "queue.range": _help(WORK, N_("范围标记：按 V，移动，再按 V")),
    "queue.mark_all": _help(WORK, N_("标记筛选结果中的全部案件")),
    "queue.clear_marks": _help(WORK, N_("清除标记")),
    "queue.assign": _help(WORK, N_("分配标记的案件（或当前案件）"), N_("分配"), 4),
    "queue.priority": _help(WORK, N_("设置优先级")),
    "queue.escalate": _help(WORK, N_("升级：选择阶段"), N_("升级"), 5),
    "queue.undo": _help(WORK, N_("撤销当前案件最近一次阶段变更")),
    "queue.bodies": _help(WORK, N_("登记已受理该争议的机构")),
    "queue.new": _help(WORK, N_("新建案件（受理登记）"), N_("新建"), 6),
    "queue.export": _help(EXPORT, N_("导出文书（标记的案件或当前案件）")),
    "queue.providers": _help(FIND, N_("服务商登记（查找、详情、修改、合并）")),
    "queue.import": _help(WORK, N_("导入案件（电子表格、12315 导出文件）")),
    "queue.patterns": _help(FIND, N_("投诉规律预警（负责人、管理员）")),
    # the case
    "case.back": _help(CONFIRM, N_("返回队列"), N_("返回"), 1),
    "case.tab_overview": _help(MOVE, N_("概况")),
    "case.scroll_down": _help(MOVE, N_("向下滚动")),
    "case.scroll_up": _help(MOVE, N_("向上滚动")),
    "case.scroll_page_down": _help(MOVE, N_("下翻一页")),
    "case.scroll_page_up": _help(MOVE, N_("上翻一页")),
    "case.scroll_top": _help(MOVE, N_("到开头")),
    "case.scroll_bottom": _help(MOVE, N_("到结尾")),
    "case.entry_down": _help(MOVE, N_("下一条（证据、时间线、联系记录、文书）")),
    "case.entry_up": _help(MOVE, N_("上一条（证据、时间线、联系记录、文书）")),
    "case.entry_page_down": _help(MOVE, N_("下翻一页")),
    "case.entry_page_up": _help(MOVE, N_("上翻一页")),
    "case.entry_first": _help(MOVE, N_("第一条")),
    "case.entry_last": _help(MOVE, N_("最后一条")),
    "dialog.back": _help(CONFIRM, N_("返回（关闭对话框，同 Esc）")),
    "evidence.complete_path": _help(WORK, N_("补全文件路径")),
    "case.tab_evidence": _help(MOVE, N_("证据")),
    "case.tab_timeline": _help(MOVE, N_("时间线")),
    "case.tab_contacts": _help(MOVE, N_("联系记录")),
    "case.tab_filings": _help(MOVE, N_("文书")),
    "case.escalate": _help(WORK, N_("升级：选择阶段"), N_("升级"), 2),
    "case.contact": _help(WORK, N_("记录联系（渠道、工单号、下次跟进）"), N_("联系"), 3),
    "case.add_evidence": _help(WORK, N_("添加证据"), N_("证据"), 4),
    "case.note": _help(WORK, N_("批注（证据页上批注当前证据）"), N_("批注"), 5),
    "case.edit": _help(WORK, N_("修改字段（标题、优先级、事实与理由、终端号）"), N_("修改"), 6),
    "case.decide": _help(WORK, N_("受理决定（受理 / 补正 / 不予受理）"), N_("受理"), 2),
    "case.undo": _help(WORK, N_("撤销最近一次阶段变更"), N_("撤销"), 3),
    "case.reveal": _help(WORK, N_("查看一项个人信息（须填理由，记入审计）")),
    "case.bodies": _help(WORK, N_("登记已受理该争议的机构"), N_("机构"), 9),
    "case.end_mediation": _help(WORK, N_("结束调解（达成协议或终止）")),
    "case.merge": _help(WORK, N_("疑似重复案件：选择一件并入本案（先显示将移入的内容）")),
    "case.export": _help(EXPORT, N_("导出文书"), N_("导出"), 7),
    "case.jump": _help(FIND, N_("按编号转到另一件案件（返回时回到队列）")),
    "case.detail": _help(FIND, N_("查看列表页的完整内容（证据页：当前证据）"), N_("详情"), 8),
    # forms and dialogs
    "intake.save": _help(CONFIRM, N_("登记案件"), N_("登记"), 1),
    "intake.cancel": _help(CONFIRM, N_("关闭表单（有内容时先询问）"), N_("关闭"), 4),
    "intake.close": _help(CONFIRM, N_("关闭表单（同 Esc）")),
    "intake.next_section": _help(MOVE, N_("下一节"), N_("下一节"), 2),
    "intake.prev_section": _help(MOVE, N_("上一节"), N_("上一节"), 3),
    "intake.provider_next": _help(MOVE, N_("下一个相近的服务商")),
    "intake.provider_prev": _help(MOVE, N_("上一个相近的服务商")),
    "evidence.save": _help(CONFIRM, N_("保存证据"), N_("保存"), 1),
    "evidence.cancel": _help(CONFIRM, N_("取消"), N_("取消"), 2),
    "note.save": _help(CONFIRM, N_("保存批注"), N_("保存"), 1),
    "note.cancel": _help(CONFIRM, N_("取消"), N_("取消"), 2),
    "contact.save": _help(CONFIRM, N_("保存联系记录"), N_("保存"), 1),
    "contact.cancel": _help(CONFIRM, N_("取消"), N_("取消"), 2),
    "text.save": _help(CONFIRM, N_("保存"), N_("保存"), 1),
    "text.cancel": _help(CONFIRM, N_("取消"), N_("取消"), 2),
    "dialog.yes": _help(CONFIRM, N_("是"), N_("是"), 1),
    "dialog.no": _help(CONFIRM, N_("否"), N_("否"), 2),
    "dialog.accept": _help(CONFIRM, N_("确定"), N_("确定"), 1),
    "dialog.choose": _help(CONFIRM, N_("选择当前项"), N_("选择"), 1),
    "ask.save": _help(CONFIRM, N_("确定（同 Enter）"), N_("确定"), 1),
    "dialog.cancel": _help(CONFIRM, N_("取消"), N_("取消"), 2),
    "conflict.theirs": _help(CONFIRM, N_("保留对方的修改"), N_("保留对方"), 1),
    "conflict.mine": _help(CONFIRM, N_("使用我的修改"), N_("用我的"), 2),
    "export.draft": _help(EXPORT, N_("切换草稿"), N_("草稿"), 1),
    "export.cancel": _help(CONFIRM, N_("取消"), N_("取消"), 2),
    "export.close": _help(CONFIRM, N_("关闭"), N_("关闭"), 1),
    "export.copy": _help(EXPORT, N_("复制导出文件夹的路径"), N_("复制路径"), 2),
    "preflight.go": _help(EXPORT, N_("导出"), N_("导出"), 1),
    "preflight.back": _help(CONFIRM, N_("返回"), N_("返回"), 2),
    "detail.close": _help(CONFIRM, N_("关闭详情"), N_("关闭"), 1),
    "detail.down": _help(MOVE, N_("向下滚动")),
    "detail.up": _help(MOVE, N_("向上滚动")),
    "help.close": _help(CONFIRM, N_("关闭帮助"), N_("关闭"), 1),
    "help.find": _help(FIND, N_("查找按键或操作"), N_("查找"), 2),
    "help.down": _help(MOVE, N_("向下滚动")),
    "help.up": _help(MOVE, N_("向上滚动")),
    "help.page_down": _help(MOVE, N_("下翻一页")),
    "help.page_up": _help(MOVE, N_("上翻一页")),
    # supervisors' and admins' screens
    "approvals.carry_out": _help(WORK, N_("执行我的已批准申请（升级到批准的阶段）"), N_("执行"), 0),
    "approvals.approve": _help(WORK, N_("批准"), N_("批准"), 1),
    "approvals.deny": _help(WORK, N_("驳回"), N_("驳回"), 2),
    "approvals.refresh": _help(FIND, N_("刷新"), N_("刷新"), 3),
    "approvals.back": _help(CONFIRM, N_("返回"), N_("返回"), 4),
    "access.refresh": _help(FIND, N_("刷新"), N_("刷新"), 1),
    "access.back": _help(CONFIRM, N_("返回"), N_("返回"), 2),
    "people.add": _help(WORK, N_("登记经办人"), N_("登记"), 1),
    "people.role": _help(WORK, N_("修改角色"), N_("角色"), 2),
    "people.deactivate": _help(WORK, N_("停用"), N_("停用"), 3),
    "people.back": _help(CONFIRM, N_("返回"), N_("返回"), 4),
    # the import
    "import.dry_run": _help(WORK, N_("试运行（不写入）"), N_("试运行"), 1),
    "import.confirm": _help(WORK, N_("确认导入（试运行之后）"), N_("导入"), 2),
    "import.detail": _help(FIND, N_("查看当前行的完整结果"), N_("详情"), 3),
    "import.back": _help(CONFIRM, N_("中止运行中的导入，或返回队列"), N_("中止/返回"), 4),
    # the provider registry
    "patterns.queue": _help(FIND, N_("在队列中列出该预警的案件"), N_("列出"), 1),
    "patterns.group": _help(WORK, N_("把该预警的案件组成共同投诉"), N_("共同投诉"), 2),
    "patterns.refresh": _help(FIND, N_("重新计算"), N_("刷新"), 3),
    "patterns.back": _help(CONFIRM, N_("返回"), N_("返回"), 4),
    "providers.open": _help(WORK, N_("查看服务商详情和案件"), N_("详情"), 1),
    "providers.search": _help(FIND, N_("查找服务商（名称、简称、别名）"), N_("查找"), 2),
    "providers.edit": _help(WORK, N_("修改服务商资料（负责人、管理员）"), N_("修改"), 3),
    "providers.merge": _help(WORK, N_("合并到另一个服务商（负责人、管理员）"), N_("合并"), 4),
    "providers.back": _help(CONFIRM, N_("返回（先清除查找）"), N_("返回"), 5),
    "provider.queue": _help(FIND, N_("在队列中列出该服务商的案件"), N_("列出案件"), 1),
    "provider.edit": _help(WORK, N_("修改服务商资料（负责人、管理员）"), N_("修改"), 2),
    "provider.merge": _help(WORK, N_("合并到另一个服务商（负责人、管理员）"), N_("合并"), 3),
    "provider.back": _help(CONFIRM, N_("返回"), N_("返回"), 4),
}

# key names a caseworker reads in the footer and help (the rest are shown as Textual does)
KEY_NAMES = {"space": N_("空格"), "escape": "Esc", "enter": "⏎", "tab": "Tab",
             "pagedown": "PgDn", "pageup": "PgUp", "home": "Home", "end": "End"}


def key_name(key: str, display: str) -> str:
    """How `key` is shown (`display` is Textual's own rendering of it): as the dialogs'
    key hints write it, `ctrl+s`, `F2`."""
    name = KEY_NAMES.get(key)
    if name:
        return _(name)
    if key.startswith("ctrl+"):
        return key
    if len(key) > 1 and key[0] == "f" and key[1:].isdigit():
        return key.upper()
    return display


HINT_KEYS = {"esc": "escape", "⏎": "enter"}


def hint_labels(hint: str) -> dict[str, str]:
    """The words a dialog's key hint line gives each key (`y 放弃 · n 继续填写`:
    y → 放弃, n → 继续填写), for the footer to say the same."""
    labels: dict[str, str] = {}
    for item in hint.split(" · "):
        if len(item.split()) < 2:
            continue
        *keys, label = item.split()
        for token in keys:
            if token == "/":
                continue
            key = "space" if token == _("空格") else token.lower()
            labels.setdefault(HINT_KEYS.get(key, key), label)
    return labels
