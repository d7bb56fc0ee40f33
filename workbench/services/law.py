"""The law register and the deadline rules, as people read them (`workbench law`,
`workbench rules show`, `doctor`): frozen, labelled lines, nothing to interpret."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from workbench.domain.deadlines import RuleBook, RuleFileError, load_rules
from workbench.domain.law import Entry, LawRegister, RegisterError, load_register
from workbench.domain.law.grounds import load_grounds
from workbench.errors import ConfigError, NotFound
from workbench.i18n import _


@dataclass(frozen=True, slots=True)
class LawLine:
    id: str
    citation: str
    short_citation: str
    period: str
    verified: bool
    in_force: bool
    text: str
    source: str
    note: str
    caution: str = ""  # why an unverified wording is not to be relied on (Chinese)


@dataclass(frozen=True, slots=True)
class Citation:
    """One cited register entry for a screen or a notice: id, formal and short citation,
    the wording."""

    id: str
    citation: str
    short: str
    text: str
    verified: bool


def cite(entry: Entry) -> Citation:
    return Citation(entry.id, entry.citation, entry.short_citation, entry.text.strip(),
                    entry.verified)


@dataclass(frozen=True, slots=True)
class RuleLine:
    stage: str  # label
    selector: str  # the body or mediator label, "" for the general rule
    label: str
    figure: str
    basis: tuple[str, ...]  # short citations
    verified: bool
    period: str
    note: str


@dataclass(frozen=True, slots=True)
class CitedProblem:
    id: str
    citation: str
    problem: str  # 未核实 / 今日不在有效期内
    cited_by: tuple[str, ...]


DEMO_LAW_FILE = "demo-law.toml"


def demo_law_path() -> Path:
    """The demo association's own rules (its 章程: what it accepts merchants' disputes on),
    added to the register of a demo database as an admin adds theirs."""
    from workbench.config import styles_dir

    return styles_dir() / DEMO_LAW_FILE


def load_law(register_file: Path | None, rules_file: Path | None) -> tuple[LawRegister, RuleBook]:
    """The register and the rule book, with the admin's files; errors as ConfigError."""
    try:
        register = load_register(register_file)
        return register, load_rules(rules_file, register)
    except (RegisterError, RuleFileError) as exc:
        raise ConfigError(str(exc),
                          _("改正该文件后重试（法规库见 `workbench law list`）。")) from exc


def _line(entry: Entry, on: date) -> LawLine:
    return LawLine(entry.id, entry.citation, entry.short_citation, entry.period, entry.verified,
                   entry.in_force(on), entry.text, entry.source, entry.note, entry.caution)


def law_lines(register: LawRegister, on: date, *, everything: bool = False) -> list[LawLine]:
    """The register as in force on ``on`` (with ``everything``: every version)."""
    entries = list(register) if everything else register.in_force_on(on)
    return [_line(e, on) for e in entries]


def law_entry(register: LawRegister, entry_id: str, on: date) -> list[LawLine]:
    """Every version of one entry."""
    if entry_id not in register:
        raise NotFound(_("法规库中没有条目 {entry_id!r}。").format(
                           entry_id=entry_id), _("用 `workbench law list` 查看条目 id。"))
    return [_line(e, on) for e in register.versions[entry_id]]


def rule_lines(rules: RuleBook, register: LawRegister, on: date) -> list[RuleLine]:
    """The deadline table in force on ``on``, for `workbench rules show`."""
    lines = []
    for rule in rules.in_force(on):
        start = rule.effective_from.isoformat() if rule.effective_from else ""
        # effective_to is exclusive: show the last day the rule applies
        end = (rule.effective_to - timedelta(days=1)).isoformat() if rule.effective_to else ""
        period = _("{start} 至 {end}").format(
                     start=start or '…', end=end or _('今')) if start or end else _("长期")
        lines.append(RuleLine(rule.stage.label, rule.selector, rule.label, rule.figure,
                              tuple(register.get(i, on).short_citation for i in rule.basis)
                              or (_("工作惯例"),), rule.verified, period, rule.note))
    return lines


def cited_problems(register: LawRegister, rules: RuleBook, today: date) -> list[CitedProblem]:
    """Every entry a rule or ground cites that is unverified or not in force today."""
    cited: dict[str, list[str]] = {}
    for rule in rules.in_force(today):
        for entry_id in rule.basis:
            cited.setdefault(entry_id, []).append(_("期限：{label}{selector}").format(
                                                      label=rule.stage.label,
                                                      selector=rule.selector))
    for entry_id in rules.limitation_basis:
        cited.setdefault(entry_id, []).append(_("诉讼时效"))
    grounds = load_grounds(register)
    for table in (grounds.refusal, grounds.termination):
        for ground in table.values():
            for entry in ground.citations(register, today):
                cited.setdefault(entry.id, []).append(_("理由：{label}").format(label=ground.label))
    problems = []
    for entry_id, users in cited.items():
        entry = register.get(entry_id, today)
        if not entry.in_force(today):
            problems.append(CitedProblem(entry_id, entry.citation, _("今日不在有效期内"),
                                         tuple(users)))
        elif not entry.verified:
            problems.append(CitedProblem(entry_id, entry.citation, _("条文未核实"), tuple(users)))
    return problems
