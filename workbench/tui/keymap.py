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
# footer's short labels come from here, by binding id (the Chinese is in this one place).
MOVE = "移动"
FIND = "查找与视图"
WORK = "办案"
EXPORT = "导出"
CONFIRM = "保存与返回"
OTHER = "其他"
GROUPS = (MOVE, FIND, WORK, EXPORT, CONFIRM, OTHER)


@dataclass(frozen=True, slots=True)
class KeyHelp:
    """A binding's group and description in the help; `short` and `rank` put it in the
    footer (lower rank first; no `short`, not in the footer)."""

    group: str
    label: str
    short: str = ""
    rank: int = 99


def _help(group: str, label: str, short: str = "", rank: int = 99) -> KeyHelp:
    return KeyHelp(group, label, short, rank)


KEY_HELP: dict[str, KeyHelp] = {
    # the app, on every screen
    "app.help": _help(OTHER, "按键帮助（当前可用的按键）", "帮助", 100),
    "app.quit": _help(OTHER, "退出工作台", "退出", 90),
    "app.palette": _help(OTHER, "命令面板：所有操作、视图和排序"),
    "app.theme": _help(OTHER, "选择配色主题（记入配置文件）"),
    "app.approvals": _help(WORK, "待审批的请求（负责人批准或驳回）"),
    # the queue
    "queue.down": _help(MOVE, "下一件"),
    "queue.up": _help(MOVE, "上一件"),
    "queue.top": _help(MOVE, "第一件"),
    "queue.bottom": _help(MOVE, "最后一件"),
    "queue.page_down": _help(MOVE, "下翻半页"),
    "queue.page_up": _help(MOVE, "上翻半页"),
    "queue.open": _help(WORK, "打开案件", "打开", 1),
    "queue.filter": _help(FIND, "筛选（文字或条件）", "筛选", 2),
    "queue.jump": _help(FIND, "按编号转到案件"),
    "queue.sort": _help(FIND, "按下一列排序"),
    "queue.reverse": _help(FIND, "倒转排序"),
    "queue.prev_view": _help(FIND, "上一个视图"),
    "queue.next_view": _help(FIND, "下一个视图"),
    **{f"queue.view_{n}": _help(FIND, f"视图 {n}") for n in range(1, 10)},
    "queue.refresh": _help(FIND, "立即刷新"),
    "queue.detail": _help(FIND, "查看当前行的完整内容（不截断）"),
    "queue.mark": _help(WORK, "标记 / 取消标记并下移", "标记", 3),
    "queue.range": _help(WORK, "范围标记：按 V，移动，再按 V"),
    "queue.mark_all": _help(WORK, "标记筛选结果中的全部案件"),
    "queue.clear_marks": _help(WORK, "清除标记"),
    "queue.assign": _help(WORK, "分派标记的案件（或当前案件）", "分派", 4),
    "queue.priority": _help(WORK, "设置优先级"),
    "queue.escalate": _help(WORK, "升级：选择阶段", "升级", 5),
    "queue.undo": _help(WORK, "撤销当前案件最近一次阶段变更"),
    "queue.bodies": _help(WORK, "登记已受理该争议的机构"),
    "queue.new": _help(WORK, "新建案件（受理登记）", "新建", 6),
    "queue.export": _help(EXPORT, "导出文书（标记的案件或当前案件）"),
    # the case
    "case.back": _help(CONFIRM, "返回队列", "返回", 1),
    "case.tab_overview": _help(MOVE, "概况"),
    "case.tab_evidence": _help(MOVE, "证据"),
    "case.tab_timeline": _help(MOVE, "时间线"),
    "case.tab_contacts": _help(MOVE, "联系记录"),
    "case.tab_filings": _help(MOVE, "文书"),
    "case.escalate": _help(WORK, "升级：选择阶段", "升级", 2),
    "case.contact": _help(WORK, "记录联系（渠道、工单号、下次跟进）", "联系", 3),
    "case.add_evidence": _help(WORK, "添加证据", "证据", 4),
    "case.note": _help(WORK, "批注（证据页上批注当前证据）", "批注", 5),
    "case.edit": _help(WORK, "修改字段（标题、优先级、事实与理由、终端号）", "修改", 6),
    "case.decide": _help(WORK, "受理决定（受理 / 补正 / 不予受理）"),
    "case.undo": _help(WORK, "撤销最近一次阶段变更"),
    "case.reveal": _help(WORK, "查看一项个人信息（须填理由，记入审计）"),
    "case.bodies": _help(WORK, "登记已受理该争议的机构"),
    "case.end_mediation": _help(WORK, "结束调解（达成协议或终止）"),
    "case.export": _help(EXPORT, "导出文书", "导出", 7),
    "case.detail": _help(FIND, "查看列表页的完整内容（证据页：当前证据）"),
    # forms and dialogs
    "intake.save": _help(CONFIRM, "登记案件", "登记", 1),
    "intake.cancel": _help(CONFIRM, "关闭表单（有内容时先询问）", "关闭", 4),
    "intake.close": _help(CONFIRM, "关闭表单（同 Esc）"),
    "intake.next_section": _help(MOVE, "下一节", "下一节", 2),
    "intake.prev_section": _help(MOVE, "上一节", "上一节", 3),
    "intake.provider_next": _help(MOVE, "下一个相近的服务商"),
    "intake.provider_prev": _help(MOVE, "上一个相近的服务商"),
    "evidence.save": _help(CONFIRM, "保存证据", "保存", 1),
    "evidence.cancel": _help(CONFIRM, "取消", "取消", 2),
    "note.save": _help(CONFIRM, "保存批注", "保存", 1),
    "note.cancel": _help(CONFIRM, "取消", "取消", 2),
    "contact.save": _help(CONFIRM, "保存联系记录", "保存", 1),
    "contact.cancel": _help(CONFIRM, "取消", "取消", 2),
    "text.save": _help(CONFIRM, "保存", "保存", 1),
    "text.cancel": _help(CONFIRM, "取消", "取消", 2),
    "dialog.yes": _help(CONFIRM, "是", "是", 1),
    "dialog.no": _help(CONFIRM, "否", "否", 2),
    "dialog.accept": _help(CONFIRM, "确定", "确定", 1),
    "dialog.cancel": _help(CONFIRM, "取消", "取消", 2),
    "conflict.theirs": _help(CONFIRM, "保留对方的修改", "保留对方", 1),
    "conflict.mine": _help(CONFIRM, "使用我的修改", "用我的", 2),
    "export.draft": _help(EXPORT, "切换草稿", "草稿", 1),
    "export.cancel": _help(CONFIRM, "取消", "取消", 2),
    "export.close": _help(CONFIRM, "关闭", "关闭", 1),
    "export.copy": _help(EXPORT, "复制导出文件夹的路径", "复制路径", 2),
    "preflight.go": _help(EXPORT, "导出", "导出", 1),
    "preflight.back": _help(CONFIRM, "返回", "返回", 2),
    "detail.close": _help(CONFIRM, "关闭详情", "关闭", 1),
    "detail.down": _help(MOVE, "向下滚动"),
    "detail.up": _help(MOVE, "向上滚动"),
    "help.close": _help(CONFIRM, "关闭帮助", "关闭", 1),
    "help.find": _help(FIND, "查找按键或操作", "查找", 2),
    "help.down": _help(MOVE, "向下滚动"),
    "help.up": _help(MOVE, "向上滚动"),
    "help.page_down": _help(MOVE, "下翻一页"),
    "help.page_up": _help(MOVE, "上翻一页"),
    # supervisors' and admins' screens
    "approvals.approve": _help(WORK, "批准", "批准", 1),
    "approvals.deny": _help(WORK, "驳回", "驳回", 2),
    "approvals.refresh": _help(FIND, "刷新", "刷新", 3),
    "approvals.back": _help(CONFIRM, "返回", "返回", 4),
    "access.refresh": _help(FIND, "刷新", "刷新", 1),
    "access.back": _help(CONFIRM, "返回", "返回", 2),
    "people.add": _help(WORK, "登记经办人", "登记", 1),
    "people.role": _help(WORK, "修改角色", "角色", 2),
    "people.deactivate": _help(WORK, "停用", "停用", 3),
    "people.back": _help(CONFIRM, "返回", "返回", 4),
}

# key names a caseworker reads in the footer and help (the rest are shown as Textual does)
KEY_NAMES = {"space": "空格", "escape": "Esc", "enter": "⏎", "tab": "Tab",
             "pagedown": "PgDn", "pageup": "PgUp", "home": "Home", "end": "End"}


def key_name(key: str, display: str) -> str:
    """How `key` is shown (`display` is Textual's own rendering of it)."""
    return KEY_NAMES.get(key, display)
